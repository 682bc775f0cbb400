"""The services: every transition, its preconditions, its event and its notifications."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ideas import services
from ideas.models import Idea, IdeaEvent, Status
from ideas.workflow import TRANSITIONS
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def act(idea, by, action, **kw):
    return services.idea_transition(idea=idea, by=by, action=action, **kw)


def test_whole_life_of_an_idea(org):
    idea, created = services.idea_create(
        by=org.author,
        title="Đơn giản hoá thủ tục đất đai",
        summary="Tóm tắt",
        problem="Hồ sơ rườm rà",
        solution="Một cửa",
        expected_benefit="Nhanh hơn",
        topic="land_projects",
        scope="unit",
        co_authors=[org.co_author],
    )
    assert created and idea.status == Status.DRAFT and idea.unit == org.sub
    assert "dat dai" in idea.search_text
    services.invitation_answer(invitation=idea.invitations.get(), by=org.co_author, accept=True)
    act(idea, org.author, "submit", today=datetime.date(2026, 3, 2))
    idea.refresh_from_db()
    assert idea.status == Status.SUBMITTED and idea.phase.code == "2026-2030" and idea.submitted_at
    # The heads and deputies above the unit hear of it; the authors do not.
    notified = set(
        Notification.objects.filter(kind="idea_submitted").values_list("recipient__username", flat=True)
    )
    assert notified == {"subhead"}  # the head of the idea's own unit, not every unit above
    act(idea, org.head, "return", comment="Bổ sung số liệu")
    assert set(
        Notification.objects.filter(kind="idea_return").values_list("recipient__username", flat=True)
    ) == {
        "author",
        "coauthor",
    }
    act(idea, org.co_author, "submit")
    act(idea, org.deputy, "approve")
    act(idea, org.sub_head, "start")
    services.idea_report_progress(idea=idea, by=org.author, comment="Đã triển khai 50%")
    act(idea, org.sub_head, "complete", comment="Giảm 40% thời gian")
    act(
        idea,
        org.committee,
        "recognise",
        level="city",
        decision_number="123/QĐ-UBND",
        decision_date=datetime.date(2026, 6, 1),
        today=datetime.date(2026, 6, 2),
    )
    idea.refresh_from_db()
    assert idea.status == Status.RECOGNISED
    assert idea.result_assessment == "Giảm 40% thời gian"
    assert (idea.recognition_level, idea.recognition_decision_number) == ("city", "123/QĐ-UBND")
    actions = list(idea.events.values_list("action", "from_status", "to_status"))
    assert [a for a, _f, _t in actions] == [
        "create", "invitation_accept", "submit", "return", "submit", "approve", "start", "progress",
        "complete", "recognise",
    ]  # fmt: skip
    assert actions[3][1:] == ("submitted", "returned")


def test_phase_comes_from_the_submission_date(org, make_idea):
    idea = make_idea("draft")
    act(idea, org.author, "submit", today=datetime.date(2024, 5, 1))
    assert Idea.objects.get(pk=idea.pk).phase.code == "2023-2025"


def test_unit_is_fixed_at_submission(org, make_idea):
    idea = make_idea("draft")
    org.author.unit = org.unit
    org.author.save()
    act(idea, org.author, "submit")
    idea.refresh_from_db()
    assert idea.unit == org.unit
    org.author.unit = org.other
    org.author.save()
    idea.refresh_from_db()
    assert idea.unit == org.unit


@pytest.mark.parametrize("action", ["return", "reject"])
def test_return_and_reject_need_a_comment(org, make_idea, action):
    idea = make_idea("submitted")
    with pytest.raises(ValidationError):
        act(idea, org.head, action, comment="   ")
    assert Idea.objects.get(pk=idea.pk).status == Status.SUBMITTED
    assert not IdeaEvent.objects.filter(idea=idea, action=action).exists()


def test_author_never_reviews_own_idea(org, make_idea):
    # The head writes an idea with a colleague; as an author the head may not approve it.
    idea = make_idea("submitted", co_authors=[org.head])
    with pytest.raises(PermissionDenied):
        act(idea, org.head, "approve")
    assert Idea.objects.get(pk=idea.pk).status == Status.SUBMITTED


def test_wrong_state_is_refused_with_a_message(org, make_idea):
    idea = make_idea("approved")
    with pytest.raises(services.WorkflowError, match="Đã phê duyệt|Approved"):
        act(idea, org.head, "approve")


def test_recognise_checks_level_and_date(org, make_idea):
    idea = make_idea("completed")
    today = datetime.date(2026, 6, 2)
    with pytest.raises(ValidationError):
        tomorrow = today.replace(day=3)
        act(
            idea,
            org.committee,
            "recognise",
            level="city",
            decision_number="1",
            decision_date=tomorrow,
            today=today,
        )
    with pytest.raises(ValidationError):
        act(
            idea,
            org.committee,
            "recognise",
            level="city",
            decision_number="",
            decision_date=today,
            today=today,
        )
    # The committee recognises at city level, the unit head at unit level, not the other way round.
    with pytest.raises(PermissionDenied):
        act(
            idea,
            org.sub_head,
            "recognise",
            level="city",
            decision_number="1",
            decision_date=today,
            today=today,
        )
    with pytest.raises(PermissionDenied):
        act(idea, org.head, "recognise", level="unit", decision_number="1", decision_date=today, today=today)
    act(
        idea,
        org.sub_head,
        "recognise",
        level="unit",
        decision_number="5/QĐ",
        decision_date=today,
        today=today,
    )
    assert Idea.objects.get(pk=idea.pk).recognition_level == "unit"


def test_edit_only_in_draft_and_returned(org, make_idea):
    for status in Status.values:
        idea = make_idea(status)
        if status in {"draft", "returned"}:
            services.idea_update(idea=idea, by=org.author, title="Mới")
            assert Idea.objects.get(pk=idea.pk).title == "Mới"
        else:
            with pytest.raises(services.WorkflowError):
                services.idea_update(idea=idea, by=org.author, title="Mới")


def test_double_submitted_create_form_gives_one_idea(org):
    import uuid

    token = uuid.uuid4()
    fields = dict(
        title="T", summary="S", problem="P", solution="G", expected_benefit="B", topic="other", scope="unit"
    )
    first, created1 = services.idea_create(by=org.author, token=token, **fields)
    second, created2 = services.idea_create(by=org.author, token=token, **fields)
    assert first.pk == second.pk and created1 and not created2
    assert Idea.objects.count() == 1 and IdeaEvent.objects.filter(action="create").count() == 1


def test_successor_unit_head_supervises_ideas_of_the_replaced_unit(org, make_idea):
    from tests.factories import UnitFactory, UserFactory

    new_head = UserFactory(username="newhead")
    successor = UnitFactory(code="NEW", head=new_head, parent=org.city)
    org.sub.successor = successor
    org.sub.save()
    idea = make_idea("submitted")
    act(idea, new_head, "approve")
    act(idea, new_head, "start")
    assert Idea.objects.get(pk=idea.pk).status == Status.IMPLEMENTING


def test_the_transition_table_names_every_action():
    """Which code may write a status is guarded in tests/test_guards.py (one guard for every app)."""
    assert set(TRANSITIONS) == {
        "submit",
        "withdraw",
        "approve",
        "return",
        "reject",
        "start",
        "complete",
        "recognise",
    }


def test_head_of_the_parent_leads_a_unit_without_a_head(org):
    """A "văn phòng" without a head of its own is led by its parent's head (demo: phường Bình Tân)."""
    from tests.factories import UnitFactory, UserFactory
    from tests.ideas.factories import idea_in

    office = UnitFactory(code="OFFICE", parent=org.other)
    writer = UserFactory(unit=office)
    idea = idea_in("approved", author=writer)
    with pytest.raises(PermissionDenied):
        act(idea, org.head, "start")  # heads another branch of the tree
    act(idea, org.other_head, "start")
    assert Idea.objects.get(pk=idea.pk).status == Status.IMPLEMENTING
    # But where the unit has its own head, the head above may not start the pilot.
    sub_idea = idea_in("approved", author=org.author)
    with pytest.raises(PermissionDenied):
        act(sub_idea, org.head, "start")


def test_events_are_immutable(org, make_idea):
    event = make_idea("draft").events.get()
    event.comment = "sửa lại lịch sử"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    assert IdeaEvent.objects.get(pk=event.pk).comment == ""
