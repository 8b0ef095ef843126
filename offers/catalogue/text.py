"""Words as the search sees them: normalised, without stop words, stemmed.

Documents and queries pass through the same functions, so that "Führung",
"Fuehrung" and "FÜHRUNG" meet, and "Netzwerke" finds "Netzwerk":

1. `normalize`: lower case, umlauts and ß written out (ä → ae, ß → ss),
   other accents removed.
2. `words`: the words of a text, without German stop words.
3. `stem`: the German Snowball stemmer, for both databases.
"""

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import snowballstemmer

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
# Words longer than this are not worth suggesting (and keep SearchTerm's column short).
MAX_WORD_LENGTH = 60

TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ẞ": "SS"}
    # Letters Unicode does not decompose into a base letter and an accent.
    | {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe"}
    | {"đ": "d", "Đ": "D", "ı": "i"}
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def normalize(text: str) -> str:
    """Lower-case text with umlauts and ß written out and other accents removed."""
    text = unicodedata.normalize("NFC", text or "").translate(TRANSLITERATION)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


@cache
def stop_words() -> frozenset[str]:
    lines = (Path(__file__).with_name("german_stopwords.txt")).read_text("utf-8").splitlines()
    return frozenset(normalize(line) for line in lines if line and not line.startswith("#"))


def words(text: str) -> list[str]:
    """The normalised words of `text`, in order, without stop words."""
    stops = stop_words()
    return [word for word in _WORD.findall(normalize(text)) if word not in stops]


def spelled_words(text: str) -> dict[str, str]:
    """{normalised word: the word as written, lower case} for the words of `text`."""
    stops = stop_words()
    found = {}
    for written in _WORD.findall(unicodedata.normalize("NFC", text or "")):
        word = normalize(written)
        if word not in stops and 2 < len(word) <= MAX_WORD_LENGTH and not word.isdigit():
            found.setdefault(word, written.lower())
    return found


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("german")


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def clean_query(raw: str) -> str:
    """The query as shown back to the person: control characters as blanks, length capped."""
    return " ".join(printable(raw).split())[:MAX_QUERY_LENGTH]


def printable(raw: str) -> str:
    """`raw` with every control character (tab, newline, NUL …) turned into a blank."""
    return "".join(ch if ch.isprintable() else " " for ch in (raw or ""))


def query_terms(raw: str) -> list[str]:
    """The normalised search words of a query, at most MAX_TERMS, without duplicates."""
    terms = []
    for word in words(clean_query(raw)):
        if word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]
