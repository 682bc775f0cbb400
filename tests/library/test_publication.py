"""The rules of publication and adoption, through the services and the pages: eligible sources, both
approvals in either order, an edit withdrawing them, and refused input with a clear message."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from ideas.models import RecognitionAct, Status
from library import services
from library.models import SUMMARY_MAX_LENGTH, Adoption, Level, Practice
from tests.ideas.factories import idea_in
from tests.library.factories import SUMMARY, practice_in, recognised_idea
from tests.pilots.factories import pilot_in

pytestmark = pytest.mark.django_db


def test_published_only_with_both_approvals_in_either_order(org):
    for first, second in [(org.author, org.sub_head), (org.sub_head, org.co_author)]:
        practice = practice_in(org, published=False, title=f"Cách làm {first.username}")
        practice = services.practice_approve(practice=practice, by=first)
        assert practice.published_at is None
        practice = services.practice_approve(practice=practice, by=second)
        assert practice.published_at is not None


def test_approving_twice_is_refused_with_a_message(org):
    practice = practice_in(org, published=False)
    services.practice_approve(practice=practice, by=org.author)
    with translation.override("en"), pytest.raises(services.PracticeError, match="already approved"):
        services.practice_approve(practice=practice, by=org.co_author)


def test_editing_the_summary_withdraws_both_approvals_and_unpublishes(org):
    practice = practice_in(org)
    assert practice.is_published
    same = services.practice_write(
        by=org.co_author, source=practice.idea, title=practice.title, summary=SUMMARY
    )
    assert same.is_published  # nothing changed, nothing withdrawn
    edited = services.practice_write(
        by=org.co_author, source=practice.idea, title=practice.title, summary="Một bản khác."
    )
    assert (edited.author_approved_at, edited.head_approved_at, edited.published_at) == (None, None, None)
    assert edited.pk == practice.pk and edited.written_by == org.co_author


def test_an_edit_through_the_page_says_the_approvals_are_withdrawn(client, org):
    practice = practice_in(org)
    client.force_login(org.author)
    page = client.get(f"/library/{practice.pk}/summary/").content.decode()
    assert "rời thư viện" in page  # the warning that a published practice leaves the library
    response = client.post(
        f"/library/{practice.pk}/summary/", {"title": practice.title, "summary": "Một bản khác."}, follow=True
    )
    assert "Đã lưu tóm tắt" in response.content.decode()
    assert "Chưa công bố" in response.content.decode()


def test_only_recognised_ideas_and_effective_pilots_enter(client, org):
    approved = idea_in(Status.APPROVED, author=org.author)
    with pytest.raises(services.PracticeError):
        services.practice_write(by=org.author, source=approved, title="x", summary="y")
    client.force_login(org.author)
    response = client.get(f"/library/ideas/{approved.pk}/summary/", follow=True)
    assert "Chỉ ý tưởng được công nhận" in response.content.decode()
    for outcome, enters in [("effective", True), ("partly", True), ("not_effective", False)]:
        pilot = pilot_in(
            unit=org.sub, by=org.sub_head, owner=org.author, status="closed", outcome=outcome, assessment="x"
        )
        if enters:
            practice = services.practice_write(by=org.author, source=pilot, title="Thí điểm", summary="Tốt.")
            assert practice.level == Level.UNIT and practice.unit == org.sub
        else:
            with pytest.raises(services.PracticeError):
                services.practice_write(by=org.author, source=pilot, title="Thí điểm", summary="Tốt.")
    running = pilot_in(unit=org.sub, by=org.sub_head, owner=org.author)
    with pytest.raises(services.PracticeError):
        services.practice_write(by=org.author, source=running, title="Thí điểm", summary="Tốt.")


def test_only_the_authors_write(org):
    idea = recognised_idea(org)
    for person in (org.colleague, org.sub_head, org.committee):
        with pytest.raises(PermissionDenied):
            services.practice_write(by=person, source=idea, title="x", summary="y")


def test_the_level_is_the_ideas_highest_act_and_the_year_its_decision(org):
    idea = recognised_idea(org, act=RecognitionAct.INITIATIVE)
    practice = services.practice_write(by=org.author, source=idea, title="Sáng kiến", summary="Tóm tắt.")
    assert practice.level == Level.INITIATIVE
    idea.recognitions.create(
        act=RecognitionAct.CITY, authority="Chủ tịch UBND Thành phố", decision_number="9/QĐ",
        decision_date=timezone.localdate(), recorded_by=org.committee,
    )  # fmt: skip
    practice = services.practice_write(by=org.author, source=idea, title="Sáng kiến", summary="Tóm tắt.")
    assert practice.level == Level.CITY and practice.year == timezone.localdate().year
    assert practice.phase == idea.phase and practice.topic == idea.topic


def test_a_summary_too_long_is_refused_with_its_length(client, org):
    idea = recognised_idea(org)
    too_long = "x" * (SUMMARY_MAX_LENGTH + 1)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.practice_write(by=org.author, source=idea, title="Tiêu đề", summary=too_long)
    assert refused.value.message_dict["summary"] == [
        f"The public summary is short: at most {SUMMARY_MAX_LENGTH} characters (this one has "
        f"{SUMMARY_MAX_LENGTH + 1})."
    ]
    client.force_login(org.author)
    response = client.post(f"/library/ideas/{idea.pk}/summary/", {"title": "Tiêu đề", "summary": too_long})
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    assert not Practice.objects.exists()


def _adopt(client, practice, unit, day, results="Giảm 40% thời gian."):
    return client.post(
        f"/library/{practice.pk}/adopt/",
        {"unit": unit.pk, "adopted_on": day.isoformat(), "results": results, "confirm": "on"},
    )


def test_an_adoption_dated_in_the_future_is_refused(client, org):
    practice = practice_in(org)
    client.force_login(org.other_head)
    response = _adopt(client, practice, org.other, timezone.localdate() + datetime.timedelta(days=1))
    assert response.status_code == 200
    assert "Ngày áp dụng không thể ở tương lai." in response.content.decode()
    assert not Adoption.objects.exists()


def test_a_unit_adopts_a_practice_once(client, org):
    practice = practice_in(org)
    client.force_login(org.other_head)
    day = timezone.localdate() - datetime.timedelta(days=3)
    assert _adopt(client, practice, org.other, day).status_code == 302
    response = _adopt(client, practice, org.other, timezone.localdate())
    assert response.status_code == 200
    assert (
        f"UBND phường Khác đã ghi nhận áp dụng cách làm này ngày {day:%d/%m/%Y}." in response.content.decode()
    )
    assert Adoption.objects.count() == 1
    # The deputy of another unit records that unit's adoption.
    client.force_login(org.deputy)
    assert _adopt(client, practice, org.unit, day).status_code == 302
    assert Adoption.objects.count() == 2


def test_the_adoption_asks_for_a_confirmation(client, org):
    practice = practice_in(org)
    client.force_login(org.other_head)
    response = client.post(
        f"/library/{practice.pk}/adopt/",
        {"unit": org.other.pk, "adopted_on": timezone.localdate().isoformat(), "results": "Tốt."},
    )
    assert response.status_code == 200 and not Adoption.objects.exists()


def test_the_source_unit_is_refused_by_the_service(org):
    practice = practice_in(org)
    with pytest.raises(ValidationError) as refused:
        services.adoption_record(
            practice=practice, by=org.head, unit=org.sub, adopted_on=timezone.localdate(), results="x"
        )
    assert "unit" in refused.value.message_dict


def test_the_page_shows_where_it_spread(client, org):
    practice = practice_in(org)
    services.adoption_record(
        practice=practice, by=org.other_head, unit=org.other, adopted_on=timezone.localdate(),
        results="Trả kết quả trong 8 ngày.", measured_value=8, measure_unit="ngày",
    )  # fmt: skip
    client.force_login(org.colleague)
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "Nơi đã nhân rộng" in page and "UBND phường Khác" in page and "Trả kết quả trong 8 ngày." in page
    assert "Ghi nhận đơn vị bạn đã áp dụng" not in page
    client.force_login(org.head)
    assert "Ghi nhận đơn vị bạn đã áp dụng" in client.get(practice.get_absolute_url()).content.decode()
    client.force_login(org.other_head)  # already adopted
    assert "Ghi nhận đơn vị bạn đã áp dụng" not in client.get(practice.get_absolute_url()).content.decode()


def test_the_idea_page_invites_its_authors_and_links_its_practice(client, org):
    idea = recognised_idea(org)
    client.force_login(org.author)
    assert f"/library/ideas/{idea.pk}/summary/" in client.get(idea.get_absolute_url()).content.decode()
    client.force_login(org.colleague)
    assert "/library/" not in client.get(idea.get_absolute_url()).content.decode().split("<main")[-1]
    practice = services.practice_write(by=org.author, source=idea, title="Cách làm", summary="Tóm tắt.")
    client.force_login(org.author)
    assert practice.get_absolute_url() in client.get(idea.get_absolute_url()).content.decode()


def test_the_dashboard_lists_summaries_waiting_for_the_head(client, org):
    practice = practice_in(org, published=False, title="Chờ thủ trưởng phê duyệt")
    client.force_login(org.sub_head)
    assert practice.title in client.get("/").content.decode()
    services.practice_approve(practice=practice, by=org.sub_head)
    assert practice.title not in client.get("/").content.decode()
    client.force_login(org.head)  # not its head
    assert "Tóm tắt thư viện chờ phê duyệt" not in client.get("/").content.decode()
