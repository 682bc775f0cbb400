"""A process keeps the unit tree between requests (UNIT_TREE_CACHE) only while nothing of it has
changed: every committed change to units, heads, deputies, lineage, people or the committee gives
the tree a new version, and the next request reads it afresh."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction

from accounts import responsibility
from accounts.models import COMMITTEE_GROUP, UnitLineage
from accounts.responsibility import TREE_VERSION_KEY, unit_tree, unit_tree_scope
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kept(settings, monkeypatch):
    settings.UNIT_TREE_CACHE = True
    monkeypatch.setattr(responsibility, "_kept", None)
    cache.delete(TREE_VERSION_KEY)
    yield
    cache.delete(TREE_VERSION_KEY)


def scoped_tree():
    with unit_tree_scope():
        return unit_tree()


def test_the_next_request_reuses_the_tree_without_reading_it(org, django_assert_num_queries):
    first = scoped_tree()
    first.supervisors(org.sub.pk)
    with django_assert_num_queries(0):
        again = scoped_tree()
    assert again is first


@pytest.mark.parametrize(
    "change",
    [
        "head",
        "deputy",
        "new_unit",
        "lineage",
        "committee",
        "deactivated",
    ],
)
def test_a_committed_change_makes_the_next_request_read_the_tree_again(
    org, change, django_capture_on_commit_callbacks
):
    newcomer = UserFactory(unit=org.unit)
    before = scoped_tree()
    with django_capture_on_commit_callbacks(execute=True):
        if change == "head":
            org.unit.head = newcomer
            org.unit.save()
        elif change == "deputy":
            org.unit.deputies.add(newcomer)
        elif change == "new_unit":
            UnitFactory(parent=org.unit, head=newcomer)
        elif change == "lineage":
            UnitLineage.objects.create(predecessor=org.other, successor=org.unit, share=30)
        elif change == "committee":
            newcomer.groups.add(Group.objects.get(name=COMMITTEE_GROUP))
        elif change == "deactivated":
            org.head.is_active = False
            org.head.save()
    after = scoped_tree()
    assert after is not before
    expected = {
        "head": lambda tree: tree.head[org.unit.pk] == newcomer.pk,
        "deputy": lambda tree: newcomer.pk in tree.deputies[org.unit.pk],
        "new_unit": lambda tree: newcomer.pk in tree.head.values(),
        "lineage": lambda tree: org.unit.pk in tree.lineage[org.other.pk],
        "committee": lambda tree: newcomer.pk in tree.committee(),
        "deactivated": lambda tree: org.unit.pk not in tree.head,
    }[change]
    assert expected(after)


def test_signing_in_keeps_the_tree(org, django_capture_on_commit_callbacks):
    before = scoped_tree()
    with django_capture_on_commit_callbacks(execute=True):
        org.author.last_login = None
        org.author.save(update_fields=["last_login"])  # what Django's sign-in saves
    assert scoped_tree() is before


def test_a_change_that_is_rolled_back_keeps_the_tree(org):
    before = scoped_tree()
    with pytest.raises(RuntimeError), transaction.atomic():
        org.unit.head = org.author
        org.unit.save()
        raise RuntimeError
    assert scoped_tree() is before


def test_without_the_cache_the_tree_is_read_every_time(org, monkeypatch, settings):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", down)
    first = scoped_tree()
    assert scoped_tree() is not first
    assert first.head == scoped_tree().head
    settings.UNIT_TREE_CACHE = False
    monkeypatch.undo()
    assert scoped_tree() is not scoped_tree()
