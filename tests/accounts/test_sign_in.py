import pytest
from django.urls import reverse

from tests.conftest import force_login_verified
from tests.factories import UserFactory

LOGIN = "/accounts/login/"


@pytest.fixture
def person(db):
    return UserFactory(username="lan", password="correct-horse-battery")


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_sign_in_and_out(client, person):
    response = client.post(LOGIN, {"username": "lan", "password": "correct-horse-battery"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    # Sign-out is a POST with CSRF: a GET of its address changes nothing and leads to the dashboard.
    assert client.get("/accounts/logout/")["Location"] == "/"
    assert client.get("/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_a_wrong_password_is_explained_in_vietnamese(client, person):
    response = client.post(LOGIN, {"username": "lan", "password": "wrong"})
    assert response.status_code == 200
    assert "không đúng" in response.content.decode()


def test_after_sign_in_only_same_host_redirects(client, person):
    response = client.post(
        LOGIN + "?next=https://evil.example/", {"username": "lan", "password": "correct-horse-battery"}
    )
    assert response["Location"] == "/"
    client.post("/accounts/logout/")
    response = client.post(
        LOGIN, {"username": "lan", "password": "correct-horse-battery", "next": "/notifications/"}
    )
    assert response["Location"] == "/notifications/"


def test_staff_accounts_cannot_enter_the_admin(client, org):
    client.force_login(org.author)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert client.get("/admin/accounts/unit/").status_code == 302


def test_the_superuser_reads_the_unit_tree_in_the_admin(client, org):
    force_login_verified(client, org.superuser)
    response = client.get(reverse("admin:accounts_unit_changelist"))
    assert response.status_code == 200
    assert "Sở Thử nghiệm" in response.content.decode()
    assert client.get(reverse("admin:accounts_user_changelist") + "?q=author").status_code == 200


def test_language_switch_to_english_and_back(client, person):
    client.force_login(person)
    assert "Đăng xuất" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Sign out" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Đăng xuất" in client.get("/").content.decode()


def test_pages_carry_security_headers(client, person):
    client.force_login(person)
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
