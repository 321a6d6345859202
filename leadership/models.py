"""Organisations, people and their career timelines.

One person, one timeline: a clinician's Person row carries every appointment from their
first clinical post to the board, and talent profiles, career plans and board seats all
point at it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from accounts.roles import TALENT_READERS, Role
from accounts.scoping import is_national, organisation_q


class OrganisationKind(models.TextChoices):
    NATION = "nation", "Nation"
    REGION = "region", "NHS England region"
    ICB = "icb", "Integrated care board"
    SUB_ICB = "sub_icb", "Sub-ICB location"
    TRUST = "trust", "NHS trust"
    NATIONAL_BODY = "national_body", "National body"


class TrustType(models.TextChoices):
    NONE = "", "Not a trust"
    ACUTE = "acute", "Acute"
    MENTAL_HEALTH = "mental_health", "Mental health"
    COMMUNITY = "community", "Community"
    AMBULANCE = "ambulance", "Ambulance"


class Organisation(models.Model):
    """An NHS body in the hierarchy nation > region > ICB > trust, keyed by ODS code.

    `path` is the chain of ODS codes from the nation down ("/ENG/Y56/QMJ/RAL/"); scoping
    and every report at region or ICB level select descendants with one prefix test.
    """

    ods_code = models.CharField("ODS code", max_length=16, unique=True)
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=16, choices=OrganisationKind.choices)
    trust_type = models.CharField(
        max_length=16, choices=TrustType.choices, blank=True, default=""
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, unique=True, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0)
    address = models.CharField(max_length=500, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "closed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="trust") | Q(trust_type=""),
                name="organisation_trust_type_only_for_trusts",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(opened_on__isnull=True)
                | Q(closed_on__gte=models.F("opened_on")),
                name="organisation_closed_after_opened",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.closed_on is None or self.closed_on > dt.date.today()

    def descendants(self) -> models.QuerySet[Organisation]:
        """Return this organisation and every body beneath it."""
        return Organisation.objects.filter(path__startswith=self.path)


class EthnicCategory(models.Model):
    """NHS Data Dictionary ethnic category (2001 census), kept as an extensible table."""

    class WresGroup(models.TextChoices):
        WHITE = "white", "White"
        BME = "bme", "Black and minority ethnic"
        UNKNOWN = "unknown", "Not stated or not known"

    code = models.CharField(max_length=4, primary_key=True)
    group = models.CharField(max_length=64)
    name = models.CharField(max_length=120)
    wres_group = models.CharField(max_length=8, choices=WresGroup.choices)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order"]
        verbose_name_plural = "ethnic categories"

    def __str__(self) -> str:
        return f"{self.group} - {self.name}" if self.group else self.name


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"
    PREFER_NOT_TO_SAY = "X", "Prefer not to say"


class Disability(models.TextChoices):
    YES = "Y", "Disabled"
    NO = "N", "Not disabled"
    PREFER_NOT_TO_SAY = "X", "Prefer not to say"


class DatePrecision(models.TextChoices):
    YEAR = "year", "Year"
    MONTH = "month", "Month"
    DAY = "day", "Day"


class ContractType(models.TextChoices):
    SUBSTANTIVE = "substantive", "Substantive"
    INTERIM = "interim", "Interim"
    FIXED_TERM = "fixed_term", "Fixed-term"
    ACTING = "acting", "Acting"
    SECONDMENT = "secondment", "Secondment"


class Specialty(models.TextChoices):
    """Specialty or field, mainly for doctors (where the board background differs most)."""

    NONE = "", "Not recorded"
    GENERAL_PRACTICE = "general_practice", "General practice"
    PUBLIC_HEALTH = "public_health", "Public health"
    PSYCHIATRY = "psychiatry", "Psychiatry"
    ACUTE_MEDICINE = "acute_medicine", "Medicine (acute and specialist)"
    SURGERY = "surgery", "Surgery"
    ANAESTHETICS = "anaesthetics", "Anaesthetics and critical care"
    EMERGENCY_MEDICINE = "emergency_medicine", "Emergency medicine"
    PAEDIATRICS = "paediatrics", "Paediatrics"
    OBSTETRICS = "obstetrics", "Obstetrics and gynaecology"
    RADIOLOGY = "radiology", "Radiology"
    PATHOLOGY = "pathology", "Pathology"
    DENTISTRY = "dentistry", "Dentistry"
    ADULT_NURSING = "adult_nursing", "Adult nursing"
    MENTAL_HEALTH_NURSING = "mental_health_nursing", "Mental health nursing"
    CHILDRENS_NURSING = "childrens_nursing", "Children's nursing"
    LEARNING_DISABILITY_NURSING = (
        "learning_disability_nursing",
        "Learning disability nursing",
    )
    COMMUNITY = "community", "Community and primary care"
    OTHER = "other", "Other"


class PersonQuerySet(models.QuerySet):
    """People are listed in the directory to any signed-in user (selectors.people
    decide the fields); a person's whole record is for those who cover them."""

    def visible_to(
        self, user: Any, roles: Iterable[str] = TALENT_READERS
    ) -> PersonQuerySet:
        """People whose whole record (not only the directory's view) the user may
        open or name in a record: those with a post, past or present, at an
        organisation the user's memberships in `roles` cover, and the user's own
        record. Superusers and national admins see everyone.
        """
        if not getattr(user, "is_authenticated", False) or not getattr(
            user, "is_active", False
        ):
            return self.none()
        if user.is_superuser or (
            Role.NATIONAL_ADMIN in roles and is_national(user, [Role.NATIONAL_ADMIN])
        ):
            return self.all()
        posted = Appointment.objects.filter(
            organisation_q(user, "organisation", roles)
        ).values("person_id")
        return self.filter(Q(pk__in=posted) | Q(user=user))


class Person(models.Model):
    """A clinician or leader: one record from their first post to the board.

    Demographics are optional, used only for diversity reporting, and never shown on
    public pages (selectors decide who reads them).

    `is_leader` is derived from the appointments and written only by
    services.people.directory_refresh (with update(), so no history row); code that
    saves a Person it loaded before the timeline changed should pass update_fields.
    """

    external_ref = models.CharField(
        max_length=64, unique=True, help_text="Stable key used to match re-imports."
    )
    full_name = models.CharField(max_length=200)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    profession = models.ForeignKey(
        "careers.Profession",
        on_delete=models.PROTECT,
        related_name="people",
        help_text="Primary profession or background.",
    )
    other_professions = models.ManyToManyField(
        "careers.Profession",
        blank=True,
        related_name="people_secondary",
        help_text="Further professions or backgrounds, e.g. a nurse who trained in finance.",
    )
    specialty = models.CharField(
        max_length=40, choices=Specialty.choices, blank=True, default=""
    )
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    ethnic_category = models.ForeignKey(
        EthnicCategory, null=True, blank=True, on_delete=models.PROTECT
    )
    disability = models.CharField(max_length=1, choices=Disability.choices, blank=True)
    year_of_birth = models.PositiveSmallIntegerField(null=True, blank=True)
    is_leader = models.BooleanField(
        default=False,
        editable=False,
        help_text=(
            "Listed in the leaders' directory: holds or held a post at the directory's "
            "level or a board seat. Derived from the timeline."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "is_leader"])

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "people"
        indexes = [
            # The directory lists about 27,000 leaders of 110,000 people by name: the
            # count and each page read this partial index alone (5 ms for the count
            # on the national data, against 80-100 ms joining a table of leaders).
            models.Index(
                fields=["full_name", "id"],
                condition=Q(is_leader=True),
                name="person_leader_name_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_of_birth__isnull=True)
                | Q(year_of_birth__gte=1900, year_of_birth__lte=2100),
                name="person_year_of_birth_plausible",
            )
        ]

    def __str__(self) -> str:
        return self.full_name


class AppointmentQuerySet(models.QuerySet):
    """Career timelines are public to signed-in users; only demographics are restricted."""

    def current(self, on: dt.date | None = None) -> AppointmentQuerySet:
        """Appointments held on a date (default today)."""
        on = on or dt.date.today()
        return self.filter(start_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )

    def board(self) -> AppointmentQuerySet:
        return self.exclude(board_seat="")

    def leading(self) -> AppointmentQuerySet:
        """Posts that make their holder a leader for the directory: a level ranked at
        least settings.LEADERSHIP_DIRECTORY_MIN_RANK, or a board seat.

        The senior level ids are read first (one query on a ten-row table), so the
        filter needs no join.
        """
        from careers.models import Level

        senior = Level.objects.filter(
            rank__gte=settings.LEADERSHIP_DIRECTORY_MIN_RANK
        ).values_list("pk", flat=True)
        return self.filter(Q(level_id__in=list(senior)) | ~Q(board_seat=""))


class Appointment(models.Model):
    """One post on a person's timeline: where, which role, at what level, from when.

    Dates may be partial: `start_date` holds the first day of the known period and
    `start_precision` says whether the year, month or day is known.
    """

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="appointments"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="appointments"
    )
    role = models.ForeignKey(
        "careers.Role",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    grade = models.ForeignKey(
        "careers.Grade",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    level = models.ForeignKey(
        "careers.Level", on_delete=models.PROTECT, related_name="appointments"
    )
    title = models.CharField(max_length=200, blank=True)
    contract_type = models.CharField(
        max_length=16, choices=ContractType.choices, default=ContractType.SUBSTANTIVE
    )
    board_seat = models.CharField(
        max_length=16,
        blank=True,
        default="",
        choices=[
            ("", "Not on the board"),
            ("executive", "Executive director"),
            ("non_executive", "Non-executive director"),
        ],
    )
    is_voting = models.BooleanField(default=False)
    start_date = models.DateField()
    start_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    end_date = models.DateField(null=True, blank=True)
    end_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AppointmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["person", "start_date"]
        indexes = [
            models.Index(fields=["organisation", "board_seat", "start_date"]),
            models.Index(fields=["role", "start_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="appointment_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(board_seat="")
                | Q(board_seat__in=["executive", "non_executive"]),
                name="appointment_board_seat_valid",
            ),
            models.CheckConstraint(
                condition=~Q(board_seat="") | Q(is_voting=False),
                name="appointment_voting_only_on_board",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} - {self.title or self.role} ({self.organisation})"

    @property
    def label(self) -> str:
        """What to call the post: its own title, else its catalogue role, else its grade."""
        if self.title:
            return self.title
        if self.role_id:
            return self.role.name
        if self.grade_id:
            return self.grade.name
        return self.level.name

    @property
    def is_current(self) -> bool:
        today = dt.date.today()
        return self.start_date <= today and (
            self.end_date is None or self.end_date >= today
        )


class QualificationKind(models.TextChoices):
    PROFESSIONAL = "professional", "Professional qualification"
    ACADEMIC = "academic", "Academic qualification"
    LEADERSHIP_PROGRAMME = "leadership_programme", "Leadership programme"


class Qualification(models.Model):
    """A professional or academic qualification, or a leadership programme completed."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="qualifications"
    )
    kind = models.CharField(max_length=24, choices=QualificationKind.choices)
    name = models.CharField(
        max_length=200, help_text="e.g. MBA, MSc Healthcare Leadership"
    )
    provider = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "name", "year"], name="qualification_unique"
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1940, year__lte=2100),
                name="qualification_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})" if self.year else self.name


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", "Registered"
    LICENSED = "licensed", "Registered with a licence to practise"
    RELINQUISHED = "relinquished", "Relinquished"
    LAPSED = "lapsed", "Lapsed"


class Registration(models.Model):
    """A person's registration with a professional regulator, and their clinical work."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="registrations"
    )
    regulator = models.ForeignKey(
        "regulation.Regulator", on_delete=models.PROTECT, related_name="registrations"
    )
    registration_number = models.CharField(max_length=32)
    status = models.CharField(max_length=16, choices=RegistrationStatus.choices)
    revalidation_due = models.DateField(
        null=True, blank=True, help_text="Next revalidation or renewal date."
    )
    does_clinical_work = models.BooleanField(default=False)
    clinical_sessions = models.PositiveSmallIntegerField(
        default=0, help_text="Clinical sessions a week (a session is half a day)."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "regulator"]
        constraints = [
            models.UniqueConstraint(
                fields=["regulator", "registration_number"],
                name="registration_number_unique_per_regulator",
            ),
            models.CheckConstraint(
                condition=Q(clinical_sessions__lte=10),
                name="registration_sessions_range",
            ),
            models.CheckConstraint(
                condition=Q(does_clinical_work=True) | Q(clinical_sessions=0),
                name="registration_sessions_only_with_clinical_work",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regulator.code} {self.registration_number}"

    @property
    def has_licence(self) -> bool:
        return self.status == RegistrationStatus.LICENSED

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if (
            self.status == RegistrationStatus.LICENSED
            and self.regulator_id
            and not self.regulator.has_licence_to_practise
        ):
            raise ValidationError(
                {
                    "status": f"{self.regulator.code} does not issue a licence to practise."
                },
                code="no_licence_at_regulator",
            )


class RevalidationReminder(models.Model):
    """A reminder sent for one registration and one due date, so the scheduled job
    never sends the same reminder twice (leadership.send_revalidation_reminders)."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="reminders"
    )
    due_date = models.DateField()
    email = models.EmailField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "due_date"],
                name="revalidation_reminder_once_per_due_date",
            )
        ]

    def __str__(self) -> str:
        return f"Reminder for {self.registration} due {self.due_date}"
