"""The demo ideas are made by the ideas services only, so that everything a service computes is
there: search text, events, notifications, submission and recognition fields."""

import ast
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from ideas import demo, services
from ideas.models import Idea, IdeaEvent, Status
from ideas.search import search_text_for
from notifications.models import Notification

ROOT = Path(__file__).resolve().parents[2]
IDEAS_MODELS = {"Idea", "IdeaEvent", "IdeaAttachment", "ProgressReport"}
WRITES = {"create", "bulk_create", "update", "get_or_create", "update_or_create", "save", "delete"}


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def test_no_demo_module_writes_ideas_models_itself():
    offenders = []
    for path in sorted(ROOT.glob("*/demo.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in WRITES
                and _root_name(node.func) in IDEAS_MODELS
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


@pytest.mark.django_db
def test_a_search_for_dat_dai_finds_the_demo_land_ideas(seeded, client):
    client.force_login(User.objects.get(username="staff.binhtan"))
    page = client.get("/ideas/", {"q": "dat dai"}).content.decode()
    assert "Một cửa liên thông hồ sơ đất đai cấp phường trong 3 ngày làm việc" in page
    assert "Tiếp nhận hồ sơ đất đai trực tuyến, trả kết quả tại nhà" in page
    assert "Bản đồ số điểm ngập" not in page


@pytest.mark.django_db
def test_every_demo_idea_carries_what_the_services_compute(seeded):
    ideas = list(Idea.objects.prefetch_related("events"))
    assert len(ideas) >= 13
    for idea in ideas:
        assert idea.search_text and idea.search_text == search_text_for(idea), idea.title
        actions = [event.action for event in idea.events.all()]
        assert actions[0] == "create", idea.title
        assert (idea.submitted_at is not None) == (idea.status != Status.DRAFT), idea.title
        assert idea.events.filter(to_status=idea.status).exists(), idea.title
        if idea.status != Status.DRAFT:
            assert Notification.objects.filter(kind="idea_submitted", url=idea.get_absolute_url()).exists()
        if idea.status == Status.RECOGNISED:
            assert idea.recognition_level and idea.recognition_decision_number
            assert idea.recognition_decision_date


@pytest.mark.django_db
def test_a_demo_idea_matches_one_made_by_the_service(seeded):
    """The same content through idea_create and the same steps: the same computed fields filled."""
    made = Idea.objects.get(title="Trợ lý ảo giải đáp thủ tục hành chính cho người dân")
    people = {u.username: u for u in User.objects.all()}
    twin, _ = services.idea_create(
        by=made.author,
        **{name: getattr(made, name) for name in services.CONTENT_FIELDS if name != "title"},
        title="Trợ lý ảo giải đáp thủ tục hành chính cho người dân (bản so sánh)",
    )
    [(*_, first_day, steps)] = [row for row in demo._ideas(timezone.localdate()) if row[0] == made.title]
    demo.play(twin, steps, first_day, people)
    twin.refresh_from_db()
    skip = {"id", "title", "search_text", "created_at", "updated_at", "submitted_at", "creation_token",
            "version", "outcome"}  # fmt: skip

    def filled(idea):
        names = [f.attname for f in Idea._meta.concrete_fields if f.attname not in skip]
        return {name for name in names if getattr(idea, name)}

    assert filled(made) == filled(twin)
    assert made.search_text.startswith(" tro ly ao") and twin.search_text.startswith(" tro ly ao")
    assert [e.action for e in made.events.order_by("pk")] == [e.action for e in twin.events.order_by("pk")]

    def kinds(idea):
        return sorted(Notification.objects.filter(url=idea.get_absolute_url()).values_list("kind", flat=True))

    assert kinds(made) == kinds(twin)
    assert IdeaEvent.objects.filter(idea=made).count() == IdeaEvent.objects.filter(idea=twin).count()
