"""Test settings: fast hashing, plain static storage, mail in memory.

The database and broker still come from the environment: SQLite by default,
PostgreSQL and Redis in CI.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")

from .base import *  # noqa: E402,F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "test-media")  # noqa: F405
# Unit tests run tasks in-process; the worker tests start a real worker on purpose.
CELERY_TASK_ALWAYS_EAGER = True
LOGGING["root"] = {**LOGGING["root"], "level": "WARNING"}  # type: ignore[dict-item]  # noqa: F405
# Figures computed on every request, so that a test sees what it just wrote; the cache has its own test.
STATS_CACHE_SECONDS = 0
# Tests change units inside transactions that never commit; the kept tree has its own tests.
UNIT_TREE_CACHE = False
