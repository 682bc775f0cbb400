"""Project-level pages: the dashboard frame (apps fill its panels) and the health checks."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health
from .registry import PANELS


@login_required
def dashboard(request):
    today = timezone.localdate()
    panels = []
    for panel in PANELS:
        context = panel.context(request, today)
        if context is not None:
            panels.append({"template": panel.template, "context": context})
    return render(request, "dashboard.html", {"panels": panels})


@never_cache
@require_GET
def healthz(request):
    """Liveness for the load balancer: 200 while this process and its database answer, else 503."""
    body, status = health.liveness()
    return JsonResponse(body, status=status)


@never_cache
@require_GET
def healthz_ready(request):
    """Readiness for the operator: every check and the overall ok / degraded (200) or fail (503)."""
    body, status = health.readiness(now=timezone.now())
    return JsonResponse(body, status=status)


def bench_bare(request):
    """The yardstick of the load benchmark (bench/load.py): a view that does nothing, behind the same
    middleware as every page. Routed only when the BENCH_BARE_VIEW setting is on (bench/load.py turns
    it on for its own server); it does not exist in a normal run."""
    return HttpResponse(b"ok", content_type="text/plain")
