"""What apps contribute to the shared layout: navigation links and dashboard panels.

Each app registers its own in `<app>/portal.py` (discovered like admin.py), so the project
never imports an app's internals and apps never import each other upwards.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int
    visible: Callable  # (user) -> bool


@dataclass(frozen=True)
class Panel:
    template: str
    order: int
    context: Callable  # (request, today) -> dict | None; None hides the panel


NAV_ITEMS: list[NavItem] = []
PANELS: list[Panel] = []


def register_nav(*, label, url_name: str, order: int, visible: Callable = lambda user: True) -> None:
    NAV_ITEMS.append(NavItem(label=label, url_name=url_name, order=order, visible=visible))
    NAV_ITEMS.sort(key=lambda item: item.order)


def register_panel(*, template: str, order: int, context: Callable) -> None:
    PANELS.append(Panel(template=template, order=order, context=context))
    PANELS.sort(key=lambda panel: panel.order)


def autodiscover() -> None:
    autodiscover_modules("portal")


@dataclass(frozen=True)
class ObjectLink:
    """A link another app shows on an object's page (an idea's "raise into a proposal"), so that the
    object's app need not know the apps built on it."""

    model: str  # "ideas.Idea"
    links: Callable  # (user, obj) -> list of (label, url) the person may follow


OBJECT_LINKS: list[ObjectLink] = []


def register_object_links(*, model: str, links: Callable) -> None:
    OBJECT_LINKS.append(ObjectLink(model=model, links=links))


def object_links(user, obj) -> list[tuple[str, str]]:
    label = obj._meta.label
    return [link for entry in OBJECT_LINKS if entry.model == label for link in entry.links(user, obj)]
