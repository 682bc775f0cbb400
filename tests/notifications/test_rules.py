"""Each reminder rule with frozen dates (passed as `today`), and its reasons for saying no."""

import datetime

import pytest
from django.utils import timezone

from movement.models import PublicHoliday
from notifications.reminders import collect, deadline_skip_reason, rules
from tests.factories import DeadlineFactory, IdeaFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.timedelta


def keyed(reminders, rule):
    return sorted((r.person_id, r.object_key) for r in reminders if r.rule == rule)


def test_every_rule_is_registered():
    assert {r.code for r in rules()} >= {
        "idea_submission",
        "idea_review_overdue",
        "idea_review_deadline",
        "nomination_submission",
        "nomination_review",
    }


@pytest.mark.parametrize("days", [7, 3, 1])
def test_authors_and_co_authors_of_drafts_reminded_7_3_1_days_before(org, today, draft, days):
    deadline = DeadlineFactory(kind="idea_submission", due_date=today + D(days=days), unit=org.unit)
    returned = IdeaFactory(author=org.colleague, status="returned")
    IdeaFactory(author=org.colleague, status="submitted")  # already in: no reminder
    out = keyed(collect(today=today), "idea_submission")
    key = f"deadline:{deadline.pk}:idea:"
    assert out == sorted(
        [
            (org.author.pk, f"{key}{draft.pk}"),
            (org.co_author.pk, f"{key}{draft.pk}"),
            (org.colleague.pk, f"{key}{returned.pk}"),
        ]
    )


@pytest.mark.parametrize("days", [0, 2, 4, 6, 8])
def test_no_submission_reminder_on_other_days(org, today, draft, days):
    deadline = DeadlineFactory(kind="idea_submission", due_date=today + D(days=days), unit=org.unit)
    assert keyed(collect(today=today), "idea_submission") == []
    rule = next(r for r in rules() if r.code == "idea_submission")
    assert "not a reminder day" in rule.skip_reason(deadline, today=today)


def test_submission_deadline_scoped_to_unit_reaches_sub_units_only(org, today, draft):
    outsider_idea = IdeaFactory(author=org.outsider, status="draft")
    DeadlineFactory(kind="idea_submission", due_date=today + D(days=3), unit=org.unit)
    people = {p for p, _ in keyed(collect(today=today), "idea_submission")}
    assert people == {org.author.pk, org.co_author.pk}
    rule = next(r for r in rules() if r.code == "idea_submission")
    assert rule.skip_reason(draft, today=today) is None
    assert "no idea submission deadline" in rule.skip_reason(outsider_idea, today=today)


def test_submission_deadline_without_unit_applies_to_all_units(org, today, draft):
    outsider_idea = IdeaFactory(author=org.outsider, status="draft")
    DeadlineFactory(kind="idea_submission", due_date=today + D(days=1), unit=None)
    people = {p for p, _ in keyed(collect(today=today), "idea_submission")}
    assert people == {org.author.pk, org.co_author.pk, org.outsider.pk}
    assert outsider_idea.pk


def test_inactive_author_not_reminded(org, today, draft):
    org.co_author.is_active = False
    org.co_author.save()
    DeadlineFactory(kind="idea_submission", due_date=today + D(days=1), unit=None)
    assert {p for p, _ in keyed(collect(today=today), "idea_submission")} == {org.author.pk}


def test_deadline_in_the_past_is_ignored_with_a_reason(org, today, draft, caplog):
    deadline = DeadlineFactory(kind="idea_submission", due_date=today - D(days=1), unit=None)
    caplog.set_level("INFO")
    assert keyed(collect(today=today), "idea_submission") == []
    assert "in the past" in deadline_skip_reason(deadline, today=today)
    assert "in the past" in caplog.text


def test_deadline_outside_its_phase_is_ignored_with_a_reason(org, draft):
    # 2025-12-29 belongs to 2023-2025, but the deadline names the 2026-2030 phase.
    today = datetime.date(2025, 12, 22)
    deadline = DeadlineFactory(kind="idea_submission", due_date=datetime.date(2025, 12, 29), unit=None)
    assert keyed(collect(today=today), "idea_submission") == []
    assert "outside its phase" in deadline_skip_reason(deadline, today=today)


def _submitted(org, submitted_on: datetime.date, **kwargs):
    at = timezone.make_aware(datetime.datetime.combine(submitted_on, datetime.time(16, 0)))
    return IdeaFactory(author=org.author, status="submitted", submitted_at=at, **kwargs)


def test_review_overdue_after_five_working_days(org, today):
    # Wed 18/11/2026. Submitted Wed 11/11: Thu, Fri, Mon, Tue, Wed = 5 working days: not yet.
    on_time = _submitted(org, datetime.date(2026, 11, 11))
    # Submitted Tue 10/11: 6 working days: overdue. The sub-unit's head reviews it.
    late = _submitted(org, datetime.date(2026, 11, 10))
    out = keyed(collect(today=today), "idea_review_overdue")
    assert out == [(org.sub_head.pk, f"idea:{late.pk}")]
    rule = next(r for r in rules() if r.code == "idea_review_overdue")
    assert "within the limit" in rule.skip_reason(on_time, today=today)
    assert rule.skip_reason(late, today=today) is None


def test_review_overdue_counts_no_public_holiday(org, today):
    late = _submitted(org, datetime.date(2026, 11, 10))
    PublicHoliday.objects.create(date=datetime.date(2026, 11, 16), name="Nghỉ thử")
    assert keyed(collect(today=today), "idea_review_overdue") == []
    rule = next(r for r in rules() if r.code == "idea_review_overdue")
    assert "within the limit" in rule.skip_reason(late, today=today)


def test_review_limit_is_a_setting(org, today, settings):
    settings.IDEA_REVIEW_LIMIT_WORKING_DAYS = 2
    idea = _submitted(org, datetime.date(2026, 11, 13))  # Fri → Mon, Tue, Wed = 3
    assert keyed(collect(today=today), "idea_review_overdue") == [(org.sub_head.pk, f"idea:{idea.pk}")]


def test_review_overdue_goes_to_head_and_deputies_of_nearest_unit_with_one(org, today):
    # The unit above the sub-unit has a head and a deputy; the sub-unit has none.
    org.sub.head = None
    org.sub.save()
    idea = _submitted(org, datetime.date(2026, 11, 2))
    out = keyed(collect(today=today), "idea_review_overdue")
    assert out == sorted([(org.head.pk, f"idea:{idea.pk}"), (org.deputy.pk, f"idea:{idea.pk}")])


def test_review_overdue_of_dissolved_unit_goes_to_successor(org, today):
    new_head = UserFactory()
    successor = UnitFactory(parent=org.city, head=new_head)
    old = UnitFactory(
        parent=org.city, head=UserFactory(), successor=successor, valid_until=datetime.date(2025, 6, 30)
    )
    author = UserFactory(unit=old)
    idea = IdeaFactory(
        author=author,
        status="submitted",
        submitted_at=datetime.datetime(2026, 11, 2, 2, tzinfo=datetime.UTC),
    )
    assert keyed(collect(today=today), "idea_review_overdue") == [(new_head.pk, f"idea:{idea.pk}")]


def test_review_deadline_reminds_reviewers_of_submitted_ideas(org, today):
    idea = _submitted(org, today)  # not overdue, but the review deadline is 3 days away
    deadline = DeadlineFactory(kind="idea_review", due_date=today + D(days=3), unit=org.unit)
    _submitted(org, today, unit=org.other)  # outside the deadline's units
    assert keyed(collect(today=today), "idea_review_deadline") == [
        (org.sub_head.pk, f"deadline:{deadline.pk}:idea:{idea.pk}")
    ]


def _round(due, review=None):
    """An award round (awards.Round): nominations follow its deadlines, not the phase's."""
    from awards.models import Round
    from tests.factories import phase

    return Round.objects.create(
        code=f"r-{due:%Y%m%d}", name="Đợt", phase=phase(), opens_on=due - D(days=60), submission_due=due,
        review_due=review,
    )  # fmt: skip


def test_nomination_submission_reaches_every_head_of_a_unit_in_force(org, today):
    found = _round(today + D(days=1))
    out = keyed(collect(today=today), "nomination_submission")
    assert {p for p, _ in out} == {org.head.pk, org.sub_head.pk, org.city_head.pk, org.other_head.pk}
    assert all(key.startswith(f"round:{found.pk}:unit:") for _, key in out)


def test_nomination_review_reminds_the_committee(org, today):
    found = _round(today + D(days=1), review=today + D(days=3))
    assert keyed(collect(today=today), "nomination_review") == [(org.committee.pk, f"round:{found.pk}")]
    assert keyed(collect(today=today + D(days=1)), "nomination_review") == []


def test_a_failing_rule_does_not_stop_the_others(org, today, draft, monkeypatch):
    DeadlineFactory(kind="idea_submission", due_date=today + D(days=1), unit=None)
    _round(today + D(days=1), review=today + D(days=1))
    rule = next(r for r in rules() if r.code == "nomination_review")

    def boom(*, today):
        raise RuntimeError("broken rule")
        yield

    monkeypatch.setattr(rule, "due", boom)
    out = collect(today=today)
    assert {r.rule for r in out} == {"idea_submission", "nomination_submission"}  # not the broken one


def test_deadline_without_a_phase_is_ignored_with_a_reason(today):
    from movement.models import Deadline

    deadline = Deadline(kind="idea_submission", due_date=today + D(days=7))  # e.g. an import gone wrong
    assert deadline_skip_reason(deadline, today=today) == "the deadline has no phase"
    for rule in rules():
        if rule.code in {"idea_submission", "idea_review_deadline"}:
            assert rule.skip_reason(deadline, today=today) in {
                "the deadline has no phase",
                "not an idea review deadline",
            }
