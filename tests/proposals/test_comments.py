"""Comments with two audiences on a proposal, through HTTP (docs/domain.md, "Discussion on a
proposal"): its writers write the thread; the committee and the department's leader also write the
internal notes; the supervisors of the proposing unit read the proposal but not its discussion."""

import pytest
from django.urls import reverse

from discussions.models import Comment
from notifications.models import Notification
from tests.proposals.factories import proposal_in

pytestmark = pytest.mark.django_db

THREAD, INTERNAL = "thread", "internal"


def make(org, status="routed"):
    return proposal_in(status, unit=org.sub, by=org.sub_head, department=org.other, title="Một cửa đất đai")


def post(client, person, proposal, body, audience=THREAD):
    client.force_login(person)
    url = reverse("proposals:proposal-comment", args=[proposal.pk])
    return client.post(url, {"body": body, "audience": audience})


# (person, state) → what they write: None = the proposal is hidden from them (404); an empty set =
# they see the proposal but take no part in its discussion (403).
WRITES = [
    ("sub_head", "routed", {THREAD}),
    ("committee", "routed", {THREAD, INTERNAL}),
    ("superuser", "routed", {THREAD, INTERNAL}),
    ("other_head", "routed", {THREAD, INTERNAL}),
    ("head", "routed", set()),
    ("deputy", "routed", set()),
    ("author", "routed", None),
    ("outsider", "routed", None),
    ("sub_head", "draft", {THREAD}),
    ("committee", "draft", {THREAD, INTERNAL}),
    ("other_head", "draft", None),
]


@pytest.mark.parametrize(("who", "state", "writes"), WRITES)
def test_who_writes_which_audience(client, org, who, state, writes):
    proposal = make(org, state)
    person = getattr(org, who)
    for audience in (THREAD, INTERNAL):
        response = post(client, person, proposal, f"Ý kiến {audience} của {who}", audience)
        if writes is None:
            assert response.status_code == 404
        elif not writes:
            assert response.status_code == 403
        else:
            assert response.status_code == 302
            assert response["Location"] == f"{proposal.get_absolute_url()}#comments"
        saved = Comment.objects.filter(author=person, audience=audience).exists()
        assert saved == (writes is not None and audience in writes)
    if writes is not None:
        page = client.get(proposal.get_absolute_url()).content.decode()
        assert ('id="comments"' in page) == bool(writes)


def test_the_writers_never_read_the_internal_notes(client, org):
    proposal = make(org)
    post(client, org.committee, proposal, "Hỏi ý kiến Sở Tài chính về kinh phí trước.", INTERNAL)
    post(client, org.other_head, proposal, "Sở đề nghị bổ sung số liệu.", THREAD)
    client.force_login(org.sub_head)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Sở đề nghị bổ sung số liệu." in page and "Hỏi ý kiến Sở Tài chính" not in page
    client.force_login(org.other_head)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Sở đề nghị bổ sung số liệu." in page and "Hỏi ý kiến Sở Tài chính" in page


def test_mentions_notify_only_who_reads_the_audience(client, org):
    proposal = make(org)
    post(client, org.committee, proposal, "@otherhead @subhead xin ý kiến.", INTERNAL)
    told = set(
        Notification.objects.filter(kind="comment_mention").values_list("recipient__username", flat=True)
    )
    assert told == {"otherhead"}
    post(client, org.committee, proposal, "@subhead vui lòng bổ sung phụ lục.", THREAD)
    told = Notification.objects.filter(kind="comment_mention", recipient=org.sub_head)
    assert told.count() == 1 and told.get().url == f"{proposal.get_absolute_url()}#comments"


def test_a_get_of_the_comment_address_leads_to_the_proposal(client, org):
    proposal = make(org)
    client.force_login(org.sub_head)
    response = client.get(reverse("proposals:proposal-comment", args=[proposal.pk]))
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
