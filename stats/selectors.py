"""The committee's figures for a phase: a handful of grouped counts, whatever the data size."""

import datetime
import logging
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count

from accounts.models import Unit
from accounts.responsibility import unit_tree
from awards.models import AwardType, Nomination
from awards.models import Status as NominationStatus
from councils.selectors import phase_figures as council_figures
from ideas.models import Idea, RecognitionLevel, Status, Topic
from library.selectors import adoption_figures
from movement.models import Phase
from pilots.selectors import phase_figures as pilot_figures
from pilots.workflow import Outcome
from proposals.selectors import phase_figures as proposal_figures


def _rows(labels: Iterable[tuple[Any, Any]], counts: Mapping[Any, int]) -> list[dict[str, Any]]:
    """[(code, label)] and {code: n} → rows with a share of the largest, for the bar charts."""
    largest = max(counts.values(), default=0) or 1
    return [
        {
            "code": code,
            "label": label,
            "n": counts.get(code, 0),
            "pct": round(100 * counts.get(code, 0) / largest),
        }
        for code, label in labels
    ]


logger = logging.getLogger(__name__)


def phase_statistics_recent(
    phase: Phase, *, now: datetime.datetime
) -> tuple[dict[str, Any], datetime.datetime]:
    """The phase's figures and when they were computed: at most STATS_CACHE_SECONDS ago, so that a
    committee refreshing the page at a deadline does not recount the whole phase each time. Without
    the cache (Redis down), they are computed afresh."""
    if settings.STATS_CACHE_SECONDS <= 0:
        return phase_statistics(phase), now
    key = f"stats:phase:{phase.pk}"
    try:
        kept = cache.get(key)
    except Exception:  # a cache never breaks the page
        logger.warning("statistics: the cache did not answer; computing the figures", exc_info=True)
        kept = None
    if kept is not None:
        figures, computed_at = kept
        return figures, computed_at
    fresh = (phase_statistics(phase), now)
    try:
        cache.set(key, fresh, settings.STATS_CACHE_SECONDS)
    except Exception:
        logger.warning("statistics: the cache did not answer; figures not kept", exc_info=True)
    return fresh


def phase_statistics(phase: Phase) -> dict[str, Any]:
    # COUNT(*), not COUNT(id): the counts by status, topic and unit are answered from the
    # idea_phase_figures index alone (docs/performance.md); counting the id reads the whole phase.
    ideas = Idea.objects.filter(phase=phase).order_by()
    by_status = dict(ideas.values_list("status").annotate(n=Count("*")))
    by_topic = dict(ideas.values_list("topic").annotate(n=Count("*")))
    by_level = dict(
        ideas.filter(status=Status.RECOGNISED).values_list("recognition_level").annotate(n=Count("*"))
    )
    tree = unit_tree()
    by_unit: Counter[int] = Counter()
    for unit_id, n in ideas.values_list("unit_id").annotate(n=Count("*")):
        by_unit[tree.top_level(unit_id)] += n
    top_units = by_unit.most_common(10)
    names = dict(Unit.objects.filter(pk__in=[pk for pk, _ in top_units]).values_list("pk", "name"))
    nominations = Nomination.objects.filter(phase=phase).order_by()
    by_award = dict(nominations.values_list("award_type_id").annotate(n=Count("pk")))
    conferred = dict(
        nominations.filter(status=NominationStatus.CONFERRED)
        .values_list("award_type_id")
        .annotate(n=Count("pk"))
    )
    awards = list(AwardType.objects.order_by("rank"))
    pilots = pilot_figures(phase.pk)
    return {
        "ideas_total": sum(by_status.values()),
        "ideas_by_status": _rows([(c, label) for c, label in Status.choices if c != Status.DRAFT], by_status),
        "ideas_by_topic": _rows(Topic.choices, by_topic),
        "ideas_by_unit": _rows([(pk, names.get(pk, "?")) for pk, _ in top_units], dict(top_units)),
        "recognised_by_level": _rows(RecognitionLevel.choices, by_level),
        "nominations_total": sum(by_award.values()),
        "nominations_by_award": _rows([(a.pk, a.name) for a in awards], by_award),
        "conferred_by_award": _rows([(a.pk, a.name) for a in awards], conferred),
        # Practices of the library adopted by other units, by adoptions dated within the phase.
        "adopted": adoption_figures(phase),
        # The movement's own steps: proposals to the city, Decree 73 proposals, unit pilots, councils.
        "proposals": proposal_figures(phase.start, phase.end),
        "pilots": pilots,
        "pilots_by_outcome": _rows(Outcome.choices, {outcome: pilots[outcome] for outcome in Outcome.values}),
        "councils": council_figures(phase.start, phase.end),
    }
