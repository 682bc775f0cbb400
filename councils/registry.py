"""What other apps put before a council, decided by the app that owns the object.

An app registers a `Subject` kind for its model in its own `council.py` (discovered like
`discussion.py`), so that this app knows neither ideas nor nominations: which of its objects a
person may put before a council, how an object is named and linked, whether it is scored and/or
voted, who may not score or vote on it (its authors, its nominee), and its vote threshold.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils.module_loading import autodiscover_modules

from accounts.models import User

if TYPE_CHECKING:
    from .models import Council


@dataclass(frozen=True)
class Subject:
    label: str
    url: str
    scored: bool
    voted: bool
    threshold: int | None  # percent of the members who must agree; None: the council's default
    excluded: frozenset[int]  # people who may neither score nor vote on it (authors, the nominee)


class Kind(Protocol):
    def candidates(self, user: User, council: "Council") -> Iterable[Model]:
        """The objects the person may put before the council now."""

    def describe(self, obj: Model) -> Subject:
        """The object as the meeting shows it."""


_KINDS: dict[type[Model], Kind] = {}
_discovered = False


def register(model: type[Model], kind: Kind) -> None:
    _KINDS[model] = kind


def kinds() -> dict[type[Model], Kind]:
    global _discovered
    if not _discovered:
        autodiscover_modules("council")
        _discovered = True
    return _KINDS


def kind_for(model: type[Model]) -> Kind:
    return kinds()[model]


def item_key(obj: Model) -> str:
    """The value of an item's choice in the add-item form: "<content type id>:<pk>"."""
    return f"{ContentType.objects.get_for_model(obj).pk}:{obj.pk}"
