"""Who reads and writes the comments on an object, decided by the app that owns the object.

An app registers a `Policy` for its model in its own `discussion.py` (discovered like `notices.py`),
so that this app knows neither ideas nor proposals. A person reads and writes the audiences the
policy gives them: none (no thread shown), the thread, or the thread and the internal notes.
"""

from typing import Protocol

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model
from django.utils.module_loading import autodiscover_modules

from accounts.models import User

from .models import Audience

Person = User | AnonymousUser
NOBODY: frozenset[str] = frozenset()
THREAD_ONLY = frozenset({Audience.THREAD.value})
BOTH = frozenset({Audience.THREAD.value, Audience.INTERNAL.value})


class Policy(Protocol):
    def get_for(self, user: Person, pk: int) -> Model:
        """The object, if the person may see it (404 otherwise, as its own pages do)."""

    def audiences(self, user: Person, obj: Model) -> frozenset[str]:
        """What the person reads and writes on the object: NOBODY, THREAD_ONLY or BOTH."""


_POLICIES: dict[type[Model], Policy] = {}
_discovered = False


def register(model: type[Model], policy: Policy) -> None:
    _POLICIES[model] = policy


def policy_for(model: type[Model]) -> Policy:
    global _discovered
    if not _discovered:
        autodiscover_modules("discussion")
        _discovered = True
    return _POLICIES[model]
