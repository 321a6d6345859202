"""Load every app's reference data: regulators, professions, ladder, roles, ethnic
categories, NHS organisations and programme entry levels. Safe to run again."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Load or refresh reference data from the files shipped with the code."

    def handle(self, *args: Any, **options: Any) -> None:
        for dotted in settings.REFERENCE_LOADERS:
            counts = import_string(dotted)()
            summary = ", ".join(
                f"{n} {name.replace('_', ' ')}" for name, n in counts.items()
            )
            self.stdout.write(f"{dotted.split('.')[0]}: {summary}")
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
