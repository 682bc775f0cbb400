"""Reads of the calendar."""

import datetime

from .models import Deadline, PublicHoliday


def upcoming_deadlines(*, today: datetime.date, unit_ids: set[int] | None = None, limit: int = 5):
    """Deadlines from today on that apply to all units or to one of the given units."""
    qs = Deadline.objects.filter(due_date__gte=today).select_related("phase", "unit")
    if unit_ids is not None:
        from django.db.models import Q

        qs = qs.filter(Q(unit__isnull=True) | Q(unit__in=unit_ids))
    return list(qs.order_by("due_date")[:limit])


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (weekends and public holidays excluded)."""
    if end <= start:
        return 0
    holidays = set(PublicHoliday.objects.filter(date__gt=start, date__lte=end).values_list("date", flat=True))
    days, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            days += 1
    return days
