"""The course's terms: the glossary names the material's terms, the product uses them (重点客户, 冬眠期), and a
check reads a tier or a stage in either language."""

from __future__ import annotations

import pytest

from kamtools import paths
from kamtools import strategies as st
from kamtools.training.feedback import canonical_text

GLOSSARY = paths.TRAINING_DIR / "GLOSSARY.md"
ROOT = paths.TRAINING_DIR.parent.parent
#: The names the product used before it followed the material, and the material's own.
OLD_TERMS = {"关键客户": "重点客户", "休眠期": "冬眠期"}


def test_the_glossary_names_the_materials_terms():
    text = GLOSSARY.read_text(encoding="utf-8")
    assert text.startswith("# 中英术语表 Glossary")
    for term in (
        "重点客户",
        "冬眠期",
        "买得起",
        "说了算",
        "用得着",
        "催款等级",
        "对账单",
        "账龄",
        "逾期",
        "突破期",
        "成长期",
        "收获期",
        "防御期",
        "现实客户",
        "流失客户",
        "速动比率",
        "流动比率",
    ):
        assert f"| {term}" in text or f"/ {term}" in text or f"（{term}" in text, term
    for old in OLD_TERMS:
        assert old not in text


@pytest.mark.parametrize("concept", ["TIERS", "LIFECYCLE"])
def test_the_tiers_and_stages_are_named_as_the_glossary_names_them(concept):
    """Every tier and lifecycle stage of the product is in the glossary by its Chinese name, and a check
    reads it, in Chinese or in English, as its code."""
    text = GLOSSARY.read_text(encoding="utf-8")
    for code, strategy in getattr(st, concept).items():
        assert strategy.zh in text, (code, strategy.zh)
        assert canonical_text(strategy.zh) == code
        assert canonical_text(strategy.term) == code
    assert st.TIERS["key"].zh == "重点客户" and st.LIFECYCLE["hibernation"].zh == "冬眠期"


def test_no_page_label_or_lesson_uses_the_old_terms():
    """Labels, sentences, pages, templates and lessons say 重点客户 and 冬眠期; only the checks' list of words
    they accept from a participant keeps the old names."""
    accepted = ROOT / "kamtools" / "training" / "feedback.py"
    found = []
    for folder in ("kamtools", "notebooks"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in {".py", ".md", ".j2", ".yaml", ".ipynb", ".sql"} or path == accepted:
                continue
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(ROOT)}: {old}" for old in OLD_TERMS if old in text]
    assert not found
