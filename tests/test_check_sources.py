"""The source checker against a local server: present, changed, moved, gone, flaky, slow and robots-barred pages."""

from __future__ import annotations

import http.server
import io
import json
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Iterator
from unittest import mock

import pytest
import yaml

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import check_sources  # noqa: E402

CHECKER = ROOT / "tools" / "check_sources.py"
REPO_URL = "https://git.example.invalid/guide"
TIMEOUT = 0.3  # seconds; the slow page answers after SLOW
SLOW = 1.5
ARGS = ["--timeout", str(TIMEOUT), "--retries", "2", "--backoff", "0.05", "--concurrency", "4"]

# The page words differ from the register's only in typography: curly quotes, no-break spaces,
# a soft hyphen, an en dash, line breaks and inline markup inside the sentence.
PRESENT = """<!doctype html><html lang="en"><head><title>Port Out FAQs</title>
<style>p { color: red }</style><script>var quote = "not page text";</script></head><body>
<h1>Port Out FAQs</h1>
<p>You can request a Number Transfer PIN in the <a href="/app">My&nbsp;Verizon app</a>.
The PIN is valid for 7&nbsp;days – after that you’ll need a new one.</p>
<p>When the port is complete, your “old” line is can\u00adcelled
   automatically&hellip;</p>
</body></html>"""
CHANGED = """<!doctype html><html lang="en"><head><title>Port Out FAQs</title></head><body>
<p>You can request a Number Transfer PIN in the My Verizon app.
The PIN is valid for 3 days - after that you'll need a new one.</p></body></html>"""
PAGES = {
    "/present": (200, PRESENT),
    "/changed": (200, CHANGED),
    "/new-home": (200, PRESENT),
    "/flaky": (200, PRESENT),  # answers 500 the first time
    "/slow": (200, PRESENT),  # answers after SLOW seconds
    "/private/page": (200, PRESENT),  # robots.txt says no
}
ROBOTS = "User-agent: *\nDisallow: /private/\n"


def pdf(text: str) -> bytes:
    """A one-page PDF showing `text`, as a carrier's terms might be published."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


class FixtureHandler(http.server.BaseHTTPRequestHandler):
    requests: list[tuple[str, str]] = []  # (path, User-Agent), in arrival order

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.requests.append((self.path, self.headers.get("User-Agent", "")))
        if self.path == "/robots.txt":
            return self.reply(200, ROBOTS, "text/plain")
        if self.path == "/terms.pdf":
            return self.reply(200, pdf("You can request a Number Transfer PIN in the My Verizon app."),
                              "application/pdf")
        if self.path == "/old-home":
            return self.reply(301, "", location="/new-home")
        if self.path == "/flaky" and [p for p, _ in self.requests].count("/flaky") == 1:
            return self.reply(500, "try again")
        if self.path == "/slow":
            time.sleep(SLOW)
        status, body = PAGES.get(self.path, (404, "not here"))
        self.reply(status, body)

    def reply(self, status: int, body: str | bytes, kind: str = "text/html; charset=utf-8",
              location: str = "") -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            if location:
                self.send_header("Location", location)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the checker gave up on the slow page, as it should

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture()
def fixture_site() -> Iterator[str]:
    FixtureHandler.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FixtureHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def register(tmp_path: Path, base: str, paths: list[str]) -> Path:
    """A register in the format of docs/data/sources.yml, one source per fixture page."""
    quotes = """
    quotes:
      - id: pin-in-app
        text: "You can request a Number Transfer PIN in the My Verizon app."
      - id: pin-valid
        text: "The PIN is valid for 7 days - after that you'll need a new one."
      - id: old-line
        text: 'When the port is complete, your "old" line is cancelled automatically...'
"""
    entries = "".join(f"""
  - id: {path.strip('/').replace('/', '-')}
    url: {base}{path}
    publisher: Verizon
    title: Port Out FAQs
    official: true
    checked: 2026-11-25{quotes}""" for path in paths)
    path = tmp_path / "sources.yml"
    path.write_text(f"sources:{entries}\n", encoding="utf-8")
    return path


def run_checker(*args: str, separate_process: bool = False) -> subprocess.CompletedProcess[str]:
    """The checker as `make check-sources` runs it, or its main() in this process (faster)."""
    if separate_process:
        return subprocess.run([sys.executable, str(CHECKER), *ARGS, *args], capture_output=True, text=True,
                              timeout=60, env={**os.environ, "REPO_URL": REPO_URL})
    out, err = io.StringIO(), io.StringIO()
    # In a thread of its own: the session's browser (Playwright's sync API) keeps an event loop
    # running in this one, and the checker starts its own.
    with mock.patch.dict(os.environ, {"REPO_URL": REPO_URL}), redirect_stdout(out), redirect_stderr(err), \
            ThreadPoolExecutor(1) as thread:
        status = thread.submit(check_sources.main, [*ARGS, *args]).result()
    return subprocess.CompletedProcess(["check_sources"], status, out.getvalue(), err.getvalue())


def test_every_kind_of_result_in_one_run(fixture_site: str, tmp_path: Path) -> None:
    paths = ["/present", "/changed", "/old-home", "/missing", "/flaky", "/slow", "/private/page"]
    result = run_checker("--register", str(register(tmp_path, fixture_site, paths)),
                         "--json", str(tmp_path / "report.json"), separate_process=True)
    print(result.stdout)  # the report, for the record (pytest -s)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    report = result.stdout
    table = {line.split(" | ")[0].strip("|` "): line for line in report.splitlines() if line.startswith("| `")}
    assert "7 sources, 21 quotes" in report
    assert ": 2 GONE, 1 CHANGED, 1 MOVED, 1 SKIPPED-robots, 2 OK." in report
    # Typography, no-break spaces, a soft hyphen and markup inside the sentence do not hide a quote.
    assert "| OK | all 3 quotes found |" in table["present"]
    # Changed wording names the quote that is gone, and the report quotes the register's words.
    assert "| CHANGED | 1 of 3 quotes found; not found: `pin-valid`, `old-line` |" in table["changed"]
    assert "- Not found, `pin-valid`: `The PIN is valid for 7 days - after that you'll need a new one.`" in report
    # A redirect says where to, and whether the quotes are there.
    assert f"| MOVED | redirects to `{fixture_site}/new-home`; there, all 3 quotes found |" in table["old-home"]
    assert f"- Redirect: HTTP `301 {fixture_site}/new-home`" in report
    assert "| GONE | `HTTP 404 Not Found` |" in table["missing"]
    # A 500 is retried and the page then counts; a slow page times out on every try.
    assert "| OK | all 3 quotes found; answered on try 2 |" in table["flaky"]
    assert f"| GONE | `timeout after {TIMEOUT:g} s, 3 tries` |" in table["slow"]
    assert f"| SKIPPED-robots | `robots.txt disallows {fixture_site}/private/page` |" in table["private-page"]
    # Most urgent first.
    assert [line.split(" | ")[1] for line in table.values()] == [
        "GONE", "GONE", "CHANGED", "MOVED", "SKIPPED-robots", "OK", "OK"]

    paths_asked = [path for path, _ in FixtureHandler.requests]
    assert paths_asked.count("/robots.txt") == 1  # once per host, before anything else
    assert paths_asked[0] == "/robots.txt"
    assert "/private/page" not in paths_asked
    assert paths_asked.count("/missing") == 1  # a 404 is not retried
    assert paths_asked.count("/flaky") == 2
    assert paths_asked.count("/slow") == 3
    agents = {agent for _, agent in FixtureHandler.requests}
    assert agents == {check_sources.user_agent(REPO_URL)}
    assert REPO_URL in agents.pop() and "us-sim-cancel-guide" in report

    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["ok"] is False
    assert data["counts"] == {"GONE": 2, "CHANGED": 1, "MOVED": 1, "SKIPPED-robots": 1, "OK": 2}
    by_id = {source["id"]: source for source in data["sources"]}
    assert by_id["changed"]["missing_quotes"] == ["pin-valid", "old-line"]
    assert by_id["old-home"]["final_url"] == f"{fixture_site}/new-home"


def test_all_present_exits_zero(fixture_site: str, tmp_path: Path) -> None:
    result = run_checker("--register", str(register(tmp_path, fixture_site, ["/present", "/new-home"])))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 sources, 6 quotes" in result.stdout and ": 2 OK." in result.stdout
    assert "## " not in result.stdout  # no section for a source that needs nothing


def test_a_pdf_source_is_read_as_text(fixture_site: str, tmp_path: Path) -> None:
    result = run_checker("--register", str(register(tmp_path, fixture_site, ["/terms.pdf"])))
    assert "| `terms.pdf` | CHANGED | 1 of 3 quotes found; not found: `pin-valid`, `old-line` |" in result.stdout


def test_a_server_that_is_not_there_is_gone(tmp_path: Path) -> None:
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), FixtureHandler) as server:
        base = f"http://127.0.0.1:{server.server_address[1]}"  # closed before the checker runs
    result = run_checker("--register", str(register(tmp_path, base, ["/present"])))
    assert result.returncode == 1
    assert "| `present` | GONE | `robots.txt unreachable, page not fetched: connection error (ConnectError" \
        in result.stdout


def test_the_same_findings_give_the_same_fingerprint(fixture_site: str, tmp_path: Path) -> None:
    source = register(tmp_path, fixture_site, ["/changed", "/missing"])
    fingerprints = []
    for run in ("first", "second"):
        assert run_checker("--register", str(source), "--json", str(tmp_path / run)).returncode == 1
        fingerprints.append(json.loads((tmp_path / run).read_text(encoding="utf-8"))["fingerprint"])
    assert fingerprints[0] == fingerprints[1]
    other = register(tmp_path, fixture_site, ["/changed"])
    assert run_checker("--register", str(other), "--json", str(tmp_path / "third")).returncode == 1
    assert json.loads((tmp_path / "third").read_text(encoding="utf-8"))["fingerprint"] != fingerprints[0]


@pytest.mark.parametrize(("text", "message"), [
    ("sources: {}\n", r"sources.yml:1: 'sources' must be a list of sources"),
    ("sources:\n  - id: a\n    url: ftp://example.org/\n    quotes: []\n",
     r"sources.yml:2: source 'a' field 'url' must be an absolute URL, got 'ftp://example.org/'"),
    ("sources:\n  - id: a\n    url: https://example.org/\n    quotes: []\n",
     r"sources.yml:2: source 'a' field 'quotes' must be a non-empty list"),
    ("sources:\n  - id: a\n    url: https://example.org/\n    quotes:\n      - id: q\n",
     r"sources.yml:5: source 'a' field 'quotes': every quote needs an 'id' and a non-empty 'text'"),
    ("sources: [\n", r"sources.yml:2: not valid YAML"),
])
def test_a_register_it_cannot_read_exits_2_naming_file_line_and_field(tmp_path: Path, text: str,
                                                                     message: str) -> None:
    path = tmp_path / "sources.yml"
    path.write_text(text, encoding="utf-8")
    result = run_checker("--register", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("page", "quote"), [
    ("You\u2019ll get a \u201cPIN\u201d \u2014 valid 7\u00a0days\u2026", "You'll get a \"PIN\" - valid 7 days..."),
    ("Port\u00adOut\u200b FAQ\n\t  for   Verizon", "port-out faq for verizon".replace("-", "")),
    ("\uff30\uff29\uff2e 10\u201315 days", "PIN 10-15 days"),
])
def test_quotes_match_across_typography(page: str, quote: str) -> None:
    assert check_sources.normalise(quote) in check_sources.normalise(page)


def test_different_words_do_not_match() -> None:
    assert check_sources.normalise("valid for 3 days") not in check_sources.normalise("valid for 7 days")


def test_report_strings_from_a_page_stay_inert_in_markdown() -> None:
    assert check_sources.code("https://x.invalid/a`b|c") == "``https://x.invalid/a`b\\|c``"
    assert check_sources.code("`@someone`") == "`` `@someone` ``"


# --- the weekly workflow: its two shell steps, run with a stand-in for make and for the gh CLI ---

WORKFLOW = ROOT / ".github" / "workflows" / "sources.yml"
STAND_IN = """#!{python}
import json, os, sys
args = sys.argv[1:]
entry = {{"args": args}}
if "--body-file" in args:
    entry["body"] = open(args[args.index("--body-file") + 1], encoding="utf-8").read()
with open(os.environ["CALLS"], "a", encoding="utf-8") as calls:
    calls.write(json.dumps(entry) + "\\n")
{behaviour}
"""
GH = """if args[:2] == ["issue", "list"]:
    print(os.environ["OPEN_ISSUE"])
elif args[:2] == ["issue", "view"]:
    print(os.environ["ISSUE_BODY"])
"""
MAKE = """if os.environ["MAKE_EXIT"] != "2":
    json.dump({"ok": False, "fingerprint": "f1", "counts": {}, "sources": []}, open("sources.json", "w"))
    print("# Source check\\n\\n| `a` | GONE | `HTTP 404` |\\nEND_not_a_delimiter")
sys.exit(int(os.environ["MAKE_EXIT"]))
"""


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def run_step(script: str, tmp_path: Path, tool: str, behaviour: str, **env: str) -> tuple[int, list[dict]]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    stand_in = bin_dir / tool
    stand_in.write_text(STAND_IN.format(python=sys.executable, behaviour=behaviour), encoding="utf-8")
    stand_in.chmod(0o755)
    calls = tmp_path / "calls.jsonl"
    calls.write_text("", encoding="utf-8")
    result = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=30,
                            env={**os.environ, **env, "PATH": f"{bin_dir}:{os.environ['PATH']}",
                                 "CALLS": str(calls)})
    return result.returncode, [json.loads(line) for line in calls.read_text(encoding="utf-8").splitlines()]


def test_the_workflow_runs_weekly_on_demand_with_the_projects_setup_and_least_permissions() -> None:
    flow = workflow()
    assert flow[True]["schedule"][0]["cron"].endswith("* * 1") and "workflow_dispatch" in flow[True]
    assert flow["permissions"] == {"contents": "read", "issues": "write"}
    assert flow["jobs"]["check"]["permissions"] == {"contents": "read"}
    assert flow["jobs"]["report"]["permissions"] == {"issues": "write"}
    check_yml = yaml.safe_load((ROOT / ".github" / "workflows" / "check.yml").read_text(encoding="utf-8"))
    # The same pinned image and actions as the pull-request check, so that they are updated together.
    assert flow["jobs"]["check"]["container"] == check_yml["jobs"]["test"]["container"]
    uses = {step["uses"] for step in check_yml["jobs"]["test"]["steps"] if "uses" in step}
    assert {step["uses"] for step in flow["jobs"]["check"]["steps"] if "uses" in step} <= uses
    assert "make -s check-sources" in flow["jobs"]["check"]["steps"][1]["run"]


@pytest.mark.parametrize("make_exit", ["0", "1"])
def test_the_check_step_hands_on_the_report_and_verdict(tmp_path: Path, make_exit: str) -> None:
    (tmp_path / "out").write_text("", encoding="utf-8")
    status, calls = run_step(workflow()["jobs"]["check"]["steps"][1]["run"], tmp_path, "make", MAKE,
                             MAKE_EXIT=make_exit, GITHUB_OUTPUT=str(tmp_path / "out"),
                             GITHUB_STEP_SUMMARY=str(tmp_path / "summary"))
    assert status == 0
    assert calls[0]["args"] == ["-s", "check-sources", "CHECK_ARGS=--json sources.json"]
    output = (tmp_path / "out").read_text(encoding="utf-8")
    assert "ok=false\nfingerprint=f1\nreport<<END_" in output
    delimiter = output.split("report<<")[1].split("\n")[0]
    assert output.count(delimiter) == 2 and output.endswith(f"\n{delimiter}\n")
    assert "| `a` | GONE | `HTTP 404` |\nEND_not_a_delimiter\n" in output
    assert "| `a` | GONE |" in (tmp_path / "summary").read_text(encoding="utf-8")


def test_the_check_step_fails_when_the_checker_could_not_finish(tmp_path: Path) -> None:
    status, _calls = run_step(workflow()["jobs"]["check"]["steps"][1]["run"], tmp_path, "make", MAKE,
                              MAKE_EXIT="2", GITHUB_OUTPUT=str(tmp_path / "out"),
                              GITHUB_STEP_SUMMARY=str(tmp_path / "summary"))
    assert status != 0


def report_step(tmp_path: Path, *, ok: bool, open_issue: str = "", issue_body: str = "",
                fingerprint: str = "f1") -> list[list[str]]:
    status, calls = run_step(workflow()["jobs"]["report"]["steps"][0]["run"], tmp_path, "gh", GH,
                             OK=str(ok).lower(), FINGERPRINT=fingerprint, REPORT="# Source check\n\nreport",
                             RUN_URL="https://git.example.invalid/run/1", OPEN_ISSUE=open_issue,
                             ISSUE_BODY=issue_body)
    assert status == 0
    assert not [call for call in calls if "close" in call["args"]]  # never closes anything
    for call in calls:
        if "body" in call:
            assert call["body"].startswith("# Source check\n\nreport\n")
            assert f"<!-- source-check fingerprint: {fingerprint} -->" in call["body"]
    return [call["args"][:2] for call in calls]


def test_findings_and_no_open_issue_open_one_labelled_issue(tmp_path: Path) -> None:
    assert report_step(tmp_path, ok=False) == [["issue", "list"], ["label", "create"], ["issue", "create"]]


def test_new_findings_update_the_open_issue_instead_of_opening_another(tmp_path: Path) -> None:
    calls = report_step(tmp_path, ok=False, open_issue="7", issue_body="<!-- source-check fingerprint: f0 -->")
    assert calls == [["issue", "list"], ["issue", "view"], ["issue", "edit"], ["issue", "comment"]]


def test_the_same_findings_again_leave_the_issue_alone(tmp_path: Path) -> None:
    calls = report_step(tmp_path, ok=False, open_issue="7", issue_body="x\n<!-- source-check fingerprint: f1 -->")
    assert calls == [["issue", "list"], ["issue", "view"]]


def test_all_ok_says_so_on_the_open_issue_and_leaves_closing_to_a_person(tmp_path: Path) -> None:
    calls = report_step(tmp_path, ok=True, fingerprint="f0", open_issue="7", issue_body="<!-- f1 -->")
    assert calls == [["issue", "list"], ["issue", "view"], ["issue", "edit"], ["issue", "comment"]]
    assert report_step(tmp_path, ok=True, fingerprint="f0") == [["issue", "list"]]
