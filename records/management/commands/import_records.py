from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from records.imports import COLUMNS, ImportFileError, read_table
from records.services import records_import


class Command(BaseCommand):
    help = (
        "Imports emulation and award records from a CSV (UTF-8) or XLSX file with the columns "
        + ", ".join(COLUMNS)
        + ". Idempotent by natural key; imports nothing when any row is bad."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--by",
            required=True,
            help="Username recorded as the person who entered the rows (a committee member for everyone's).",
        )

    def handle(self, *args, file, by, **options):
        try:
            person = User.objects.get(username=by, is_active=True)
        except User.DoesNotExist:
            raise CommandError(_("%(name)s is not an active account.") % {"name": by}) from None
        try:
            with open(file, "rb") as handle:
                rows = read_table(handle, file)
        except OSError as error:
            raise CommandError(
                _("%(file)s: cannot read the file: %(error)s") % {"file": file, "error": error}
            ) from error
        except ImportFileError as error:
            raise CommandError(f"{file}: {error}") from error
        result = records_import(rows=rows, by=person, today=timezone.localdate())
        if result.errors:
            for line, reason in result.errors:
                self.stderr.write(_("line %(line)d: %(reason)s") % {"line": line, "reason": reason})
            raise CommandError(
                _("%(count)d problem(s) found; nothing was imported.") % {"count": len(result.errors)}
            )
        summary = _(
            "Records imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged."
        ) % {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        }
        self.stdout.write(self.style.SUCCESS(summary))
