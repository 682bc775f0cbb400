"""Every route of the ideas app, with another unit's draft, as anonymous and as ordinary staff:
never 200, never 500. A new route without an entry here fails the sweep."""

import pytest
from django.urls import reverse

from ideas import urls
from ideas.models import IdeaAttachment
from tests.ideas.factories import idea_in

pytestmark = pytest.mark.django_db

# Routes that take no object: what an ordinary member of staff gets there.
OPEN_TO_STAFF = {"idea-list", "idea-new"}
NEEDS_A_ROLE = {"review-queue"}  # 403 for staff
OBJECT_ROUTES = {
    "idea-detail",
    "idea-edit",
    "idea-progress",
    "idea-action",
    "attachment-add",
    "attachment-download",
    "attachment-remove",
}


def test_every_route_has_a_decision():
    names = {pattern.name for pattern in urls.urlpatterns}
    assert names == OPEN_TO_STAFF | NEEDS_A_ROLE | OBJECT_ROUTES


@pytest.mark.parametrize("as_staff", [False, True])
def test_sweep_with_another_units_draft(client, org, as_staff):
    idea = idea_in("draft", author=org.outsider, title="Bản nháp của phường khác")
    attachment = IdeaAttachment.objects.create(
        idea=idea, file="ideas/x", original_name="x.pdf", content_type="application/pdf", size=1,
        uploaded_by=org.outsider,
    )  # fmt: skip
    if as_staff:
        client.force_login(org.author)
    for pattern in urls.urlpatterns:
        name = pattern.name
        kwargs = {}
        if name in OBJECT_ROUTES:
            kwargs["pk"] = idea.pk
        if name.startswith("attachment-") and name != "attachment-add":
            kwargs["attachment_pk"] = attachment.pk
        actions = ["submit", "withdraw", "approve", "return", "reject", "start", "complete", "recognise"]
        for action in actions if name == "idea-action" else [None]:
            url = reverse(f"ideas:{name}", kwargs={**kwargs, **({"action": action} if action else {})})
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                assert response.status_code < 500, (method, url)
                body = response.content.decode()
                assert idea.title not in body, (method, url)
                if not as_staff:
                    assert response.status_code in (302, 405), (method, url)
                    if response.status_code == 302:
                        assert response["Location"].startswith("/accounts/login/")
                elif name in OBJECT_ROUTES:
                    assert response.status_code in (403, 404, 405), (method, url)
                elif name in NEEDS_A_ROLE:
                    assert response.status_code in (403, 405), (method, url)
