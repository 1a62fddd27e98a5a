"""The 繁體中文 edition: every built page of the Simplified guide, converted with OpenCC.

Simplified is the only source. A built page is rewritten, not rebuilt: its text (and the few
attributes a reader sees: title, alt, aria-label, placeholder, the description) goes through
OpenCC's s2twp (Taiwan characters and Taiwan phrasing) with the reviewed overrides of
docs/data/hant-overrides.yml placed first in OpenCC's own dictionaries; code, scripts, English
quotes (any element whose lang is not Chinese) and every id, class, data-* attribute and URL stay
as they are, so a tick and a link are the same in both scripts. The exceptions are the JSON the
scripts draw text from (JSON_ATTRIBUTES: the plan's data, the interface strings): their string
values are converted, their keys, ids, URLs and English quotes (values under ENGLISH_KEYS) not. Only the URLs that must change
change: links to assets go one folder up (the edition lives in PREFIX), links between pages stay
relative to the edition, and the canonical link names the Traditional page.

Pure functions over strings, with no MkDocs import; hooks/traditional.py is the adapter.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Callable
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import opencc
import yaml

import cards
import htmlguard

PREFIX = "zh-hant/"  # the edition's folder inside the site (and inside each mike version)
HANT, HANS = "zh-Hant", "zh-Hans"
BASE_CONFIG = "s2twp"
# The language switch in the header (overrides/main.html): its label and title in each edition,
# each written in the script it leads to.
SWITCH_CLASS = "gs-edition"
SWITCH = {HANT: ("繁體", "繁體中文版"), HANS: ("简体", "简体中文版")}

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# An override's words: unified ideographs only. The compatibility block (U+F900–U+FAFF) is left
# out: its characters look like common ones (註\uf9fc reads 註識) and no word needs them.
HAN_ONLY = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
BACK_CONFIG = "t2s"  # Traditional back to Simplified, characters and phrases, no regional words
SEGMENT_MARK = "\u200b"  # how the search index separates jieba's words
# Between the text nodes of one page while they are converted in one call; never in a page.
JOIN = "\ue000"
SKIP_TAGS = {"script", "style", "code", "pre", "kbd", "samp", "var"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
             "source", "track", "wbr"}
TEXT_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder"}
URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "poster", "data"}
# data-* attributes holding JSON whose text a reader sees (hooks/plan.py, overrides/main.html).
JSON_ATTRIBUTES = {"data-plan", "data-strings"}
# Keys whose values stay as written anywhere in that JSON: English quotes and phrases.
ENGLISH_KEYS = {"quote", "en"}
OVERRIDE_FIELDS = ("simplified", "traditional", "why", "phrase")
OPTIONAL_FIELDS = ("phrase",)
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


# --- the override list -----------------------------------------------------------------------


@dataclass(frozen=True)
class Override:
    simplified: str
    traditional: str
    why: str
    line: int
    phrase: bool = False


def read_overrides(path: str, text: str, plain: Callable[[str], str]) -> list[Override]:
    """Parse and check the override list; `plain` is OpenCC's s2twp without overrides.

    An override may only choose how the same word is spelt in Traditional characters: OpenCC's t2s
    of `traditional` must give `simplified` back. A Taiwan word for the same thing (运营商 →
    電信業者) is a different word, accepted only with `phrase: true`, for one word, its `why`
    saying what the word is; so a list entry cannot make the 繁體 pages say something else.
    Raises cards.SourceError naming the file, line and field of the first mistake."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        raise cards.SourceError(path, f"is not valid YAML: {getattr(exc, 'problem', exc)}",
                                mark.line + 1 if mark else 1) from None
    entries = _mapping(root, path).get("overrides") if root is not None else None
    if entries is None or not isinstance(entries[1], yaml.SequenceNode):
        raise cards.SourceError(path, "needs 'overrides:', a list of entries with "
                                      "simplified, traditional and why", 1)
    overrides: list[Override] = []
    seen: dict[str, int] = {}
    for node in entries[1].value:
        fields = _mapping(node, path)
        line = node.start_mark.line + 1
        for key, (key_line, _) in fields.items():
            if key not in OVERRIDE_FIELDS:
                raise cards.SourceError(path, f"unknown field '{key}'; an entry has "
                                              f"{', '.join(OVERRIDE_FIELDS)}", key_line)
        values = {}
        phrase = _phrase_flag(fields, path)
        for key in OVERRIDE_FIELDS:
            if key in OPTIONAL_FIELDS:
                continue
            if key not in fields:
                raise cards.SourceError(path, f"entry has no '{key}'", line)
            key_line, value = fields[key]
            if not isinstance(value, yaml.ScalarNode) or not str(value.value).strip():
                raise cards.SourceError(path, f"'{key}' must be text", key_line)
            values[key] = str(value.value).strip()
            if key != "why" and not HAN_ONLY.fullmatch(values[key]):
                raise cards.SourceError(path, f"'{key}' must be Chinese characters only "
                                              f"(one word or phrase), got '{values[key]}'", key_line)
        simplified, traditional = values["simplified"], values["traditional"]
        word_line = fields["simplified"][0]
        if simplified in seen:
            raise cards.SourceError(path, f"'simplified': {simplified} is listed twice "
                                          f"(first on line {seen[simplified]})", word_line)
        if plain(simplified) == traditional:
            raise cards.SourceError(path, f"'traditional': {simplified} already becomes {traditional} "
                                          f"without an override; remove the entry",
                                    fields["traditional"][0])
        _check_same_word(path, simplified, traditional, phrase, fields)
        seen[simplified] = word_line
        overrides.append(Override(simplified, traditional, values["why"], line, phrase))
    return overrides


def _phrase_flag(fields: dict[str, tuple[int, yaml.Node]], path: str) -> bool:
    if "phrase" not in fields:
        return False
    key_line, value = fields["phrase"]
    if not isinstance(value, yaml.ScalarNode) or value.value not in ("true", "false"):
        raise cards.SourceError(path, "'phrase' must be true or false", key_line)
    return value.value == "true"


def _check_same_word(path: str, simplified: str, traditional: str, phrase: bool,
                     fields: dict[str, tuple[int, yaml.Node]]) -> None:
    back = _back()(traditional)
    if back == simplified:
        if phrase:
            raise cards.SourceError(path, f"'phrase': {traditional} is the same word as {simplified} "
                                          "(t2s gives it back); remove 'phrase: true'", fields["phrase"][0])
        return
    if not phrase:
        raise cards.SourceError(
            path, f"'traditional': {traditional} reads {back} in Simplified, not {simplified}; an override "
                  f"may only choose a Traditional spelling of the same word. For a Taiwan word for the same "
                  f"thing, add 'phrase: true' and say in 'why' what the word is", fields["traditional"][0])
    words = _words(simplified)
    if len(words) != 1:
        raise cards.SourceError(path, f"'simplified': {simplified} is {len(words)} words "
                                      f"({' / '.join(words)}); a 'phrase: true' entry replaces one word",
                                fields["simplified"][0])


_opencc_cache: dict[str, Callable[[str], str]] = {}


def _back() -> Callable[[str], str]:
    if BACK_CONFIG not in _opencc_cache:
        _opencc_cache[BACK_CONFIG] = opencc.OpenCC(BACK_CONFIG).convert
    return _opencc_cache[BACK_CONFIG]


def _words(text: str) -> list[str]:
    """jieba's words (its dictionary, with the glossary's terms once hooks/glossary.py taught them)."""
    import jieba  # only for phrase entries; the build has loaded it for search already

    return jieba.lcut(text, HMM=False)


def _mapping(node: yaml.Node, path: str) -> dict[str, tuple[int, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        raise cards.SourceError(path, "each entry must be a mapping of 'field: value' lines",
                                node.start_mark.line + 1)
    return {str(key.value): (key.start_mark.line + 1, value) for key, value in node.value}


# --- the converter ----------------------------------------------------------------------------


def converter(overrides: list[Override]) -> Callable[[str], str]:
    """s2twp with the overrides first: in the segmenter (so an override is one word), in the
    Simplified→Traditional step, and as fixed words in the Taiwan-phrase step (so s2twp's phrase
    table cannot turn 註銷 into 登出 afterwards)."""
    if not overrides:
        return opencc.OpenCC(BASE_CONFIG).convert
    share = os.path.dirname(opencc.OpenCC(BASE_CONFIG).config)
    with open(os.path.join(share, BASE_CONFIG + ".json"), encoding="utf-8") as file:
        config = json.load(file)
    with tempfile.TemporaryDirectory(prefix="hant-") as folder:
        mine = _dictionary(folder, "overrides.txt", [(o.simplified, o.traditional) for o in overrides])
        fixed = _dictionary(folder, "fixed.txt", [(o.traditional, o.traditional) for o in overrides])
        _absolute_files(config, share)
        segmentation = config["segmentation"]["dict"]
        config["segmentation"]["dict"] = {"type": "group", "match_policy": "union",
                                          "dicts": [mine, segmentation]}
        for step, first in zip(config["conversion_chain"], (mine, fixed)):
            step["dict"] = {"type": "group", "match_policy": "short_circuit",
                            "dicts": [first, step["dict"]]}
        path = os.path.join(folder, "s2twp-guide.json")
        with open(path, "w", encoding="utf-8") as file:
            json.dump(config, file, ensure_ascii=False)
        return opencc.OpenCC(path).convert  # dictionaries are read now; the folder may go


def _dictionary(folder: str, name: str, pairs: list[tuple[str, str]]) -> dict:
    path = os.path.join(folder, name)
    with open(path, "w", encoding="utf-8") as file:
        file.writelines(f"{key}\t{value}\n" for key, value in sorted(set(pairs)))
    return {"type": "text", "file": path}


def _absolute_files(node: object, share: str) -> None:
    """Dictionary names in OpenCC's own configs are relative to its data folder."""
    if isinstance(node, dict):
        if "file" in node and not os.path.isabs(node["file"]):
            node["file"] = os.path.join(share, node["file"])
        for value in node.values():
            _absolute_files(value, share)
    elif isinstance(node, list):
        for value in node:
            _absolute_files(value, share)


def convert_many(texts: list[str], convert: Callable[[str], str]) -> list[str]:
    """Convert many strings in one call (OpenCC's per-call cost is most of the time for short
    strings); the join mark is a private-use character OpenCC passes through."""
    if not texts:
        return []
    joined = JOIN.join(texts)
    if JOIN in "".join(texts):
        return [convert(text) for text in texts]
    result = convert(joined).split(JOIN)
    return result if len(result) == len(texts) else [convert(text) for text in texts]


# --- URLs -------------------------------------------------------------------------------------


def hant_url(url: str) -> str:
    """A page's URL (as MkDocs writes it: 'cards/esim/', '' for home) in the Traditional edition."""
    return PREFIX + url


def hant_absolute(canonical: str, page_url: str) -> str:
    """The Traditional page's absolute address, from the Simplified page's canonical address."""
    if page_url and canonical.endswith(page_url):
        return canonical[: len(canonical) - len(page_url)] + hant_url(page_url)
    return canonical + PREFIX if canonical.endswith("/") else canonical


def alternates(canonical: str, page_url: str) -> str:
    """<link rel=alternate hreflang> for both editions, Simplified as the default."""
    hans, hant = canonical, hant_absolute(canonical, page_url)
    links = [(HANS, hans), (HANT, hant), ("x-default", hans)]
    return "".join(f'<link rel="alternate" hreflang="{lang}" href="{html.escape(href)}">'
                   for lang, href in links)


def to_simplified(page_url: str) -> str:
    """The relative link from a Traditional page to its Simplified page."""
    return "../" * hant_url(page_url).count("/") + page_url


def rewrite_url(url: str, page_url: str, pages: set[str]) -> str:
    """A relative URL of a Simplified page, for its Traditional copy one folder deeper: links to
    other pages stay (they lead to the same page of the Traditional edition), links to anything
    else (stylesheets, scripts, images, the search worker) go one folder up to the shared file."""
    if not url or url.startswith(("#", "/")) or urlsplit(url).scheme:
        return url
    target = urlsplit(urljoin("http://site.invalid/" + page_url, url)).path.lstrip("/")
    if target.endswith("index.html"):
        target = target[: -len("index.html")]
    return url if target in pages else "../" + url


# --- pages ------------------------------------------------------------------------------------


class _Rewriter(HTMLParser):
    """Copies a page piece by piece; text to convert is collected and converted in one call."""

    def __init__(self, page_url: str, pages: set[str], canonical: str | None) -> None:
        super().__init__(convert_charrefs=False)
        self.page_url, self.pages, self.canonical = page_url, pages, canonical
        self.out: list[str] = []
        self.jobs: list[tuple] = []  # ("text"|"attr"|"json"|"config", index in out, ...) to convert
        self.stack: list[tuple[str, bool]] = []  # (tag, whether text inside is left alone)
        self.in_config = self.in_switch = False

    @property
    def keep(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self._tag(tag, attrs, self.get_starttag_text() or ""))
        if tag not in VOID_TAGS:
            lang = dict(attrs).get("lang")
            keep = (self.keep or tag in SKIP_TAGS or dict(attrs).get("translate") == "no"
                    or (lang is not None and tag != "html" and not lang.lower().startswith("zh")))
            self.stack.append((tag, keep))
        self.in_config = tag == "script" and dict(attrs).get("id") == "__config"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self._tag(tag, attrs, self.get_starttag_text() or ""))

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")
        if any(open_tag == tag for open_tag, _ in self.stack):
            while self.stack and self.stack.pop()[0] != tag:
                pass
        if tag == "a":
            self.in_switch = False
        self.in_config = False

    def handle_data(self, data: str) -> None:
        if self.in_config:
            self.out.append(self._config(data))
        elif self.in_switch:
            self.out.append(html.escape(SWITCH[HANS][0]) if data.strip() else data)
        elif self.keep or not HAN.search(data):
            self.out.append(data)
        else:
            self.jobs.append(("text", len(self.out), data))
            self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], raw: str) -> str:
        values = dict(attrs)
        if tag == "a" and SWITCH_CLASS in (values.get("class") or "").split():
            self.in_switch = True
            values.update(href=to_simplified(self.page_url), hreflang=HANS, lang=HANS,
                          title=SWITCH[HANS][1])
            return _start_tag(tag, values, raw)
        changed = False
        if tag == "html":
            values["lang"], changed = HANT, True
        absolute = tag == "link" and values.get("rel") in ("canonical", "alternate")
        if tag == "link" and values.get("rel") == "canonical" and self.canonical:
            values["href"], changed = self.canonical, True
        for name, value in values.items():
            if value is None:
                continue
            if name in URL_ATTRIBUTES and not absolute:
                new = rewrite_url(value, self.page_url, self.pages)
                if new != value:
                    values[name], changed = new, True
            elif name in JSON_ATTRIBUTES and not self.keep:  # its text may be written as \u escapes
                self.jobs.append(("json", len(self.out), name, value,
                                  _json_attribute(value, name, self.page_url)))
                changed = True
            elif (name in TEXT_ATTRIBUTES or (tag == "meta" and name == "content"
                                              and values.get("name") == "description")) \
                    and HAN.search(value) and not self.keep:
                # converted with the page's text, then put in place by convert_page
                self.jobs.append(("attr", len(self.out), name, value))
                changed = True
        return _start_tag(tag, values, raw) if changed else raw

    def _config(self, data: str) -> str:
        """Material's settings for its scripts: base one folder up (the version's root, which its
        version selector and instant navigation expect), its interface strings converted."""
        config = json.loads(data)
        config["base"] = posixpath.normpath("../" + config["base"])
        if "search" in config:
            config["search"] = "../" + config["search"]
        translations = config.get("translations", {})
        keys = [key for key, value in translations.items() if isinstance(value, str) and HAN.search(value)]
        self.jobs.append(("config", len(self.out), config, keys))
        return ""


def _json_attribute(value: str, name: str, page_url: str) -> tuple[object, list[list[str | int]]]:
    """The JSON of a data attribute and the paths of the string values to convert."""
    try:
        data = json.loads(value)
    except ValueError as error:
        raise cards.SourceError(f"the built page '{page_url or 'index'}'",
                                f"attribute {name} must hold JSON ({error})") from None
    paths: list[list[str | int]] = []

    def walk(node: object, path: list[str | int]) -> None:
        if isinstance(node, dict):
            for key, child in node.items():
                if key not in ENGLISH_KEYS:
                    walk(child, path + [key])
        elif isinstance(node, list):
            for index, child in enumerate(node):
                walk(child, path + [index])
        elif isinstance(node, str) and HAN.search(node):
            paths.append(path)

    walk(data, [])
    return data, paths


def _set_path(data: object, path: list[str | int], value: str) -> None:
    for key in path[:-1]:
        data = data[key]  # type: ignore[index]
    data[path[-1]] = value  # type: ignore[index]


def _get_path(data: object, path: list[str | int]) -> str:
    for key in path:
        data = data[key]  # type: ignore[index]
    return data  # type: ignore[return-value]


def _start_tag(tag: str, values: dict[str, str | None], raw: str) -> str:
    parts = [tag] + [name if value is None else f'{name}="{html.escape(value)}"'
                     for name, value in values.items()]
    return "<" + " ".join(parts) + ("/>" if raw.rstrip().endswith("/>") else ">")


def convert_page(page_html: str, page_url: str, pages: set[str], convert: Callable[[str], str],
                 canonical: str | None = None) -> str:
    """The Traditional copy of a built Simplified page (see the module's docstring)."""
    rewriter = _Rewriter(page_url, pages, canonical)
    rewriter.feed(page_html)
    rewriter.close()
    out, jobs = rewriter.out, rewriter.jobs
    sources: list[str] = []
    for job in jobs:
        if job[0] == "config":
            sources += [job[2]["translations"][key] for key in job[3]]
        elif job[0] == "json":
            data, paths = job[4]
            sources += [_get_path(data, path) for path in paths]
        else:
            sources.append(job[-1])
    texts = convert_many(sources, convert)
    _check_converted(texts, page_url)
    converted = iter(texts)
    for job in jobs:
        index = job[1]
        if job[0] == "config":
            config, keys = job[2], job[3]
            for key in keys:
                config["translations"][key] = next(converted)
            out[index] = _json_for_script(config)
        elif job[0] == "json":
            name, original, (data, paths) = job[2], job[3], job[4]
            for path in paths:
                _set_path(data, path, next(converted))
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            out[index] = out[index].replace(f'{name}="{html.escape(original)}"',
                                            f'{name}="{html.escape(text)}"', 1)
        elif job[0] == "attr":
            name, original = job[2], job[3]
            out[index] = out[index].replace(f'{name}="{html.escape(original)}"',
                                            f'{name}="{html.escape(next(converted))}"', 1)
        else:
            out[index] = next(converted)
    return "".join(out)


def _check_converted(texts: list[str], page_url: str) -> None:
    """The guard's text rules on what the conversion wrote: the Simplified page passed them, so a
    hit here comes from an override or the converter. Only the converted strings are scanned (no
    second HTML parse of every page): markup and URLs are copied, not converted."""
    problem = htmlguard.text_problem("\n".join(texts))
    if problem:
        raise cards.SourceError(f"{PREFIX}{page_url}", f"the 繁體中文 copy says: {problem.message}; the Simplified "
                                "page does not, so an entry of hant-overrides.yml or the converter wrote it")


def _json_for_script(data: object) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def simplified_page(page_html: str, canonical: str | None, page_url: str) -> str:
    """The Simplified page as published: lang zh-Hans, and the hreflang links of both editions."""
    page_html = re.sub(r'<html\b([^>]*?)\blang="zh"', rf'<html\1lang="{HANS}"', page_html, count=1)
    if canonical:
        page_html = re.sub(r"(<link rel=\"canonical\"[^>]*>)",
                           lambda m: m.group(1) + alternates(canonical, page_url), page_html, count=1)
    return page_html


# --- search index and sitemap -----------------------------------------------------------------


def convert_index(entries: list[dict], convert: Callable[[str], str]) -> list[dict]:
    """The search index entries of the Traditional edition: locations under PREFIX, text converted.

    Material separates jieba's words with zero-width spaces. A text is converted whole (OpenCC
    needs the words around 后 to write 後); when that keeps its length, the word marks go back
    where they were, so both editions are split into the same words. Otherwise (an override such
    as 运营商 → 電信業者) each word is converted on its own."""
    fields = sorted({key for entry in entries for key, value in entry.items()
                     if key != "location" and isinstance(value, str)})
    wholes: list[str] = []
    for entry in entries:
        wholes += [entry.get(field, "").replace(SEGMENT_MARK, "") for field in fields]
    converted = iter(convert_many(wholes, convert))
    result = []
    for entry in entries:
        new = dict(entry, location=hant_url(entry["location"]))
        for field in fields:
            whole = next(converted)
            if field in entry:
                new[field] = _resegment(entry[field], whole, convert)
        result.append(new)
    return result


def _resegment(original: str, whole: str, convert: Callable[[str], str]) -> str:
    words = original.split(SEGMENT_MARK)
    if len(whole) != sum(map(len, words)):
        return SEGMENT_MARK.join(convert_many(words, convert))
    out, start = [], 0
    for word in words:
        out.append(whole[start:start + len(word)])
        start += len(word)
    return SEGMENT_MARK.join(out)


def sitemap_with_hant(xml: str, site_url: str) -> str:
    """The sitemap with every Simplified page's Traditional copy listed after it."""
    ElementTree.register_namespace("", SITEMAP_NS)
    root = ElementTree.fromstring(xml)
    ns = {"s": SITEMAP_NS}
    for url in list(root.findall("s:url", ns)):
        loc = url.find("s:loc", ns)
        if loc is None or not (loc.text or "").startswith(site_url):
            continue
        copy = ElementTree.fromstring(ElementTree.tostring(url))
        copy.find("s:loc", ns).text = site_url + hant_url(loc.text[len(site_url):])  # type: ignore[union-attr]
        root.append(copy)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode")
