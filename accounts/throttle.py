"""Sign-in throttling: the portal's lockout rules on top of django-axes' records.

Axes records every failed sign-in (one `AccessAttempt` row per username, address and browser,
counting its failures) and forgets rows after `AXES_COOLOFF_TIME`. From those rows the portal
locks two things separately:

- **an account**, after `AXES_FAILURE_LIMIT` failures for its username from anywhere. The first
  lock lasts `SIGNIN_COOLOFF`; each failure after a lock has passed locks it again for twice as
  long as the last time, up to `SIGNIN_COOLOFF_MAX` (attempts during a lock are refused and not
  counted);
- **an address**, after `SIGNIN_ADDRESS_FAILURE_LIMIT` failures from it for any usernames, with
  the same backoff. That limit is much higher: a ward office signs in from one NAT address, and
  one person's typos must not lock out the office, while a flood from one address is stopped.

A successful sign-in forgets the failures of its own username only. (Axes' own reset forgets
every failure from the address too, so anyone with an account could guess another account's
password without limit by signing in to their own account between guesses.) A password reset by
e-mail also forgets the account's failures: it is the way out of a lock.

The client address is `REMOTE_ADDR` unless `PROXY_COUNT` trusted proxies stand in front
(`client_address`); a forged `X-Forwarded-For` neither resets nor spreads the count.
"""

import ipaddress
import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from .services import sign_in_failures_forget

logger = logging.getLogger(__name__)

# The longest username axes can store (AccessAttempt.username); longer ones are cut, never an error.
USERNAME_MAX_LENGTH = 255


@dataclass(frozen=True)
class Lock:
    until: datetime
    scope: str  # "account" or "address"


def cool_off(excess: int) -> timedelta:
    """How long a lock lasts when the failures are `excess` beyond the limit (0: the first lock)."""
    base, cap = settings.SIGNIN_COOLOFF, settings.SIGNIN_COOLOFF_MAX
    if excess >= 32:  # 2**32 first locks are far beyond any cap
        return cap
    return min(base * 2**excess, cap)


def _lock_until(attempts, limit: int, now: datetime) -> datetime | None:
    totals = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    failures = totals["failures"] or 0
    if failures < limit:
        return None
    until = totals["last"] + cool_off(failures - limit)
    return until if until > now else None


def lock_for(*, username: str | None, ip_address: str | None, now: datetime) -> Lock | None:
    """The lock that refuses a sign-in for this username from this address now, if any."""
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - settings.AXES_COOLOFF_TIME)
    locks = []
    if username:
        until = _lock_until(recent.filter(username=username), settings.AXES_FAILURE_LIMIT, now)
        if until:
            locks.append(Lock(until=until, scope="account"))
    if ip_address:
        until = _lock_until(recent.filter(ip_address=ip_address), settings.SIGNIN_ADDRESS_FAILURE_LIMIT, now)
        if until:
            locks.append(Lock(until=until, scope="address"))
    return max(locks, key=lambda lock: lock.until) if locks else None


class SignInThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler with the portal's locks (AXES_HANDLER).

    Axes still records attempts and access logs; `AXES_LOCK_OUT_AT_FAILURE` and
    `AXES_RESET_ON_SUCCESS` are off so that only the rules above lock and reset.
    """

    def is_locked(self, request, credentials=None) -> bool:
        lock = lock_for(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
            now=request.axes_attempt_time or timezone.now(),
        )
        request.portal_sign_in_lock = lock
        return lock is not None

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or request.axes_locked_out or not self.is_locked(request, credentials):
            return
        username = get_client_username(request, credentials)
        logger.warning(
            "sign-in locked: %s %s until %s",
            request.portal_sign_in_lock.scope,
            username if request.portal_sign_in_lock.scope == "account" else request.axes_ip_address,
            request.portal_sign_in_lock.until.isoformat(),
        )
        request.axes_locked_out = True
        request.axes_credentials = credentials
        user_locked_out.send("axes", request=request, username=username, ip_address=request.axes_ip_address)

    def user_logged_in(self, sender, request, user, **kwargs):
        super().user_logged_in(sender, request, user, **kwargs)
        sign_in_failures_forget(username=user.get_username())


def client_address(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: who is signing in. Each of the PROXY_COUNT trusted proxies appends
    the address it received the request from to X-Forwarded-For, so the client is the
    PROXY_COUNT-th entry from the right; whatever stands left of it the client wrote itself."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))  # empty on a unix socket
    if settings.PROXY_COUNT <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    candidate = _address(forwarded[-settings.PROXY_COUNT]) if len(forwarded) >= settings.PROXY_COUNT else None
    if candidate is None:
        logger.warning("sign-in: X-Forwarded-For does not name a client address; using REMOTE_ADDR")
        return remote
    return candidate


def _address(text: str) -> str | None:
    """The address in canonical form, or None (the per-address limit then does not apply)."""
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def attempted_username(request, credentials) -> str | None:
    """AXES_USERNAME_CALLABLE: the username as typed, cut to what axes can store."""
    if credentials:
        username = credentials.get(getattr(settings, "AXES_USERNAME_FORM_FIELD", "username"))
    else:
        username = getattr(request, "POST", {}).get(getattr(settings, "AXES_USERNAME_FORM_FIELD", "username"))
    if not isinstance(username, str):
        return None
    return username.replace("\x00", "")[:USERNAME_MAX_LENGTH]


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the portal's page, saying until when."""
    lock = getattr(request, "portal_sign_in_lock", None)
    if lock is None:
        lock = lock_for(
            username=get_client_username(request, credentials),
            ip_address=getattr(request, "axes_ip_address", None),
            now=timezone.now(),
        )
    context = {}
    if lock is not None:
        context = {
            "until": lock.until,
            "minutes": max(1, math.ceil((lock.until - timezone.now()).total_seconds() / 60)),
        }
    return render(request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
