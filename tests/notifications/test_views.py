"""The bell: open one notification (marks it read, only the recipient's), the list, the panel."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from notifications.services import notify
from tests.factories import MESSAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def note(org):
    [n] = notify(
        recipients=[org.author], kind=MESSAGE, params={"text": "Ý tưởng bị trả lại"}, url="/ideas/5/"
    )
    return n


def test_opening_marks_read_and_goes_to_the_item(client, org, note):
    client.force_login(org.author)
    response = client.get(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == "/ideas/5/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_opening_by_post_works_too(client, org, note):
    client.force_login(org.author)
    response = client.post(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None


def test_someone_elses_notification_is_404_and_stays_unread(client, org, note):
    client.force_login(org.colleague)
    assert client.get(reverse("notifications:open", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_anonymous_is_sent_to_sign_in(client, note):
    response = client.get(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_external_url_is_never_followed(client, org):
    [n] = notify(recipients=[org.author], kind=MESSAGE, params={"text": "t"}, url="https://evil.example/")
    [m] = notify(recipients=[org.author], kind=MESSAGE, params={"text": "t"}, url="//evil.example/")
    client.force_login(org.author)
    for item in (n, m):
        response = client.get(reverse("notifications:open", args=[item.pk]))
        assert response["Location"] == reverse("notifications:list")


def test_bell_count_drops_after_opening(client, org, note):
    notify(recipients=[org.author], kind=MESSAGE, params={"text": "Thông báo thứ hai"})
    client.force_login(org.author)
    assert client.get(reverse("notifications:list")).context["portal_unread"] == 2
    client.get(reverse("notifications:open", args=[note.pk]))
    assert client.get(reverse("notifications:list")).context["portal_unread"] == 1


def test_list_shows_only_own_notifications_in_vietnamese(client, org, note):
    notify(recipients=[org.colleague], kind=MESSAGE, params={"text": "Của người khác"})
    client.force_login(org.author)
    html = client.get(reverse("notifications:list")).content.decode()
    assert "Ý tưởng bị trả lại" in html and "Của người khác" not in html
    assert "Đánh dấu tất cả là đã đọc" in html
    assert reverse("notifications:open", args=[note.pk]) in html


def test_mark_all_read_is_post_only(client, org, note):
    client.force_login(org.author)
    assert client.get(reverse("notifications:read-all"))["Location"] == reverse("notifications:list")
    assert Notification.objects.filter(recipient=org.author, read_at__isnull=True).exists()
    client.post(reverse("notifications:read-all"))
    assert not Notification.objects.filter(recipient=org.author, read_at__isnull=True).exists()


def test_dashboard_panel_lists_latest_unread(client, org, note):
    for i in range(7):
        notify(recipients=[org.author], kind=MESSAGE, params={"text": f"Tin số {i}"})
    client.force_login(org.author)
    html = client.get("/").content.decode()
    assert "Thông báo mới" in html
    assert "Tin số 6" in html and "Tin số 2" in html and "Tin số 1" not in html
    client.force_login(org.colleague)
    html = client.get("/").content.decode()
    assert "Không có thông báo mới." in html and "Tin số 6" not in html


def test_dashboard_queries_do_not_grow_with_notifications(client, org, django_assert_max_num_queries):
    for i in range(30):
        notify(recipients=[org.author], kind=MESSAGE, params={"text": f"Tin {i}"})
    client.force_login(org.author)
    client.get("/")
    with django_assert_max_num_queries(20):
        client.get("/")


def test_a_notification_is_read_in_the_readers_language(client, org):
    """Stored as a kind and parameters, it is rendered when read: written during an English request,
    it reads in Vietnamese for a Vietnamese reader and in English for an English one."""
    from django.utils import translation

    from ideas import services as ideas
    from tests.ideas.factories import idea_in

    idea = idea_in("submitted", author=org.author)
    with translation.override("en"):
        ideas.idea_transition(idea=idea, by=org.sub_head, action="return", comment="Bổ sung số liệu")
    note = Notification.objects.get(recipient=org.author)
    assert note.params == {"title": idea.title, "comment": "Bổ sung số liệu"}
    client.force_login(org.author)
    vietnamese = client.get(reverse("notifications:list"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert f"Ý tưởng của bạn được trả lại để bổ sung: {idea.title}" in vietnamese
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(reverse("notifications:list")).content.decode()
    assert f"Your idea was returned for revision: {idea.title}" in english
    assert "Bổ sung số liệu" in english  # the reviewer's own words are never translated


def test_a_notification_of_an_unknown_kind_shows_its_stored_text(org):
    note = Notification.objects.create(recipient=org.author, kind="gone", title="Văn bản đã lưu", body="b")
    assert (note.shown_title, note.shown_body) == ("Văn bản đã lưu", "b")


def test_existing_rows_get_their_parameters_back():
    from importlib import import_module

    migration = import_module("notifications.migrations.0005_kinds_and_params")
    submitted = ("Ý tưởng mới chờ duyệt: Đất đai", "Lan đã gửi duyệt một ý tưởng của Sở A.")
    assert migration._params("idea_submitted", *submitted) == {
        "title": "Đất đai",
        "person": "Lan",
        "unit": "Sở A",
    }
    returned = ("Nomination returned for completion: Lan – Bằng khen", "Thiếu")
    assert migration._params("nomination_return", *returned) == {
        "name": "Lan",
        "award": "Bằng khen",
        "comment": "Thiếu",
    }
    assert migration._params(
        "reminder.idea_review_overdue",
        'Ý tưởng "X" đang chờ bạn xem xét',
        "Gửi duyệt ngày 02/11/2026, đã chờ 11 ngày làm việc (thời hạn xem xét là 5 ngày làm việc).",
    ) == {"title": "X", "date": "02/11/2026", "days": 11, "limit": 5}
    assert migration._params("idea_approve", "Something else entirely", "") == {}
