from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone


class Command(BaseCommand):
    help = "Creates the demo units, accounts, ideas and nominations. Idempotent; DEBUG only."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: demo accounts have a known password."
            )
        today = timezone.localdate()
        # Each app seeds its own part in `<app>/demo.py`, in INSTALLED_APPS (dependency) order.
        with transaction.atomic():
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if find_spec(module_name) is None:
                    continue
                import_module(module_name).seed(
                    today=today, log=lambda text, app=config.label: self.stdout.write(f"{app}: {text}")
                )
        self.stdout.write(self.style.SUCCESS("Demo data ready. Every demo account's password is demo12345."))
