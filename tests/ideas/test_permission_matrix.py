"""Every action × role × state through HTTP (docs/domain.md, ideas).

The expectation is written out by hand from docs/domain.md, not derived from the code under test:
  anonymous → sent to sign in; cannot see → 404; sees but role may never act → 403;
  role may act but the state does not allow it → back to the idea with a message;
  otherwise the action happens. On every refusal nothing changes in the database.
"""

import pytest
from django.utils import timezone

from ideas.models import Idea, IdeaEvent, ProgressReport, Status

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous", "author", "co_author", "colleague", "sub_head", "head", "deputy", "city_head",
    "other_head", "committee", "superuser",
]  # fmt: skip
STATES = Status.values
PUBLIC = {"approved", "implementing", "completed", "recognised"}
ALWAYS_SEE = {"author", "co_author", "sub_head", "head", "deputy", "city_head", "committee", "superuser"}

# Who may take each action at all (any state), per docs/domain.md. sub_head heads the idea's unit;
# head and deputy lead the unit above it; city_head leads the city.
ROLE_MAY = {
    "submit": {"author", "co_author"},
    "withdraw": {"author", "co_author"},
    "edit": {"author", "co_author"},
    "approve": {"sub_head", "head", "deputy", "city_head"},
    "return": {"sub_head", "head", "deputy", "city_head"},
    "reject": {"sub_head", "head", "deputy", "city_head"},
    "start": {"sub_head"},
    "complete": {"sub_head"},
    "progress": {"author", "co_author", "sub_head"},
    "recognise": {"sub_head", "committee", "superuser"},
}
STATE_MAY = {
    "submit": {"draft", "returned"},
    "withdraw": {"draft", "submitted", "returned"},
    "edit": {"draft", "returned"},
    "approve": {"submitted"},
    "return": {"submitted"},
    "reject": {"submitted"},
    "start": {"approved"},
    "complete": {"implementing"},
    "progress": {"implementing"},
    "recognise": {"completed"},
}
TARGET = {
    "submit": "submitted", "withdraw": "withdrawn", "approve": "approved", "return": "returned",
    "reject": "rejected", "start": "implementing", "complete": "completed", "recognise": "recognised",
}  # fmt: skip


def expected(role, action, state):
    if role == "anonymous":
        return "login"
    if role not in ALWAYS_SEE and state not in PUBLIC:
        return "hidden"
    if role not in ROLE_MAY[action]:
        return "forbidden"
    if state not in STATE_MAY[action]:
        return "state"
    return "ok"


def post_for(action, role, idea):
    if action == "edit":
        url = f"/ideas/{idea.pk}/edit/"
        data = {
            "title": "Tiêu đề mới",
            "summary": "S",
            "problem": "P",
            "solution": "G",
            "expected_benefit": "B",
            "topic": "digital",
            "scope": "unit",
            "intent": "draft",
        }
    elif action == "progress":
        url, data = f"/ideas/{idea.pk}/progress/", {"comment": "Tiến độ tốt"}
    else:
        url, data = f"/ideas/{idea.pk}/{action}/", {"comment": "Ý kiến"}
        if action == "recognise":
            data.update(
                level="city" if role in {"committee", "superuser"} else "unit",
                decision_number="9/QĐ",
                decision_date=timezone.localdate().isoformat(),
            )
    return url, data


def snapshot(idea):
    row = Idea.objects.filter(pk=idea.pk).values().get()
    return row, IdeaEvent.objects.filter(idea=idea).count(), ProgressReport.objects.filter(idea=idea).count()


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", list(ROLE_MAY))
@pytest.mark.parametrize("role", ROLES)
def test_matrix(client, org, make_idea, role, action, state):
    idea = make_idea(state)
    if role != "anonymous":
        client.force_login(getattr(org, role))
    before = snapshot(idea)
    url, data = post_for(action, role, idea)
    response = client.post(url, data)
    outcome = expected(role, action, state)
    if outcome == "login":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    elif outcome == "hidden":
        assert response.status_code == 404
        assert idea.title not in response.content.decode()
    elif outcome == "forbidden":
        assert response.status_code == 403
    elif outcome == "state":
        assert response.status_code == 302 and response["Location"] == f"/ideas/{idea.pk}/"
        follow = client.get(response["Location"])
        assert "alert-danger" in follow.content.decode() or "alert-warning" in follow.content.decode()
    if outcome != "ok":
        assert snapshot(idea) == before
        return
    assert response.status_code == 302, response.content[:500]
    idea.refresh_from_db()
    if action in TARGET:
        assert idea.status == TARGET[action]
        assert IdeaEvent.objects.filter(idea=idea, action=action, from_status=state).count() == 1
    elif action == "progress":
        assert ProgressReport.objects.filter(idea=idea).count() == 1
    else:
        assert idea.title == "Tiêu đề mới"


@pytest.mark.parametrize("action", [*TARGET, "progress"])
def test_get_on_an_action_url_leads_back_to_the_idea_and_changes_nothing(client, org, make_idea, action):
    idea = make_idea("submitted")
    client.force_login(org.head)
    before = snapshot(idea)
    response = client.get(f"/ideas/{idea.pk}/{action}/")
    assert response.status_code == 302 and response["Location"] == idea.get_absolute_url()
    assert snapshot(idea) == before


def test_unknown_action_is_404(client, org, make_idea):
    idea = make_idea("submitted")
    client.force_login(org.head)
    assert client.post(f"/ideas/{idea.pk}/delete/").status_code == 404


@pytest.mark.parametrize("role", ROLES[1:])
@pytest.mark.parametrize("state", STATES)
def test_detail_visibility(client, org, make_idea, role, state):
    idea = make_idea(state)
    client.force_login(getattr(org, role))
    visible = role in ALWAYS_SEE or state in PUBLIC
    response = client.get(f"/ideas/{idea.pk}/")
    assert response.status_code == (200 if visible else 404)
    listed = client.get("/ideas/").content.decode()
    assert (idea.title in listed) == visible
