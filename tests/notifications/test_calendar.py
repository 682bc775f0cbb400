"""Working days (weekends and public holidays kept as data do not count) and the beat schedule."""

import datetime

import pytest
from django.utils import timezone

from movement.models import PublicHoliday
from movement.selectors import public_holidays, working_days_between

pytestmark = pytest.mark.django_db
D = datetime.date


def test_public_holidays_2025_2027_are_data():
    for day in (D(2025, 1, 29), D(2025, 4, 30), D(2026, 2, 17), D(2026, 9, 2), D(2027, 1, 1), D(2027, 9, 2)):
        assert PublicHoliday.objects.filter(date=day).exists(), day
    assert PublicHoliday.objects.filter(date__year=2026).count() >= 10


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 11, 13), D(2026, 11, 16), 1),  # Fri → Mon
        (D(2026, 11, 14), D(2026, 11, 15), 0),  # Sat → Sun
        (D(2026, 11, 16), D(2026, 11, 16), 0),
        (D(2026, 11, 16), D(2026, 11, 13), 0),
        (D(2026, 11, 2), D(2026, 11, 30), 20),
        (D(2026, 4, 24), D(2026, 5, 4), 3),  # 27/4, 30/4, 1/5 are holidays: 28, 29 Apr and 4 May
        (D(2026, 2, 13), D(2026, 2, 23), 1),  # Tết Bính Ngọ: only Mon 23/2 counts
    ],
)
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end) == expected
    assert working_days_between(start, end, holidays=public_holidays(start, end)) == expected


def test_a_datetime_counts_on_its_local_day():
    # 23:30 UTC on Sunday 15/11 is Monday 16/11 06:30 in Ho Chi Minh City.
    at = datetime.datetime(2026, 11, 15, 23, 30, tzinfo=datetime.UTC)
    assert timezone.localdate(at) == D(2026, 11, 16)
    assert working_days_between(at, D(2026, 11, 17)) == 1


def test_the_daily_job_is_scheduled_at_0730_ho_chi_minh_in_the_database():
    from django_celery_beat.models import PeriodicTask

    daily = PeriodicTask.objects.get(task="notifications.tasks.send_daily_reminders")
    assert daily.enabled and daily.crontab is not None
    assert (daily.crontab.minute, daily.crontab.hour) == ("30", "7")
    assert str(daily.crontab.timezone) == "Asia/Ho_Chi_Minh"
    sweep = PeriodicTask.objects.get(task="notifications.tasks.retry_digests")
    assert (sweep.interval.every, sweep.interval.period) == (10, "minutes")
