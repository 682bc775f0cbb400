"""Award rounds (separate from phases) and the outcomes recorded after a nomination is forwarded."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from awards import services
from awards.models import AwardType, Nomination, Round, Status
from awards.reminders import NominationReviewRule, NominationSubmissionRule
from notifications.reminders import collect
from tests.awards.factories import award, round_
from tests.conftest import force_login_verified
from tests.factories import phase

D = datetime.timedelta
TODAY = datetime.date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(datetime.datetime(2026, 11, 27, 3, 0, tzinfo=datetime.UTC), tick=False):
        yield


def make_round(code, *, phase_code="2026-2030", opens, due, review=None, awards=None):
    found = Round.objects.create(
        code=code,
        name=f"Đợt {code}",
        phase=phase(phase_code),
        opens_on=opens,
        submission_due=due,
        review_due=review,
    )
    found.award_types.set(awards if awards is not None else AwardType.objects.all())
    return found


def create(org, **kwargs):
    defaults = dict(
        by=org.head,
        round=round_(),
        award_type=award("city_certificate"),
        nominee=org.author,
        achievements="x",
    )
    return services.nomination_create(**(defaults | kwargs))


# Rounds ------------------------------------------------------------------------------------------


def test_the_migration_seeds_the_mid_term_round_decided_after_its_phase(db):
    mid_term = Round.objects.get(code="so-ket-2023-2025")
    assert mid_term.name == "Sơ kết giai đoạn 2023-2025"
    assert mid_term.phase.code == "2023-2025"
    assert mid_term.submission_due > mid_term.phase.end  # decided in 2026
    final = Round.objects.get(code="tong-ket-2026-2030")
    assert final.name == "Tổng kết giai đoạn 2026-2030" and final.phase.code == "2026-2030"
    assert set(mid_term.award_types.values_list("code", flat=True)) == set(
        AwardType.objects.values_list("code", flat=True)
    )


def test_a_nomination_belongs_to_its_round_and_takes_its_phase(org):
    mid_term = make_round("mid", phase_code="2023-2025", opens=TODAY - D(days=10), due=TODAY + D(days=10))
    nomination = create(org, round=mid_term)
    assert nomination.round == mid_term
    assert nomination.phase.code == "2023-2025"  # although today is in the 2026-2030 phase


def test_a_closed_round_refuses_new_nominations_clearly(org):
    closed = make_round("closed", opens=TODAY - D(days=30), due=TODAY - D(days=1))
    future = make_round("future", opens=TODAY + D(days=1), due=TODAY + D(days=30))
    for round_closed in (closed, future):
        with pytest.raises(ValidationError) as error:
            create(org, round=round_closed)
        assert "round" in error.value.message_dict
        assert "không nhận hồ sơ" in error.value.message_dict["round"][0]
    assert not Nomination.objects.exists()


def test_a_round_offers_only_its_award_forms(org):
    only_unit = make_round("unit-only", opens=TODAY, due=TODAY, awards=[award("unit_certificate")])
    with pytest.raises(ValidationError) as error:
        create(org, round=only_unit)
    assert "award_type" in error.value.message_dict


def test_a_returned_nomination_is_completed_in_its_round_after_it_closed(org):
    short = make_round("short", opens=TODAY - D(days=5), due=TODAY + D(days=1))
    nomination = create(org, round=short)
    with time_machine.travel(datetime.datetime(2026, 12, 10, 3, 0, tzinfo=datetime.UTC), tick=False):
        later = datetime.date(2026, 12, 10)
        services.nomination_update(
            nomination_id=nomination.pk,
            by=org.head,
            round=short,
            award_type=award("city_certificate"),
            nominee=org.author,
            achievements="bổ sung",
            today=later,
        )
        other_closed = make_round("other", opens=TODAY - D(days=5), due=TODAY)
        with pytest.raises(ValidationError):
            services.nomination_update(
                nomination_id=nomination.pk,
                by=org.head,
                round=other_closed,
                award_type=award("city_certificate"),
                nominee=org.author,
                achievements="bổ sung",
                today=later,
            )


def test_the_form_proposes_the_open_round_and_lists_only_open_ones(client, org):
    make_round("closed", opens=TODAY - D(days=30), due=TODAY - D(days=1))
    open_one = make_round("open", opens=TODAY - D(days=3), due=TODAY + D(days=3))
    client.force_login(org.head)
    form = client.get(reverse("awards:nomination-create")).context["form"]
    assert form.initial["round"] == open_one  # it closes first among the open rounds
    assert set(form.fields["round"].queryset) == set(Round.open_on(TODAY))
    assert not form.fields["round"].queryset.filter(code="closed").exists()


def test_posting_to_a_closed_round_is_a_form_error(client, org):
    closed = make_round("closed", opens=TODAY - D(days=30), due=TODAY - D(days=1))
    client.force_login(org.head)
    response = client.post(
        reverse("awards:nomination-create"),
        {
            "round": closed.pk,
            "award_type": award("city_certificate").pk,
            "category": "thematic",
            "nominee": org.author.pk,
            "achievements": "Thành tích",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["round"]
    assert not Nomination.objects.exists()


def test_only_the_committee_manages_rounds(org):
    new = Round(code="x", name="X", phase=phase(), opens_on=TODAY, submission_due=TODAY)
    with pytest.raises(PermissionDenied):
        services.round_save(by=org.head, round=new, award_types=[])
    saved = services.round_save(by=org.committee, round=new, award_types=[award("unit_certificate")])
    assert list(saved.award_types.values_list("code", flat=True)) == ["unit_certificate"]


def test_a_round_holding_nominations_keeps_its_phase(org):
    nomination = create(org)
    moved = Round.objects.get(pk=nomination.round_id)
    moved.phase = phase("2023-2025")
    with pytest.raises(ValidationError):
        services.round_save(by=org.committee, round=moved, award_types=AwardType.objects.all())


def test_the_committee_adds_a_round_in_the_admin(client, org):
    force_login_verified(client, org.superuser)
    response = client.post(
        "/admin/awards/round/add/",
        {
            "code": "chuyen-de-2027",
            "name": "Khen thưởng chuyên đề năm 2027",
            "phase": phase().pk,
            "opens_on": "2027-01-01",
            "submission_due": "2027-10-31",
            "review_due": "2027-11-30",
            "award_types": [award("city_certificate").pk, award("unit_certificate").pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = Round.objects.get(code="chuyen-de-2027")
    assert saved.award_types.count() == 2


def test_reminders_follow_the_rounds_deadlines_even_after_the_phase(org):
    """The 2023-2025 round is decided in 2026: its deadlines remind although its phase has ended."""
    mid_term = make_round(
        "mid",
        phase_code="2023-2025",
        opens=TODAY - D(days=60),
        due=TODAY + D(days=3),
        review=TODAY + D(days=7),
    )
    submission = [r for r in collect(today=TODAY) if r.rule == NominationSubmissionRule.code]
    assert {r.person_id for r in submission} == {
        org.head.pk,
        org.sub_head.pk,
        org.city_head.pk,
        org.other_head.pk,
    }
    assert all(r.object_key.startswith(f"round:{mid_term.pk}:unit:") for r in submission)
    assert all(r.params["round"] == mid_term.name for r in submission)
    review = [r for r in collect(today=TODAY) if r.rule == NominationReviewRule.code]
    assert [(r.person_id, r.object_key) for r in review] == [(org.committee.pk, f"round:{mid_term.pk}")]
    # Not a reminder day (2 days before the submission deadline), nor after it.
    assert not [r for r in collect(today=TODAY + D(days=1)) if r.rule == NominationSubmissionRule.code]
    assert (
        NominationSubmissionRule().skip_reason(mid_term, today=TODAY + D(days=4)).startswith("the deadline")
    )


# Outcomes ----------------------------------------------------------------------------------------


def forwarded(org, **kwargs):
    nomination = create(org, **kwargs)
    services.nomination_transition(nomination_id=nomination.pk, by=org.head, action="submit")
    services.nomination_transition(nomination_id=nomination.pk, by=org.committee, action="approve")
    return nomination


def post_action(client, nomination, action, data):
    return client.post(reverse("awards:nomination-action", args=[nomination.pk, action]), data)


def new_proposal(client, org):
    return client.post(
        reverse("awards:nomination-create"),
        {
            "round": round_().pk,
            "award_type": award("city_certificate").pk,
            "category": "thematic",
            "nominee": org.author.pk,
            "achievements": "Đề nghị lại",
        },
    )


def test_an_approved_nomination_blocks_a_new_proposal_until_its_outcome(client, org):
    forwarded(org)
    client.force_login(org.head)
    response = new_proposal(client, org)
    assert response.status_code == 200 and response.context["form"].errors
    assert Nomination.objects.count() == 1


def test_not_conferred_is_recorded_with_reason_and_document_and_frees_the_nominee(client, org):
    nomination = forwarded(org)
    client.force_login(org.committee)
    # The reason and the higher level's document are required.
    refused = post_action(client, nomination, "not_confer", {"comment": "", "decision_number": ""})
    assert refused.status_code == 302  # back to the page, the dialog open with its errors (PRG)
    assert Nomination.objects.get(pk=nomination.pk).status == Status.APPROVED
    response = post_action(
        client,
        nomination,
        "not_confer",
        {
            "comment": "Thành tích chưa tiêu biểu",
            "decision_number": "412/TĐKT-VP",
            "decision_date": "2026-11-27",
            "decision_authority": "Ban Thi đua – Khen thưởng Trung ương",
        },
    )
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == Status.NOT_CONFERRED
    assert nomination.outcome_reason == "Thành tích chưa tiêu biểu"
    assert (nomination.decision_number, nomination.decision_date) == (
        "412/TĐKT-VP",
        datetime.date(2026, 11, 27),
    )
    assert nomination.decision_authority == "Ban Thi đua – Khen thưởng Trung ương"
    page = client.get(nomination.get_absolute_url()).content.decode()
    assert "Thành tích chưa tiêu biểu" in page and "412/TĐKT-VP" in page
    client.force_login(org.head)
    assert new_proposal(client, org).status_code == 302
    assert Nomination.objects.filter(nominee=org.author, status=Status.DRAFT).count() == 1


def test_conferred_at_a_lower_form_names_the_form_and_frees_the_nominee(client, org):
    nomination = forwarded(org, award_type=award("pm_certificate"))
    client.force_login(org.committee)
    data = {
        "decision_number": "1290/QĐ-UBND",
        "decision_date": "2026-11-27",
        "decision_authority": "Chủ tịch UBND TP",
        "decision_signer": "Nguyễn Văn Được",
    }
    post_action(client, nomination, "confer_lower", data)  # which form? refused
    assert Nomination.objects.get(pk=nomination.pk).status == Status.APPROVED
    higher = post_action(
        client, nomination, "confer_lower", data | {"conferred_award_type": award("labor_order_3").pk}
    )
    assert higher.status_code == 302  # not lower: refused, back to the page
    assert Nomination.objects.get(pk=nomination.pk).status == Status.APPROVED
    response = post_action(
        client, nomination, "confer_lower", data | {"conferred_award_type": award("city_certificate").pk}
    )
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == Status.CONFERRED_LOWER
    assert nomination.conferred_award_type.code == "city_certificate"
    assert (nomination.decision_authority, nomination.decision_signer) == (
        "Chủ tịch UBND TP",
        "Nguyễn Văn Được",
    )
    assert client.get(nomination.get_absolute_url()).context["nomination"].conferred_award_type is not None
    client.force_login(org.head)
    again = client.post(
        reverse("awards:nomination-create"),
        {
            "round": round_().pk,
            "award_type": award("pm_certificate").pk,
            "category": "merit",
            "nominee": org.author.pk,
            "achievements": "Đề nghị lại",
        },
    )
    assert again.status_code == 302
    # The lower form counts as an earlier award of the nominee.
    fresh = Nomination.objects.get(nominee=org.author, status=Status.DRAFT)
    assert client.get(fresh.get_absolute_url()).context["evidence"].earlier == [nomination]


def test_the_outcomes_are_only_for_forwarded_nominations(org):
    nomination = create(org)
    services.nomination_transition(nomination_id=nomination.pk, by=org.head, action="submit")
    with pytest.raises(services.TransitionNotAllowed):
        services.nomination_transition(
            nomination_id=nomination.pk,
            by=org.committee,
            action="not_confer",
            comment="x",
            decision_number="1",
            decision_date=TODAY,
        )


def test_the_snapshot_is_taken_at_submission_and_shown(client, org):
    nomination = create(org)
    services.nomination_transition(nomination_id=nomination.pk, by=org.head, action="submit")
    nomination.refresh_from_db()
    assert nomination.nominee_position_at_submission == org.author.position
    assert nomination.nominee_unit_name_at_submission == org.sub.name
    org.author.position = "Trưởng phòng"
    org.author.save()
    client.force_login(org.committee)
    page = client.get(nomination.get_absolute_url())
    shown = page.context["nomination"]
    assert shown.position_shown == nomination.nominee_position_at_submission != "Trưởng phòng"
    assert shown.unit_shown == org.sub.name


def test_the_rounds_page_shows_each_rounds_dates_and_forms(client, org):
    make_round("open", opens=TODAY - D(days=3), due=TODAY + D(days=3), awards=[award("unit_certificate")])
    client.force_login(org.author)  # anyone signed in
    response = client.get(reverse("awards:round-list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sơ kết giai đoạn 2023-2025" in page and "31/03/2026" in page
    row = page[page.index('data-testid="round-open"') :]
    row = row[: row.index("</section>")]
    assert "24/11/2026 – 30/11/2026" in row and "Giấy khen" in row and "đang nhận hồ sơ" in row
    client.logout()
    assert client.get(reverse("awards:round-list")).status_code == 302
