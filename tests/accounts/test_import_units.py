import pytest
from django.core.management import CommandError, call_command

from accounts.models import Unit

GOOD = """code,name,parent_code,valid_from,valid_until,successor_code
HCM,Thành phố Hồ Chí Minh,,,,
Q-BT,UBND Quận Bình Tân,HCM,,2025-06-30,P-BT
P-BT,UBND phường Bình Tân,HCM,01/07/2025,,
P-BT-VP,Văn phòng UBND phường Bình Tân,P-BT,2025-07-01,,
"""


def write(tmp_path, text, name="units.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8-sig")
    return str(path)


@pytest.mark.django_db
def test_import_creates_the_tree_with_successors(tmp_path, capsys):
    call_command("import_units", write(tmp_path, GOOD))
    former = Unit.objects.get(code="Q-BT")
    assert former.parent.code == "HCM"
    assert former.successor.code == "P-BT"
    assert str(Unit.objects.get(code="P-BT").valid_from) == "2025-07-01"
    assert Unit.objects.get(code="P-BT-VP").parent.code == "P-BT"
    assert "4" in capsys.readouterr().out


@pytest.mark.django_db
def test_import_is_idempotent_and_updates_by_code(tmp_path, capsys):
    call_command("import_units", write(tmp_path, GOOD))
    call_command("import_units", write(tmp_path, GOOD))
    assert Unit.objects.count() == 4
    renamed = GOOD.replace("Văn phòng UBND phường Bình Tân", "Văn phòng HĐND và UBND phường Bình Tân")
    capsys.readouterr()
    call_command("import_units", write(tmp_path, renamed))
    out = capsys.readouterr().out
    assert Unit.objects.count() == 4
    assert Unit.objects.get(code="P-BT-VP").name == "Văn phòng HĐND và UBND phường Bình Tân"
    assert "1" in out and "3" in out  # one updated, three unchanged


@pytest.mark.django_db
def test_a_bad_file_imports_nothing_and_names_every_bad_row(tmp_path, capsys):
    bad = (
        "code,name,parent_code,valid_from,valid_until,successor_code\n"
        "HCM,Thành phố,,,,\n"
        "X1,,HCM,,,\n"  # line 3: no name
        "X2,Đơn vị 2,NOPE,,,\n"  # line 4: unknown parent
        "X3,Đơn vị 3,HCM,31/02/2025,,\n"  # line 5: not a date
        "HCM,Trùng mã,,,,\n"  # line 6: repeated code
        "X4,Đơn vị 4,HCM,2025-07-01,2025-01-01,\n"  # line 7: until before from
    )
    with pytest.raises(CommandError):
        call_command("import_units", write(tmp_path, bad))
    err = capsys.readouterr().err
    for line in (3, 4, 5, 6, 7):
        assert f" {line}:" in err, err
    assert " 2:" not in err
    assert Unit.objects.count() == 0


@pytest.mark.django_db
def test_a_parent_loop_is_refused(tmp_path, capsys):
    loop = "code,name,parent_code\nA,Đơn vị A,B\nB,Đơn vị B,A\n"
    with pytest.raises(CommandError):
        call_command("import_units", write(tmp_path, loop))
    assert Unit.objects.count() == 0


@pytest.mark.django_db
def test_a_file_without_the_required_columns_is_refused(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_units", write(tmp_path, "ma,ten\nA,B\n"))
    assert Unit.objects.count() == 0
