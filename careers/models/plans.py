"""A clinician's own career plans and their requests to the advisory service."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from careers.models.catalogue import Profession, Role
from careers.models.content import PathwayStep


class CareerPlan(models.Model):
    """A saved route from a current role to a target role, with steps to tick off."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="career_plans"
    )
    profession = models.ForeignKey(
        Profession, on_delete=models.PROTECT, related_name="career_plans"
    )
    current_role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="plans_from"
    )
    target_role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="plans_to"
    )
    mentor_email = models.EmailField(blank=True)
    shared_with_advisers = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(current_role=models.F("target_role")),
                name="career_plan_target_differs",
            )
        ]

    def __str__(self) -> str:
        return f"{self.current_role} to {self.target_role}"


class CareerPlanStep(models.Model):
    """One step of a saved plan, copied from the pathway graph when the plan was made."""

    plan = models.ForeignKey(CareerPlan, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    step = models.ForeignKey(
        PathwayStep, on_delete=models.PROTECT, related_name="plan_steps"
    )
    done = models.BooleanField(default=False)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "position"], name="career_plan_step_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(done=True) | Q(done_on__isnull=True),
                name="career_plan_step_done_on_only_when_done",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.step}"


class AdviceTopic(models.TextChoices):
    NEXT_STEP = "next_step", "My next step towards a senior role"
    PROGRAMMES = "programmes", "Development programmes and qualifications"
    REGISTRATION = "registration", "Keeping my registration in a senior role"
    RETURN = "return_to_practice", "Returning to clinical practice"
    BOARD = "board", "Board and non-executive roles"
    OTHER = "other", "Something else"


class AdviceStatus(models.TextChoices):
    OPEN = "open", "Waiting for an adviser"
    ANSWERED = "answered", "Answered"
    CLOSED = "closed", "Closed"


class AdviceRequest(models.Model):
    """A clinician's question to the career-planning advisory service (recommendation 10)."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="advice_requests",
    )
    topic = models.CharField(max_length=24, choices=AdviceTopic.choices)
    current_role = models.ForeignKey(
        Role, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target_role = models.ForeignKey(
        Role, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    plan = models.ForeignKey(
        CareerPlan,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advice_requests",
    )
    status = models.CharField(
        max_length=16, choices=AdviceStatus.choices, default=AdviceStatus.OPEN
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advice_handled",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed") | Q(closed_at__isnull=True),
                name="advice_closed_at_only_when_closed",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} ({self.requester})"


class AdviceMessage(models.Model):
    """One message in an advice thread, from the clinician or an adviser."""

    request = models.ForeignKey(
        AdviceRequest, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    from_adviser = models.BooleanField(default=False)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["request", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Message from {self.author} on {self.created_at:%Y-%m-%d}"
