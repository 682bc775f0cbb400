"""A recognition of an idea and a nomination's decision may cite a closed meeting that passed it,
and no other."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from awards import services as award_services
from councils import services
from ideas import services as idea_services
from tests.awards.factories import NominationFactory, award
from tests.councils.factories import council_of, full_scores, meeting_on
from tests.ideas.factories import idea_in

pytestmark = pytest.mark.django_db


def held(org, obj, *, agree):
    council = council_of(org.committee, chair=org.city_head, secretary=org.deputy, members=[org.colleague])
    meeting = meeting_on(council, org.committee, [obj], attending=[org.city_head, org.deputy, org.colleague])
    [item] = meeting.items.all()
    for person in (org.city_head, org.deputy, org.colleague):
        scores = full_scores(council) if item.scored else {}
        services.meeting_ballot(item=item, by=person, scores=scores, agree=agree)
    return services.meeting_transition(meeting=meeting, by=org.committee, action="close")


def test_a_recognition_cites_a_meeting_that_passed_the_idea(client, org):
    idea = idea_in("completed", author=org.author, title="Giải pháp được Hội đồng thông qua")
    passed, failed = held(org, idea, agree=True), held(org, idea, agree=False)
    today = timezone.localdate()
    decision = {"level": "city", "decision_number": "77/QĐ-UBND", "decision_date": today, "today": today}
    with pytest.raises(ValidationError) as error:
        idea_services.idea_transition(
            idea=idea, by=org.committee, action="recognise", meeting=failed, **decision
        )
    assert "meeting" in error.value.message_dict
    idea_services.idea_transition(idea=idea, by=org.committee, action="recognise", meeting=passed, **decision)
    assert idea.recognitions.get().meeting == passed
    client.force_login(org.author)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert f"theo biên bản họp {passed.council.name} ngày {passed.date:%d/%m/%Y}" in page


def test_a_decision_cites_a_meeting_that_passed_the_nomination(org):
    nomination = NominationFactory(
        nominee=org.author,
        proposing_unit=org.unit,
        award_type=award("unit_certificate"),
        status="submitted",
        submitted_at=timezone.now() - datetime.timedelta(days=2),
    )
    passed, failed = held(org, nomination, agree=True), held(org, nomination, agree=False)
    decision = {
        "decision_number": "9/GK",
        "decision_date": timezone.localdate(),
        "decision_authority": "Giám đốc Sở Thử nghiệm",
        "decision_signer": "Nguyễn Văn A",
    }
    with pytest.raises(ValidationError) as error:
        award_services.nomination_transition(
            nomination_id=nomination.pk, by=org.head, action="confer", council_meeting=failed, **decision
        )
    assert "council_meeting" in error.value.message_dict
    award_services.nomination_transition(
        nomination_id=nomination.pk, by=org.head, action="confer", council_meeting=passed, **decision
    )
    nomination.refresh_from_db()
    assert (nomination.status, nomination.council_meeting) == ("conferred", passed)
