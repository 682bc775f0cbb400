"""The reminder registry. Apps register rules in their own `reminders.py` (discovered like admin.py).

A rule says what its reminders say (`title` and `body`, with %(name)s placeholders filled from each
reminder's parameters; registering the rule registers that wording as the notification kind
"reminder.<code>") and answers two questions for a day:
- ``due(today=...)``: every reminder due that day, as ``Reminder`` items (person, rule, object,
  due date, what to say). It must use a constant number of queries, whatever the number of people.
- ``skip_reason(obj, today=...)``: why an object gets no reminder that day (``None`` when it does),
  so that "why did nobody get a reminder?" has an answer in the logs and in tests.
"""

import datetime
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.module_loading import autodiscover_modules

from .kinds import Kind, Text
from .kinds import register as register_kind

logger = logging.getLogger(__name__)
REMINDER_KIND_PREFIX = "reminder."


@dataclass(frozen=True)
class Reminder:
    person_id: int
    rule: str
    object_key: str  # e.g. "deadline:4:idea:17"; with person, rule and day it is the uniqueness key
    params: dict[str, Any] = field(default_factory=dict)  # fill the rule's title and body
    url: str = ""  # a path in the portal ("/ideas/17/"); the digest makes it absolute
    due_date: datetime.date | None = None

    @property
    def key(self) -> tuple[int, str, str]:
        return (self.person_id, self.rule, self.object_key)


class Rule:
    """Base class of a reminder rule; subclasses set ``code`` and implement ``due``."""

    code: str = ""
    description: str = ""
    title: Text = ""
    body: Text | None = None

    @property
    def kind(self) -> Kind:
        return Kind(REMINDER_KIND_PREFIX + self.code, title=self.title, body=self.body)

    def due(self, *, today: datetime.date) -> Iterable[Reminder]:
        raise NotImplementedError

    def skip_reason(self, obj, *, today: datetime.date) -> str | None:
        return None


_RULES: dict[str, Rule] = {}
_discovered = False


def register(rule: Rule | type[Rule]) -> Rule | type[Rule]:
    """Registers a rule (instance or class; usable as a class decorator). Same code twice: replaced."""
    instance = rule() if isinstance(rule, type) else rule
    if not instance.code or not instance.title:
        raise ValueError("A reminder rule needs a code and a title.")
    _RULES[instance.code] = instance
    register_kind(instance.kind)
    return rule


def rules() -> list[Rule]:
    """Every registered rule, after importing each app's `reminders` module once."""
    global _discovered
    if not _discovered:
        autodiscover_modules("reminders")
        _discovered = True
    return [_RULES[code] for code in sorted(_RULES)]


def collect(*, today: datetime.date, only: Iterable[str] | None = None) -> list[Reminder]:
    """Every reminder due today from every rule, one per (person, rule, object).

    A rule that fails is logged and skipped: one broken rule must not stop the others' reminders.
    """
    wanted = set(only) if only else None
    seen: dict[tuple[int, str, str], Reminder] = {}
    for rule in rules():
        if wanted is not None and rule.code not in wanted:
            continue
        try:
            for reminder in rule.due(today=today):
                seen.setdefault(reminder.key, reminder)
        except Exception:
            logger.exception("reminder rule %s failed on %s", rule.code, today)
    return list(seen.values())


# Helpers for deadline-based rules ------------------------------------------------------------


def reminder_days() -> tuple[int, ...]:
    """How many days before a deadline people are reminded (7, 3 and 1 by default)."""
    return tuple(getattr(settings, "REMINDER_DAYS_BEFORE", (7, 3, 1)))


def deadline_skip_reason(deadline, *, today: datetime.date) -> str | None:
    """Why a deadline gives no reminder today, or None when today is one of its reminder days.

    Reasons are for logs and tests (English, untranslated), not for the people reminded.
    """
    if deadline.due_date < today:
        return f"the deadline {deadline.due_date:%d/%m/%Y} is in the past"
    phase = deadline.phase if deadline.phase_id else None
    if phase is None:
        return "the deadline has no phase"
    if not (phase.start <= deadline.due_date <= phase.end):
        return f"the deadline {deadline.due_date:%d/%m/%Y} is outside its phase {phase}"
    days = (deadline.due_date - today).days
    if days not in reminder_days():
        return f"{days} day(s) before the deadline is not a reminder day"
    return None


def deadlines_due(kind: str, *, today: datetime.date) -> Iterator:
    """The deadlines of a kind that give reminders today; the others are logged with their reason."""
    from movement.models import Deadline

    window = today + datetime.timedelta(days=max(reminder_days(), default=0))
    candidates = (
        Deadline.objects.filter(
            kind=kind, due_date__lte=window, due_date__gte=today - datetime.timedelta(days=1)
        )
        .select_related("phase", "unit")
        .order_by("due_date", "pk")
    )
    for deadline in candidates:
        reason = deadline_skip_reason(deadline, today=today)
        if reason:
            logger.info("reminders: deadline %s (%s) skipped: %s", deadline.pk, kind, reason)
            continue
        yield deadline
