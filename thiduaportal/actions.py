"""Post/Redirect/Get for every action URL.

An action (a button that changes something) is a POST to its own URL, and the person always lands
back on a page that can be reloaded, bookmarked or shown in the other language:

- `post_only(back)`: a GET (or HEAD) of an action URL redirects to the object's page with a message
  instead of answering 405; `back` resolves that page through the app's selector, so someone who
  may not see the object still gets the 404 (or 403) the object's page would give.
- `keep_refused` / `take_refused`: a refused form (its values and errors) is kept in the session
  for one redirect, so the object's page shows it again at its own URL.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.forms.utils import ErrorDict, ErrorList
from django.http import HttpRequest, HttpResponseNotAllowed, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

REFUSED_SESSION_KEY = "portal_refused_forms"
OPENED_BY_GET = _(
    "That address carries out an action and cannot be opened by itself; use the buttons on this page."
)


def post_only(
    back: Callable[..., Any],
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Like `require_POST`, but a GET leads back to `back(request, **kwargs)` (anything
    `redirect()` takes: an object, a URL name or a path) with a message."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method in ("GET", "HEAD"):
                target = back(request, *args, **kwargs)
                messages.info(request, OPENED_BY_GET)
                return redirect(target)
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            return view(request, *args, **kwargs)

        wrapper.post_only = True  # type: ignore[attr-defined]  # read by the route sweep
        return wrapper

    return decorator


def keep_refused(request: HttpRequest, key: str, form: forms.Form, **extra: str) -> None:
    """Keeps a refused form's input and errors for the next page that asks for `key`."""
    posted = form.data if isinstance(form.data, QueryDict) else QueryDict(mutable=True)
    data = {name: posted.getlist(name) for name in posted if name != "csrfmiddlewaretoken"}
    errors = {field: [str(message) for message in messages_] for field, messages_ in form.errors.items()}
    kept = request.session.get(REFUSED_SESSION_KEY, {})
    kept[key] = {"data": data, "errors": errors, **extra}
    request.session[REFUSED_SESSION_KEY] = kept


def take_refused(request: HttpRequest, key: str) -> dict[str, Any] | None:
    """The refused input kept for `key` (once: a reload shows a clean page), or None."""
    kept = request.session.get(REFUSED_SESSION_KEY)
    if not kept or key not in kept:
        return None
    entry = kept.pop(key)
    request.session[REFUSED_SESSION_KEY] = kept
    return dict(entry)


def restore(form_class: Callable[..., forms.Form], entry: dict[str, Any], **kwargs: Any) -> forms.Form:
    """The refused form again, bound to its input and showing its errors (without re-running the
    checks, some of which were the service's)."""
    data = QueryDict(mutable=True)
    for name, values in entry["data"].items():
        data.setlist(name, values)
    form = form_class(data, **kwargs)
    form._errors = ErrorDict(  # type: ignore[attr-defined]
        {field: ErrorList(messages_, error_class="nonfield" if field == "__all__" else None)
         for field, messages_ in entry["errors"].items()}
    )  # fmt: skip
    form.cleaned_data = {}
    return form
