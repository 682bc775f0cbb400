"""Comments with two audiences on an idea, through HTTP: who reads and writes the thread and the
internal notes, mentions, and bad input (nothing half-saved, the text kept)."""

import pytest
from django.urls import reverse

from discussions.models import Comment
from notifications.models import Notification
from tests.ideas.factories import idea_in

pytestmark = pytest.mark.django_db

THREAD, INTERNAL = "thread", "internal"


@pytest.fixture
def idea(org):
    return idea_in("submitted", author=org.author, co_authors=[org.co_author], title="Một cửa số")


def post(client, person, idea, body, audience=THREAD):
    client.force_login(person)
    return client.post(reverse("ideas:idea-comment", args=[idea.pk]), {"body": body, "audience": audience})


def page(client, person, idea):
    client.force_login(person)
    return client.get(idea.get_absolute_url()).content.decode()


# Who writes which audience: (person, thread, internal); None = the idea is hidden from them (404).
MATRIX = [
    ("author", 302, 302),  # the internal note is refused with a message, nothing saved
    ("co_author", 302, 302),
    ("sub_head", 302, 302),
    ("head", 302, 302),
    ("deputy", 302, 302),
    ("committee", 302, 302),
    ("colleague", 404, 404),
    ("outsider", 404, 404),
    ("other_head", 404, 404),
]
WRITES = {
    "author": {THREAD},
    "co_author": {THREAD},
    "sub_head": {THREAD, INTERNAL},
    "head": {THREAD, INTERNAL},
    "deputy": {THREAD, INTERNAL},
    "committee": {THREAD, INTERNAL},
}


@pytest.mark.parametrize(("who", "thread_status", "internal_status"), MATRIX)
def test_who_writes_which_audience(client, org, idea, who, thread_status, internal_status):
    person = getattr(org, who)
    for audience, status in ((THREAD, thread_status), (INTERNAL, internal_status)):
        response = post(client, person, idea, f"Ý kiến {audience} của {who}", audience)
        assert response.status_code == status
        if status == 302:
            assert response["Location"] == f"{idea.get_absolute_url()}#comments"
    written = set(Comment.objects.filter(author=person).values_list("audience", flat=True))
    assert written == WRITES.get(who, set())


def test_a_public_idea_shows_no_thread_to_bystanders_and_refuses_their_comments(client, org):
    public = idea_in("approved", author=org.author, title="Ý tưởng công khai")
    post(client, org.head, public, "Ghi chú nội bộ về ngân sách", INTERNAL)
    assert "Ghi chú nội bộ" not in page(client, org.outsider, public)
    assert 'id="comments"' not in page(client, org.outsider, public)
    assert post(client, org.outsider, public, "Tôi cũng muốn góp ý").status_code == 403
    assert not Comment.objects.filter(author=org.outsider).exists()


def test_authors_never_read_internal_notes_reviewers_and_committee_do(client, org, idea):
    post(client, org.author, idea, "Xin hỏi khi nào có kết quả?")
    post(client, org.head, idea, "Cần hỏi ý kiến Sở Tài chính trước", INTERNAL)
    for reader in (org.author, org.co_author):
        html = page(client, reader, idea)
        assert "Xin hỏi khi nào có kết quả?" in html
        assert "Cần hỏi ý kiến Sở Tài chính" not in html
    for reader in (org.head, org.deputy, org.sub_head, org.committee):
        html = page(client, reader, idea)
        assert "Xin hỏi khi nào có kết quả?" in html
        assert "Cần hỏi ý kiến Sở Tài chính" in html


def test_a_committee_member_who_wrote_the_idea_reads_only_the_thread(client, org):
    own = idea_in("submitted", author=org.committee, title="Ý tưởng của thành viên Hội đồng")
    post(client, org.city_head, own, "Ghi chú riêng cho người duyệt", INTERNAL)
    assert Comment.objects.filter(audience=INTERNAL).exists()
    assert "Ghi chú riêng cho người duyệt" not in page(client, org.committee, own)


def test_mentions_notify_only_people_who_read_that_audience(client, org, idea):
    response = post(client, org.head, idea, "@deputy @author @outsider @nobody. xem giúp", INTERNAL)
    assert response.status_code == 302
    mentions = Notification.objects.filter(kind="comment_mention")
    assert set(mentions.values_list("recipient__username", flat=True)) == {"deputy"}
    comment = Comment.objects.get()
    assert set(comment.mentioned.values_list("username", flat=True)) == {"deputy"}
    assert Notification.objects.get().url == f"{idea.get_absolute_url()}#comments"
    warning = [str(m) for m in response.wsgi_request._messages]
    assert any("@author" in m and "@nobody" in m and "@outsider" in m for m in warning)


def test_a_thread_mention_reaches_the_author_in_their_language(client, org, idea):
    post(client, org.head, idea, "Anh @author bổ sung số liệu nhé")
    note = Notification.objects.get(recipient=org.author)
    assert note.kind == "comment_mention"
    assert "Anh @author bổ sung số liệu" in note.body
    assert "mentioned you" not in note.title  # rendered in the portal's language (Vietnamese)


@pytest.mark.parametrize("body", ["", "   \n\t ", "\x00\x07"])
def test_an_empty_comment_is_refused_and_nothing_is_saved(client, org, idea, body):
    response = post(client, org.author, idea, body)
    assert response.status_code == 302
    assert not Comment.objects.exists()
    assert any(m.level_tag == "error" for m in response.wsgi_request._messages)


def test_a_refused_comment_keeps_its_text_on_the_page(client, org, idea):
    post(client, org.author, idea, "Nội dung dài " + "x" * 4001)
    assert not Comment.objects.exists()
    assert "Nội dung dài xxx" in page(client, org.author, idea)  # the draft comes back once
    assert "Nội dung dài xxx" not in page(client, org.author, idea)


def test_control_characters_are_removed_and_line_breaks_kept(client, org, idea):
    post(client, org.author, idea, "Dòng một\x1b[31m\r\nDòng hai\x07")
    assert Comment.objects.get().body == "Dòng một[31m\nDòng hai"


def test_get_of_the_comment_url_leads_back_to_the_idea(client, org, idea):
    client.force_login(org.author)
    response = client.get(reverse("ideas:idea-comment", args=[idea.pk]))
    assert response.status_code == 302
    assert response["Location"] == idea.get_absolute_url()


def test_the_page_reads_a_thread_in_constant_queries(client, org, idea, django_assert_max_num_queries):
    for n in range(5):
        post(client, org.author if n % 2 else org.head, idea, f"Ý kiến số {n}")
    client.force_login(org.head)
    client.get(idea.get_absolute_url())
    with django_assert_max_num_queries(40) as one:
        client.get(idea.get_absolute_url())
    for n in range(5):
        post(client, org.head, idea, f"Thêm ý kiến {n}")
    client.force_login(org.head)
    with django_assert_max_num_queries(40) as many:
        client.get(idea.get_absolute_url())
    assert len(many.captured_queries) == len(one.captured_queries)
