"""Compare two report folders as their readers see them: tables, sentences and workbooks.

    python tools/compare_reports.py reports/2026-10 /tmp/before/2026-10

For every HTML page (the report pages, the account plans and index.html) the tables
(cell by cell) and the text outside them (headings, paragraphs, notes) are compared in
page order, together with the number of charts; for every Excel workbook every cell of
every sheet. Run times, durations and folder paths are left out. Prints each difference
and exits 1 when there is one, 0 when both folders show the same report.
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import openpyxl

#: Text that differs from run to run and says nothing about the figures.
VOLATILE = [
    (re.compile(r"\b\d+(\.\d+)? s\b"), "<seconds>"),
    (re.compile(r"(/[\w.@+-]+)+/(reports|\.\d{4}-\d{2}\.building-\w+)(/[\w.@+-]*)*"), "<path>"),
    (re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}"), "<time>"),
]
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "caption", "title", "div", "br"}


class _Page(HTMLParser):
    """The reader's view of one page: ("text", line), ("table", rows) and ("chart", "") items in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, object]] = []
        self._text: list[str] = []
        self._skip = 0
        self._tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in {"style", "script"}:
            self._skip += 1
        elif tag == "table":
            self._flush()
            self._tables.append([])
        elif tag == "tr" and self._tables:
            self._tables[-1].append([])
        elif tag in {"td", "th"} and self._tables:
            self._cell = []
        elif tag == "img":
            self._flush()
            self.items.append(("chart", ""))
        elif tag in BLOCKS and not self._tables:
            self._flush()

    def handle_endtag(self, tag):
        if tag in {"style", "script"}:
            self._skip = max(0, self._skip - 1)
        elif tag in {"td", "th"} and self._tables and self._cell is not None:
            if not self._tables[-1]:
                self._tables[-1].append([])
            self._tables[-1][-1].append(_clean(" ".join(self._cell)))
            self._cell = None
        elif tag == "table" and self._tables:
            rows = [r for r in self._tables.pop() if r]
            self.items.append(("table", rows))
        elif tag in BLOCKS and not self._tables:
            self._flush()

    def handle_data(self, data):
        if self._skip:
            return
        if self._cell is not None:
            self._cell.append(data)
        elif not self._tables:
            self._text.append(data)

    def _flush(self) -> None:
        text = _clean(" ".join(self._text))
        self._text = []
        if text:
            self.items.append(("text", text))

    def close(self):
        super().close()
        self._flush()


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip().removesuffix(" ¶")  # the heading anchors of nbconvert
    for pattern, repl in VOLATILE:
        text = pattern.sub(repl, text)
    return text


def page_items(path: Path) -> list[tuple[str, object]]:
    parser = _Page()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.items


def workbook_cells(path: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        return {
            ws.title: [
                tuple(_clean(str(v)) if isinstance(v, str) else v for v in row)
                for row in ws.iter_rows(values_only=True)
            ]
            for ws in wb.worksheets
        }
    finally:
        wb.close()


def _diff_items(name: str, a: list, b: list, out: list[str]) -> None:
    if len(a) != len(b):
        out.append(f"{name}: {len(a)} items against {len(b)}")
    for i, (x, y) in enumerate(zip(a, b)):
        if x == y:
            continue
        if x[0] == "table" and y[0] == "table":
            rows_x, rows_y = x[1], y[1]
            if len(rows_x) != len(rows_y):
                out.append(f"{name}: table {i}: {len(rows_x)} rows against {len(rows_y)}")
            for j, (rx, ry) in enumerate(zip(rows_x, rows_y)):
                if rx != ry:
                    out.append(f"{name}: table {i} row {j}:\n    {rx}\n    {ry}")
                    break
        else:
            out.append(f"{name}: item {i}:\n    {x}\n    {y}")
        if len(out) > 200:
            return


def compare(first: Path, second: Path) -> list[str]:
    """Every difference a reader would notice between two report folders."""
    out: list[str] = []
    names = {p.relative_to(first).as_posix() for p in first.rglob("*") if p.suffix in {".html", ".xlsx"}}
    other = {p.relative_to(second).as_posix() for p in second.rglob("*") if p.suffix in {".html", ".xlsx"}}
    for missing in sorted(names - other):
        out.append(f"only in {first}: {missing}")
    for missing in sorted(other - names):
        out.append(f"only in {second}: {missing}")
    for name in sorted(names & other):
        a, b = first / name, second / name
        if name.endswith(".html"):
            _diff_items(name, page_items(a), page_items(b), out)
        else:
            wa, wb = workbook_cells(a), workbook_cells(b)
            if list(wa) != list(wb):
                out.append(f"{name}: sheets {list(wa)} against {list(wb)}")
            for sheet in wa.keys() & wb.keys():
                _diff_items(f"{name}[{sheet}]", [("row", r) for r in wa[sheet]], [("row", r) for r in wb[sheet]], out)
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__.strip())
        return 2
    diffs = compare(Path(args[0]), Path(args[1]))
    for d in diffs:
        print(d)
    print(f"{len(diffs)} difference(s)" if diffs else "the two reports show the same tables, text and workbooks")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
