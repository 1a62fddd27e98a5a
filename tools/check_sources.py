"""Fetch every page in the source register and say, per source, whether its quoted words are still there.

    make check-sources                     # or: .venv/bin/python tools/check_sources.py --help

Each source gets one result:
  OK              the page answered and every quote of the source is on it
  CHANGED         a quote is no longer on the page: the policy may have changed
  MOVED           the address redirects elsewhere (the quotes are then looked for at the target)
  GONE            4xx, 5xx, timeout or connection error, after retries for the transient ones
  SKIPPED-robots  the site's robots.txt does not let us fetch the page, so we did not

The Markdown report goes to stdout; --json FILE also writes the results as JSON. Exit status:
0 every source OK, 1 something to look at, 2 the register could not be read.

Politeness: a User-Agent naming the project and its repository (REPO_URL, as in the deploy
workflow), at most --concurrency requests at a time, robots.txt fetched once per host with the same
client, retries with exponential backoff for 5xx, 429 and network errors only.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import io
import json
import os
import re
import sys
import unicodedata
import urllib.robotparser
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Sequence
from urllib.parse import urlsplit

import httpx
import yaml
from inscriptis import get_text

ROOT = Path(__file__).resolve().parent.parent
REGISTER = ROOT / "docs" / "data" / "sources.yml"
PRODUCT = "us-sim-cancel-guide-source-check/1.0"
MAX_REDIRECTS = 5
RETRY_AFTER_CAP = 30.0  # seconds: a server asking for more is treated as down for this run
# Most urgent first: the report lists sources in this order.
STATUSES = ("GONE", "CHANGED", "MOVED", "SKIPPED-robots", "OK")


class RegisterError(Exception):
    """The register cannot be read: the message names file, line and field."""


@dataclass(frozen=True)
class Quote:
    id: str
    text: str


@dataclass(frozen=True)
class Source:
    id: str
    url: str
    publisher: str
    title: str
    checked: str
    quotes: tuple[Quote, ...]


@dataclass
class Result:
    id: str
    url: str
    status: str
    quotes: int  # how many the source has
    error: str = ""  # why GONE or SKIPPED-robots
    final_url: str | None = None
    redirects: list[str] = field(default_factory=list)  # "301 https://…", one per hop
    missing_quotes: list[str] = field(default_factory=list)
    tries: int = 0  # requests the last answer took: 2 means one retry


@dataclass(frozen=True)
class Options:
    user_agent: str
    timeout: float
    concurrency: int
    retries: int
    backoff: float


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        sources = read_register(args.register)
    except RegisterError as error:
        print(f"check_sources: {error}", file=sys.stderr)
        return 2
    options = Options(user_agent=user_agent(os.environ.get("REPO_URL", "")), timeout=args.timeout,
                      concurrency=args.concurrency, retries=args.retries, backoff=args.backoff)
    started = datetime.now(timezone.utc)
    results = asyncio.run(check_all(sources, options))
    print(markdown_report(sources, results, started, options), end="")
    if args.json:
        args.json.write_text(json.dumps(json_report(results, started), ensure_ascii=False, indent=2) + "\n",
                             encoding="utf-8")
    return 0 if all(result.status == "OK" for result in results) else 1


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--register", type=Path, default=REGISTER,
                        help="the source register to check (default: docs/data/sources.yml)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON to FILE")
    parser.add_argument("--timeout", type=positive, default=20.0, help="seconds per request (default: 20)")
    parser.add_argument("--concurrency", type=int, choices=range(1, 17), default=4, metavar="N",
                        help="requests at a time, 1-16 (default: 4)")
    parser.add_argument("--retries", type=int, choices=range(0, 6), default=2, metavar="N",
                        help="retries after a 5xx, 429, timeout or network error, 0-5 (default: 2)")
    parser.add_argument("--backoff", type=positive, default=2.0,
                        help="seconds before the first retry, doubled each time (default: 2)")
    return parser.parse_args(argv)


def positive(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, got {value!r}")
    return number


def user_agent(repo_url: str) -> str:
    """Names the project and, where known, its repository, so a site owner knows whom to ask."""
    contact = f"; +{repo_url}" if repo_url.startswith("https://") else ""
    return f"{PRODUCT} (weekly check of the pages quoted by a guide to cancelling US phone lines{contact})"


# --- the register ------------------------------------------------------------------------------


class _LineLoader(yaml.SafeLoader):
    """Safe YAML that remembers the line of every mapping, for error messages."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def read_register(path: Path) -> list[Source]:
    """The sources to check. The build validates the register in full; this reads what it needs."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506 (safe loader)
    except OSError as error:
        raise RegisterError(f"{path}: cannot read the register ({error.strerror})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise RegisterError(f"{path}{line}: not valid YAML ({getattr(error, 'problem', error)})") from None
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise RegisterError(f"{path}:1: 'sources' must be a list of sources")
    return [read_source(path, entry) for entry in data["sources"]]


def read_source(path: Path, entry: object) -> Source:
    if not isinstance(entry, dict):
        raise RegisterError(f"{path}: every entry of 'sources' must be a mapping, got {entry!r}")
    where = f"{path}:{entry['__line__']}"
    source_id = entry.get("id")
    if not isinstance(source_id, str) or not source_id:
        raise RegisterError(f"{where}: source 'id' must be a non-empty string, got {source_id!r}")
    url = entry.get("url")
    if not isinstance(url, str) or urlsplit(url).scheme not in ("https", "http") or not urlsplit(url).hostname:
        raise RegisterError(f"{where}: source '{source_id}' field 'url' must be an absolute URL, got {url!r}")
    quotes = entry.get("quotes")
    if not isinstance(quotes, list) or not quotes:
        raise RegisterError(f"{where}: source '{source_id}' field 'quotes' must be a non-empty list")
    read: list[Quote] = []
    for quote in quotes:
        if not (isinstance(quote, dict) and isinstance(quote.get("id"), str)
                and isinstance(quote.get("text"), str) and quote["text"].strip()):
            line = quote["__line__"] if isinstance(quote, dict) else entry["__line__"]
            raise RegisterError(f"{path}:{line}: source '{source_id}' field 'quotes': every quote needs "
                                f"an 'id' and a non-empty 'text'")
        read.append(Quote(quote["id"], quote["text"]))
    return Source(id=source_id, url=url, publisher=str(entry.get("publisher", "")),
                  title=str(entry.get("title", "")), checked=str(entry.get("checked", "")), quotes=tuple(read))


# --- comparing quotes --------------------------------------------------------------------------

# After NFKC (which already turns no-break spaces into spaces and "…" into "..."): the typography
# a page and a hand-typed quote may differ in, mapped to one form; invisible characters dropped.
_TYPOGRAPHY = str.maketrans(
    {**dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u0060", "'"),
     **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
     **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
     **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", None)})
_SPACED_DASH = re.compile(r" ?- ?")


def normalise(text: str) -> str:
    """One form for text that reads the same: Unicode, quotes, dashes, spacing and case."""
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY)
    return _SPACED_DASH.sub("-", " ".join(text.split())).casefold()


def page_text(response: httpx.Response) -> str:
    """The text a reader sees: HTML laid out as a browser would (inline vs block), PDF extracted."""
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/pdf":
        from pypdf import PdfReader  # only the rare PDF source needs it

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(response.content)).pages)
    if kind in ("text/plain", "text/markdown"):
        return response.text
    return get_text(response.text)


def missing_quotes(source: Source, text: str) -> list[str]:
    page = normalise(text)
    return [quote.id for quote in source.quotes if normalise(quote.text) not in page]


# --- fetching ----------------------------------------------------------------------------------


class Gone(Exception):
    """The page could not be had: the message says why (status, timeout, connection error)."""


async def check_all(sources: list[Source], options: Options) -> list[Result]:
    limits = httpx.Limits(max_connections=options.concurrency)
    headers = {"User-Agent": options.user_agent, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,"
               "application/pdf;q=0.8,*/*;q=0.5", "Accept-Language": "en-US,en;q=0.8"}
    async with httpx.AsyncClient(headers=headers, timeout=options.timeout, limits=limits,
                                 follow_redirects=False) as client:
        checker = Checker(client, options)
        return list(await asyncio.gather(*(checker.check(source) for source in sources)))


class Checker:
    def __init__(self, client: httpx.AsyncClient, options: Options) -> None:
        self.client = client
        self.options = options
        self.slots = asyncio.Semaphore(options.concurrency)
        self.robots: dict[str, asyncio.Task[urllib.robotparser.RobotFileParser | Gone]] = {}

    async def check(self, source: Source) -> Result:
        async with self.slots:
            result = Result(id=source.id, url=source.url, status="GONE", quotes=len(source.quotes))
            url = source.url
            try:
                for _hop in range(MAX_REDIRECTS + 1):
                    if not await self.robots_allow(url):
                        result.status, result.error = "SKIPPED-robots", f"robots.txt disallows {url}"
                        return result
                    response, result.tries = await self.get(url)
                    if not response.has_redirect_location:
                        break
                    url = str(response.url.join(response.headers["location"]))
                    result.redirects.append(f"{response.status_code} {url}")
                else:
                    raise Gone(f"more than {MAX_REDIRECTS} redirects")
                if response.status_code >= 400:
                    raise Gone(f"HTTP {response.status_code} {response.reason_phrase}".rstrip()
                               + (f" after {count(result.tries, 'try')}" if result.tries > 1 else ""))
                try:
                    text = page_text(response)
                except Exception as error:  # a page no parser can read is as good as gone, and says why
                    raise Gone(f"page unreadable ({type(error).__name__}: {error})") from None
            except Gone as gone:
                result.error = str(gone)
                result.final_url = url if result.redirects else None
                return result
            result.missing_quotes = missing_quotes(source, text)
            result.final_url = url if result.redirects else None
            result.status = "MOVED" if result.redirects else "CHANGED" if result.missing_quotes else "OK"
            return result

    async def get(self, url: str) -> tuple[httpx.Response, int]:
        """GET with retries for what may pass (5xx, 429, timeouts, network errors); never for 4xx."""
        attempts = self.options.retries + 1
        for attempt in range(1, attempts + 1):
            delay = self.options.backoff * 2 ** (attempt - 1)
            try:
                response = await self.client.get(url)
            except httpx.TimeoutException:
                if attempt == attempts:
                    raise Gone(f"timeout after {self.options.timeout:g} s, {count(attempts, 'try')}") from None
            except (httpx.NetworkError, httpx.RemoteProtocolError) as error:
                if attempt == attempts:
                    raise Gone(f"connection error ({type(error).__name__}: {error}), "
                               f"{count(attempts, 'try')}") from None
            except httpx.HTTPError as error:
                raise Gone(f"request failed ({type(error).__name__}: {error})") from None
            else:
                if not (response.status_code >= 500 or response.status_code == 429) or attempt == attempts:
                    return response, attempt
                retry_after = response.headers.get("retry-after", "")
                if retry_after.isdigit():
                    if float(retry_after) > RETRY_AFTER_CAP:
                        return response, attempt
                    delay = max(delay, float(retry_after))
            await asyncio.sleep(delay)
        raise AssertionError("unreachable")

    async def robots_allow(self, url: str) -> bool:
        """Whether the host's robots.txt lets us fetch `url`; Gone when robots.txt cannot be had."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self.robots:  # one fetch per host, shared by every source on it
            self.robots[origin] = asyncio.ensure_future(self.read_robots(origin))
        robots = await self.robots[origin]
        if isinstance(robots, Gone):
            raise robots
        return robots.can_fetch(self.options.user_agent, url)

    async def read_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | Gone:
        """The origin's rules as urllib.robotparser reads them, fetched like any page."""
        url = f"{origin}/robots.txt"
        robots = urllib.robotparser.RobotFileParser(url)
        try:
            for _hop in range(MAX_REDIRECTS + 1):
                response, _tries = await self.get(url)
                if not response.has_redirect_location:
                    break
                url = str(response.url.join(response.headers["location"]))
        except Gone as gone:
            return Gone(f"robots.txt unreachable, page not fetched: {gone}")
        if response.status_code in (401, 403):
            robots.disallow_all = True
        elif 400 <= response.status_code < 500 or response.has_redirect_location:
            robots.allow_all = True  # no robots.txt: no rules (RFC 9309)
        elif response.status_code >= 500:
            # RFC 9309: while robots.txt answers 5xx, the whole site is off limits.
            return Gone(f"robots.txt unreachable, page not fetched: HTTP {response.status_code}")
        else:
            robots.parse(response.text.splitlines())
        return robots


# --- reports -----------------------------------------------------------------------------------


def describe(result: Result, value: Callable[[str], str] = str) -> str:
    """What was found, in words; `value` renders each page- or register-supplied string."""
    missing = len(result.missing_quotes)
    found = (f"{result.quotes - missing} of {count(result.quotes, 'quote')} found" if missing
             else "the quote found" if result.quotes == 1 else f"all {result.quotes} quotes found")
    if result.missing_quotes:
        found += f"; not found: {', '.join(map(value, result.missing_quotes))}"
    retried = f"; answered on try {result.tries}" if result.tries > 1 else ""
    moved = f"redirects to {value(result.final_url)}" if result.final_url else ""
    if result.status in ("GONE", "SKIPPED-robots"):
        return f"{moved}, then {value(result.error)}" if moved else value(result.error)
    if result.status == "MOVED":
        return f"{moved}; there, {found}{retried}"
    return f"{found}{retried}"


def markdown_report(sources: list[Source], results: list[Result], started: datetime, options: Options) -> str:
    by_id = {source.id: source for source in sources}
    counts = {status: sum(r.status == status for r in results) for status in STATUSES}
    summary = ", ".join(f"{count} {status}" for status, count in counts.items() if count) or "nothing to check"
    quotes = sum(len(source.quotes) for source in sources)
    lines = ["# Source check", "",
             f"{count(len(sources), 'source')}, {count(quotes, 'quote')}, checked {started:%Y-%m-%d %H:%M} UTC: {summary}.", ""]
    ordered = sorted(results, key=lambda r: STATUSES.index(r.status))
    if ordered:
        lines += ["| Source | Result | Details |", "| --- | --- | --- |"]
        lines += [f"| {code(r.id)} | {r.status} | {describe(r, code)} |" for r in ordered]
        lines.append("")
    for result in (r for r in ordered if r.status != "OK"):
        source = by_id[result.id]
        lines += [f"## {result.status}: {code(result.id)}", "",
                  f"- Page: {code(result.url)} ({code(source.publisher)}, {code(source.title)}); "
                  f"quotes last compared on {code(source.checked)}"]
        lines += [f"- Redirect: HTTP {code(hop)}" for hop in result.redirects]
        lines.append(f"- {describe(result, code)}")
        lines += [f"- Not found, {code(quote.id)}: {code(quote.text)}"
                  for quote in source.quotes if quote.id in result.missing_quotes]
        lines.append("")
    lines.append(f"User-Agent: {code(options.user_agent)}")
    return "\n".join(lines) + "\n"


def json_report(results: list[Result], started: datetime) -> dict[str, Any]:
    findings = [[r.id, r.status, r.final_url, r.missing_quotes] for r in results if r.status != "OK"]
    return {
        "checked_at": started.isoformat(timespec="seconds"),
        "ok": not findings,
        # Same findings, same fingerprint: the workflow comments only when something new turned up.
        "fingerprint": hashlib.sha256(json.dumps(findings).encode()).hexdigest()[:16],
        "counts": {status: sum(r.status == status for r in results) for status in STATUSES},
        "sources": [{**asdict(r), "detail": describe(r)} for r in results],
    }


def count(number: int, noun: str) -> str:
    return f"{number} {noun if number == 1 else 'tries' if noun == 'try' else noun + 's'}"


def code(text: str) -> str:
    """`text` as a Markdown code span, so that strings a page supplies (redirect targets, error
    messages) or a register holds show as typed: no link, mention, markup or broken table."""
    text = " ".join(text.split()).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


if __name__ == "__main__":
    sys.exit(main())
