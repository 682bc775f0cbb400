"""Steps the production smoke test runs inside the portal's own environment (the production
settings and the environment of deploy/thidua.env.example), as an operator's script would:

    python -m tests.production.portal_side prepare        migrate, then demo-like data
    python -m tests.production.portal_side daily-run-now  the daily job, due now, for beat to send

`manage.py seed_demo` refuses to run with DEBUG off (its accounts have a known password), so
`prepare` calls each app's demo.py itself: the same units, accounts, ideas and nominations, made
through the same services.
"""

import os
import sys
from importlib import import_module
from importlib.util import find_spec


def prepare() -> None:
    from django.apps import apps
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    call_command("migrate", interactive=False, verbosity=0)
    today = timezone.localdate()
    with transaction.atomic():
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if find_spec(module_name) is not None:
                import_module(module_name).seed(today=today, log=lambda text: None)


def daily_run_now() -> None:
    """A one-off copy of the daily job's schedule entry, due now: beat sends the same task to the
    worker as it does at 07:30 (beat notices a changed schedule within five seconds)."""
    from django.utils import timezone
    from django_celery_beat.models import ClockedSchedule, PeriodicTask

    daily = PeriodicTask.objects.get(task="notifications.tasks.send_daily_reminders", enabled=True)
    PeriodicTask.objects.create(
        name=f"{daily.name} (smoke test)",
        task=daily.task,
        clocked=ClockedSchedule.objects.create(clocked_time=timezone.now()),
        one_off=True,
    )


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduaportal.settings.production")
    django.setup()
    {"prepare": prepare, "daily-run-now": daily_run_now}[sys.argv[1]]()
