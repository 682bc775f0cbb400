"""Sign-in throttling: per account with a growing cool-off, per address with a much higher limit,
and a successful sign-in that forgets only its own username's failures."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.utils import timezone

from tests.factories import UserFactory

LOGIN = "/accounts/login/"
PASSWORD = "correct-horse-battery"
OFFICE = "203.0.113.7"  # one ward office behind one NAT address


@pytest.fixture
def lan(db):
    return UserFactory(username="lan", password=PASSWORD)


def sign_in(client, username, password, address=OFFICE, **headers):
    response = client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )
    if response.status_code == 302:
        client.post("/accounts/logout/", REMOTE_ADDR=address)
    return response.status_code


def locked(status: int) -> bool:
    return status == 429


def test_an_account_is_locked_after_five_failures_even_with_the_right_password(client, lan, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "lan", "wrong", address="10.0.0.1") == 200
    response = client.post(LOGIN, {"username": "lan", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Tạm khoá đăng nhập" in body and "15 phút" in body
    # Locked from every address, and the right password does not open it.
    assert locked(sign_in(client, "lan", PASSWORD, address="10.0.0.2"))


def test_the_cool_off_grows_with_each_lock(client, lan, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, "lan", "wrong")
        # First lock: 15 minutes.
        clock.move_to(start + datetime.timedelta(minutes=14))
        assert locked(sign_in(client, "lan", PASSWORD))
        clock.move_to(start + datetime.timedelta(minutes=16))
        # One more failure after the lock locks again, for twice as long (30 minutes)...
        assert locked(sign_in(client, "lan", "wrong"))
        clock.move_to(start + datetime.timedelta(minutes=16 + 29))
        assert locked(sign_in(client, "lan", PASSWORD))
        # ...and attempts during a lock neither count nor prolong it.
        clock.move_to(start + datetime.timedelta(minutes=16 + 31))
        assert sign_in(client, "lan", PASSWORD) == 302


def test_the_cool_off_stops_growing_at_the_cap(client, lan, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        moment = start
        for _ in range(settings.AXES_FAILURE_LIMIT + 10):
            sign_in(client, "lan", "wrong")
            moment += settings.SIGNIN_COOLOFF_MAX + datetime.timedelta(minutes=1)
            clock.move_to(moment)
        assert settings.SIGNIN_COOLOFF_MAX <= settings.AXES_COOLOFF_TIME
        assert sign_in(client, "lan", PASSWORD) == 302


def test_signing_in_to_ones_own_account_does_not_reset_the_guesses_at_another(client, lan, settings):
    """The interleaved attack: guess, sign in to one's own account, guess again."""
    UserFactory(username="mallory", password="mallory-own-password")
    refused_at = None
    for guess in range(3 * settings.AXES_FAILURE_LIMIT):
        status = sign_in(client, "lan", f"guess-{guess}", address="198.51.100.5")
        if locked(status):
            refused_at = guess
            break
        assert sign_in(client, "mallory", "mallory-own-password", address="198.51.100.5") == 302
    assert refused_at == settings.AXES_FAILURE_LIMIT - 1  # the fifth guess is the last one
    assert locked(sign_in(client, "lan", PASSWORD, address="198.51.100.5"))
    # Mallory's own successful sign-ins left no failure of hers and kept lan's.
    assert not AccessAttempt.objects.filter(username="mallory").exists()
    assert AccessAttempt.objects.filter(username="lan").exists()


def test_a_successful_sign_in_forgets_its_own_failures(client, lan, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "lan", "wrong")
    assert sign_in(client, "lan", PASSWORD) == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "lan", "wrong") == 200  # a fresh count: four more typos are allowed


def test_one_persons_typos_do_not_lock_out_the_office(client, db, settings):
    colleagues = [UserFactory(username=f"canbo{n}", password=PASSWORD) for n in range(6)]
    clumsy = colleagues[0]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, clumsy.username, "typo")
    assert locked(sign_in(client, clumsy.username, PASSWORD))
    for person in colleagues[1:]:
        assert sign_in(client, person.username, PASSWORD) == 302, person.username


def test_a_flood_from_one_address_is_throttled(client, lan, settings):
    limit = settings.SIGNIN_ADDRESS_FAILURE_LIMIT
    assert limit >= 10 * settings.AXES_FAILURE_LIMIT
    for n in range(limit - 1):
        # Two guesses per username stay under the account limit; a forged X-Forwarded-For changes nothing.
        status = sign_in(
            client, f"nobody{n // 2}", "guess", address="192.0.2.66", HTTP_X_FORWARDED_FOR=f"10.9.{n}.1"
        )
        assert not locked(status), n
    assert locked(sign_in(client, f"nobody{limit}", "guess", address="192.0.2.66"))
    assert locked(sign_in(client, "lan", PASSWORD, address="192.0.2.66", HTTP_X_FORWARDED_FOR="10.1.1.1"))
    assert sign_in(client, "lan", PASSWORD, address="192.0.2.67") == 302  # other addresses are unaffected


def test_a_spoofed_forwarded_for_header_does_not_reset_the_count(client, lan, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "lan", "wrong", address="10.0.0.9", HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}")
    assert locked(sign_in(client, "lan", PASSWORD, address="10.0.0.9", HTTP_X_FORWARDED_FOR="198.51.100.1"))


def test_behind_one_trusted_proxy_the_address_it_adds_counts(client, db, settings):
    """PROXY_COUNT=1 (nginx in front, appending the address it sees): the right-most entry of
    X-Forwarded-For is the client; entries the client wrote itself are ignored."""
    settings.PROXY_COUNT = 1
    for n in range(settings.SIGNIN_ADDRESS_FAILURE_LIMIT - 1):
        assert not locked(
            sign_in(
                client,
                f"nobody{n}",
                "guess",
                address="127.0.0.1",
                HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, 192.0.2.9",
            )
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.9"}
    UserFactory(username="an", password=PASSWORD)
    assert locked(sign_in(client, "an", "wrong", address="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.9"))
    # Everyone else behind the same proxy (same REMOTE_ADDR) still signs in.
    assert sign_in(client, "an", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.10") == 302
    # A malformed header falls back to the proxy's own address rather than failing.
    assert sign_in(client, "an", "wrong", address="127.0.0.1", HTTP_X_FORWARDED_FOR="not-an-address") == 200


@pytest.mark.parametrize("length", [151, 256, 300, 5000])
def test_a_very_long_username_is_a_form_error(client, db, length):
    response = client.post(LOGIN, {"username": "x" * length, "password": "whatever"})
    assert response.status_code == 200
    assert "tối đa 150 ký tự" in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_the_admin_login_never_fails_on_a_long_username(client, db):
    client.raise_request_exception = False
    response = client.post("/admin/login/", {"username": "x" * 300, "password": "whatever"})
    assert response.status_code < 500


@pytest.mark.parametrize("proxy_count", [0, 1])
def test_a_request_without_a_client_address_is_counted_per_account_only(client, lan, settings, proxy_count):
    """gunicorn on a unix socket gives an empty REMOTE_ADDR; nothing must fail on it."""
    settings.PROXY_COUNT = proxy_count
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "lan", "wrong", address="") == 200
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {None}
    assert locked(sign_in(client, "lan", "wrong", address=""))
