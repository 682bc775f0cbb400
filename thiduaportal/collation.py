"""Vietnamese collation, as offices sort their lists (one helper, used by the exports).

The alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (with f j w z, foreign
to it, at their Latin places); tones only break ties, in the order ngang, huyền, hỏi, ngã, sắc,
nặng. People are sorted by given name (the last word), then surname (the first), then the middle
names, so "Lê Văn An" comes before "Bùi Thị Bình", and "Đặng" sorts after "Dương", before "Giang".
"""

import unicodedata

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: index for index, letter in enumerate(ALPHABET)}
# Combining marks that make a letter of its own (ă â ê ô ơ ư) and those that are tones.
_LETTER_MARKS = {"\u0306": "ă", "\u0302": "â", "\u031b": "ơ"}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng


def _letters(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(letter ranks, tone of each letter) of one word, case-insensitive."""
    letters: list[int] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFD", word.casefold()):
        if char in _TONES:
            if tones:
                tones[-1] = _TONES[char]
            continue
        if char in _LETTER_MARKS and letters:
            base = ALPHABET[letters[-1]]
            mark = _LETTER_MARKS[char]
            if char == "\u0302":  # circumflex: â ê ô
                mark = {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
            elif char == "\u031b":  # horn: ơ ư
                mark = {"o": "ơ", "u": "ư"}.get(base, base)
            letters[-1] = _RANK[mark]
            continue
        if char in _RANK:
            letters.append(_RANK[char])
            tones.append(0)
        elif unicodedata.category(char).startswith(("L", "N")):
            # Digits and other letters after the alphabet, by code point.
            letters.append(len(ALPHABET) + ord(char))
            tones.append(0)
    return tuple(letters), tuple(tones)


def vietnamese_key(text: str) -> tuple:
    """A sort key for text in Vietnamese collation: letters first, tones only to break ties."""
    words = [_letters(word) for word in text.split()]
    return (tuple(w[0] for w in words), tuple(w[1] for w in words))


def person_key(full_name: str) -> tuple:
    """A sort key for a person's full name: given name, then surname, then middle names."""
    words = full_name.split()
    if len(words) < 2:
        return vietnamese_key(full_name)
    ordered = [words[-1], words[0], *words[1:-1]]
    return vietnamese_key(" ".join(ordered))
