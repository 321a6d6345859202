"""Every task the product schedules or sends can actually be sent."""

from __future__ import annotations

import pytest
from django.conf import settings

from config.celery_app import app

OUR_APPS = {"accounts", "regulation", "careers", "leadership", "talent", "reports"}


def our_tasks() -> list[str]:
    app.loader.import_default_modules()
    return sorted(name for name in app.tasks if name.split(".")[0] in OUR_APPS)


@pytest.mark.parametrize("name", our_tasks())
def test_a_tasks_soft_time_limit_is_within_its_hard_one(name: str):
    # Celery refuses to send a task whose soft limit (its own, or the default
    # CELERY_TASK_SOFT_TIME_LIMIT) exceeds its hard limit; beat would log the error
    # every time and the job would never run.
    task = app.tasks[name]
    if task.soft_time_limit and task.time_limit:
        assert task.soft_time_limit <= task.time_limit


def test_every_beat_job_names_a_task_of_ours():
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in our_tasks()


@pytest.mark.django_db
def test_the_sweep_can_be_sent_as_beat_sends_it():
    entry = settings.CELERY_BEAT_SCHEDULE["reports-sweep-stuck-runs"]
    # Eager here; apply_async checks the task's limits before it runs or publishes.
    result = app.tasks[entry["task"]].apply_async(**entry.get("options", {}))
    assert result.get() == {"failed": 0, "requeued": 0}
