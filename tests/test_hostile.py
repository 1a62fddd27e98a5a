"""A hostile contributor's input, built for real: it stays text, or the build stops naming it.

Each class has one full build here; the variants of each class are unit-tested on the pure
functions (tests/test_guard.py, tests/test_csp.py).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError

import staging
from conftest import TODAY, assert_build_fails, mkdocs_build

ESIM = "docs/cards/esim.md"
# Markup a contributor may write as a value; each must end up as text on the page.
TITLE = 'eSIM <script>alert("title")</script>'
SUMMARY = r"\x3cscript>alert('summary')\x3c/script>"  # a YAML escape: the source shows no '<'
NOTE = r"\x3cimg src=x onerror=alert('note')>"
SOURCE = "https://www.att.com/x)<script>alert('source')</script>"


def replace(project: Path, name: str, old: str, new: str, count: int = 1) -> None:
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def hostile_values(project: Path) -> None:
    replace(project, ESIM, "title: eSIM（虚拟 SIM 卡）", f"title: '{TITLE}'")
    replace(project, ESIM, "\nsummary: 手机里装的是", f'\nsummary: "{SUMMARY}"\nx_was: 手机里装的是')
    esim = (project / ESIM).read_text(encoding="utf-8")
    (project / ESIM).write_text(re.sub(r"\nx_was: .*", "", esim), encoding="utf-8")
    replace(project, ESIM, "note: 首次发布：", f'note: "{NOTE}首次发布：')
    replace(project, ESIM, "出国前转到 Google Voice}", '出国前转到 Google Voice"}')
    replace(project, "docs/data/sources.yml", "url: https://www.att.com/deviceunlockstatus", f"url: {SOURCE}")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import BUILD_INPUTS, ROOT
    import shutil

    project = tmp_path_factory.mktemp("hostile")
    for name in BUILD_INPUTS:
        source = ROOT / name
        copy = shutil.copytree if source.is_dir() else shutil.copy2
        copy(source, project / name)
    hostile_values(project)
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_values_with_markup_are_text_on_every_page(hostile_site: Path) -> None:
    for path in hostile_site.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert not [s for s in soup.find_all("script") if "alert" in (s.string or "")], path
        assert not soup.find(lambda tag: any(a.startswith("on") for a in tag.attrs)), path
        assert not soup.find("img", src="x"), path
    home = BeautifulSoup((hostile_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one("nav.md-nav--primary").find(string=re.compile(re.escape(TITLE))), "the card title is text in the nav"
    esim = BeautifulSoup((hostile_site / "cards/esim/index.html").read_text(encoding="utf-8"), "html.parser")
    assert esim.title.string.startswith(TITLE)
    assert esim.find("meta", attrs={"name": "description"})["content"] == "<script>alert('summary')</script>"
    changes = BeautifulSoup((hostile_site / "changelog/index.html").read_text(encoding="utf-8"), "html.parser")
    assert changes.find(string=re.compile(re.escape("<img src=x onerror=alert('note')>")))
    carriers = (hostile_site / "carriers/index.html").read_text(encoding="utf-8")
    assert 'href="https://www.att.com/x%29%3Cscript%3Ealert%28%27source%27%29%3C/script%3E"' in carriers


def test_values_with_markup_run_no_script_in_a_browser(hostile_site: Path, browser: object) -> None:
    context = browser.new_context()
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for url in ("index.html", "cards/esim/index.html", "changelog/index.html", "carriers/index.html",
                "checklists/all/index.html"):
        tab.goto((hostile_site / url).as_uri())
        tab.wait_for_load_state("load")
    context.close()
    assert dialogs == []


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        ("docs/faq.md", "\n## ", "\n加群 t。me/uscards，群里有人代办。\n\n## ",
         r"docs/faq\.md:\d+: link 't\.me/uscards' points to a chat group \(t\.me\)"),
        ("docs/before.md", "\n## ", '\n<meta http-equiv="refresh" content="0;url=https://evil.example/">\n\n## ',
         r"docs/before\.md:\d+: <meta http-equiv=\"refresh\"> is not allowed"),
        (ESIM, "\nsummary: ", '\nsummary: "\\uff54.\\uff4d\\uff45/a "\nold_summary: ',
         r"docs/cards/esim\.md:\d+: link 't\.me/a' points to a chat group \(t\.me\).*"
         r"\(front matter 'summary'\)"),
        ("docs/safety.md", "\n## ", '\n<a href="\x01https://t.me/uscards">官方</a>\n\n## ',
         r"docs/safety\.md:\d+: link '\\x01https://t\.me/uscards' holds the control character U\+0001"),
        ("docs/faq.md", "\ntitle: 常见问题", "\ntitle: 常见问题（代办加 V：evilgroup）",
         r"docs/faq\.md:\d+: '加 V:evilgroup' is a chat contact \(加 V and an ID\).*\(front matter 'title'\)"),
        ("docs/safety.md", "\n## ", "\n群在 t·me/uscards。\n\n## ",
         r"docs/safety\.md:\d+: link 't\.me/uscards' points to a chat group \(t\.me\)"),
    ],
    ids=["ideographic dot in prose", "meta refresh", "YAML escape in front matter", "control character before a URL",
         "chat contact in a title", "middle dot in prose"],
)
def test_forbidden_output_fails_naming_the_source(project_copy: Path, name: str, old: str, new: str,
                                                  message: str) -> None:
    replace(project_copy, name, old, new)
    if "old_summary" in new:  # keep the page's front matter valid: one summary
        text = (project_copy / name).read_text(encoding="utf-8")
        (project_copy / name).write_text(re.sub(r"\nold_summary: .*", "", text), encoding="utf-8")
    assert_build_fails(project_copy, message)


# --- nothing outside docs/ ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["system file", "folder outside", "repository config"])
def test_a_link_out_of_docs_fails_the_build(project_copy: Path, tmp_path_factory: pytest.TempPathFactory,
                                            kind: str) -> None:
    docs = project_copy / "docs"
    if kind == "system file":
        (docs / "passwd.txt").symlink_to("/etc/passwd")
        named = "passwd.txt"
    elif kind == "folder outside":
        outside = tmp_path_factory.mktemp("outside")
        (outside / "secret.txt").write_text("secret", encoding="utf-8")
        (docs / "extra").symlink_to(outside, target_is_directory=True)
        named = "extra/secret.txt"
    else:
        (project_copy / ".git").mkdir()
        (project_copy / ".git" / "config").write_text("[remote]\n", encoding="utf-8")
        (docs / "config.txt").symlink_to(Path("..") / ".git" / "config")
        named = "config.txt"
    assert_build_fails(project_copy, rf"docs/{re.escape(named)}: is a link to a file outside docs/")


def test_a_link_inside_docs_is_allowed(tmp_path: Path) -> None:
    from guard import leaves

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "faq.md").write_text("x", encoding="utf-8")
    (docs / "same.md").symlink_to("faq.md")
    (tmp_path / "theme.css").write_text("x", encoding="utf-8")
    (docs / "out.css").symlink_to(tmp_path / "theme.css")
    assert not leaves(str(docs / "same.md"), str(docs))
    assert not leaves(str(tmp_path / "theme.css"), str(docs))  # a theme file is not the docs folder's
    assert leaves(str(docs / "out.css"), str(docs))


def test_a_file_that_is_not_a_page_or_image_fails_the_build(project_copy: Path) -> None:
    """docs/sw.js would win over overrides/sw.js and become every reader's service worker."""
    (project_copy / "docs" / "sw.js").write_text("/* PRECACHE */ []\nself.addEventListener('fetch', e => 0)\n",
                                                 encoding="utf-8")
    assert_build_fails(project_copy, r"docs/sw\.js: a '\.js' file is not published; the site publishes only "
                                     r"Markdown pages and images under docs/images/")


def test_an_override_that_changes_the_meaning_fails_the_build(project_copy: Path) -> None:
    overrides = project_copy / "docs" / "data" / "hant-overrides.yml"
    overrides.write_text(overrides.read_text(encoding="utf-8")
                         + "  - simplified: 不要请\n    traditional: 最好請\n    why: 台湾用语\n", encoding="utf-8")
    assert_build_fails(project_copy, r"docs/data/hant-overrides\.yml:\d+: 'traditional': 最好請 reads 最好请 "
                                     r"in Simplified, not 不要请")


# --- builds side by side --------------------------------------------------------------------------


def start_build(project: Path, site_dir: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GUIDE_TODAY": TODAY}
    return subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
                            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def assert_complete(site_dir: Path) -> None:
    """Every page the sitemap lists is there, with the search index and the 404 page."""
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    pages = re.findall(r"<loc>[^<]*?//[^/]+/([^<]*)</loc>", sitemap)
    assert len(pages) > 10
    for page in pages:
        assert (site_dir / page / "index.html").is_file(), page
    assert (site_dir / "404.html").is_file() and (site_dir / "search" / "search_index.json").is_file()


def staging_leftovers(project: Path) -> list[Path]:
    return list(project.glob("site.*"))


def test_two_builds_at_once_always_publish_a_complete_site(project_copy: Path) -> None:
    site_dir = project_copy / "site"
    for _ in range(3):
        builds = [start_build(project_copy, site_dir) for _ in range(2)]
        for build in builds:
            _, stderr = build.communicate(timeout=300)
            assert build.returncode == 0, stderr
        assert_complete(site_dir)
        assert not staging_leftovers(project_copy)


def test_stale_folders_never_block_a_build(project_copy: Path) -> None:
    for name in ("site.old", "site.staging", "site.staging-abc123", "site.old-xyz"):
        (project_copy / name / "assets").mkdir(parents=True)
    assert mkdocs_build(project_copy, project_copy / "site").returncode == 0
    assert_complete(project_copy / "site")
    assert not staging_leftovers(project_copy)


def test_an_unwritable_site_folder_is_a_one_line_error(project_copy: Path) -> None:
    result = mkdocs_build(project_copy, project_copy / "mkdocs.yml" / "site")  # its parent is a file
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert re.fullmatch(r"ERROR +- +cannot write the site beside \S*mkdocs\.yml/site: Not a directory\n",
                        result.stderr), result.stderr


def test_a_site_that_cannot_be_replaced_is_a_one_line_error(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "site"
    target.mkdir()
    config = SimpleNamespace(site_dir=str(target), strict=False)
    staging.on_pre_build(config)  # type: ignore[arg-type]
    built = Path(config.site_dir)
    assert built.is_dir() and built != target

    def refuse(source: str, destination: str) -> None:
        raise PermissionError(13, "Permission denied", source)

    monkeypatch.setattr(staging.os, "replace", refuse)
    with pytest.raises(PluginError, match=r"^cannot publish the site to .*site: Permission denied"):
        staging.on_post_build(config)  # type: ignore[arg-type]
    assert not built.exists() and config.site_dir == str(target)
