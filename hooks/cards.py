"""Guide pages as data: front matter and step outline, read from Markdown text and validated.

Pure functions over strings and dataclasses, with no MkDocs event in here, so that the tests, the
hooks and any pre-build step call the same code. Field types come from `schema.py`; nothing here
imports MkDocs. The hooks get the guide this module read with `guide_from(config.extra)`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field, replace
from typing import Any, Iterator

import yaml

# The field types are re-exported: carriers.py declares its schema with cards.IsoDate and the like.
from schema import (Choice, Config, Entries, Fields, IsoDate, ListOfItems, OneOf, Optional,  # noqa: F401
                    SchemaError, SemVer, Text, Type, check_schema, did_you_mean)

# The sections a card page must have, in this order (design §3).
REQUIRED_SECTIONS = ("适用情况", "注销前准备", "注销步骤", "注销之后", "注意事项", "常见问题")
# The sections whose H3 headings are steps; a checklist is built from exactly these.
STEP_SECTIONS = ("注销前准备", "注销步骤", "注销之后")
# The words before a step's note (date, confirmation number): on a card page, a sheet and a plan.
NOTE_LABEL = "日期 / 确认号："
AXES = ("form", "billing")
# Pins "today" for reproducible builds and tests: GUIDE_TODAY=2026-11-25 mkdocs build
TODAY_VARIABLE = "GUIDE_TODAY"
CARDS_DIR = "cards"

STEP_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", re.S)
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
ATTR_LIST = re.compile(r"\s*\{:?([^}]*)\}\s*$")
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})(.*)$")


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


# --- front-matter schemas -----------------------------------------------------------------------


class ChangeMeta(Config):
    version = SemVer()
    date = IsoDate()
    note = Text()


class PageMeta(Config):
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


class SearchMeta(Config):
    """Material's per-page search settings."""

    exclude = Optional(Type(bool))
    boost = Optional(Type((int, float)))


class PlainMeta(Config):
    """Front matter of a page without a version (index, faq, glossary): what Material reads of it."""

    title = Optional(Text())
    summary = Optional(Text())
    hide = Optional(ListOfItems(Choice(("navigation", "toc", "footer", "path", "tags", "feedback"))))
    search = Optional(Fields(SearchMeta))


# Every front-matter field the guide knows, for "did you mean" hints across schemas.
ALL_FIELDS = tuple(dict.fromkeys(key for meta in (CardMeta, PlainMeta) for key, _ in meta._schema))


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
    card_line: int | None = None  # where `card:` is written, for errors about the card's name

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
    return replace(page, card_line=_key_line(text, "card"))


def read_page(path: str, text: str, meta_schema: type[PageMeta] = PageMeta,
              on: dt.date | None = None) -> Page:
    """Parse and validate a versioned guide page (front matter + steps) as of the date `on`."""
    raw, body_offset = split_front_matter(path, text)
    meta = validate_meta(path, text, raw, meta_schema)
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


class DuplicateKey(yaml.constructor.ConstructorError):
    """A mapping names one key twice: YAML would keep the last value and drop the first silently."""

    def __init__(self, key: str, first: yaml.Mark, again: yaml.Mark) -> None:
        super().__init__(None, None, f"duplicate key '{key}' (first on line {first.line + 1})", again)
        self.key, self.first = key, first


class TextDates(_SafeBase):  # type: ignore[misc, valid-type]
    """Safe loader that keeps dates as text, so '2026-13-01' is reported, not a crash, and that
    refuses a key written twice in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[str, yaml.Mark] = {}
        for key_node, _value in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                if key_node.value in seen:
                    raise DuplicateKey(key_node.value, seen[key_node.value], key_node.start_mark)
                seen[key_node.value] = key_node.start_mark
        return super().construct_mapping(node, deep)


TextDates.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_TextDates = TextDates  # the name carriers.py uses


def split_front_matter(path: str, text: str) -> tuple[dict[str, Any], int]:
    """Return the front matter as a dict and the 0-based line where the body starts."""
    match = FRONT_MATTER.match(text)
    if not match:
        raise SourceError(path, "has no front matter; start the file with '---', the fields, and '---'", 1)
    try:
        data = yaml.load(match.group(1) or "", Loader=TextDates)
    except DuplicateKey as exc:
        raise SourceError(path, f"front matter has the field '{exc.key}' twice (first on line "
                          f"{exc.first.line + 2}); keep one", exc.problem_mark.line + 2) from None
    except yaml.YAMLError as exc:
        # The context mark is where the broken construct starts: the line a contributor must fix.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for 1-based, +1 for the opening '---'
        problem = getattr(exc, "problem", None) or str(exc)
        raise SourceError(path, f"front matter is not valid YAML: {problem}", line) from None
    if not isinstance(data, dict):
        raise SourceError(path, "front matter must be a mapping of 'field: value' lines", 2)
    return data, match.group(0).count("\n")


def validate_meta(path: str, text: str, raw: dict[str, Any], meta: type[Config]) -> Config:
    """Run the schema over the front matter; report the first mistake with its key's line."""
    try:
        return check_schema(meta, raw, suggest=ALL_FIELDS)
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
    fence: str | None = None  # the opening fence: its character and its length both matter
    for number, line in enumerate(text.split("\n")[start:], start=start + 1):
        marker = FENCE.match(line)
        if fence is None:
            # CommonMark: a backtick fence's info string holds no backtick (else it is inline code).
            if marker and not (marker.group(1)[0] == "`" and "`" in marker.group(2)):
                fence = marker.group(1)
            else:
                yield number, line
        elif (marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence)
              and not marker.group(2).strip()):
            fence = None  # closed by the same character, at least as long, with nothing after it


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
# Guide pages that must carry a version: without it their steps would leave the checklists unnoticed.
VERSIONED_PAGES = (BEFORE_PAGE, "safety.md")


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
    """Read every page: cards by the card contract, pages with a `version` as guide pages, every
    other page's front matter by the small schema; then check what spans pages (step ids, names)."""
    pages: dict[str, Page] = {}
    for uri, text in sorted(sources.items()):
        path = f"{docs_label}/{uri}"
        if is_card_path(uri):
            pages[uri] = read_card(path, text, on)
        elif is_versioned(text):
            pages[uri] = read_page(path, text, on=on)
        else:
            read_plain(path, text)
            if uri in VERSIONED_PAGES:
                raise SourceError(path, "front matter has no 'version': this page is a versioned guide "
                                  "page (banner, changelog, checklists); add 'version: x.y.z'", 1)
    guide = Guide(pages)
    _check_generated_names(guide, sources, docs_label)
    _check_step_ids_unique(guide)
    return guide


def read_plain(path: str, text: str) -> dict[str, Any]:
    """Validate the front matter of a page without a version (a page may have none at all)."""
    if not FRONT_MATTER.match(text):
        return {}
    raw, _body = split_front_matter(path, text)
    plain = [key for key, _option in PlainMeta._schema]
    for key in raw:  # a typo first: 'Version' must be named as such, not as a page without a version
        if key not in ALL_FIELDS:
            raise SourceError(path, f"front matter has unknown field '{key}'{did_you_mean(str(key), plain, ALL_FIELDS)}; "
                              "expected only " + ", ".join(plain), _key_line(text, str(key)) or 1)
    for key in raw:
        if key not in plain:
            raise SourceError(path, f"front matter field '{key}' belongs to a versioned page; add "
                              "'version', 'reviewed', 'summary' and 'changes' too, or remove it",
                              _key_line(text, str(key)) or 1)
    validate_meta(path, text, raw, PlainMeta)
    return raw


def is_versioned(text: str) -> bool:
    """A page opts into versioning (banner, changelog, validation) by a `version` field."""
    match = FRONT_MATTER.match(text)
    return bool(match and re.search(r"^version\s*:", match.group(1) or "", re.M))


def _check_step_ids_unique(guide: Guide) -> None:
    """A step id names one step in the whole guide: the checklists merge pages by step id, and a
    reused id would drop a step from every combination sheet."""
    first: dict[str, tuple[Page, Step]] = {}
    for page in guide.pages.values():
        for step in page.steps:
            if step.id in first:
                other, was = first[step.id]
                raise SourceError(page.path, f"step id '{step.id}' is already used by {other.path}:{was.line}; "
                                  "a step id must be unique across the guide (checklists merge pages by "
                                  "step id)", step.line)
            first[step.id] = (page, step)


# --- pages the build generates ------------------------------------------------------------------
# The one list of names the hooks write pages under; a page or card of the same name would be
# overwritten, so the contract refuses it.

CHECKLISTS_DIR = "checklists"
PRINT_ALL = "all"  # checklists/all.md: every card's sheet, to print at once
CHECKLIST_INDEX = "index"  # checklists/index.md
CARRIERS_PAGE = "carriers.md"
CHANGELOG_PAGE = "changelog.md"
PLAN_PAGE = "plan/index.md"
GENERATED_PAGES = {
    CARRIERS_PAGE: "docs/data/carriers.yml",
    CHANGELOG_PAGE: "every page's 'changes'",
    PLAN_PAGE: "docs/data/plan.yml and the guide's steps",
    "sources.md": "docs/data/sources.yml",  # 来源, by hooks/citations.py
}


def combination_slug(form: str, billing: str) -> str:
    """The checklist name of a form x billing combination: esim-postpaid."""
    return f"{form}-{billing}"


def generated_pages(guide: Guide) -> dict[str, str]:
    """Every page the build generates, by its path inside docs/, with what it is made from."""
    pages = dict(GENERATED_PAGES)
    for name in (PRINT_ALL, CHECKLIST_INDEX):
        pages[f"{CHECKLISTS_DIR}/{name}.md"] = "the card pages"
    for card in guide.cards:
        pages[f"{CHECKLISTS_DIR}/{card.key}.md"] = f"card '{card.key}'"
    for form in guide.by_axis("form"):
        for billing in guide.by_axis("billing"):
            uri = f"{CHECKLISTS_DIR}/{combination_slug(form.key, billing.key)}.md"
            made_of = f"cards '{form.key}' and '{billing.key}'"
            if uri in pages:
                raise SourceError(billing.path, f"card name '{billing.key}' makes the checklist {uri} of "
                                  f"{made_of}, which is also the checklist of {pages[uri]}; "
                                  + _reserved_names(guide), billing.card_line)
            pages[uri] = made_of
    return pages


def _check_generated_names(guide: Guide, sources: dict[str, str], docs_label: str) -> None:
    for card in guide.cards:
        if card.key in (PRINT_ALL, CHECKLIST_INDEX):
            raise SourceError(card.path, f"card name '{card.key}' is reserved for the generated page "
                              f"{CHECKLISTS_DIR}/{card.key}.md; " + _reserved_names(guide),
                              card.card_line)
        for form in guide.by_axis("form"):
            for billing in guide.by_axis("billing"):
                if card.key == combination_slug(form.key, billing.key):
                    raise SourceError(card.path, f"card name '{card.key}' is reserved: it names the "
                                      f"checklist of cards '{form.key}' and '{billing.key}'; "
                                      + _reserved_names(guide), card.card_line)
    generated = generated_pages(guide)
    for uri in sorted(sources):
        if uri in generated:
            raise SourceError(f"{docs_label}/{uri}", f"the build generates {uri} from {generated[uri]}; "
                              "rename this file (reserved page names: "
                              + ", ".join(sorted(generated)) + ")", 1)


def _reserved_names(guide: Guide) -> str:
    combos = [combination_slug(f.key, b.key) for f in guide.by_axis("form") for b in guide.by_axis("billing")]
    return ("reserved card names are " + ", ".join(dict.fromkeys([PRINT_ALL, CHECKLIST_INDEX, *combos]))
            + " and any '<form card>-<billing card>'")


# --- the one way hooks get the guide -------------------------------------------------------------

GUIDE_KEY = "guide"


def keep_guide(extra: dict[str, Any], guide: Guide) -> None:
    """Store the guide of this build where every later hook finds it (config.extra)."""
    extra[GUIDE_KEY] = guide


def guide_from(extra: Any) -> Guide:
    """The guide hooks/contract.py read for this build; a clear error if it has not run."""
    guide = extra.get(GUIDE_KEY) if hasattr(extra, "get") else None
    if not isinstance(guide, Guide):
        raise SourceError("mkdocs.yml", "the guide was not read: list hooks/contract.py under 'hooks:' "
                          "(it reads and checks the pages that every other hook uses)")
    return guide


# --- files as the build finds them ---------------------------------------------------------------


def docs_label(docs_dir: str) -> str:
    """How errors name the docs folder, as a contributor sees it in the repository: 'docs'."""
    return os.path.basename(os.path.normpath(docs_dir))


def markdown_sources(files: Any, label: str = "docs") -> dict[str, str]:
    """The text of every Markdown page that comes from docs/ (not generated ones), by its path in
    docs/. `files` is MkDocs' Files; a file that is not UTF-8 is a SourceError naming it."""
    sources = {}
    for f in files.documentation_pages():
        if f.abs_src_path and not f.generated_by:
            try:
                sources[f.src_uri] = f.content_string
            except UnicodeDecodeError as error:
                raise not_utf8(f"{label}/{f.src_uri}", error) from None
    return sources


def read_text(abs_path: str, label: str) -> str:
    """A source file's text; a file in another encoding (GBK, UTF-16…) is named, not a traceback."""
    with open(abs_path, "rb") as source:
        data = source.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise not_utf8(label, error) from None


def not_utf8(label: str, error: UnicodeDecodeError) -> SourceError:
    line = error.object[: error.start].count(b"\n") + 1
    return SourceError(label, f"is not UTF-8 text (byte 0x{error.object[error.start]:02x} cannot be read "
                       "as UTF-8); save it as UTF-8", line)
