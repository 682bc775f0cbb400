"""Django setup for the bench scripts: `DATABASE_URL=... .venv/bin/python bench/<script>.py`."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduaportal.settings.test")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()
