"""Recognition is a series of acts: as an initiative, its effect at unit level, at city level."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.selectors import signer_title
from ideas import services
from ideas.models import IdeaRecognition, RecognitionAct, Status
from tests.awards.factories import NominationFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 20)
COMPLETED = datetime.datetime(2026, 9, 1, 3, 0, tzinfo=datetime.UTC)


@pytest.fixture
def completed(org, make_idea):
    idea = make_idea("implementing")
    services.idea_transition(
        idea=idea, by=org.sub_head, action="complete", comment="Giảm 40% thời gian", now=COMPLETED
    )
    idea.refresh_from_db()
    return idea


def recognise(idea, by, level, date, number="5/QĐ", **kw):
    return services.idea_transition(
        idea=idea,
        by=by,
        action="recognise",
        level=level,
        decision_number=number,
        decision_date=date,
        today=TODAY,
        **kw,
    )


def test_the_acts_follow_each_other_and_the_highest_is_shown(org, completed):
    recognise(completed, org.sub_head, "initiative", datetime.date(2026, 9, 10), number="12/QĐ-HĐSK")
    idea = recognise(completed, org.sub_head, "unit", datetime.date(2026, 9, 20), number="15/QĐ")
    assert (idea.status, idea.recognition_level, idea.recognition_decision_number) == (
        "recognised",
        "unit",
        "15/QĐ",
    )
    idea = recognise(
        idea,
        org.committee,
        "city",
        datetime.date(2026, 10, 5),
        number="3012/QĐ-UBND",
        authority="Chủ tịch UBND TP",
    )
    assert (idea.recognition_level, idea.recognition_decision_number) == ("city", "3012/QĐ-UBND")
    assert idea.recognition_decision_date == datetime.date(2026, 10, 5)
    acts = list(idea.recognitions.values_list("act", "authority", "recorded_by__username"))
    assert acts == [
        ("initiative", "Hội đồng sáng kiến Phòng Thử nghiệm", "subhead"),
        ("unit", signer_title(org.sub_head.position, "Phòng Thử nghiệm"), "subhead"),
        ("city", "Chủ tịch UBND TP", "committee"),
    ]
    assert list(idea.events.filter(action="recognise").values_list("from_status", "to_status")) == [
        ("completed", "recognised"),
        ("recognised", "recognised"),
        ("recognised", "recognised"),
    ]


def test_an_act_is_recorded_once_and_never_below_a_higher_one(org, completed):
    recognise(completed, org.committee, "city", datetime.date(2026, 10, 5))
    for level in ("city", "unit"):
        with pytest.raises(ValidationError) as error:
            recognise(
                completed,
                org.sub_head if level == "unit" else org.committee,
                level,
                datetime.date(2026, 10, 6),
            )
        assert "level" in error.value.message_dict
    assert IdeaRecognition.objects.filter(idea=completed).count() == 1


@pytest.mark.parametrize(
    ("date", "number"),
    [
        (datetime.date(2026, 8, 31), "5/QĐ"),  # before the pilot was completed
        (TODAY + datetime.timedelta(days=1), "5/QĐ"),  # in the future
        (datetime.date(1, 1, 1), "5/QĐ"),  # 01/01/0001
        (datetime.date(2026, 10, 1), "5/QĐ\n6/QĐ"),  # two lines
    ],
)
def test_the_decision_is_validated(org, completed, date, number):
    with pytest.raises(ValidationError):
        recognise(completed, org.sub_head, "unit", date, number=number)
    completed.refresh_from_db()
    assert completed.status == Status.COMPLETED and not completed.recognitions.exists()


def test_city_level_cannot_be_dated_before_the_unit_level(org, completed):
    recognise(completed, org.sub_head, "unit", datetime.date(2026, 10, 1))
    with pytest.raises(ValidationError) as error:
        recognise(completed, org.committee, "city", datetime.date(2026, 9, 15))
    assert "decision_date" in error.value.message_dict


def test_the_committee_raises_a_unit_level_recognition_to_city_level_through_http(client, org, completed):
    recognise(completed, org.sub_head, "unit", datetime.date(2026, 10, 1), number="45/QĐ-UBND")
    client.force_login(org.committee)
    page = client.get(reverse("ideas:idea-detail", args=[completed.pk]))
    assert "recognise" in page.context["actions"]
    dialog = next(d for d in page.context["dialogs"] if d.action == "recognise")
    assert [c for c, _label in dialog.form.fields["level"].choices] == ["city"]
    response = client.post(
        reverse("ideas:idea-action", args=[completed.pk, "recognise"]),
        {
            "level": "city",
            "authority": "Chủ tịch UBND Thành phố Hồ Chí Minh",
            "decision_number": "3012/QĐ-UBND",
            "decision_date": "2026-11-02",
        },
    )
    assert response.status_code == 302
    completed.refresh_from_db()
    assert (completed.recognition_level, completed.recognition_decision_number) == ("city", "3012/QĐ-UBND")
    html = client.get(reverse("ideas:idea-detail", args=[completed.pk])).content.decode()
    assert "45/QĐ-UBND" in html and "3012/QĐ-UBND" in html
    # Nothing is left for the unit head to record but the initiative act.
    client.force_login(org.sub_head)
    page = client.get(reverse("ideas:idea-detail", args=[completed.pk]))
    dialog = next(d for d in page.context["dialogs"] if d.action == "recognise")
    assert [c for c, _label in dialog.form.fields["level"].choices] == [RecognitionAct.INITIATIVE]


def test_the_nomination_evidence_lists_every_act(client, org, completed):
    recognise(completed, org.sub_head, "initiative", datetime.date(2026, 9, 10), number="12/QĐ-HĐSK")
    recognise(completed, org.sub_head, "unit", datetime.date(2026, 9, 20), number="15/QĐ")
    recognise(completed, org.committee, "city", datetime.date(2026, 10, 5), number="3012/QĐ-UBND")
    nomination = NominationFactory(nominee=org.author, proposing_unit=org.unit, ideas=[completed])
    client.force_login(org.committee)
    html = client.get(reverse("awards:nomination-detail", args=[nomination.pk])).content.decode()
    acts = html[html.index('data-testid="recognition-acts"') :]
    for number in ("12/QĐ-HĐSK", "15/QĐ", "3012/QĐ-UBND"):
        assert number in acts
    assert "Cấp Thành phố" in html  # the highest level, beside the idea
