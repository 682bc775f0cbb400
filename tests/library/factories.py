"""Practices for tests: recognised ideas made as rows, their practices through the services."""

import datetime

from django.utils import timezone

from ideas.models import IdeaRecognition, RecognitionAct, Status
from library import services
from library.models import Practice
from tests.ideas.factories import idea_in

SUMMARY = "Gom hồ sơ đất đai về một bộ phận một cửa; thời gian giải quyết giảm một nửa."


def recognised_idea(org, *, title="Một cửa liên thông đất đai", act=RecognitionAct.UNIT, **fields):
    """An idea of org.sub by the author (and the co-author), recognised by one act ten days ago."""
    idea = idea_in(Status.RECOGNISED, author=org.author, co_authors=[org.co_author], title=title, **fields)
    IdeaRecognition.objects.create(
        idea=idea,
        act=act,
        authority="Thủ trưởng đơn vị",
        decision_number="12/QĐ",
        decision_date=timezone.localdate() - datetime.timedelta(days=10),
        recorded_by=org.head,
    )
    return idea


def practice_in(org, *, published=True, title="Một cửa liên thông đất đai", summary=SUMMARY, **fields):
    """A practice written by the author; published: approved by the author and by sub_head (the head)."""
    idea = recognised_idea(org, title=title, **fields)
    practice = services.practice_write(by=org.author, source=idea, title=title, summary=summary)
    if published:
        services.practice_approve(practice=practice, by=org.author)
        practice = services.practice_approve(practice=practice, by=org.sub_head)
    return Practice.objects.get(pk=practice.pk)
