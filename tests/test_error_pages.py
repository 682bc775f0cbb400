"""Errors people can read: the portal's Vietnamese pages for 400, 403, 404, 405, 500 and a failed
CSRF check, in every run mode; the 500 page's incident id is in the error's log line."""

import logging
import re

import pytest

from tests.ideas.factories import idea_in

pytestmark = pytest.mark.django_db

TECHNICAL = ("Using the URLconf", "Traceback", "Django tried these URL patterns", "DEBUG = True")


def portal_page(response) -> str:
    body = response.content.decode()
    assert 'class="portal-header"' in body, body[:300]
    assert not any(marker in body for marker in TECHNICAL)
    return body


@pytest.fixture(params=[False, True], ids=["production", "debug"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def test_a_hidden_object_is_the_portals_404(client, org, debug):
    idea = idea_in("draft", author=org.outsider, title="Bản nháp của phường khác")
    client.force_login(org.author)
    response = client.get(f"/ideas/{idea.pk}/")
    assert response.status_code == 404
    body = portal_page(response)
    assert "Không tìm thấy trang" in body and idea.title not in body


def test_an_unknown_address_is_the_portals_404(client, org, debug):
    client.force_login(org.author)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in portal_page(response)


def test_a_forbidden_page_is_the_portals_403(client, org, debug):
    client.force_login(org.author)
    response = client.get("/stats/")
    assert response.status_code == 403
    assert "không có quyền" in portal_page(response)


def test_another_method_on_an_action_url_is_a_readable_405(client, org, debug):
    idea = idea_in("draft", author=org.author)
    client.force_login(org.author)
    response = client.put(f"/ideas/{idea.pk}/submit/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "Chưa có gì bị thay đổi" in portal_page(response)
    idea.refresh_from_db()
    assert idea.status == "draft"


@pytest.mark.urls("tests.error_urls")
def test_a_bad_request_is_the_portals_400(client, org, debug):
    client.force_login(org.author)
    response = client.get("/tests/bad-request/")
    assert response.status_code == 400
    assert "không hợp lệ" in portal_page(response)


def test_a_failed_csrf_check_is_explained(org, debug):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(org.author)
    response = client.post("/notifications/read-all/")
    assert response.status_code == 403
    body = portal_page(response)
    assert "Biểu mẫu đã hết hiệu lực" in body and "tải lại trang" in body


@pytest.mark.urls("tests.error_urls")
def test_the_500_page_shows_the_incident_id_of_the_log_line(client, org, caplog, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    client.force_login(org.author)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/tests/fails/")
    assert response.status_code == 500
    body = portal_page(response)
    assert "Đã có lỗi" in body or "sự cố" in body
    incident = re.search(r'data-testid="incident-id">([0-9a-f]{12})<', body).group(1)
    (record,) = [r for r in caplog.records if r.name == "django.request" and r.levelno == logging.ERROR]
    assert record.getMessage() == f"Internal Server Error: /tests/fails/ [incident {incident}]"
    assert record.exc_info and "a bug in a view" in str(record.exc_info[1])


@pytest.mark.urls("tests.error_urls")
def test_with_debug_on_real_errors_keep_their_traceback(client, org, settings):
    settings.DEBUG = True
    client.raise_request_exception = False
    client.force_login(org.author)
    response = client.get("/tests/fails/")
    assert response.status_code == 500
    assert "a bug in a view" in response.content.decode()
