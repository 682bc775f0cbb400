"""The registry of notification kinds: what each kind of notification says, owned by the app that
sends it. Apps register their kinds in their own `notices.py` (discovered like admin.py); a reminder
rule registers the kind of its reminders itself (reminders.register).

A notification is stored as its kind and its parameters, and rendered when it is read, in the
reader's language. The text rendered in the portal's language when it was written is kept beside
them: it is shown for a kind that no longer exists.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules

Text = str | Promise


@dataclass(frozen=True)
class Kind:
    """A kind of notification. `title` and `body` are translatable strings with %(name)s
    placeholders filled from the notification's parameters; without a body, the body is the free
    text of the parameter `comment` (a reviewer's words are never translated)."""

    code: str
    title: Text
    body: Text | None = None

    def render(self, params: Mapping[str, Any]) -> tuple[str, str]:
        title = str(self.title) % params
        body = str(self.body) % params if self.body is not None else str(params.get("comment", ""))
        return title, body


_KINDS: dict[str, Kind] = {}
_discovered = False


def register(kind: Kind) -> Kind:
    """Registers a kind (the same code twice: the last one wins). Returns it, for the sender."""
    _KINDS[kind.code] = kind
    return kind


def kinds() -> dict[str, Kind]:
    """Every registered kind, after importing each app's `notices` and `reminders` modules once."""
    global _discovered
    if not _discovered:
        autodiscover_modules("notices")
        autodiscover_modules("reminders")
        _discovered = True
    return _KINDS


def render(
    code: str, params: Mapping[str, Any] | None, *, stored: tuple[str, str] = ("", "")
) -> tuple[str, str]:
    """(title, body) of a notification in the active language; the stored text when its kind is
    unknown or its parameters do not fit (a row older than its kind's present wording)."""
    kind = kinds().get(code)
    if kind is None or params is None:
        return stored
    try:
        return kind.render(params)
    except (KeyError, TypeError, ValueError):
        return stored


def render_stored(kind: Kind, params: Mapping[str, Any]) -> tuple[str, str]:
    """The text kept with the row: rendered in the portal's language, whatever the writer's."""
    with translation.override(settings.LANGUAGE_CODE):
        return kind.render(params)
