"""The Vietnamese catalogue is complete: nothing untranslated, nothing fuzzy, nothing missing."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from tests.conftest import require

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", ".git", "staticfiles", "var", "node_modules", "bench", "tests"}


def vi_catalogues(root: Path) -> dict[Path, polib.POFile]:
    found = {}
    for path in sorted(root.rglob("locale/vi/LC_MESSAGES/django.po")):
        if not SKIP.intersection(path.relative_to(root).parts):
            found[path.relative_to(root)] = polib.pofile(str(path))
    return found


def test_every_vietnamese_entry_is_translated_and_not_fuzzy():
    catalogues = vi_catalogues(ROOT)
    assert Path("locale/vi/LC_MESSAGES/django.po") in catalogues
    problems = []
    for path, po in catalogues.items():
        problems += [f"{path}: untranslated {e.msgid!r}" for e in po.untranslated_entries()]
        problems += [f"{path}: fuzzy {e.msgid!r}" for e in po.fuzzy_entries()]
    assert not problems, "\n".join(problems)


def test_every_string_in_the_source_is_in_the_catalogue(tmp_path):
    require(shutil.which("xgettext") is not None, "GNU gettext (xgettext)")
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT, copy, ignore=shutil.ignore_patterns(*SKIP, "*.mo", "*.pyc", "__pycache__", "*.woff2")
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-location", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "thiduaportal.settings.test",
            "SECRET_KEY": "x",
        },
    )
    committed = vi_catalogues(ROOT)
    missing = []
    for path, regenerated in vi_catalogues(copy).items():
        translated = {e.msgid for e in committed.get(path, []) if e.translated()}
        missing += [f"{path}: {e.msgid!r}" for e in regenerated if e.msgid not in translated]
    assert not missing, "run `make messages` and translate:\n" + "\n".join(missing)


@pytest.mark.parametrize("language,expected", [("vi", "Đăng nhập"), ("en", "Sign in")])
def test_the_sign_in_page_speaks_the_chosen_language(client, db, language, expected):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=language)
    assert expected in response.content.decode()


def test_vietnamese_is_the_default(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="fr")
    assert '<html lang="vi">' in response.content.decode()
