"""The Celery app. Settings are read from Django settings under the CELERY_ prefix.

Redis is the broker when REDIS_URL is set; otherwise tasks run in-process (settings/base.py).
The schedule lives in the database (django-celery-beat's DatabaseScheduler): the daily reminders
at 07:30 Asia/Ho_Chi_Minh and the outbox sweep every 10 minutes are created by
notifications/migrations/0003_beat_schedule.py, and the committee can see or change them in the admin.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thiduaportal.settings.local")

app = Celery("thiduaportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
