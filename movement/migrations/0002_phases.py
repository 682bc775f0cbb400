import datetime

from django.db import migrations

PHASES = [
    ("2023-2025", "Giai đoạn 2023 - 2025", datetime.date(2023, 1, 1), datetime.date(2025, 12, 31)),
    ("2026-2030", "Giai đoạn 2026 - 2030", datetime.date(2026, 1, 1), datetime.date(2030, 12, 31)),
]


def create_phases(apps, schema_editor):
    Phase = apps.get_model("movement", "Phase")
    for code, name, start, end in PHASES:
        Phase.objects.get_or_create(code=code, defaults={"name": name, "start": start, "end": end})


class Migration(migrations.Migration):
    dependencies = [("movement", "0001_initial")]

    operations = [migrations.RunPython(create_phases, migrations.RunPython.noop)]
