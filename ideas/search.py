"""Diacritic-insensitive search: text folded to lower-case ASCII words ("Đất đai" → "dat dai")."""

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """NFD, drop combining marks, đ→d, lower case, punctuation to single spaces."""
    text = unicodedata.normalize("NFD", text or "").replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return _NON_WORD.sub(" ", text).strip()


def search_text_for(idea) -> str:
    parts = (idea.title, idea.summary, idea.problem)
    # Padded with spaces so that a term can be matched at a word's start (" dat").
    return f" {fold(' '.join(p or '' for p in parts))} "


def query_terms(q: str, limit: int = 8) -> list[str]:
    """The folded words of a search box entry (at most `limit`, so a long query stays cheap)."""
    return [term for term in fold(q[:200]).split() if term][:limit]
