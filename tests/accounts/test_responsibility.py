"""The unit-responsibility resolver: its rules on small trees, and that it is read once per request
and per job, in a constant number of queries."""

import datetime

import pytest

from accounts.responsibility import UnitTree, unit_tree, unit_tree_scope
from tests.factories import IdeaFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_chain_follows_successors_then_parents(org):
    successor = UnitFactory(code="NEW", parent=org.other)
    org.sub.successor = successor
    org.sub.save()
    tree = UnitTree.load()
    assert tree.chain(org.sub.pk) == (org.sub.pk, successor.pk, org.other.pk, org.city.pk)
    assert tree.chain(org.unit.pk) == (org.unit.pk, org.city.pk)


def test_a_replaced_unit_has_nobody_of_its_own(org):
    successor = UnitFactory(code="NEW", parent=org.unit)
    org.sub.successor = successor
    org.sub.save()
    tree = UnitTree.load()
    assert tree.own_people(org.sub.pk) == frozenset()
    assert tree.answerers(org.sub.pk).people == {org.head.pk, org.deputy.pk}
    assert org.sub.pk not in tree.headed_by(org.sub_head.pk)


def test_inactive_heads_and_deputies_do_not_answer(org):
    org.sub_head.is_active = False
    org.sub_head.save()
    org.deputy.is_active = False
    org.deputy.save()
    tree = UnitTree.load()
    assert tree.answerers(org.sub.pk).people == {org.head.pk}
    assert tree.supervisors(org.sub.pk) == {org.head.pk, org.city_head.pk}


def test_answerers_and_leader_leave_out_the_excluded_and_fall_back_to_the_committee(org):
    tree = UnitTree.load()
    assert tree.answerers(org.sub.pk, exclude={org.sub_head.pk}).people == {org.head.pk, org.deputy.pk}
    assert tree.leader(org.sub.pk, exclude={org.sub_head.pk}).people == {org.head.pk}
    everyone = {org.sub_head.pk, org.head.pk, org.deputy.pk, org.city_head.pk}
    nobody = tree.answerers(org.sub.pk, exclude=everyone)
    assert nobody.by_committee and nobody.people == {org.committee.pk}
    assert tree.leader(org.sub.pk, exclude=everyone).by_committee


def test_one_persons_view_of_the_tree(org):
    tree = UnitTree.load()
    assert tree.headed_by(org.head.pk) == {org.unit.pk}
    assert tree.deputised_by(org.deputy.pk) == {org.unit.pk}
    assert tree.supervised_by(org.deputy.pk) == {org.unit.pk, org.sub.pk}
    assert tree.led_by(org.head.pk) == {org.unit.pk}  # the sub-unit has a head of its own
    assert tree.led_by(org.deputy.pk) == frozenset()
    assert tree.acting_unit(org.sub.pk, org.deputy.pk) == org.unit.pk


def test_the_tree_is_read_in_two_queries(org, django_assert_num_queries):
    with django_assert_num_queries(2):
        UnitTree.load()


def test_a_scope_reads_the_tree_once(org, django_assert_num_queries):
    with unit_tree_scope():
        first = unit_tree()
        with django_assert_num_queries(0):
            assert unit_tree() is first
    assert unit_tree() is not first  # outside a scope: read afresh


def test_a_page_reads_the_tree_once_however_many_checks(client, org, monkeypatch):
    loads = []
    original = UnitTree.load.__func__

    def counting(cls):
        loads.append(1)
        return original(cls)

    monkeypatch.setattr(UnitTree, "load", classmethod(counting))
    for n in range(5):
        IdeaFactory(author=org.author, status="submitted", title=f"Ý tưởng {n}")
    client.force_login(org.head)
    assert client.get("/ideas/review/").status_code == 200
    assert len(loads) == 1


def test_a_dissolved_units_old_head_link_is_history(db):
    old_head, new_head = UserFactory(), UserFactory()
    successor = UnitFactory(head=new_head)
    former = UnitFactory(head=old_head, successor=successor, valid_until=datetime.date(2025, 6, 30))
    tree = UnitTree.load()
    assert tree.leader(former.pk).people == {new_head.pk}
    assert tree.headed_by(old_head.pk) == frozenset()
