"""A district whose territory and staff went to several wards: the lineage, and who acts for whom."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Unit, UnitLineage
from accounts.responsibility import UnitTree
from accounts.selectors import roles_of
from accounts.services import unit_lineage_set
from tests.factories import UnitFactory, UserFactory

CSV = """code,name,parent_code,valid_from,valid_until,successor_code,kind,legal_personality
HCM,Thành phố Hồ Chí Minh,,,,,city,yes
Q-BT,UBND Quận Bình Tân,HCM,,2025-06-30,P-BT:70;P-AL:30,district,yes
P-BT,UBND phường Bình Tân,HCM,01/07/2025,,,commune,có
P-AL,UBND phường An Lạc,HCM,01/07/2025,,,commune,yes
P-BT-VP,Văn phòng UBND phường Bình Tân,P-BT,2025-07-01,,,division,no
"""


@pytest.fixture
def split(db):
    """Quận Bình Tân went 70 % to phường Bình Tân (its main successor) and 30 % to phường An Lạc."""
    city = UnitFactory(code="HCM")
    district = UnitFactory(code="Q-BT", parent=city, valid_until=datetime.date(2025, 6, 30))
    main = UnitFactory(code="P-BT", parent=city, head=UserFactory(username="head.bt"))
    second = UnitFactory(code="P-AL", parent=city, head=UserFactory(username="head.al"))
    unit_lineage_set(unit=district, successors=[(main, 70), (second, 30)])
    return district, main, second


def test_every_successor_supervises_the_former_unit_but_not_the_other_successor(split):
    district, main, second = split
    tree = UnitTree.load()
    assert district.successor == main
    assert tree.lineage[district.pk] == (main.pk, second.pk)
    assert set(tree.predecessors[second.pk]) == {district.pk}
    assert {main.head_id, second.head_id} <= tree.supervisors(district.pk)
    # The main successor answers for and leads the former unit.
    assert tree.leader(district.pk).people == {main.head_id}
    # Neither successor acts for the other.
    assert second.head_id not in tree.supervisors(main.pk)
    assert main.head_id not in tree.supervisors(second.pk)
    assert roles_of(second.head).supervised == {second.pk, district.pk}
    assert roles_of(main.head).supervised == {main.pk, district.pk}


def test_the_lineage_can_be_changed_and_the_main_successor_follows(split):
    district, main, second = split
    unit_lineage_set(unit=district, successors=[(second, None)])
    district.refresh_from_db()
    assert district.successor == second
    assert list(
        UnitLineage.objects.filter(predecessor=district).values_list("successor__code", flat=True)
    ) == ["P-AL"]
    unit_lineage_set(unit=district, successors=[])
    district.refresh_from_db()
    assert district.successor is None and not UnitLineage.objects.filter(predecessor=district).exists()


def test_import_units_reads_several_successors_kinds_and_legal_personality(db, tmp_path, capsys):
    path = tmp_path / "units.csv"
    path.write_text(CSV, encoding="utf-8")
    call_command("import_units", str(path))
    district = Unit.objects.get(code="Q-BT")
    assert district.successor.code == "P-BT"
    assert sorted(
        UnitLineage.objects.filter(predecessor=district).values_list("successor__code", "share")
    ) == [
        ("P-AL", 30),
        ("P-BT", 70),
    ]
    assert (district.kind, district.legal_personality) == ("district", True)
    assert Unit.objects.get(code="P-BT").confers_unit_certificate
    office = Unit.objects.get(code="P-BT-VP")
    assert (office.kind, office.legal_personality, office.confers_unit_certificate) == (
        "division",
        False,
        False,
    )
    capsys.readouterr()
    call_command("import_units", str(path))
    assert Unit.objects.count() == 5
    assert "0, 0, 5" in capsys.readouterr().out.replace("thêm mới ", "").replace("cập nhật ", "").replace(
        "giữ nguyên ", ""
    )


def test_import_units_refuses_a_bad_share_or_kind_and_imports_nothing(db, tmp_path, capsys):
    path = tmp_path / "units.csv"
    path.write_text(CSV.replace("P-AL:30", "P-AL:130").replace("division,no", "phòng,no"), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_units", str(path))
    err = capsys.readouterr().err
    assert " 3:" in err and " 6:" in err
    assert not Unit.objects.exists()
