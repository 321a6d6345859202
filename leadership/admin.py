from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from leadership.models import (
    Appointment,
    EthnicCategory,
    Organisation,
    Person,
    Qualification,
    Registration,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "ods_code", "kind", "trust_type", "parent", "closed_on"]
    list_filter = ["kind", "trust_type"]
    search_fields = ["name", "ods_code"]
    list_select_related = ["parent"]
    readonly_fields = ["path", "depth"]
    raw_id_fields = ["parent"]


@admin.register(EthnicCategory)
class EthnicCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "group", "name", "wres_group"]


class AppointmentInline(admin.TabularInline):
    model = Appointment
    extra = 0
    raw_id_fields = ["organisation", "role", "grade"]


class QualificationInline(admin.TabularInline):
    model = Qualification
    extra = 0


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "external_ref", "profession"]
    list_filter = ["profession__group"]
    search_fields = ["full_name", "external_ref"]
    list_select_related = ["profession"]
    raw_id_fields = ["user"]
    inlines = [AppointmentInline, QualificationInline, RegistrationInline]
    filter_horizontal = ["other_professions"]


@admin.register(Appointment)
class AppointmentAdmin(SimpleHistoryAdmin):
    list_display = [
        "person",
        "title",
        "role",
        "organisation",
        "level",
        "start_date",
        "end_date",
    ]
    list_filter = ["board_seat", "contract_type", "level"]
    search_fields = ["person__full_name", "organisation__name", "title"]
    list_select_related = ["person", "role", "organisation", "level"]
    raw_id_fields = ["person", "organisation", "role", "grade"]


@admin.register(Qualification)
class QualificationAdmin(SimpleHistoryAdmin):
    list_display = ["person", "kind", "name", "provider", "year"]
    list_filter = ["kind"]
    search_fields = ["person__full_name", "name", "provider"]
    raw_id_fields = ["person"]


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = [
        "person",
        "regulator",
        "registration_number",
        "status",
        "revalidation_due",
    ]
    list_filter = ["regulator", "status", "does_clinical_work"]
    search_fields = ["person__full_name", "registration_number"]
    raw_id_fields = ["person"]
