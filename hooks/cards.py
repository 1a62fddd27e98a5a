"""Guide pages as data: front matter and step outline, read from Markdown text and validated.

Pure functions over strings and dataclasses, with no MkDocs event in here, so that the tests, the
hooks and any pre-build step call the same code. The one MkDocs import is its `Config` machinery,
which declares the front-matter schema once.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c

# The sections a card page must have, in this order (design §3).
REQUIRED_SECTIONS = ("适用情况", "注销前准备", "注销步骤", "注销之后", "注意事项", "常见问题")
# The sections whose H3 headings are steps; a checklist is built from exactly these.
STEP_SECTIONS = ("注销前准备", "注销步骤", "注销之后")
AXES = ("form", "billing")
# Pins "today" for reproducible builds and tests: GUIDE_TODAY=2026-11-25 mkdocs build
TODAY_VARIABLE = "GUIDE_TODAY"
CARDS_DIR = "cards"

STEP_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SEMVER = re.compile(r"\d+\.\d+\.\d+")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", re.S)
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
ATTR_LIST = re.compile(r"\s*\{:?([^}]*)\}\s*$")
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


class SourceError(Exception):
    """A mistake in a page's source: which file, which line (when known) and what was expected."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path, self.line, self.message = path, line, message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


def today() -> dt.date:
    """The date builds judge freshness and future dates by; GUIDE_TODAY pins it."""
    pinned = os.environ.get(TODAY_VARIABLE)
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


# --- schema: declared once, in the style of MkDocs' own Config classes -------------------------


class IsoDate(c.BaseConfigOption[dt.date]):
    """A calendar date written YYYY-MM-DD (kept as text by the loader, so bad dates reach us)."""

    def run_validation(self, value: object) -> dt.date:
        text = str(value)
        try:
            if not ISO_DATE.fullmatch(text):
                raise ValueError
            return dt.date.fromisoformat(text)
        except ValueError:
            raise base.ValidationError(f"must be a date (YYYY-MM-DD), got '{text}'") from None


class SemVer(c.BaseConfigOption[str]):
    """A content version x.y.z: major = steps added or removed, minor = wording or facts."""

    def run_validation(self, value: object) -> str:
        text = str(value)
        if not SEMVER.fullmatch(text):
            raise base.ValidationError(f"must be a version x.y.z (e.g. 1.0.0), got '{text}'")
        return text


class Text(c.BaseConfigOption[str]):
    """A non-empty line of text."""

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise base.ValidationError(f"must be non-empty text, got {value!r}")
        return value.strip()


class SchemaError(Exception):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key, self.message = key, message


def check_schema(schema: type[base.Config], raw: dict[str, Any]) -> base.Config:
    """Validate a mapping against a Config schema: no unknown key, no missing key, valid values."""
    keys = [key for key, _option in schema._schema]
    for key in raw:
        if key not in keys:
            raise SchemaError(str(key), f"has unknown field '{key}'; expected only " + ", ".join(keys))
    for key in keys:
        if key not in raw:
            raise SchemaError(key, f"is missing required field '{key}'")
    config = schema()
    config.load_dict(raw)
    failed, _warnings = config.validate()
    if failed:
        key, error = failed[0]
        raise SchemaError(key, f"'{key}' {error}")
    return config


class Entries(c.BaseConfigOption[list]):
    """A non-empty list of mappings, each validated by a Config schema (e.g. the `changes` list)."""

    def __init__(self, schema: type[base.Config]) -> None:
        super().__init__()
        self.schema = schema

    def run_validation(self, value: object) -> list:
        keys = ", ".join(key for key, _option in self.schema._schema)
        if not isinstance(value, list) or not value:
            raise base.ValidationError(f"must be a list of entries with {keys}, newest first")
        entries = []
        for number, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                raise base.ValidationError(f"entry {number} must be a mapping with {keys}")
            try:
                entries.append(check_schema(self.schema, item))
            except SchemaError as exc:
                raise base.ValidationError(f"entry {number}: {exc.message}") from None
        return entries


class OneOf(c.BaseConfigOption[str]):
    """One of a fixed set of words."""

    def __init__(self, choices: tuple[str, ...]) -> None:
        super().__init__()
        self.choices = choices

    def run_validation(self, value: object) -> str:
        if value not in self.choices:
            raise base.ValidationError(f"must be one of {', '.join(self.choices)}, got '{value}'")
        return str(value)


class ChangeMeta(base.Config):
    version = SemVer()
    date = IsoDate()
    note = Text()


class PageMeta(base.Config):
    """Front matter of every versioned guide page (before.md, safety.md and the cards)."""

    title = Text()
    version = SemVer()
    reviewed = IsoDate()
    summary = Text()
    changes = Entries(ChangeMeta)


class CardMeta(PageMeta):
    """Front matter of a card page: a guide page that also names its card and axis."""

    card = Text()
    axis = OneOf(AXES)


# --- the data the hooks work with ---------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    version: str
    date: dt.date
    note: str


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    section: str
    line: int


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    id: str | None
    line: int


@dataclass(frozen=True)
class Page:
    """A versioned guide page: its front matter and its steps, in source order."""

    path: str
    title: str
    version: str
    reviewed: dt.date
    summary: str
    changes: tuple[Change, ...]
    steps: tuple[Step, ...]
    card: str | None = None
    axis: str | None = None
    sections: tuple[str, ...] = field(default=())

    @property
    def key(self) -> str:
        """Short stable name for URLs and saved ticks: the card id, or the guide page's file name."""
        return self.card or self.path.rsplit("/", 1)[-1].removesuffix(".md")

    def steps_in(self, section: str) -> list[Step]:
        return [s for s in self.steps if s.section == section]


# --- reading ------------------------------------------------------------------------------------


def is_card_path(src_uri: str) -> bool:
    """True for docs/cards/<name>.md, the files that must follow the card contract."""
    parts = src_uri.split("/")
    return len(parts) == 2 and parts[0] == CARDS_DIR and parts[1].endswith(".md")


def card_name(src_uri: str) -> str:
    return src_uri.rsplit("/", 1)[-1].removesuffix(".md")


def read_card(path: str, text: str, on: dt.date | None = None) -> Page:
    """Parse and validate a card page; raise SourceError naming the file, line and field."""
    page = read_page(path, text, CardMeta, on)
    expected = card_name(path)
    if page.card != expected:
        raise SourceError(path, f"front matter 'card' must equal the file name '{expected}', "
                          f"got '{page.card}'", _key_line(text, "card"))
    _check_sections(path, page)
    return page


def read_page(path: str, text: str, schema: type[PageMeta] = PageMeta,
              on: dt.date | None = None) -> Page:
    """Parse and validate a versioned guide page (front matter + steps) as of the date `on`."""
    raw, body_offset = split_front_matter(path, text)
    meta = validate_meta(path, text, raw, schema)
    headings = list(outline(text, body_offset))
    sections = tuple(h.title for h in headings if h.level == 2)
    page = Page(
        path=path,
        title=meta["title"],
        version=meta["version"],
        reviewed=meta["reviewed"],
        summary=meta["summary"],
        changes=tuple(Change(**ch) for ch in meta["changes"]),
        steps=tuple(_steps(path, headings)),
        card=meta.get("card"),
        axis=meta.get("axis"),
        sections=sections,
    )
    _check_changes(page, text, on or today())
    return page


# libyaml's parser when PyYAML was built with it: about ten times faster on carriers.yml.
_SafeBase: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TextDates(_SafeBase):  # type: ignore[misc, valid-type]
    """Safe loader that keeps dates as text, so '2026-13-01' is reported, not a crash."""


_TextDates.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def split_front_matter(path: str, text: str) -> tuple[dict[str, Any], int]:
    """Return the front matter as a dict and the 0-based line where the body starts."""
    match = FRONT_MATTER.match(text)
    if not match:
        raise SourceError(path, "has no front matter; start the file with '---', the fields, and '---'", 1)
    try:
        data = yaml.load(match.group(1) or "", Loader=_TextDates)
    except yaml.YAMLError as exc:
        # The context mark is where the broken construct starts: the line a contributor must fix.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for 1-based, +1 for the opening '---'
        problem = getattr(exc, "problem", None) or str(exc)
        raise SourceError(path, f"front matter is not valid YAML: {problem}", line) from None
    if not isinstance(data, dict):
        raise SourceError(path, "front matter must be a mapping of 'field: value' lines", 2)
    return data, match.group(0).count("\n")


def validate_meta(path: str, text: str, raw: dict[str, Any], schema: type[PageMeta]) -> base.Config:
    """Run the schema over the front matter; report the first mistake with its key's line."""
    try:
        return check_schema(schema, raw)
    except SchemaError as exc:
        # A missing key has no line of its own: point at the front matter's opening line.
        raise SourceError(path, f"front matter {exc.message}", _key_line(text, exc.key) or 1) from None


def outline(text: str, body_offset: int = 0) -> Iterator[Heading]:
    """ATX headings of the body with their explicit ids (indented and fenced lines are not headings)."""
    for number, line in prose_lines(text, body_offset):
        match = HEADING.match(line)
        if match:
            title, anchor = _split_attrs(match.group(2))
            yield Heading(len(match.group(1)), title, anchor, number)


def prose_lines(text: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """(1-based number, line) for every line outside fenced code blocks, from line `start` on."""
    fence: str | None = None
    for number, line in enumerate(text.split("\n")[start:], start=start + 1):
        marker = FENCE.match(line)
        if marker:
            token = marker.group(1)[0] * 3
            fence = None if fence == token else (fence or token)
            continue
        if not fence:
            yield number, line


def _split_attrs(title: str) -> tuple[str, str | None]:
    attrs = ATTR_LIST.search(title)
    if not attrs:
        return title.strip(), None
    ids = [token[1:] for token in attrs.group(1).split() if token.startswith("#")]
    return title[: attrs.start()].strip(), (ids[0] if ids else None)


def _steps(path: str, headings: list[Heading]) -> Iterator[Step]:
    section: str | None = None
    seen: dict[str, int] = {}
    for heading in headings:
        if heading.level <= 2:
            section = heading.title if heading.level == 2 else None
            continue
        if heading.level != 3 or section not in STEP_SECTIONS:
            continue
        if not heading.id:
            raise SourceError(path, f"step '{heading.title}' has no id; write "
                            f"'### {heading.title} {{#short-english-id}}'", heading.line)
        if not STEP_ID.fullmatch(heading.id):
            raise SourceError(path, f"step '{heading.title}' has id '{heading.id}'; an id is lowercase "
                            "ASCII words joined by '-', e.g. 'submit-request'", heading.line)
        if heading.id in seen:
            raise SourceError(path, f"step id '{heading.id}' is used twice (first on line "
                            f"{seen[heading.id]}); each step needs its own id", heading.line)
        seen[heading.id] = heading.line
        yield Step(heading.id, heading.title, section, heading.line)


def _check_changes(page: Page, text: str, on: dt.date) -> None:
    """The changelog of a page: newest first, starting at the current version, nothing ahead."""
    current = _version_key(page.version)
    previous: tuple[int, ...] | None = None
    for number, change in enumerate(page.changes, start=1):
        line = _entry_line(text, change.version)
        where = f"front matter 'changes' entry {number} (version {change.version})"
        if _version_key(change.version) > current:
            raise SourceError(page.path, f"{where} is newer than the page's version {page.version}; "
                              "bump 'version' too", line)
        if number == 1 and _version_key(change.version) != current:
            raise SourceError(page.path, f"{where}: the newest entry must describe the current "
                              f"version {page.version}; add an entry for it at the top", line)
        if previous is not None and _version_key(change.version) >= previous:
            raise SourceError(page.path, f"{where} is out of order; list changes newest first", line)
        if change.date > on:
            raise SourceError(page.path, f"{where} has date {change.date.isoformat()}, which lies in "
                              f"the future (today is {on.isoformat()})", line)
        previous = _version_key(change.version)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _entry_line(text: str, version: str) -> int | None:
    """The line of a changes entry, found by its version after the `changes:` key."""
    start = _key_line(text, "changes") or 0
    for number, line in enumerate(text.split("\n")[start:], start=start + 1):
        if re.search(rf"version:\s*['\"]?{re.escape(version)}\b", line):
            return number
    return start or None


def _check_sections(path: str, page: Page) -> None:
    for name in REQUIRED_SECTIONS:
        if name not in page.sections:
            raise SourceError(path, f"missing required section '## {name}'; a card page has, in order: "
                            + " / ".join(REQUIRED_SECTIONS))
    order = [s for s in page.sections if s in REQUIRED_SECTIONS]
    if order != list(REQUIRED_SECTIONS):
        raise SourceError(path, "sections are out of order; expected " + " / ".join(REQUIRED_SECTIONS)
                        + ", got " + " / ".join(order))
    if len(page.steps_in("注销步骤")) == 0:
        raise SourceError(path, "section '## 注销步骤' has no step; add at least one "
                        "'### 步骤标题 {#step-id}'")


def _key_line(text: str, key: str) -> int | None:
    """The 1-based line of a top-level front-matter key, for error messages."""
    match = re.search(rf"^{re.escape(key)}\s*:", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else None



# --- the whole guide ----------------------------------------------------------------------------

BEFORE_PAGE = "before.md"


@dataclass(frozen=True)
class Guide:
    """Every versioned page of the site, keyed by its path inside docs/."""

    pages: dict[str, Page]

    @property
    def cards(self) -> list[Page]:
        return [page for uri, page in sorted(self.pages.items()) if page.card]

    @property
    def before(self) -> Page | None:
        return self.pages.get(BEFORE_PAGE)

    def by_axis(self, axis: str) -> list[Page]:
        return [page for page in self.cards if page.axis == axis]

    def uri_of(self, page: Page) -> str:
        return next(uri for uri, known in self.pages.items() if known is page)


def read_guide(sources: dict[str, str], docs_label: str = "docs", on: dt.date | None = None) -> Guide:
    """Read every card page (strict contract) and every page whose front matter has a version."""
    pages: dict[str, Page] = {}
    for uri, text in sorted(sources.items()):
        path = f"{docs_label}/{uri}"
        if is_card_path(uri):
            pages[uri] = read_card(path, text, on)
        elif is_versioned(text):
            pages[uri] = read_page(path, text, on=on)
    return Guide(pages)


def is_versioned(text: str) -> bool:
    """A page opts into versioning (banner, changelog, validation) by a `version` field."""
    match = FRONT_MATTER.match(text)
    return bool(match and re.search(r"^version\s*:", match.group(1) or "", re.M))
