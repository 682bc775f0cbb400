"""Error pages people can read, in every run mode.

- 400, 403 and 404 are Django's handlers with the portal's templates. With DEBUG on, Django would
  show its technical page (in English, with the URL list) for a missing object or a bad request;
  `ErrorPagesMiddleware` shows the portal's page instead, so `make run` behaves like production.
  Tracebacks stay for real errors (500).
- 405: an action URL (thiduaportal.actions.post_only) answers a method other than GET or POST
  with an empty body; the middleware renders a page.
- 500: the page shows an incident id, and `IncidentFilter` adds the same id to the log line of
  that error, so a person can quote it and the administrator can find the traceback.
- CSRF failures: `csrf_failure` (CSRF_FAILURE_VIEW) explains it in the portal's words.
"""

import logging
import secrets

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import Http404, HttpResponseNotAllowed, HttpResponseServerError
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import bad_request, page_not_found

INCIDENT_ATTRIBUTE = "portal_incident_id"


class ErrorPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        unrouted = getattr(request, "resolver_match", None) is None
        if settings.DEBUG and response.status_code == 404 and unrouted:
            # No route matched: Django's technical 404 would list every URL pattern.
            return page_not_found(request, Http404())
        if isinstance(response, HttpResponseNotAllowed) and not response.content:
            page = render(request, "405.html", status=405)
            page["Allow"] = response["Allow"]
            return page
        return response

    def process_exception(self, request, exception):
        if not settings.DEBUG:
            return None  # Django's own handlers render the same templates
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(exception, BadRequest | SuspiciousOperation):
            return bad_request(request, exception)
        return None


@requires_csrf_token
def server_error(request):
    """handler500: the portal's page, with an incident id that the log line of the error repeats.

    Rendered without the request's context processors: the database may be what failed."""
    incident = secrets.token_hex(6)
    setattr(request, INCIDENT_ATTRIBUTE, incident)
    context = {"incident_id": incident, "csrf_token": get_token(request)}
    return HttpResponseServerError(loader.get_template("500.html").render(context))


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: most often a form left open past the session, or cookies turned off."""
    return render(request, "403_csrf.html", status=403)


class IncidentFilter(logging.Filter):
    """On the `django.request` logger: appends the 500 page's incident id to the error's log line."""

    def filter(self, record):
        incident = getattr(getattr(record, "request", None), INCIDENT_ATTRIBUTE, None)
        if incident:
            record.msg = f"{record.msg} [incident {incident}]"
            record.incident_id = incident
        return True
