"""The project's URLs plus views that fail on purpose, for tests/test_error_pages.py."""

from django.core.exceptions import BadRequest
from django.urls import path

from thiduaportal.urls import handler500  # noqa: F401 - the 500 handler of this URLconf
from thiduaportal.urls import urlpatterns as project_urlpatterns


def fails(request):
    raise RuntimeError("a bug in a view")


def bad_request(request):
    raise BadRequest("malformed")


urlpatterns = [
    *project_urlpatterns,
    path("tests/fails/", fails),
    path("tests/bad-request/", bad_request),
]
