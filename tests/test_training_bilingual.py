"""Chinese beside English everywhere in the course: every prose paragraph, bullet and table row of a lesson's
text, and every sentence a lesson prints to the participant, carries its Chinese beside the English."""

from __future__ import annotations

import nbformat
import pytest
from bilingual import _english_only, _printed_prose

from kamtools import paths

NOTEBOOKS = sorted(paths.TRAINING_DIR.glob("**/*.ipynb"))


def _cells(path, kind: str) -> list[str]:
    return [c.source for c in nbformat.read(str(path), as_version=4).cells if c.cell_type == kind]


def test_there_are_training_notebooks():
    assert len(NOTEBOOKS) >= 10
    assert any(p.parent.name == "cases" for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(paths.TRAINING_DIR).with_suffix("")))
def test_the_text_of_every_lesson_is_in_chinese_with_english_beside_it(path):
    bare = _english_only("\n\n".join(_cells(path, "markdown")))
    assert bare == [], f"{path.name}: {len(bare)} paragraphs in English only: {bare}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(paths.TRAINING_DIR).with_suffix("")))
def test_every_sentence_a_lesson_prints_is_in_chinese_with_english_beside_it(path):
    bare = [line for source in _cells(path, "code") for line in _english_only("\n\n".join(_printed_prose(source)))]
    assert bare == [], f"{path.name}: {len(bare)} printed sentences in English only: {bare}"


@pytest.mark.parametrize("name", ["STUDENT_README.md", "README.md"])
def test_the_course_documents_are_in_chinese_with_english_beside_it(name):
    """The participants' README and the trainer's (agendas, how the checks work, the coverage table) carry the
    Chinese of every paragraph, bullet and table row; the glossary pairs each Chinese term with its English by
    design and is left out."""
    bare = _english_only((paths.TRAINING_DIR / name).read_text(encoding="utf-8"))
    assert bare == [], f"{name}: {len(bare)} paragraphs in English only: {bare}"


def test_a_paragraph_in_english_alone_is_found():
    text = (
        "## 3. Where the selling time goes (销售时间)\n\n"
        "销售时间是近12个月每个客户记录的活动小时。<br>\n"
        "Selling time is the hours of the activities logged against each customer in the last 12 months.\n\n"
        "* **key** — the 10 % of all accounts with the highest composite, among buying customers;\n"
        "* **重点客户 key** — 综合分最高的 10 % the 10 % of all accounts with the highest composite score.\n\n"
        "| tier | 中文 | share |\n|---|---|---|\n"
        "| key accounts get most of the selling time because they bring most of the business | 重点客户 | 60 % |"
    )
    bare = _english_only(text)
    assert len(bare) == 2, bare
    assert bare[0].startswith("* **key** — the 10 %") and bare[1].startswith("| key accounts get")


def test_a_printed_sentence_in_english_alone_is_found():
    source = (
        'share = 0.25\nprint(f"The key accounts bring {share:.0%} of the revenue of the last twelve months.")\n'
        'print(f"重点客户带来近12个月收入的 {share:.0%}。The key accounts bring {share:.0%} of the revenue.")\n'
        'print("Hours:", 12)\n'
        'print(card[["name", "industry", "region", "account manager", "state", "level", "terms", "limit"]])\n'
    )
    printed = _printed_prose(source)
    assert len(printed) == 4
    bare = _english_only("\n\n".join(printed))
    assert bare == ["The key accounts bring   of the revenue of the last twelve months."], bare
