"""Passwords: the validators, changing one's own password, and resetting it by e-mail with a
link whose host comes from PORTAL_BASE_URL, never from the request."""

import re
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings

from accounts.models import User
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "Bốn mùa xuân hạ thu đông 7"


@pytest.fixture
def lan(db):
    return UserFactory(
        username="lan", full_name="Lê Thị Mai", email="mai.lt@binhtan.gov.vn", password=PASSWORD
    )


def refusal(password, user=None) -> str:
    with override_settings(LANGUAGE_CODE="vi"):
        try:
            validate_password(password, user)
        except ValidationError as error:
            return " ".join(error.messages)
    return ""


PERSON = SimpleNamespace(
    username="mai.lt", full_name="Lê Thị Mai", email="mai.lt@x.vn", first_name="", last_name=""
)


@pytest.mark.parametrize(
    "password",
    [
        "matkhau123456",
        "Mật khẩu@2025!",
        "anhyeuem2024!",
        "emyeuanh123456",
        "123456789abc",
        "vietnamvodich2025",
        "thiduakhenthuong1",
        "Sài Gòn 123456789",
    ],
)
def test_common_vietnamese_passwords_are_refused(password):
    assert refusal(password, PERSON)


@pytest.mark.parametrize(
    "password", ["nguyenvanminh1975", "thuytrang2000", "Trần Gia Huy 2003", "hoangminhtuan"]
)
def test_names_with_numbers_are_refused(password):
    assert "tên người" in refusal(password, PERSON)


def test_ones_own_name_is_refused(db):
    assert "họ tên" in refusal("lethimai@work2024", PERSON)


def test_django_common_short_and_long_passwords_are_refused():
    assert refusal("password1234", PERSON)
    assert refusal("ngan-qua", PERSON)
    assert "quá dài" in refusal("x" * 129 + "Ab1", PERSON)


@pytest.mark.parametrize(
    "password",
    [NEW_PASSWORD, "correct-horse-battery", "Tôi đi làm bằng xe buýt số 54", "hoa lan vàng trước ngõ 2024"],
)
def test_good_passwords_are_accepted(password):
    assert refusal(password, PERSON) == ""


def test_a_signed_in_person_changes_their_password(client, lan):
    client.force_login(lan)
    account = client.get("/accounts/").content.decode()
    assert 'href="/accounts/password/"' in account
    assert 'href="/accounts/"' in client.get("/").content.decode()  # "My account" in the header
    page = client.get("/accounts/password/")
    assert page.status_code == 200 and "Đổi mật khẩu" in page.content.decode()

    response = client.post(
        "/accounts/password/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Matkhau@20252025", "new_password2": "Matkhau@20252025"},
    )
    assert "phổ biến nhất ở Việt Nam" in response.content.decode()
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == "/accounts/password/changed/"
    assert client.get("/").status_code == 200  # this session stays signed in
    lan.refresh_from_db()
    assert lan.check_password(NEW_PASSWORD)


def test_changing_the_password_needs_a_sign_in(client, db):
    assert client.get("/accounts/password/")["Location"].startswith("/accounts/login/")


def test_the_login_page_links_to_the_reset(client, db):
    assert 'href="/accounts/password/reset/"' in client.get("/accounts/login/").content.decode()


def request_reset(client, email, host):
    return client.post("/accounts/password/reset/", {"email": email}, HTTP_HOST=host)


def test_reset_by_email_with_a_forged_host(client, lan, settings):
    settings.PORTAL_BASE_URL = "https://thidua.tphcm.gov.vn"
    settings.ALLOWED_HOSTS = ["*"]  # even a server that accepts any Host header
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "lan", "password": "wrong"})
    assert client.post("/accounts/login/", {"username": "lan", "password": PASSWORD}).status_code == 429

    response = request_reset(client, "MAI.LT@binhtan.gov.vn", host="evil.example")
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/sent/"
    assert "Vui lòng kiểm tra hộp thư" in client.get(response["Location"]).content.decode()
    (message,) = mail.outbox
    assert message.to == ["mai.lt@binhtan.gov.vn"]
    assert message.subject == "Cổng Thi đua: đặt lại mật khẩu"
    assert "evil.example" not in message.body + message.subject
    assert "Kính gửi Lê Thị Mai" in message.body and "Tên đăng nhập của bạn: lan" in message.body
    link = re.search(r"https://thidua\.tphcm\.gov\.vn(/accounts/password/reset/\S+/)", message.body).group(1)

    form_url = client.get(link, HTTP_HOST="testserver")["Location"]
    assert "Đặt mật khẩu mới" in client.get(form_url).content.decode()
    response = client.post(form_url, {"new_password1": "anhyeuem2025!", "new_password2": "anhyeuem2025!"})
    assert "phổ biến nhất ở Việt Nam" in response.content.decode()
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == "/accounts/password/reset/complete/"
    # The new password opens the account at once: the reset also lifted the lock.
    assert not AccessAttempt.objects.filter(username="lan").exists()
    assert client.post("/accounts/login/", {"username": "lan", "password": NEW_PASSWORD})["Location"] == "/"
    # The link works once.
    client.post("/accounts/logout/")
    assert "Đường dẫn không còn hiệu lực" in client.get(link, follow=True).content.decode()


def test_reset_of_an_unknown_address_says_the_same_and_sends_nothing(client, lan):
    response = request_reset(client, "nobody@example.vn", host="testserver")
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []


def test_reset_mail_uses_plain_http_base_urls_as_configured(client, lan, settings):
    settings.PORTAL_BASE_URL = "http://127.0.0.1:8000/"
    request_reset(client, lan.email, host="localhost")
    (message,) = mail.outbox
    assert "http://127.0.0.1:8000/accounts/password/reset/" in message.body
    assert "localhost" not in message.body


def test_a_user_without_an_email_gets_nothing(client, db):
    UserFactory(username="noemail", email="")
    request_reset(client, "", host="testserver")
    assert mail.outbox == []
    assert User.objects.filter(username="noemail").exists()
