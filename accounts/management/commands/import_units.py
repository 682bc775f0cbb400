import csv

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.services import UNIT_CSV_COLUMNS, units_import


class Command(BaseCommand):
    help = (
        "Imports the unit tree from a UTF-8 CSV file with the columns "
        + ", ".join(UNIT_CSV_COLUMNS)
        + ". Idempotent by code; imports nothing when any row is bad."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                missing = [c for c in ("code", "name") if c not in (reader.fieldnames or [])]
                if missing:
                    raise CommandError(
                        _("%(file)s: missing column(s): %(columns)s")
                        % {"file": file, "columns": ", ".join(missing)}
                    )
                rows = [(reader.line_num, row) for row in reader]
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise CommandError(
                _("%(file)s: cannot read the file: %(error)s") % {"file": file, "error": exc}
            ) from exc
        result = units_import(rows=rows)
        if result.errors:
            for line, reason in result.errors:
                self.stderr.write(_("line %(line)d: %(reason)s") % {"line": line, "reason": reason})
            raise CommandError(
                _("%(count)d problem(s) found; nothing was imported.") % {"count": len(result.errors)}
            )
        summary = _("Units imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.") % {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        }
        self.stdout.write(self.style.SUCCESS(summary))
