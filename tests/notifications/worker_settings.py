"""Settings of the Celery worker started by test_worker.py: the full-stack settings, with mail
written to files in the folder the test names, so that the test can read what was sent."""

import os

from thiduaportal.settings.local import *  # noqa: F403

DEBUG = False
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["TEST_EMAIL_FILE_PATH"]
