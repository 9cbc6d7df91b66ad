"""Checks of everything a run wrote, for the hostile-input tests (tests/test_hostile*.py).

Hostile values in the corpus and in the generated tests carry the marker :data:`MARK`, so a
check can tell a value that came from the data from the page's own markup:

* :func:`live_markup` -- elements, attributes and script text of an HTML page that came from
  the data and would run in a browser (a ``<script>`` holding the marker, an ``on*``
  attribute or a ``javascript:`` link holding it, a tag or attribute named by it);
* :func:`formula_cells` -- workbook cells that are formulas (the workbook never writes one);
* :func:`name_clashes` -- files of one folder whose names a case-insensitive, Unicode-normalising
  file system (Windows, macOS) would take for one;
* :func:`scan` -- all three over a folder tree, as ``path: problem`` lines.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import openpyxl

#: Every hostile value holds this text (any case), so what came from the data can be found.
MARK = "kampwn"

#: Script types a browser runs.
_RUN = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}


class _Live(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag, attrs):
        if MARK in tag.lower():
            self.found.append(f"element <{tag}>")
        for name, value in attrs:
            name, value = name.lower(), (value or "")
            hit = MARK in value.lower()
            if MARK in name:
                self.found.append(f"attribute {name!r} on <{tag}>")
            elif hit and name.startswith("on"):
                self.found.append(f"handler {name}={value[:60]!r} on <{tag}>")
            elif hit and value.strip().lower().startswith(("javascript:", "data:text/html", "vbscript:")):
                self.found.append(f"link {name}={value[:60]!r} on <{tag}>")
        if tag.lower() == "script":
            kind = (dict(attrs).get("type") or "").strip().lower()
            self._script = "" if kind in _RUN else None

    def handle_endtag(self, tag):
        if tag.lower() == "script" and self._script is not None:
            if MARK in self._script.lower():
                self.found.append(f"script running {self._script.strip()[:60]!r}")
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script += data


def live_markup(html: str) -> list[str]:
    """What of ``html`` came from the data and would run in a browser."""
    parser = _Live()
    parser.feed(html)
    parser.close()
    return parser.found


#: First characters that make a spreadsheet read typed text as a formula.
_FORMULA = ("=", "+", "-", "@")


def formula_cells(xlsx: Path) -> list[str]:
    """The cells of a workbook that hold a formula, or text a spreadsheet would take for one when
    edited (not marked with Excel's quote prefix), as ``sheet!A1 value``."""
    book = openpyxl.load_workbook(xlsx)
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                text = isinstance(cell.value, str) and cell.value.startswith(_FORMULA)
                if cell.data_type == "f" or (text and not cell.quotePrefix):
                    found.append(f"{sheet.title}!{cell.coordinate} {str(cell.value)[:60]!r}")
    return found


def _same_name(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def name_clashes(folder: Path) -> list[str]:
    """Groups of entries of ``folder`` that one file would hold on Windows or macOS."""
    groups = defaultdict(list)
    for entry in folder.iterdir():
        groups[_same_name(entry.name)].append(entry.name)
    return [" / ".join(sorted(names)) for names in groups.values() if len(names) > 1]


def scan(root: Path, inputs: dict[str, str] | None = None) -> list[str]:
    """Every problem of the files under ``root``: live markup, formulas, clashing names. Files of
    ``inputs`` (path: digest, as before the run) that are unchanged are the case's own sources
    and are not opened (a hostile workbook may expand to millions of cells)."""
    problems = []
    for folder in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        problems += [f"{folder}: names clash: {c}" for c in name_clashes(folder)]
    for path in root.rglob("*"):
        if inputs and inputs.get(str(path)) == _digest(path):
            continue
        if path.suffix.lower() in {".html", ".htm"}:
            problems += [f"{path}: {p}" for p in live_markup(path.read_text(encoding="utf-8", errors="replace"))]
        elif path.suffix.lower() == ".xlsx":
            problems += [f"{path}: formula {p}" for p in formula_cells(path)]
    return problems


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
