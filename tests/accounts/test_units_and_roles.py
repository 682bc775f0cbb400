import datetime

import pytest

from accounts.permissions import is_committee, supervises
from accounts.responsibility import UnitTree
from accounts.selectors import roles_of, unit_subtree_ids
from movement.models import Phase
from tests.factories import UnitFactory, UserFactory


def test_supervision_reaches_sub_units_but_not_siblings(org):
    assert supervises(org.head, org.sub)
    assert supervises(org.deputy, org.sub)
    assert supervises(org.city_head, org.sub)
    assert not supervises(org.other_head, org.sub)
    assert not supervises(org.author, org.sub)
    assert not supervises(org.sub_head, org.unit)


def test_heading_is_for_the_unit_itself_not_its_deputies(org):
    assert org.unit.pk in roles_of(org.head).heads
    assert org.unit.pk not in roles_of(org.deputy).heads
    assert org.unit.pk in roles_of(org.deputy).deputises
    assert org.sub.pk not in roles_of(org.head).heads
    assert roles_of(org.head).is_head and not roles_of(org.deputy).is_head
    assert roles_of(org.deputy).is_head_or_deputy


def test_committee_is_a_group_and_superuser_counts(org):
    assert is_committee(org.committee)
    assert is_committee(org.superuser)
    assert not is_committee(org.head)


def test_a_successor_unit_governs_the_units_it_replaced(db):
    former = UnitFactory(code="Q-OLD", valid_until=datetime.date(2025, 6, 30))
    former_sub = UnitFactory(code="Q-OLD-1", parent=former)
    new_head = UserFactory()
    successor = UnitFactory(code="P-NEW", head=new_head, valid_from=datetime.date(2025, 7, 1))
    former.successor = successor
    former.save()
    tree = UnitTree.load()
    assert tree.leader(former.pk).people == {new_head.pk}
    assert supervises(new_head, former_sub)
    assert unit_subtree_ids(successor) == {successor.pk, former.pk, former_sub.pk}
    assert new_head.pk in tree.answerers(former_sub.pk).people


def test_those_who_answer_for_a_unit_are_its_own_head_and_deputies(org):
    assert UnitTree.load().answerers(org.unit.pk).people == {org.head.pk, org.deputy.pk}
    assert UnitTree.load().answerers(org.sub.pk).people == {org.sub_head.pk}  # not the heads above
    org.sub.head = None
    org.sub.save()
    assert UnitTree.load().answerers(org.sub.pk).people == {org.head.pk, org.deputy.pk}  # the nearest above


def test_roles_are_computed_once_per_user_object(org, django_assert_num_queries):
    roles_of(org.head)
    with django_assert_num_queries(0):
        roles_of(org.head)


@pytest.mark.django_db
def test_phase_for_date():
    assert Phase.for_date(datetime.date(2024, 5, 1)).code == "2023-2025"
    assert Phase.for_date(datetime.date(2026, 11, 27)).code == "2026-2030"
    assert Phase.for_date(datetime.date(2022, 12, 31)) is None
