"""Embedded default for `make run`: SQLite, tasks in-process, e-mail to the console."""

import os

os.environ.setdefault("SECRET_KEY", "local-development-only-not-secret")
os.environ.setdefault("DEBUG", "true")
# The demo accounts have no authenticator app: the admin opens with the password alone here.
os.environ.setdefault("ADMIN_REQUIRES_TWO_STEP", "false")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

from .base import *  # noqa: E402,F403

ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "testserver"]  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
