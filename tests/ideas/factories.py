"""Ideas in any state, for tests (the services are tested separately; here we only need rows)."""

import datetime

from django.utils import timezone

from ideas.models import IdeaEvent, RecognitionLevel, Status
from ideas.search import search_text_for, similar_text_for
from tests.factories import IdeaFactory, phase

SUBMITTED_STATES = {
    Status.SUBMITTED,
    Status.RETURNED,
    Status.APPROVED,
    Status.REJECTED,
    Status.IMPLEMENTING,
    Status.COMPLETED,
    Status.RECOGNISED,
}


def idea_in(status, *, author, co_authors=(), **fields):
    """An idea already in `status`, with the fields that state implies."""
    extra = {}
    if status in SUBMITTED_STATES:
        extra.update(submitted_at=timezone.now() - datetime.timedelta(days=3), phase=phase("2026-2030"))
    if status in {Status.COMPLETED, Status.RECOGNISED}:
        extra["result_assessment"] = "Giảm 30% thời gian"
    if status == Status.RECOGNISED:
        extra.update(
            recognition_level=RecognitionLevel.UNIT,
            recognition_decision_number="12/QĐ",
            recognition_decision_date=datetime.date(2026, 1, 5),
        )
    extra.update(fields)
    idea = IdeaFactory(status=status, author=author, co_authors=list(co_authors), **extra)
    idea.search_text = search_text_for(idea)
    idea.similar_text = similar_text_for(idea)
    idea.save(update_fields=["search_text", "similar_text"])
    IdeaEvent.objects.create(idea=idea, actor=author, action="create", to_status=Status.DRAFT)
    return idea
