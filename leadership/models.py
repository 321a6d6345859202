"""Organisations, people and their career timelines.

One person, one timeline: a clinician's Person row carries every appointment from their
first clinical post to the board, and talent profiles, career plans and board seats all
point at it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q


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


class PersonQuerySet(models.QuerySet):
    """People are listed in the directory to any signed-in user; see selectors for fields."""


class Person(models.Model):
    """A clinician or leader: one record from their first post to the board.

    Demographics are optional, used only for diversity reporting, and never shown on
    public pages (selectors decide who reads them).
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
    specialty = models.CharField(max_length=120, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    ethnic_category = models.ForeignKey(
        EthnicCategory, null=True, blank=True, on_delete=models.PROTECT
    )
    disability = models.CharField(max_length=1, choices=Disability.choices, blank=True)
    year_of_birth = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "people"
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
    def is_current(self) -> bool:
        today = dt.date.today()
        return self.start_date <= today and (
            self.end_date is None or self.end_date >= today
        )
