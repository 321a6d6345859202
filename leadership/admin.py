from django.contrib import admin

from leadership.models import Appointment, EthnicCategory, Organisation, Person


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


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "external_ref", "profession"]
    list_filter = ["profession__group"]
    search_fields = ["full_name", "external_ref"]
    list_select_related = ["profession"]
    raw_id_fields = ["user"]
    inlines = [AppointmentInline]


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
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
