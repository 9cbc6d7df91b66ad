"""The bilingual checker of the course's text: the trainer and the participants read Chinese first, so every
prose paragraph, bullet and table row in English carries its Chinese beside it."""

from __future__ import annotations

import ast
import re

CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _items(text: str) -> list[str]:
    """The prose of a guide or a lesson as its reader reads it: each bullet (`-`, `*` or numbered) with its
    continuation lines, each table row, each other paragraph; a judgment exercise of the guide (its Chinese and
    English paragraphs up to 'If late') as one item."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(
        r"\*\*判断练习 Judgment.*?(?=\*\*来不及时)",
        lambda m: m.group(0).replace("\n\n", " ").replace("\n", " ") + "\n\n",
        text,
        flags=re.S,
    )
    items = []
    for paragraph in re.split(r"\n\s*\n", text):
        current: list[str] = []
        for line in paragraph.splitlines():
            if line.startswith("#"):
                continue  # a heading names its section in both languages
            if re.match(r"\s{0,3}([-*] |\| |\d+\. )", line) and current:
                items.append(" ".join(current))
                current = []
            current.append(line)
        if current:
            items.append(" ".join(current))
    return items


def _english_only(text: str) -> list[str]:
    """Items with English prose (eight words or more) whose Chinese is missing or a few terms only."""
    bare = []
    for item in _items(text):
        latin = LATIN_WORD.findall(re.sub(r"`[^`]*`|\[\[[^\]]*\]\]", " ", item))
        if len(latin) >= 8 and len(CJK.findall(item)) < 0.2 * sum(map(len, latin)):
            bare.append(item[:120])
    return bare


def _literal_text(node: ast.AST) -> list[str]:
    """The literal text an expression prints: its string constants, an f-string's fixed parts (not the values it
    fills in, nor their formats), both sides of a `+` and of a conditional; not the keys of a lookup nor the
    arguments of a call (column names, say)."""
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) else []
    if isinstance(node, ast.JoinedStr):
        return [text for part in node.values for text in _literal_text(part)]
    if isinstance(node, ast.BinOp):
        return _literal_text(node.left) + _literal_text(node.right)
    if isinstance(node, ast.IfExp):
        return _literal_text(node.body) + _literal_text(node.orelse)
    return []


def _printed_prose(source: str) -> list[str]:
    """The sentences a code cell prints: the literal text of each `print(...)` call, one item per call. Lines of
    IPython magic are skipped."""
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
    return [
        " ".join(text for arg in node.args for text in _literal_text(arg)).replace("\n", " ")
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"
    ]
