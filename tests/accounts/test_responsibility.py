"""The unit-responsibility resolver: its rules on small trees, and that it is read once per request
and per job, in a constant number of queries."""

import datetime
import random

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


def _brute_supervised_by(tree, person_id):
    return frozenset(unit for unit in tree.parent if person_id in tree.supervisors(unit))


def _brute_led_by(tree, person_id):
    if not tree.headed_by(person_id):
        return frozenset()
    return frozenset(unit for unit in tree.parent if tree.leader(unit).people == {person_id})


def _brute_leaderless(tree):
    return frozenset(unit for unit in tree.parent if tree.leader(unit).by_committee)


def _random_tree(rng):
    """A tree of 1-40 units with reorganisations, lineage to several successors, heads, deputies,
    and now and then a cycle (bad data the chain walk must survive)."""
    units = list(range(1, rng.randint(1, 40) + 1))
    parent = {
        unit: (rng.choice(units[:index]) if index and rng.random() < 0.9 else None)
        for index, unit in enumerate(units)
    }
    successor = {unit: None for unit in units}
    lineage = {}
    for unit in units:
        if rng.random() < 0.2:
            receivers = rng.sample(units, k=min(len(units), rng.randint(1, 3)))
            receivers = [other for other in receivers if other != unit]
            if receivers:
                successor[unit] = receivers[0]
                lineage[unit] = tuple(receivers)
    people = list(range(100, 112))
    head = {unit: rng.choice(people) for unit in units if successor[unit] is None and rng.random() < 0.5}
    deputies = {
        unit: frozenset(rng.sample(people, k=rng.randint(1, 2)))
        for unit in units
        if successor[unit] is None and rng.random() < 0.3
    }
    tree = UnitTree(parent=parent, successor=successor, head=head, deputies=deputies, lineage=lineage)
    tree._committee = frozenset(rng.sample(people, k=rng.randint(0, 2)))
    return tree, people


def test_one_persons_view_agrees_with_asking_every_unit():
    """supervised_by, led_by and leaderless read the tree from above; they must give what asking
    each unit's supervisors and leader gives, on any shape of tree."""
    rng = random.Random(20261202)
    for _ in range(400):
        tree, people = _random_tree(rng)
        assert tree.leaderless() == _brute_leaderless(tree)
        for person in people:
            assert tree.supervised_by(person) == _brute_supervised_by(tree, person)
            assert tree.led_by(person) == _brute_led_by(tree, person)
