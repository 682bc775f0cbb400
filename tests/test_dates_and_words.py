"""Dates, ages and words (issue 10, item 5): every date and age in Asia/Ho_Chi_Minh, ages of what
waits for a decision in working days where the reminders count working days, Vietnamese that says
what it means, plural forms, invalid list filters named, one-line text without control or invisible
characters, titles with letters."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from awards.models import Status
from ideas.models import Idea
from records.models import AnnualRating
from tests.awards.factories import NominationFactory
from tests.ideas.factories import idea_in
from thiduaportal.fields import single_line
from thiduaportal.templatetags.portal import days_left, sent_ago

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
# Wednesday 2 December 2026, 08:00 in Ho Chi Minh City (01:00 UTC).
NOW = datetime.datetime(2026, 12, 2, 8, 0, tzinfo=LOCAL)


def local(day: int, month: int = 12, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=LOCAL)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def english(client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


# --- ages --------------------------------------------------------------------------------------------


def test_the_committee_queue_says_sent_today_for_a_nomination_sent_this_morning(client, org, clock):
    # 06:30 in Ho Chi Minh City is still the day before in UTC: the age counts the local day.
    this_morning = NominationFactory(
        nominee=org.author,
        proposing_unit=org.unit,
        status=Status.SUBMITTED,
        submitted_at=local(2, hour=6, minute=30),
    )
    NominationFactory(
        nominee=org.colleague, proposing_unit=org.unit, status=Status.SUBMITTED, submitted_at=local(1, hour=9)
    )
    assert this_morning.submitted_at.astimezone(datetime.UTC).date() == datetime.date(2026, 12, 1)
    client.force_login(org.committee)
    page = text_of(client.get(reverse("awards:nomination-queue")).content.decode())
    assert "02/12/2026 gửi hôm nay" in page
    assert "01/12/2026 gửi 1 ngày trước" in page
    assert "quá" not in page  # nothing here is overdue: "%(days)d day ago" used to say "đã quá 1 ngày"
    english(client)
    page = text_of(client.get(reverse("awards:nomination-queue")).content.decode())
    assert "sent today" in page and "sent 1 day ago" in page


def test_the_review_queue_counts_working_days_like_the_reminders(client, org, clock):
    idea_in("submitted", author=org.author, title="Gửi thứ Hai tuần trước", submitted_at=local(23, month=11))
    idea_in("submitted", author=org.author, title="Gửi thứ Sáu", submitted_at=local(27, month=11))
    idea_in("submitted", author=org.author, title="Gửi hôm qua", submitted_at=local(1))
    client.force_login(org.head)
    page = text_of(client.get(reverse("ideas:review-queue")).content.decode())
    # Monday 23/11 → Wednesday 2/12: seven working days, two beyond the limit of five.
    assert "Gửi thứ Hai tuần trước" in page and "quá hạn 2 ngày làm việc" in page
    # Friday 27/11 → Wednesday: five calendar days, three working days.
    assert "đã chờ 3 ngày làm việc" in page
    assert "đã chờ 1 ngày làm việc" in page
    english(client)
    page = text_of(client.get(reverse("ideas:review-queue")).content.decode())
    assert "overdue by 2 working days" in page and "waiting 1 working day " in page


def test_the_dashboard_counts_ideas_with_plural_forms_and_working_days(client, org, clock):
    idea_in("submitted", author=org.author, title="Một", submitted_at=local(27, month=11))
    client.force_login(org.head)
    english(client)
    page = text_of(client.get("/").content.decode())
    assert "1 idea waits for your review" in page
    assert "The oldest has waited 3 working days (the limit is 5)." in page
    idea_in("submitted", author=org.author, title="Hai", submitted_at=local(1))
    page = text_of(client.get("/").content.decode())
    assert "2 ideas wait for your review" in page


def test_the_words_of_due_dates_and_ages():
    today = datetime.date(2026, 12, 2)
    with translation.override("vi"):
        assert days_left(datetime.date(2026, 11, 30), today) == "quá hạn 2 ngày"
        assert days_left(datetime.date(2026, 12, 5), today) == "còn 3 ngày"
        assert days_left(today, today) == "hạn là hôm nay"
        assert sent_ago(local(1, hour=23, minute=59), today) == "gửi 1 ngày trước"
        assert sent_ago(local(2, hour=0, minute=1), today) == "gửi hôm nay"
    with translation.override("en"):
        assert days_left(datetime.date(2026, 12, 1), today) == "overdue by 1 day"
        assert sent_ago(local(29, month=11), today) == "sent 3 days ago"


# --- list filters ------------------------------------------------------------------------------------


def named_filter_errors(html: str) -> list[str]:
    block = html.split('data-testid="filter-errors"')[1].split("</div>")[0]
    return re.findall(r"<li>(.*?)</li>", block)


def test_every_invalid_filter_of_the_idea_list_is_named(client, org):
    idea = idea_in("approved", author=org.author, title="Công khai")
    client.force_login(org.colleague)
    response = client.get("/ideas/", {"status": "bogus", "unit": "-1", "author": "abc", "q": "x" * 300})
    assert response.status_code == 200
    named = named_filter_errors(response.content.decode())
    assert len(named) == 4, named
    assert idea.title in response.content.decode()  # left out, not applied


def test_invalid_filters_of_the_record_lists_are_named(client, org):
    client.force_login(org.head)
    response = client.get(reverse("records:person-list"), {"status": "bogus", "unit": "-1", "q": "x" * 300})
    assert len(named_filter_errors(response.content.decode())) == 3
    response = client.get(reverse("records:unit-list"), {"status": "bogus"})
    assert len(named_filter_errors(response.content.decode())) == 1


# --- one-line text ------------------------------------------------------------------------------------


def test_single_line_strips_control_and_invisible_characters():
    assert single_line("  Số\u200b hoá\x07\thồ\r\nsơ\ufeff \u202e") == "Số hoá hồ sơ"
    assert single_line("\u200b\u200c\u200d\u2060") == ""


def idea_form(**overrides):
    data = {
        "title": "Số hoá hồ sơ đất đai",
        "summary": "Tóm tắt",
        "problem": "Hồ sơ giấy",
        "solution": "Số hoá",
        "expected_benefit": "Nhanh hơn",
        "topic": "digital",
        "scope": "unit",
        "intent": "draft",
    }
    return data | overrides


@pytest.mark.parametrize("title", ["\u200b", "\u200b \u200d\ufeff", "123 – …", "\x07\x08"])
def test_a_title_without_letters_is_refused(client, org, title):
    client.force_login(org.author)
    response = client.post(reverse("ideas:idea-new"), idea_form(title=title))
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert not Idea.objects.exists()


def test_a_title_is_kept_without_its_control_and_invisible_characters(client, org):
    client.force_login(org.author)
    client.post(reverse("ideas:idea-new"), idea_form(title="Một cửa\u200b liên thông\x1b\nđất đai"))
    assert Idea.objects.get().title == "Một cửa liên thông đất đai"


def test_a_decision_number_is_one_line(client, org):
    nomination = NominationFactory(nominee=org.author, proposing_unit=org.unit, status=Status.APPROVED)
    client.force_login(org.committee)
    today = timezone.localdate().isoformat()
    client.post(
        reverse("awards:nomination-action", args=[nomination.pk, "confer"]),
        {
            "decision_number": "12/QĐ-\u200bUBND\r\n",
            "decision_date": today,
            "decision_authority": "Chủ tịch UBND\tThành phố",
            "decision_signer": "Nguyễn Văn\x1b Được",
        },
    )
    nomination.refresh_from_db()
    assert nomination.status == Status.CONFERRED, nomination.status
    assert nomination.decision_number == "12/QĐ-UBND"
    assert (nomination.decision_authority, nomination.decision_signer) == (
        "Chủ tịch UBND Thành phố",
        "Nguyễn Văn Được",
    )


def test_a_record_source_is_one_line(client, org):
    client.force_login(org.head)
    year = timezone.localdate().year - 1
    client.post(
        reverse("records:person-entry-add", args=[org.author.pk, "rating"]),
        {"year": year, "rating": "httnv", "source": "Thông báo\n12\u200b/TB"},
    )
    assert AnnualRating.objects.get().source == "Thông báo 12/TB"
