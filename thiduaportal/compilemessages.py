"""Compiles every .po catalogue to .mo with polib, so the build needs no GNU gettext."""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "staticfiles", "node_modules", ".git"}


def main() -> None:
    for po_path in sorted(ROOT.rglob("locale/*/LC_MESSAGES/*.po")):
        if SKIP.intersection(po_path.relative_to(ROOT).parts):
            continue
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        print(f"compiled {mo_path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
