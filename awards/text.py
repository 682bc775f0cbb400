"""Vietnamese folding for search: "dang ngoc lan" finds "Đặng Ngọc Lan" (STACK-NOTES.md)."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case ASCII: diacritics dropped, đ/Đ mapped to d."""
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("đ", "d").replace("Đ", "D").lower().split())


def nomination_search_text(*, nominee=None, nominee_unit=None, proposing_unit=None) -> str:
    parts = []
    if nominee is not None:
        parts += [nominee.full_name, nominee.username, nominee.unit.name if nominee.unit_id else ""]
    if nominee_unit is not None:
        parts.append(nominee_unit.name)
    if proposing_unit is not None:
        parts.append(proposing_unit.name)
    return fold(" | ".join(p for p in parts if p))
