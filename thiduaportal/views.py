"""Project-level pages: the dashboard frame (apps fill its panels) and the health check."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .registry import PANELS

logger = logging.getLogger(__name__)


@login_required
def dashboard(request):
    today = timezone.localdate()
    panels = []
    for panel in PANELS:
        context = panel.context(request, today)
        if context is not None:
            panels.append({"template": panel.template, "context": context})
    return render(request, "dashboard.html", {"panels": panels})


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("healthz: database check failed")
        return False


def _broker_ok() -> bool:
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        return bool(client.ping())
    except redis.RedisError:
        logger.warning("healthz: broker check failed")
        return False


@never_cache
@require_GET
def healthz(request):
    checks = {"database": "ok" if _database_ok() else "error"}
    if settings.REDIS_URL:
        checks["broker"] = "ok" if _broker_ok() else "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(checks, status=200 if healthy else 503)
