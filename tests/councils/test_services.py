"""Councils through their services: who may do what, the computations (weights, the vote's
percentage of all members, the thresholds exactly, the quorum), and bad input that saves nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from councils import services
from councils.models import Criterion, Score, Vote
from tests.awards.factories import NominationFactory
from tests.councils.factories import council_of, full_scores, meeting_on, vote_type
from tests.factories import UserFactory
from tests.ideas.factories import idea_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(org):
    """The city's council: five members, the idea's author among them."""
    return council_of(
        org.committee,
        chair=org.city_head,
        secretary=org.deputy,
        members=[org.head, org.colleague, org.author],
        default_threshold=80,
    )


@pytest.fixture
def idea(org):
    return idea_in("completed", author=org.author, co_authors=[org.co_author], title="Một cửa số")


def test_a_council_starts_with_the_usual_criteria_and_only_its_creators_may_set_it_up(org):
    council = council_of(org.committee, chair=org.city_head)
    assert [(c.name, c.weight, c.max_score) for c in council.criteria.all()] == [
        ("Tính mới", 3, 10),
        ("Khả năng áp dụng", 3, 10),
        ("Hiệu quả", 4, 10),
    ]
    with pytest.raises(PermissionDenied):
        services.council_create(by=org.head, name="Hội đồng TP", kind="emulation", unit=None)
    with pytest.raises(PermissionDenied):
        services.council_create(by=org.head, name="Hội đồng khác", kind="initiative", unit=org.other)
    own = services.council_create(by=org.head, name="Hội đồng sáng kiến Sở", kind="initiative", unit=org.unit)
    with pytest.raises(ValidationError):  # one chair
        services.council_add_member(council=council, by=org.committee, person=org.head, role="chair")
    with pytest.raises(ValidationError):  # once
        services.council_add_member(council=council, by=org.committee, person=org.city_head, role="member")
    with pytest.raises(PermissionDenied):
        services.council_add_member(council=own, by=org.committee, person=org.deputy, role="member")
    # A person may sit on several councils.
    services.council_add_member(council=own, by=org.head, person=org.city_head, role="chair")


def test_weighted_scores_vote_percentage_and_the_threshold_exactly(org, council, idea):
    meeting = meeting_on(
        council, org.city_head, [idea], attending=[org.city_head, org.deputy, org.head, org.colleague]
    )
    [item] = meeting.items.all()
    assert (item.scored, item.voted, item.threshold) == (True, True, 80)
    criteria = list(council.criteria.all())
    services.meeting_ballot(item=item, by=org.city_head, scores=full_scores(council), agree=True)
    # 10, 5, 0 with weights 3, 3, 4: 30 + 15 + 0 = 45.
    services.meeting_ballot(
        item=item,
        by=org.deputy,
        scores={criteria[0].pk: 10, criteria[1].pk: 5, criteria[2].pk: 0},
        agree=True,
    )
    services.meeting_ballot(item=item, by=org.head, scores=full_scores(council, 7), agree=True)
    services.meeting_ballot(item=item, by=org.colleague, scores=full_scores(council, 8), agree=True)
    live = services.compute_results(meeting)
    assert live.items[item.pk].score_total == Decimal(100 + 45 + 70 + 80)
    assert live.items[item.pk].score_average == Decimal("73.75")
    # Four of five members agree: exactly 80 %, the threshold.
    assert live.items[item.pk].vote_percent == Decimal("80.00")
    assert live.items[item.pk].passed
    meeting = services.meeting_transition(meeting=meeting, by=org.city_head, action="close")
    item.refresh_from_db()
    assert (item.agree, item.disagree, item.scorers, item.score_max) == (4, 0, 4, 100)
    assert (item.passed, meeting.quorum_met, meeting.attended_count, meeting.members_count) == (
        True,
        True,
        4,
        5,
    )


def test_one_vote_below_the_threshold_does_not_pass(org, council, idea):
    meeting = meeting_on(
        council, org.city_head, [idea], attending=[org.city_head, org.deputy, org.head, org.colleague]
    )
    [item] = meeting.items.all()
    for person, agree in [
        (org.city_head, True),
        (org.deputy, True),
        (org.head, True),
        (org.colleague, False),
    ]:
        services.meeting_ballot(item=item, by=person, scores=full_scores(council), agree=agree)
    services.meeting_transition(meeting=meeting, by=org.deputy, action="close")
    item.refresh_from_db()
    assert (item.vote_percent, item.passed) == (Decimal("60.00"), False)


@pytest.mark.parametrize(
    ("threshold", "agreeing", "passes"), [(80, 8, True), (80, 7, False), (90, 9, True), (90, 8, False)]
)
def test_the_award_types_threshold_at_its_boundary(org, threshold, agreeing, passes):
    people = [UserFactory(unit=org.unit) for _ in range(9)]
    council = council_of(org.committee, chair=org.city_head, members=people)
    nomination = NominationFactory(
        nominee=org.author, proposing_unit=org.unit, award_type=vote_type(threshold), status="submitted"
    )
    meeting = meeting_on(council, org.committee, [nomination], attending=[org.city_head, *people])
    [item] = meeting.items.all()
    assert (item.scored, item.voted, item.threshold) == (False, True, threshold)
    for index, person in enumerate([org.city_head, *people]):
        services.meeting_ballot(item=item, by=person, scores={}, agree=index < agreeing)
    services.meeting_transition(meeting=meeting, by=org.committee, action="close")
    item.refresh_from_db()
    assert item.vote_percent == Decimal(agreeing * 10)
    assert item.passed is passes


def test_without_a_quorum_the_meeting_closes_and_nothing_passes(org, council, idea):
    meeting = meeting_on(council, org.city_head, [idea], attending=[org.city_head, org.deputy])
    [item] = meeting.items.all()
    for person in (org.city_head, org.deputy):
        services.meeting_ballot(item=item, by=person, scores=full_scores(council), agree=True)
    meeting = services.meeting_transition(meeting=meeting, by=org.city_head, action="close")
    item.refresh_from_db()
    assert (meeting.status, meeting.quorum_met, item.passed) == ("closed", False, False)


def test_the_quorum_is_data_of_the_council(org, idea):
    council = council_of(
        org.committee, chair=org.city_head, secretary=org.deputy, members=[org.head, org.colleague], quorum=2
    )
    council.default_threshold = 50
    council.save()
    meeting = meeting_on(council, org.city_head, [idea], attending=[org.city_head, org.deputy])
    [item] = meeting.items.all()
    for person in (org.city_head, org.deputy):
        services.meeting_ballot(item=item, by=person, scores=full_scores(council), agree=True)
    assert services.compute_results(meeting).quorum_met
    assert services.compute_results(meeting).items[item.pk].passed  # 2 of 4 members: 50 %


def test_the_pass_mark_of_a_scored_idea(org, council):
    submitted = idea_in("submitted", author=org.outsider, unit=org.other, title="Đang xét")
    meeting = meeting_on(council, org.committee, [submitted], attending=[org.city_head, org.deputy, org.head])
    [item] = meeting.items.all()
    assert (item.scored, item.voted) == (True, False)  # under review: scored only
    for person in (org.city_head, org.deputy, org.head):
        services.meeting_ballot(item=item, by=person, scores=full_scores(council, 5), agree=None)
    assert services.compute_results(meeting).items[item.pk].passed  # 50 of 100: the pass mark
    Score.objects.filter(item=item, member=org.head).update(value=4)
    assert not services.compute_results(meeting).items[item.pk].passed


def test_a_member_never_scores_or_votes_on_their_own_idea(org, idea):
    council = council_of(org.committee, chair=org.city_head, members=[org.author, org.co_author, org.head])
    meeting = meeting_on(
        council, org.committee, [idea], attending=[org.city_head, org.author, org.co_author, org.head]
    )
    [item] = meeting.items.all()
    for author in (org.author, org.co_author):
        assert "tác giả" in services.ballot_refusal(author, item, attended=True)
        with pytest.raises(services.CouncilError):
            services.meeting_ballot(item=item, by=author, scores=full_scores(council), agree=True)
    assert not Score.objects.exists() and not Vote.objects.exists()


def test_the_nominee_never_votes_on_their_own_nomination(org):
    council = council_of(org.committee, chair=org.city_head, members=[org.author])
    nomination = NominationFactory(nominee=org.author, proposing_unit=org.unit, status="submitted")
    meeting = meeting_on(council, org.committee, [nomination], attending=[org.city_head, org.author])
    [item] = meeting.items.all()
    with pytest.raises(services.CouncilError):
        services.meeting_ballot(item=item, by=org.author, scores={}, agree=True)
    assert not Vote.objects.exists()


def test_bad_input_saves_nothing(org, council, idea):
    meeting = meeting_on(council, org.city_head, [idea], attending=[org.city_head, org.deputy, org.head])
    [item] = meeting.items.all()
    criteria = list(council.criteria.all())
    out_of_range = {criteria[0].pk: 10, criteria[1].pk: 11, criteria[2].pk: 3}
    with pytest.raises(ValidationError) as error:
        services.meeting_ballot(item=item, by=org.head, scores=out_of_range, agree=True)
    assert f"score_{criteria[1].pk}" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.meeting_ballot(item=item, by=org.head, scores=full_scores(council), agree=None)
    assert "vote" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.meeting_ballot(item=item, by=org.head, scores={criteria[0].pk: 5}, agree=True)
    assert not Score.objects.exists() and not Vote.objects.exists()
    # Not recorded as attending; not a member.
    with pytest.raises(services.CouncilError):
        services.meeting_ballot(item=item, by=org.colleague, scores=full_scores(council), agree=True)
    with pytest.raises(PermissionDenied):
        services.meeting_ballot(item=item, by=org.outsider, scores=full_scores(council), agree=True)
    # A second ballot replaces the first while the meeting is in session.
    services.meeting_ballot(item=item, by=org.head, scores=full_scores(council, 2), agree=False)
    services.meeting_ballot(item=item, by=org.head, scores=full_scores(council, 9), agree=True)
    assert sorted(Score.objects.values_list("value", flat=True)) == [9, 9, 9]
    assert list(Vote.objects.values_list("agree", flat=True)) == [True]
    # After closing: refused with a clear message, nothing changed.
    services.meeting_transition(meeting=meeting, by=org.city_head, action="close")
    with pytest.raises(services.CouncilError, match="đang họp; chưa lưu gì"):
        services.meeting_ballot(item=item, by=org.head, scores=full_scores(council, 1), agree=False)
    assert sorted(Score.objects.values_list("value", flat=True)) == [9, 9, 9]
    assert list(Vote.objects.values_list("agree", flat=True)) == [True]


def test_agenda_attendance_and_the_meeting_states(org, council, idea):
    draft = idea_in("draft", author=org.outsider, title="Nháp")
    meeting = meeting_on(council, org.city_head, [], attending=[], open_=False)
    with pytest.raises(services.CouncilError):
        services.meeting_transition(meeting=meeting, by=org.city_head, action="open")  # no item
    with pytest.raises(ValidationError):
        services.meeting_add_item(meeting=meeting, by=org.city_head, key=f"{idea.pk}:x")
    from councils.registry import item_key

    with pytest.raises(ValidationError):  # a draft is nobody's to put before a council
        services.meeting_add_item(meeting=meeting, by=org.city_head, key=item_key(draft))
    with pytest.raises(PermissionDenied):  # a plain member does not run the meeting
        services.meeting_add_item(meeting=meeting, by=org.head, key=item_key(idea))
    item = services.meeting_add_item(meeting=meeting, by=org.deputy, key=item_key(idea))  # the secretary
    with pytest.raises(ValidationError):
        services.meeting_add_item(meeting=meeting, by=org.deputy, key=item_key(idea))  # once
    with pytest.raises(ValidationError):
        services.meeting_record_attendance(meeting=meeting, by=org.deputy, people=[org.outsider.pk])
    services.meeting_record_attendance(meeting=meeting, by=org.deputy, people=[org.head.pk, org.city_head.pk])
    services.meeting_transition(meeting=meeting, by=org.city_head, action="open")
    services.meeting_ballot(item=item, by=org.head, scores=full_scores(council), agree=True)
    # Marked absent afterwards: their ballot goes with them.
    services.meeting_record_attendance(meeting=meeting, by=org.deputy, people=[org.city_head.pk])
    assert not Score.objects.exists() and not Vote.objects.exists()
    with pytest.raises(PermissionDenied):
        services.meeting_transition(meeting=meeting, by=org.head, action="close")
    services.meeting_transition(meeting=meeting, by=org.committee, action="close")  # the committee runs it
    with pytest.raises(services.CouncilError):
        services.meeting_transition(meeting=meeting, by=org.city_head, action="close")
    with pytest.raises(services.CouncilError):
        services.meeting_record_attendance(meeting=meeting, by=org.deputy, people=[])


def test_the_criteria_and_weights_are_data(org, council, idea):
    Criterion.objects.filter(council=council).update(weight=1, max_score=20)
    meeting = meeting_on(council, org.city_head, [idea], attending=[org.city_head, org.deputy, org.head])
    [item] = meeting.items.all()
    services.meeting_ballot(item=item, by=org.head, scores=full_scores(council, 20), agree=True)
    result = services.compute_results(meeting).items[item.pk]
    assert (result.score_average, result.score_max) == (Decimal(60), 60)


def test_a_meeting_date_more_than_a_year_ago_is_refused(org, council):
    today = datetime.date(2026, 12, 2)
    with pytest.raises(ValidationError):
        services.meeting_create(
            council=council,
            by=org.city_head,
            date=today - datetime.timedelta(days=400),
            place="X",
            today=today,
        )
