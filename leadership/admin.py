"""Admin for organisations (public reference data) and people with their timelines.

People are scoped like their pages: a talent lead or a region's admin lists, opens and
changes only the people with a post in their organisations (people_visible_to), and
their posts, qualifications and registrations; any other id answers 404.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from accounts.admin import ScopedHistoryAdmin
from leadership.models import (
    Appointment,
    EthnicCategory,
    Organisation,
    Person,
    Qualification,
    Registration,
)
from leadership.selectors.people import people_visible_to
from leadership.services.people import directory_refresh


class PeopleScopedAdmin(ScopedHistoryAdmin):
    """Rows of a person (or people themselves): in scope when the person is."""

    person_field = "person"

    def scope(self, queryset: QuerySet, user: Any) -> QuerySet:
        visible = people_visible_to(user).values("pk")
        return queryset.filter(**{f"{self.person_field or 'pk'}__in": visible})


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
class PersonAdmin(PeopleScopedAdmin):
    person_field = ""

    list_display = ["full_name", "external_ref", "profession"]
    list_filter = ["profession__group"]
    search_fields = ["full_name", "external_ref"]
    list_select_related = ["profession"]
    raw_id_fields = ["user"]
    inlines = [AppointmentInline, QualificationInline, RegistrationInline]
    filter_horizontal = ["other_professions"]

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool
    ) -> None:
        """Posts edited inline can make or unmake a leader: refresh the directory."""
        super().save_related(request, form, formsets, change)
        directory_refresh(person_ids=[form.instance.pk])


@admin.register(Appointment)
class AppointmentAdmin(PeopleScopedAdmin):
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

    # The admin writes posts directly, so it keeps the directory in step itself.
    def save_model(
        self, request: HttpRequest, obj: Appointment, form: ModelForm, change: bool
    ) -> None:
        previous = (
            list(
                Appointment.objects.filter(pk=obj.pk).values_list(
                    "person_id", flat=True
                )
            )
            if change
            else []
        )
        super().save_model(request, obj, form, change)
        directory_refresh(person_ids=[obj.person_id, *previous])

    def delete_model(self, request: HttpRequest, obj: Appointment) -> None:
        super().delete_model(request, obj)
        directory_refresh(person_ids=[obj.person_id])

    def delete_queryset(
        self, request: HttpRequest, queryset: QuerySet[Appointment]
    ) -> None:
        person_ids = list(queryset.values_list("person_id", flat=True))
        super().delete_queryset(request, queryset)
        directory_refresh(person_ids=person_ids)


@admin.register(Qualification)
class QualificationAdmin(PeopleScopedAdmin):
    list_display = ["person", "kind", "name", "provider", "year"]
    list_filter = ["kind"]
    search_fields = ["person__full_name", "name", "provider"]
    raw_id_fields = ["person"]


@admin.register(Registration)
class RegistrationAdmin(PeopleScopedAdmin):
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
