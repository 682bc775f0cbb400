"""Reads of the calendar."""

import datetime

from django.db.models import Q

from accounts.selectors import Roles

from .models import Deadline, PublicHoliday


def deadline_kinds_for(roles: Roles) -> frozenset[str]:
    """The deadlines that are a person's own: authors submit ideas; heads and deputies review them;
    the committee stands in for idea reviews. (Nominations follow their award round's dates.)"""
    kinds: set[str] = set()
    if roles.is_committee:
        kinds.add(Deadline.Kind.IDEA_REVIEW)
    else:
        kinds.add(Deadline.Kind.IDEA_SUBMISSION)
    if roles.is_head_or_deputy:
        kinds.add(Deadline.Kind.IDEA_REVIEW)
    return frozenset(kinds)


def upcoming_deadlines(
    *,
    today: datetime.date,
    unit_ids: set[int] | None = None,
    kinds: frozenset[str] | None = None,
    limit: int = 5,
) -> list[Deadline]:
    """Deadlines from today on that apply to all units or to one of the given units, of the given
    kinds (None: every kind)."""
    qs = Deadline.objects.filter(due_date__gte=today).select_related("phase", "unit")
    if kinds is not None:
        qs = qs.filter(kind__in=kinds)
    if unit_ids is not None:
        qs = qs.filter(Q(unit__isnull=True) | Q(unit__in=unit_ids))
    return list(qs.order_by("due_date")[:limit])


def public_holidays(start: datetime.date, end: datetime.date) -> frozenset[datetime.date]:
    """The public holidays from start to end inclusive (one query; pass it on to count many spans)."""
    return frozenset(
        PublicHoliday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True)
    )


def _as_date(value: datetime.date | datetime.datetime) -> datetime.date:
    # A datetime counts on its calendar day in Asia/Ho_Chi_Minh, not in UTC.
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def working_days_between(
    start: datetime.date | datetime.datetime,
    end: datetime.date | datetime.datetime,
    *,
    holidays: frozenset[datetime.date] | None = None,
) -> int:
    """Working days after `start` up to and including `end` (weekends and public holidays excluded).

    A datetime is taken on its local calendar day. Give `holidays` (from public_holidays()) when
    counting many spans, so that the count costs no query.
    """
    start, end = _as_date(start), _as_date(end)
    if end <= start:
        return 0
    if holidays is None:
        holidays = public_holidays(start + datetime.timedelta(days=1), end)
    # Whole weeks hold five weekdays each; only the remainder is walked day by day.
    total_days = (end - start).days
    weeks, rest = divmod(total_days, 7)
    days = weeks * 5
    day = start + datetime.timedelta(days=weeks * 7)
    for _ in range(rest):
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days += 1
    days -= sum(1 for h in holidays if start < h <= end and h.weekday() < 5)
    return days


def is_working_day(day: datetime.date, *, holidays: frozenset[datetime.date] | None = None) -> bool:
    """Not a weekend and not a public holiday kept in the admin."""
    if day.weekday() >= 5:
        return False
    if holidays is None:
        holidays = public_holidays(day, day)
    return day not in holidays


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The day `days` working days after `start` (a time limit "within N working days")."""
    # Holidays cluster at Tết (about a week): three calendar days per working day is always enough.
    holidays = public_holidays(start, start + datetime.timedelta(days=3 * days + 14))
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays=holidays):
            days -= 1
    return day


def nth_working_day(start: datetime.date, n: int) -> datetime.date:
    """The n-th working day counted from `start` (itself included when it is a working day), so that
    a window of n working days opened on `start` ends on the day returned (one query)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    # n working days never span more than n weeks plus the longest run of holidays (Tết).
    holidays = public_holidays(start, start + datetime.timedelta(days=7 * n + 30))
    day, counted = start, 0
    while True:
        if day.weekday() < 5 and day not in holidays:
            counted += 1
            if counted == n:
                return day
        day += datetime.timedelta(days=1)
