"""Writes: entered, changed and removed only through the services, each change logged, nothing lost."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from records import services
from records.models import AnnualRating, EmulationTitle, RecordChange
from records.selectors import change_rows, record_of

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 2)


def rate(org, by=None, year=2025, rating="httnv", person=None):
    return services.entry_create(
        kind="rating",
        subject=person or org.author,
        by=by or org.head,
        data={"year": year, "rating": rating, "source": "QĐ 12/QĐ-SNV"},
        today=TODAY,
    )


def test_an_entry_is_logged_with_who_and_what(org):
    entry = rate(org)
    assert entry.entered_by == org.head and entry.person == org.author
    (change,) = RecordChange.objects.all()
    assert (change.action, change.by, change.person, change.kind) == (
        "created",
        org.head,
        org.author,
        "rating",
    )
    assert change.changes["rating"] == [None, "httnv"]


def test_a_change_logs_the_differences_and_nothing_when_nothing_changed(org):
    entry = rate(org)
    services.entry_update(
        kind="rating",
        entry_id=entry.pk,
        by=org.committee,
        data={"rating": "htxsnv", "year": 2025},
        today=TODAY,
    )
    services.entry_update(
        kind="rating", entry_id=entry.pk, by=org.committee, data={"rating": "htxsnv"}, today=TODAY
    )
    changes = list(RecordChange.objects.order_by("pk"))
    assert [c.action for c in changes] == ["created", "updated"]
    assert changes[1].changes == {"rating": ["httnv", "htxsnv"]} and changes[1].by == org.committee


def test_removal_is_a_mark_with_a_reason_kept_in_the_history(org):
    entry = rate(org)
    with pytest.raises(ValidationError):
        services.entry_remove(kind="rating", entry_id=entry.pk, by=org.head, reason="  ")
    services.entry_remove(kind="rating", entry_id=entry.pk, by=org.head, reason="Nhập nhầm năm")
    entry.refresh_from_db()
    assert entry.removed_at and entry.removed_by == org.head and entry.removal_reason == "Nhập nhầm năm"
    assert record_of(org.author)["rating"] == []
    removed = change_rows(list(RecordChange.objects.filter(action="removed")))[0]
    assert removed["change"].reason == "Nhập nhầm năm" and "2025" in removed["summary"]
    # The same year may be entered again once the wrong row is removed.
    rate(org, rating="htxsnv")
    assert AnnualRating.objects.filter(person=org.author, year=2025).count() == 2
    with pytest.raises(ValidationError, match="removed"):
        services.entry_update(
            kind="rating", entry_id=entry.pk, by=org.head, data={"rating": "htnv"}, today=TODAY
        )


def test_checks_that_refuse_an_entry(org):
    rate(org)
    with pytest.raises(ValidationError, match="already recorded"):
        rate(org)
    with pytest.raises(ValidationError) as error:
        rate(org, year=2027)
    assert "year" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.entry_create(
            kind="title",
            subject=org.author,
            by=org.head,
            data={
                "year": 2025,
                "title": "ttldxs",
                "decision_number": "1/QĐ",
                "decision_date": datetime.date(2024, 12, 1),
                "source": "QĐ",
            },
            today=TODAY,
        )
    messages = str(error.value)
    assert "not given to this kind" in messages and "decided in its year or later" in messages
    assert not EmulationTitle.objects.exists()


def test_nobody_enters_their_own_record_or_one_outside_their_units(org):
    for by in (org.author, org.colleague, org.other_head):
        with pytest.raises(PermissionDenied):
            rate(org, by=by)
    with pytest.raises(PermissionDenied):
        rate(org, by=org.head, person=org.head)
    rate(org, by=org.city_head, person=org.head)
    entry = rate(org)
    with pytest.raises(PermissionDenied):
        services.entry_update(
            kind="rating", entry_id=entry.pk, by=org.other_head, data={"year": 2024}, today=TODAY
        )
    with pytest.raises(PermissionDenied):
        services.entry_remove(kind="rating", entry_id=entry.pk, by=org.author, reason="Không đúng")
    assert RecordChange.objects.count() == 2


def test_a_collective_is_rated_from_the_unit_above(org):
    data = {"year": 2025, "rating": "htxsnv", "source": "QĐ"}
    with pytest.raises(PermissionDenied):
        services.entry_create(kind="rating", subject=org.sub, by=org.sub_head, data=data, today=TODAY)
    entry = services.entry_create(kind="rating", subject=org.sub, by=org.head, data=data, today=TODAY)
    assert entry.unit == org.sub and entry.person is None
