import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.services import reminders_run


class Command(BaseCommand):
    help = (
        "Runs the daily reminder job now, synchronously, whatever the broker: claims the day's "
        "reminders and sends each person's digest. --dry-run counts and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the reminders; send and record nothing."
        )
        parser.add_argument(
            "--date", help="The day to run for, YYYY-MM-DD (default: today in Asia/Ho_Chi_Minh)."
        )

    def handle(self, *args, dry_run=False, date=None, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}") from exc
        result = reminders_run(today=today, dry_run=dry_run, send="none" if dry_run else "sync")
        prefix = "[dry run] " if dry_run else ""
        self.stdout.write(
            f"{prefix}{today:%Y-%m-%d}: {result.reminders} reminder(s) to {result.people} people"
            f" ({result.already_sent} already sent earlier today)."
        )
        if not dry_run:
            self.stdout.write(
                f"Digests: {result.sent} sent, {result.failed} failed (will be retried), "
                f"{result.refused} refused, {result.in_app_only} in-app only."
            )
