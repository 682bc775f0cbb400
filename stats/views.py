from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.permissions import is_committee
from movement.models import Phase

from .selectors import phase_statistics_recent


@login_required
@require_GET
def statistics(request):
    if not is_committee(request.user):
        raise PermissionDenied
    phases = list(Phase.objects.order_by("start"))
    # Allow-listed: an unknown phase code falls back to the current phase.
    chosen = {p.code: p for p in phases}.get(request.GET.get("phase", ""))
    phase = chosen or Phase.for_date(timezone.localdate()) or (phases[-1] if phases else None)
    figures, computed_at = phase_statistics_recent(phase, now=timezone.now()) if phase else (None, None)
    context = {"phases": phases, "phase": phase, "figures": figures, "computed_at": computed_at}
    return render(request, "stats/statistics.html", context)
