"""The glossary table: one row per concept, with the words readers search with and the words the
guide does not write. Pure functions, no MkDocs: the glossary hook adapts them to the build.

A row reads | 术语 | 英文 | 又称 | 含义 | 不用 |. 英文, 又称 and 不用 hold words separated by " / ".
- 术语: the one word the guide uses for the concept; a page must use it, or it is not on the site.
- 英文 and 又称: what readers may type instead; search finds the term's pages by them.
- 不用: variants the guide must not write in running text; readers may still search with them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

import cards

COLUMNS = ("术语", "英文", "又称", "含义", "不用")
LISTS = ("英文", "又称", "不用")
SEPARATOR = " / "
# A word is shown on the glossary page and written into the search index: letters, digits, spaces
# and a little punctuation, never anything that could become markup or a link.
WORD = re.compile(r"[\w\u4e00-\u9fff][\w\u4e00-\u9fff &'.\-]*[\w\u4e00-\u9fff]|[\w\u4e00-\u9fff]")
HAN = re.compile(r"[\u4e00-\u9fff]{2,}")


@dataclass
class Term:
    """One glossary row."""

    term: str
    line: int
    english: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    avoid: list[str] = field(default_factory=list)

    @property
    def synonyms(self) -> list[str]:
        """Every word a reader may search with for this concept, the term itself left out."""
        return self.english + self.aliases + self.avoid


def parse(markdown: str, path: str = "docs/glossary.md") -> list[Term]:
    """The glossary's rows; raise SourceError naming the line and column of the first mistake."""
    rows = [(number, line) for number, line in enumerate(markdown.splitlines(), start=1)
            if line.lstrip().startswith("|")]
    if len(rows) < 2:
        raise cards.SourceError(path, "has no glossary table; it needs the columns "
                                + " | ".join(COLUMNS))
    (header_line, header), _rule = rows[0], rows[1]
    if tuple(_row(header)) != COLUMNS:
        raise cards.SourceError(path, f"table header: the columns must be {' | '.join(COLUMNS)}, "
                                f"found {header.strip()}", header_line)
    terms: list[Term] = []
    owners: dict[str, tuple[str, int, str]] = {}  # normalised word → term, line, column
    for number, line in rows[2:]:
        cells = dict(zip(COLUMNS, _cells(line, path, number)))
        term = Term(cells["术语"], number)
        for column in ("术语", "含义"):
            if not cells[column]:
                raise cards.SourceError(path, f"{column}: is empty", number)
        _check_word(term.term, path, number, "术语")
        for column in LISTS:
            words = _split(cells[column], path, number, column)
            setattr(term, {"英文": "english", "又称": "aliases", "不用": "avoid"}[column], words)
        for column, words in [("术语", [term.term]), ("英文", term.english), ("又称", term.aliases),
                              ("不用", term.avoid)]:
            for word in words:
                key = normalise(word)
                if key in owners:
                    owner, owner_line, owner_column = owners[key]
                    raise cards.SourceError(path, f"{column}: '{word}' is already claimed by {owner} "
                                            f"(line {owner_line}, {owner_column}); a word names one "
                                            "concept only", number)
                owners[key] = (term.term, number, column)
        terms.append(term)
    return terms


@functools.lru_cache(maxsize=4096)  # every section is compared with every term and synonym
def normalise(text: str) -> str:
    """Text as search compares it: full-width forms folded, no spaces, lower case."""
    return re.sub(r"[\s\u200b]+", "", unicodedata.normalize("NFKC", text)).lower()


def uses(text: str, word: str) -> int:
    """How often `text` uses `word`, ignoring spaces and case (虚拟SIM卡 uses 虚拟 SIM 卡)."""
    return normalise(text).count(normalise(word))


def han_words(terms: list[Term]) -> list[str]:
    """The Chinese words of every term and synonym, for the search segmenter, without repeats."""
    words: list[str] = []
    for term in terms:
        for text in [term.term, *term.synonyms]:
            words += [w for w in HAN.findall(text) if w not in words]
    return words


def avoided_words(markdown: str, terms: list[Term]) -> list[tuple[int, str, Term]]:
    """Each (line, variant, term) where running text writes a 不用 variant instead of its term."""
    found = []
    for number, line in enumerate(markdown.splitlines(), start=1):
        for term in terms:
            found += [(number, word, term) for word in term.avoid if uses(line, word)]
    return found


def _cells(line: str, path: str, number: int) -> list[str]:
    if "\\|" in line:
        raise cards.SourceError(path, "a cell may not contain '|'", number)
    cells = _row(line)
    if len(cells) != len(COLUMNS):
        raise cards.SourceError(path, f"row has {len(cells)} cells; the table has {len(COLUMNS)}: "
                                + " | ".join(COLUMNS), number)
    return cells


def _row(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _split(cell: str, path: str, number: int, column: str) -> list[str]:
    if not cell:
        return []
    words = [word.strip() for word in cell.split(SEPARATOR)]
    for word in words:
        _check_word(word, path, number, column)
    return words


def _check_word(word: str, path: str, number: int, column: str) -> None:
    if not word:
        raise cards.SourceError(path, f"{column}: an empty word between '{SEPARATOR.strip()}'; "
                                f"separate words with '{SEPARATOR}'", number)
    if not WORD.fullmatch(word):
        raise cards.SourceError(path, f"{column}: '{word}' may hold only letters, digits, spaces "
                                "and - & ' . (separate words with ' / ')", number)
