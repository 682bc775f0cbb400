"""Two-step verification: enrolment with a QR code, sign-in with a generated TOTP code, single-use
recovery codes, and the admin closed to sessions without a code."""

import base64
import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from tests.conftest import force_login_verified
from tests.factories import UserFactory

LOGIN = "/accounts/login/"
PASSWORD = "correct-horse-battery"
STEP = datetime.timedelta(seconds=30)


def code_of(device: TOTPDevice) -> str:
    """The code the person's authenticator app shows now."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{code:06d}"


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


@pytest.fixture
def member(db):
    """A committee member with two-step verification on (authenticator app and recovery codes)."""
    user = UserFactory(username="thuha", committee=True)
    device = services.two_step_start(user=user)
    user.recovery_codes = services.two_step_confirm(device=device, code=code_of(device))
    user.device = TOTPDevice.objects.get(pk=device.pk)
    return user


def sign_in_with_password(client, username="thuha", next_url=""):
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


def test_a_committee_member_turns_it_on_by_scanning_a_qr_code(client, db, clock):
    person = UserFactory(username="thuha", committee=True)
    client.force_login(person)
    page = client.get("/accounts/two-step/")
    assert page.status_code == 200 and "Bật xác thực hai bước" in page.content.decode()
    assert client.post("/accounts/two-step/start/")["Location"] == "/accounts/two-step/setup/"
    setup = client.get("/accounts/two-step/setup/")
    body = setup.content.decode()
    assert "no-store" in setup["Cache-Control"]
    # The QR code is drawn by the portal (an SVG in a data: URI), never fetched from another site.
    image = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)"', body).group(1)
    svg = base64.b64decode(image).decode()
    assert "<svg" in svg and "thuha" not in svg and "http" not in svg.replace("http://www.w3.org", "")
    device = TOTPDevice.objects.get(user=person, confirmed=False)
    shown_key = re.search(r'data-testid="secret-key">([A-Z2-7 ]+)<', body).group(1).replace(" ", "")
    assert shown_key == base64.b32encode(device.bin_key).decode()

    wrong = client.post(
        "/accounts/two-step/setup/", {"code": "000000" if code_of(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 200 and "Mã không đúng" in wrong.content.decode()
    clock.shift(STEP)  # django-otp throttles the next try after a failure
    response = client.post("/accounts/two-step/setup/", {"code": code_of(device)})
    assert response["Location"] == "/accounts/two-step/recovery-codes/"
    codes_page = client.get(response["Location"])
    codes = re.findall(r"<code>([a-z2-7]{8})</code>", codes_page.content.decode())
    assert len(codes) == services.RECOVERY_CODES
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=person).values_list("token", flat=True)
    )
    # Shown once only.
    assert client.get("/accounts/two-step/recovery-codes/")["Location"] == "/accounts/two-step/"
    assert "Đang bật" in client.get("/accounts/two-step/").content.decode()

    # From now on, signing in asks for the code.
    client.post("/accounts/logout/")
    clock.shift(STEP)
    response = sign_in_with_password(client, next_url="/notifications/")
    assert response["Location"] == "/accounts/login/code/"
    assert client.get("/").status_code == 302  # not signed in yet
    device.refresh_from_db()
    response = client.post("/accounts/login/code/", {"code": code_of(device)})
    assert response["Location"] == "/notifications/"
    assert client.get("/").status_code == 200


def test_a_wrong_or_replayed_code_does_not_sign_in(client, member, clock):
    clock.shift(STEP)
    sign_in_with_password(client)
    used = code_of(member.device)
    assert client.post("/accounts/login/code/", {"code": used})["Location"] == "/"
    client.post("/accounts/logout/")
    sign_in_with_password(client)
    response = client.post("/accounts/login/code/", {"code": used})  # the same code again
    assert response.status_code == 200 and "Mã không đúng hoặc đã hết hạn" in response.content.decode()
    assert client.get("/").status_code == 302


def test_a_recovery_code_works_once(client, member, clock):
    code = member.recovery_codes[0]
    sign_in_with_password(client)
    response = client.post("/accounts/login/code/", {"code": code.upper()[:4] + "-" + code.upper()[4:]})
    assert response["Location"] == "/"
    assert "còn 9 mã" in client.get("/").content.decode()
    client.post("/accounts/logout/")

    clock.shift(datetime.timedelta(minutes=1))
    sign_in_with_password(client)
    response = client.post("/accounts/login/code/", {"code": code})
    assert response.status_code == 200 and "Mã không đúng" in response.content.decode()
    assert client.get("/").status_code == 302
    clock.shift(datetime.timedelta(minutes=1))
    assert client.post("/accounts/login/code/", {"code": member.recovery_codes[1]})["Location"] == "/"


def test_the_code_step_gives_up_after_five_wrong_codes_and_expires(client, member, clock):
    sign_in_with_password(client)
    for attempt in range(4):
        clock.shift(datetime.timedelta(seconds=40))
        assert client.post("/accounts/login/code/", {"code": f"99999{attempt}"}).status_code == 200
    response = client.post("/accounts/login/code/", {"code": "999994"})
    assert response["Location"] == LOGIN
    assert client.get("/accounts/login/code/")["Location"] == LOGIN
    # The password step is valid for five minutes only.
    sign_in_with_password(client)
    clock.shift(datetime.timedelta(minutes=6))
    assert client.post("/accounts/login/code/", {"code": code_of(member.device)})["Location"] == LOGIN
    assert client.get("/").status_code == 302


def test_the_code_step_needs_the_password_step(client, member):
    assert client.get("/accounts/login/code/")["Location"] == LOGIN
    assert client.post("/accounts/login/code/", {"code": member.recovery_codes[0]})["Location"] == LOGIN
    assert client.get("/").status_code == 302


def test_the_admin_refuses_a_superuser_without_a_code(client, db, clock):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)  # password only: no second step
    response = client.get("/admin/accounts/unit/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    response = client.get(response["Location"])
    assert response["Location"].startswith("/accounts/two-step/")  # set it up, or confirm a code
    assert client.get(reverse("admin:index")).status_code == 302

    device = services.two_step_start(user=root)
    services.two_step_confirm(device=device, code=code_of(device))
    page = client.get("/accounts/two-step/?next=/admin/accounts/unit/")
    assert "Xác nhận mã cho phiên đăng nhập này" in page.content.decode()
    clock.shift(STEP)
    device.refresh_from_db()
    response = client.post("/accounts/two-step/", {"code": code_of(device), "next": "/admin/accounts/unit/"})
    assert response["Location"] == "/admin/accounts/unit/"
    assert client.get("/admin/accounts/unit/").status_code == 200


def test_the_admin_sign_in_goes_through_the_portals_page(client, db):
    response = client.get("/admin/login/?next=/admin/accounts/unit/")
    assert response["Location"] == "/accounts/login/?next=/admin/accounts/unit/"
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/accounts/login/?next=/admin/"


def test_the_admin_opens_with_the_password_alone_when_the_setting_is_off(client, db, settings):
    settings.ADMIN_REQUIRES_TWO_STEP = False  # make run: demo accounts have no authenticator
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get("/admin/accounts/unit/").status_code == 200


def test_a_verified_session_reaches_the_admin(client, db):
    root = UserFactory(is_superuser=True, is_staff=True)
    force_login_verified(client, root)
    assert client.get("/admin/accounts/unit/").status_code == 200


def test_new_recovery_codes_and_turning_off_need_a_confirmed_session(client, member, clock):
    client.force_login(member)  # signed in without a code
    old = set(member.recovery_codes)
    assert client.post("/accounts/two-step/recovery-codes/renew/")["Location"] == "/accounts/two-step/"
    assert client.post("/accounts/two-step/disable/")["Location"] == "/accounts/two-step/"
    assert set(StaticToken.objects.filter(device__user=member).values_list("token", flat=True)) == old
    assert TOTPDevice.objects.filter(user=member).exists()

    clock.shift(STEP)
    client.post("/accounts/two-step/", {"code": code_of(member.device)})
    assert (
        client.post("/accounts/two-step/recovery-codes/renew/")["Location"]
        == "/accounts/two-step/recovery-codes/"
    )
    new = re.findall(
        r"<code>([a-z2-7]{8})</code>", client.get("/accounts/two-step/recovery-codes/").content.decode()
    )
    assert len(new) == services.RECOVERY_CODES and not old & set(new)
    assert client.post("/accounts/two-step/disable/")["Location"] == "/accounts/two-step/"
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert not StaticToken.objects.filter(device__user=member).exists()
    client.post("/accounts/logout/")
    assert sign_in_with_password(client)["Location"] == "/"  # the password alone again


def test_starting_again_while_on_is_refused(client, member):
    force_login_verified(client, member)
    response = client.post("/accounts/two-step/start/", follow=True)
    assert "Xác thực hai bước đang bật" in response.content.decode()
    assert TOTPDevice.objects.filter(user=member, confirmed=False).count() == 0


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 302),
        ("author", 403),
        ("head", 403),
        ("outsider", 403),
        ("committee", 200),
        ("superuser", 200),
    ],
)
def test_who_may_set_up_two_step_verification(client, org, role, expected):
    if role != "anonymous":
        client.force_login(getattr(org, role))
    assert client.get("/accounts/two-step/").status_code == expected
    response = client.post("/accounts/two-step/start/")
    assert response.status_code == (302 if expected != 403 else 403)
    created = TOTPDevice.objects.filter(confirmed=False).exists()
    assert created == (expected == 200)
