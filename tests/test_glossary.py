"""The glossary table: its validation, its synonyms in the search index, its 不用 check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import pytest

import cards
import glossary
import terms
from conftest import assert_build_fails

HEADER = "| 术语 | 英文 | 又称 | 含义 | 不用 |\n| --- | --- | --- | --- | --- |\n"
GLOSSARY = "docs/glossary.md"


def table(*rows: str) -> str:
    return "intro\n\n" + HEADER + "\n".join(rows) + "\n"


def test_a_row_gives_term_english_synonyms_and_variants() -> None:
    [row] = terms.parse(table("| 注销 | cancel / disconnect service | 销号 / 停机 | 关闭线路。 | 断开 |"))
    assert (row.term, row.line) == ("注销", 5)
    assert row.synonyms == ["cancel", "disconnect service", "销号", "停机", "断开"]


ERRORS = {
    "wrong header": ("intro\n| 术语 | 英文 | 含义 |\n| --- | --- | --- |\n",
                     r"docs/glossary\.md:2: table header: the columns must be 术语 \| 英文 \| 又称 \| 含义 \| 不用"),
    "no table": ("只有文字。\n", r"docs/glossary\.md: has no glossary table"),
    "missing cell": (table("| 注销 | cancel | 销号 | 关闭线路。 |"),
                     r"docs/glossary\.md:5: row has 4 cells; the table has 5"),
    "empty term": (table("|  | cancel | 销号 | 关闭线路。 | |"), r"docs/glossary\.md:5: 术语: is empty"),
    "empty meaning": (table("| 注销 | cancel | 销号 |  | |"), r"docs/glossary\.md:5: 含义: is empty"),
    "empty synonym": (table("| 注销 | cancel | 销号 /  / 停机 | 关闭线路。 | |"),
                      r"docs/glossary\.md:5: 又称: an empty word between '/'"),
    "wrong separator": (table("| 注销 | cancel | 销号，停机 | 关闭线路。 | |"),
                        r"docs/glossary\.md:5: 又称: '销号，停机' may hold only letters"),
    "markup in a synonym": (table("| 注销 | cancel | <b>销号</b> | 关闭线路。 | |"),
                            r"docs/glossary\.md:5: 又称: '<b>销号</b>' may hold only letters"),
    "link in a synonym": (table("| 注销 | cancel | https://t.me/a | 关闭线路。 | |"),
                          r"docs/glossary\.md:5: 又称: 'https://t\.me/a' may hold only letters"),
    "synonym of two terms": (table("| 注销 | cancel | 停机 | 关闭线路。 | |",
                                   "| 恢复 | reactivate | 复机 / 停机 | 重新开通。 | |"),
                             r"docs/glossary\.md:6: 又称: '停机' is already claimed by 注销 \(line 5, 又称\)"),
    "variant that is another term": (table("| 注销 | cancel | 销号 | 关闭线路。 | |",
                                           "| 恢复 | reactivate | 复机 | 重新开通。 | 注销 |"),
                                     r"docs/glossary\.md:6: 不用: '注销' is already claimed by 注销 \(line 5, 术语\)"),
    "same word twice, other case and spacing": (table("| 自动扣款 | autopay | Auto Pay | 自动扣费。 | |"),
                                                r"docs/glossary\.md:5: 又称: 'Auto Pay' is already claimed "
                                                r"by 自动扣款 \(line 5, 英文\)"),
    "pipe inside a cell": (table(r"| 注销 | cancel \| quit | 销号 | 关闭线路。 | |"),
                           r"docs/glossary\.md:5: a cell may not contain '\|'"),
}


@pytest.mark.parametrize("case", ERRORS)
def test_a_malformed_glossary_is_an_error_naming_line_and_column(case: str) -> None:
    markdown, message = ERRORS[case]
    with pytest.raises(cards.SourceError, match=message):
        terms.parse(markdown)


def test_a_term_is_used_whatever_the_spacing_case_or_segmentation() -> None:
    assert terms.uses("办理\u200b虚拟SIM卡\u200b注销", "虚拟 SIM 卡") == 1
    assert terms.uses("ESIM 和 esim", "eSIM") == 2
    assert terms.uses("转网 PIN", "转网密码") == 0


def test_variants_are_found_with_their_line() -> None:
    rows = terms.parse(table("| 计费方式 | plan type | 付费类型 | 预付费还是后付费。 | 付费方式 |"))
    found = terms.avoided_words("第一行\n看付费方式\n计费方式", rows)
    assert [(line, word, term.term) for line, word, term in found] == [(2, "付费方式", "计费方式")]


def test_a_section_gets_the_synonyms_of_each_term_it_uses_as_often_as_used() -> None:
    rows = terms.parse(table("| 注销 | cancel | 销号 | 关闭线路。 | |",
                             "| 恢复 | reactivate | 复机 | 重新开通。 | |"))
    entry = {"location": "faq/#x", "title": "注销\u200b之后", "text": "注销\u200b注销\u200b前"}
    glossary.add_synonyms(entry, rows)
    assert entry["synonyms"].split("\u200b") == ["cancel", "销号", "cancel", "销号"]
    assert entry["title_synonyms"].split("\u200b") == ["cancel", "销号"]
    assert "复机" not in entry["synonyms"]


def test_page_entries_are_the_last_ones_of_that_page() -> None:
    entries = [{"location": "before/"}, {"location": "faq/"}, {"location": "faq/#a"}]
    assert [e["location"] for e in glossary.page_entries(entries, "faq/")] == ["faq/#a", "faq/"]
    assert glossary.page_entries(entries, "") == []


def test_the_real_glossary_is_valid_and_every_term_has_synonyms() -> None:
    rows = terms.parse((Path(__file__).parent.parent / GLOSSARY).read_text(encoding="utf-8"))
    assert len(rows) >= 15
    assert all(row.synonyms for row in rows)


def test_the_index_holds_synonyms_only_in_fields_the_results_never_show(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["pipeline"] == []  # an English stemmer would hide Latin words
    assert {"synonyms", "title_synonyms"} <= set(index["config"]["fields"])
    before = next(doc for doc in index["docs"] if doc["location"] == "before/")
    assert "销号" in before["title_synonyms"].split("\u200b")
    assert not any("销号" in doc["text"] for doc in index["docs"] if doc["location"] != "glossary/")


def test_the_index_is_written_in_utf8_not_escaped(site: Path) -> None:
    """hooks/search_index.py: Chinese as UTF-8, three bytes a character instead of six."""
    raw = (site / "search" / "search_index.json").read_bytes()
    docs = json.loads(raw)["docs"]  # still the JSON the search worker reads
    assert json.dumps(docs, ensure_ascii=False, separators=(",", ":")).encode("utf-8") in raw
    assert "注销".encode("utf-8") in raw


def edit(project: Path, name: str, change: Callable[[str], str]) -> None:
    path = project / name
    before = path.read_text(encoding="utf-8")
    path.write_text(change(before), encoding="utf-8")
    assert path.read_text(encoding="utf-8") != before


def test_a_build_with_a_malformed_glossary_row_fails_naming_it(project_copy: Path) -> None:
    edit(project_copy, GLOSSARY, lambda t: t.replace("销号 / 销户", "销号 / <i>销户</i>"))
    assert_build_fails(project_copy, r"docs/glossary\.md:\d+: 又称: '<i>销户</i>' may hold only letters")


def test_a_page_writing_a_variant_fails_the_build_naming_file_line_and_term(project_copy: Path) -> None:
    edit(project_copy, "docs/faq.md", lambda t: t + "\n按付费方式分，有两种。\n")
    assert_build_fails(project_copy, r"docs/faq\.md:\d+: writes '付费方式'; the glossary's word for it "
                                     r"is '计费方式' \(docs/glossary\.md line \d+, 不用\)")


def test_a_term_no_page_uses_fails_the_build(project_copy: Path) -> None:
    edit(project_copy, GLOSSARY, lambda t: t + "| 逾期费 | late fee | 滞纳金 | 逾期付款的费用。 | |\n")
    assert_build_fails(project_copy, r"docs/glossary\.md:\d+: 术语: '逾期费' is used by no page")


def test_search_without_the_synonym_fields_fails_the_build(project_copy: Path) -> None:
    edit(project_copy, "mkdocs.yml", lambda t: t.replace("        title_synonyms: {boost: 1000}\n", ""))
    assert_build_fails(project_copy, r"mkdocs\.yml: plugins\.search\.fields: declare title_synonyms")
