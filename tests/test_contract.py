"""What spans the whole guide, on the core alone: nothing a contributor writes is lost silently.

Step ids across pages, names of generated pages, every page's front matter, duplicate keys, files
that are not UTF-8, fences, the guide entry point, and the step headings found in rendered HTML.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.structure.files import File, Files

import cards
import steps
from conftest import ON
from test_cards import VALID

BEFORE = VALID.replace("card: esim\naxis: form\n", "").replace("{#", "{#before-").replace("{: #", "{: #before-")


def card(name: str, axis: str) -> str:
    """A valid card page named `name` on `axis`, with step ids of its own."""
    return VALID.replace("card: esim", f"card: {name}").replace("axis: form", f"axis: {axis}").replace(
        "{#", f"{{#{name}-").replace("{: #", f"{{: #{name}-")


FOUR = {"cards/esim.md": card("esim", "form"), "cards/physical-sim.md": card("physical-sim", "form"),
        "cards/postpaid.md": card("postpaid", "billing"), "cards/prepaid.md": card("prepaid", "billing"),
        "before.md": BEFORE}


def read(sources: dict[str, str]) -> cards.Guide:
    return cards.read_guide(sources, on=ON)


def error_of(sources: dict[str, str]) -> str:
    with pytest.raises(cards.SourceError) as caught:
        read(sources)
    return str(caught.value)


def test_the_four_cards_and_before_read_as_one_guide() -> None:
    guide = read(FOUR)
    assert [c.key for c in guide.cards] == ["esim", "physical-sim", "postpaid", "prepaid"]
    assert "checklists/esim-postpaid.md" in cards.generated_pages(guide)


# --- step ids across pages ----------------------------------------------------------------------


def test_a_step_id_reused_from_another_page_names_both_files_and_lines() -> None:
    reused = {**FOUR, "cards/prepaid.md": FOUR["cards/prepaid.md"].replace(
        "{#prepaid-keep-confirmation}", "{#postpaid-keep-confirmation}")}
    assert error_of(reused) == (
        "docs/cards/prepaid.md:24: step id 'postpaid-keep-confirmation' is already used by "
        "docs/cards/postpaid.md:24; a step id must be unique across the guide (checklists merge pages "
        "by step id)")


def test_a_card_step_reusing_a_step_of_before_is_refused() -> None:
    reused = {**FOUR, "cards/esim.md": FOUR["cards/esim.md"].replace("{#esim-save-plan}", "{#before-save-plan}")}
    assert error_of(reused).startswith("docs/cards/esim.md:14: step id 'before-save-plan' is already used by "
                                       "docs/before.md:12")


# --- reserved names -----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "generated"), [
    ("all", "reserved for the generated page checklists/all.md"),
    ("index", "reserved for the generated page checklists/index.md"),
    ("esim-postpaid", "reserved: it names the checklist of cards 'esim' and 'postpaid'"),
])
def test_a_card_named_like_a_generated_page_is_refused_and_the_reserved_names_listed(
        name: str, generated: str) -> None:
    sources = {**FOUR, f"cards/{name}.md": card(name, "form" if name != "all" else "billing")}
    message = error_of(sources)
    assert message.startswith(f"docs/cards/{name}.md:3: card name '{name}' is {generated}; ")
    assert "reserved card names are all, index, " in message
    assert "esim-postpaid" in message and "and any '<form card>-<billing card>'" in message


def test_two_combinations_with_one_name_are_refused() -> None:
    # form 'a-b' x billing 'c' and form 'a' x billing 'b-c' would both write checklists/a-b-c.md
    sources = {"cards/a-b.md": card("a-b", "form"), "cards/c.md": card("c", "billing"),
               "cards/a.md": card("a", "form"), "cards/b-c.md": card("b-c", "billing")}
    assert error_of(sources).startswith(
        "docs/cards/b-c.md:3: card name 'b-c' makes the checklist checklists/a-b-c.md of cards 'a' and 'b-c', "
        "which is also the checklist of cards 'a-b' and 'c'; reserved card names are all, index, a-b-b-c, "
        "a-b-c, a-c and any '<form card>-<billing card>'")


@pytest.mark.parametrize("uri", ["carriers.md", "changelog.md", "checklists/index.md", "checklists/esim.md"])
def test_a_page_at_a_generated_address_is_refused(uri: str) -> None:
    message = error_of({**FOUR, uri: "# 我的页面\n"})
    assert message.startswith(f"docs/{uri}:1: the build generates {uri} from ")
    assert "rename this file (reserved page names: carriers.md, changelog.md, checklists/all.md" in message


# --- every page's front matter ------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("---\ntitle: 常见问题\nVersion: 1.0.0\n---\n",
     "docs/faq.md:3: front matter has unknown field 'Version' (did you mean 'version'?); expected only "
     "title, summary, hide, search"),
    ("---\ntitle: 常见问题\nsumary: 一句话\n---\n", "docs/faq.md:3: front matter has unknown field 'sumary' "
     "(did you mean 'summary'?)"),
    ("---\ntitle: 常见问题\nauthor: me\n---\n", "docs/faq.md:3: front matter has unknown field 'author'; "),
    ("---\ntitle: 常见问题\ntitle: 问答\n---\n",
     "docs/faq.md:3: front matter has the field 'title' twice (first on line 2); keep one"),
    ("---\ntitle: [常见问题\n---\n", "docs/faq.md:2: front matter is not valid YAML"),
    ("---\ntitle: ''\n---\n", "docs/faq.md:2: front matter 'title' must be non-empty text"),
    ("---\nhide: [toc, sidebar]\n---\n", "docs/faq.md:2: front matter 'hide' "),
    ("---\nsearch: {exclude: yes please}\n---\n", "docs/faq.md:2: front matter 'search' 'exclude' "),
    ("---\nsearch: {exlude: true}\n---\n", "has unknown field 'exlude' (did you mean 'exclude'?)"),
    ("---\nreviewed: 2026-11-25\n---\n", "docs/faq.md:2: front matter field 'reviewed' belongs to a "
     "versioned page; add 'version', 'reviewed', 'summary' and 'changes' too, or remove it"),
])
def test_every_page_has_its_front_matter_checked(text: str, expected: str) -> None:
    assert expected in error_of({**FOUR, "faq.md": text})


def test_a_page_with_the_fields_material_reads_is_accepted() -> None:
    plain = "---\ntitle: 术语表\nsummary: 一句话\nhide: [toc]\nsearch: {exclude: false, boost: 0.5}\n---\n# x\n"
    assert "glossary.md" not in read({**FOUR, "glossary.md": plain, "faq.md": "# 没有 front matter\n"}).pages


def test_a_typo_for_version_in_before_is_named_not_dropped() -> None:
    typo = BEFORE.replace("version: 1.1.0", "Version: 1.1.0")
    assert error_of({**FOUR, "before.md": typo}).startswith(
        "docs/before.md:3: front matter has unknown field 'Version' (did you mean 'version'?)")


def test_before_without_a_version_is_refused() -> None:
    plain = "---\ntitle: 注销前必读\nsummary: 一句话\n---\n## 注销前准备\n### 解锁 {#unlock}\n"
    assert error_of({**FOUR, "before.md": plain}) == (
        "docs/before.md:1: front matter has no 'version': this page is a versioned guide page (banner, "
        "changelog, checklists); add 'version: x.y.z'")


def test_a_duplicate_key_in_a_versioned_page_or_a_changes_entry_is_named() -> None:
    twice = VALID.replace("summary: 一句话\n", "summary: 一句话\nsummary: 两句话\n")
    with pytest.raises(cards.SourceError, match=r"^docs/cards/esim\.md:8: front matter has the field 'summary' "
                       r"twice \(first on line 7\); keep one$"):
        cards.read_card("docs/cards/esim.md", twice, on=ON)
    entry = VALID.replace("{version: 1.0.0, date: 2026-10-01,", "{version: 1.0.0, date: 2026-10-01, date: 2026-10-02,")
    with pytest.raises(cards.SourceError, match=r"^docs/cards/esim\.md:10: front matter has the field 'date' twice"):
        cards.read_card("docs/cards/esim.md", entry, on=ON)


def test_the_yaml_loader_refuses_duplicate_keys_in_data_files_too() -> None:
    with pytest.raises(cards.DuplicateKey, match=r"duplicate key 'id' \(first on line 2\)") as caught:
        cards.yaml.load("carriers:\n  - id: att\n    id: verizon\n", Loader=cards.TextDates)
    assert caught.value.problem_mark.line + 1 == 3


# --- files that are not UTF-8 -------------------------------------------------------------------


def test_a_data_file_in_another_encoding_is_named(tmp_path: Path) -> None:
    data = tmp_path / "carriers.yml"
    data.write_bytes("carriers:\n  - name: 运营商\n".encode("gbk"))
    with pytest.raises(cards.SourceError) as caught:
        cards.read_text(str(data), "docs/data/carriers.yml")
    assert str(caught.value) == ("docs/data/carriers.yml:2: is not UTF-8 text (byte 0xd4 cannot be read as "
                                 "UTF-8); save it as UTF-8")


def test_a_page_in_another_encoding_is_named(tmp_path: Path) -> None:
    (tmp_path / "cards").mkdir()
    (tmp_path / "index.md").write_text("# 首页\n", encoding="utf-8")
    (tmp_path / "cards" / "esim.md").write_bytes("---\ntitle: 虚拟卡\n---\n".encode("utf-16"))
    files = Files([File(uri, str(tmp_path), str(tmp_path / "site"), True) for uri in ("index.md", "cards/esim.md")])
    with pytest.raises(cards.SourceError, match=r"^docs/cards/esim\.md:1: is not UTF-8 text .*; save it as UTF-8$"):
        cards.markdown_sources(files, "docs")


# --- fences -------------------------------------------------------------------------------------


def test_a_longer_fence_keeps_a_shorter_one_as_its_content() -> None:
    text = "a\n````markdown\n```\n## 不是标题\n```\n````\n## 是标题\n~~~\n```\n~~~\nb\n"
    assert [line for _n, line in cards.prose_lines(text)] == ["a", "## 是标题", "b", ""]


def test_a_fence_closes_only_with_its_own_character_and_nothing_after_it() -> None:
    text = "```\n~~~\n``` not a close\n```\nafter\n"
    assert [line for _n, line in cards.prose_lines(text)] == ["after", ""]


def test_inline_code_with_three_backticks_opens_no_fence() -> None:
    assert [line for _n, line in cards.prose_lines("```code``` here\n## 标题\n")] == [
        "```code``` here", "## 标题", ""]


# --- the entry point ----------------------------------------------------------------------------


def test_the_guide_is_handed_over_through_one_entry_point() -> None:
    extra: dict[str, object] = {}
    with pytest.raises(cards.SourceError, match=r"^mkdocs\.yml: the guide was not read: list hooks/contract\.py "
                       r"under 'hooks:'"):
        cards.guide_from(extra)
    guide = read(FOUR)
    cards.keep_guide(extra, guide)
    assert cards.guide_from(extra) is guide
    with pytest.raises(cards.SourceError, match="the guide was not read"):
        cards.guide_from({"guide": "a value someone put under extra: in mkdocs.yml"})




def test_no_hook_imports_another_and_the_core_imports_no_mkdocs() -> None:
    hooks = Path(__file__).resolve().parent.parent / "hooks"
    sources = {p.stem: p.read_text(encoding="utf-8") for p in hooks.glob("*.py")}
    # The core is every module without a MkDocs event: pure functions the hooks and tests share.
    core = {name for name, text in sources.items() if not re.search(r"^def on_\w+\(", text, re.M)}
    assert {"cards", "schema"} <= core
    for name, text in sources.items():
        imported = set(re.findall(r"^(?:from|import) (\w+)", text, re.M))
        others = {other for other in imported & set(sources) - core}
        assert not others, f"{name}.py imports {others}"
        if name in core and name != "schema":  # schema.py borrows MkDocs' config options, nothing else
            assert "mkdocs" not in imported, f"{name}.py is core and imports mkdocs"


# --- steps found in the rendered HTML -----------------------------------------------------------


def test_steps_are_numbered_once_each_in_page_order_whatever_their_attributes() -> None:
    page = cards.read_card("docs/cards/esim.md", VALID, on=ON)
    html = ('<h3 id="save-plan">截图</h3><p>x</p><h3 id="sign-in">登录</h3>'
            '<h3 class="note" id="submit-request">提交</h3><h3 id="keep-confirmation">保存</h3>')
    numbered = steps.number_steps(html, page)
    assert numbered.count('class="gs-step"') == 3 and 'class="note gs-step"' in numbered
    for number, step in enumerate(page.steps, start=1):
        assert re.search(rf'<h3 class="[^"]*gs-step" data-key="esim/{step.id}" id="{step.id}"><span '
                         rf'class="gs-step__number"><span class="gs-sr">第 </span>{number}<span class="gs-sr"> '
                         r"步：</span></span> ", numbered), step.id


def test_a_step_missing_from_the_html_fails_naming_its_line() -> None:
    page = cards.read_card("docs/cards/esim.md", VALID, on=ON)
    html = '<h3 id="save-plan">截图</h3><h3 id="sign-in">登录</h3><p id="submit-request">提交</p>'
    with pytest.raises(cards.SourceError, match=r"^docs/cards/esim\.md:22: step '提交注销申请' \{#submit-request\} "
                       r"did not become a heading with id 'submit-request'"):
        steps.number_steps(html, page)
