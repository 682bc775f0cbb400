"""Importing records from CSV and XLSX: everything is checked first, nothing is imported if a row is
bad (each bad row named with why), and importing again changes nothing."""

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from records.models import AnnualRating, EmulationTitle, ExternalAward, RecordChange, Restriction

pytestmark = pytest.mark.django_db


HEADER = (
    "kind,username,unit_code,year,code,category,decision_number,decision_date,issuer,title,start,end,source\n"
)
GOOD = HEADER + (
    "rating,author,,2024,HTTNV,,,,,,,,Thông báo 12/TB-SNV\n"
    "rating,author,,2025,htxsnv,,,,,,,,Thông báo 15/TB-SNV\n"
    "title,author,,2025,CSTĐCS,,2210/QĐ-SNV,26/12/2025,Giám đốc Sở,,,,QĐ 2210/QĐ-SNV\n"
    "award,author,,,ministry_certificate,công trạng,1520/QĐ-BNV,2019-11-20,Bộ trưởng Bộ Nội vụ,Cải cách,,,"
    "Bản sao QĐ\n"
    "restriction,author,,,khiếu nại,,,,,Khiếu nại kết quả bình xét,2025-03-10,2025-05-20,Văn bản 17/UBND\n"
    "rating,,SUB,2025,HTXSNV,,,,,,,,QĐ xếp loại tập thể\n"
)


def write(tmp_path, text, name="records.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8-sig")
    return str(path)


def run(path, by="committee"):
    call_command("import_records", path, "--by", by)


def test_a_good_file_is_imported_with_its_sources_and_by_whom(tmp_path, org, capsys):
    run(write(tmp_path, GOOD))
    assert "6 created" in capsys.readouterr().out
    assert AnnualRating.objects.filter(person=org.author).count() == 2
    assert AnnualRating.objects.get(unit=org.sub).rating == "htxsnv"
    title = EmulationTitle.objects.get()
    assert (title.title, str(title.decision_date), title.source) == ("cstdcs", "2025-12-26", "QĐ 2210/QĐ-SNV")
    award = ExternalAward.objects.get()
    assert (award.category, award.summary) == ("merit", "Cải cách")
    assert Restriction.objects.get().kind == "complaint"
    assert set(RecordChange.objects.values_list("by__username", flat=True)) == {"committee"}
    assert set(AnnualRating.objects.values_list("entered_by__username", flat=True)) == {"committee"}


def test_import_is_idempotent_by_natural_key(tmp_path, org, capsys):
    run(write(tmp_path, GOOD))
    run(write(tmp_path, GOOD))
    assert "6 unchanged" in capsys.readouterr().out
    assert AnnualRating.objects.count() == 3 and RecordChange.objects.count() == 6
    run(
        write(
            tmp_path,
            GOOD.replace("2024,HTTNV,,,,,,,,Thông báo 12/TB-SNV", "2024,HTXSNV,,,,,,,,Thông báo 13/TB-SNV"),
        )
    )
    assert "1 updated" in capsys.readouterr().out
    rating = AnnualRating.objects.get(person=org.author, year=2024)
    assert (rating.rating, rating.source) == ("htxsnv", "Thông báo 13/TB-SNV")
    assert RecordChange.objects.filter(action="updated").get().changes["rating"] == ["httnv", "htxsnv"]


def test_a_bad_file_imports_nothing_and_names_every_bad_row(tmp_path, org, capsys):
    bad = GOOD + (
        "rating,nobody,,2024,HTTNV,,,,,,,,Nguồn\n"  # line 8
        "rating,author,,2023,giỏi,,,,,,,,Nguồn\n"  # line 9
        "rating,author,,2022,HTTNV,,,,,,,,\n"  # line 10
        "title,author,,2024,LĐTT,,1/QĐ,31/02/2024,,,,,Nguồn\n"  # line 11
        "rating,author,,2024,HTNV,,,,,,,,Nguồn\n"  # line 12: the same as line 2
        "rating,outsider,,2024,HTNV,,,,,,,,Nguồn\n"  # line 13: another unit's person for a head
        "restriction,author,SUB,,discipline,,,,,,2025-01-01,,Nguồn\n"  # line 14
        "medal,author,,2024,,,,,,,,,Nguồn\n"  # line 15
        "rating,author,,2099,HTTNV,,,,,,,,Nguồn\n"  # line 16: a future year
    )
    with pytest.raises(CommandError, match="nothing was imported"):
        run(write(tmp_path, bad), by="head")
    err = capsys.readouterr().err
    for line, words in [
        (8, "nobody is not a known person"),
        (9, "“giỏi” is not one of"),
        (10, "source is empty"),
        (11, "decision_date is not a date"),
        (12, "already on line 2"),
        (13, "may not enter the record"),
        (14, "exactly one of username"),
        (15, "kind must be one of"),
        (16, "year: The year cannot be in the future"),
    ]:
        assert f"line {line}: " in err and words in err, (line, words, err)
    assert not AnnualRating.objects.exists() and not RecordChange.objects.exists()


def test_unknown_columns_and_unreadable_files_are_refused(tmp_path, org):
    with pytest.raises(CommandError, match="unknown column"):
        run(write(tmp_path, "kind,username,source,decison_number\n"))
    with pytest.raises(CommandError, match="missing column"):
        run(write(tmp_path, "username,year\n"))
    with pytest.raises(CommandError, match="cannot read the file as a workbook"):
        run(write(tmp_path, "not a workbook", name="records.xlsx"))
    with pytest.raises(CommandError, match="not an active account"):
        run(write(tmp_path, GOOD), by="nobody")


def test_an_xlsx_file_with_real_dates_and_numbers(tmp_path, org, capsys):
    import datetime

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["kind", "username", "year", "code", "decision_number", "decision_date", "source"])
    sheet.append(["rating", "author", 2025, "HTTNV", None, None, "Thông báo 15/TB-SNV"])
    sheet.append(["title", "author", 2025.0, "LĐTT", "99/QĐ", datetime.datetime(2025, 12, 26), "QĐ 99"])  # noqa: DTZ001 - Excel dates are naive
    path = tmp_path / "records.xlsx"
    workbook.save(path)
    run(str(path))
    assert "2 created" in capsys.readouterr().out
    assert EmulationTitle.objects.get().decision_date == datetime.date(2025, 12, 26)
