"""The data dictionary (``data/README.md``): every table and column of the data model as Markdown."""

from __future__ import annotations

from ..schema import TABLES


def data_dictionary() -> str:
    """The data dictionary as Markdown (written to ``data/README.md`` by ``kam dictionary``)."""
    lines = [
        "# Data dictionary",
        "",
        "Generated from `kamtools/schema/` by `kam dictionary`; do not edit by hand.",
        "",
        "Each table is one CSV file (named like the table), one sheet of an .xlsx workbook, "
        "or one Parquet file. Column headers may be renamed onto these names with a mapping "
        "file (see the README). Columns not listed here are kept. Dates are ISO dates "
        "(2026-10-31); money is a plain number in one currency.",
        "",
    ]
    for t in TABLES.values():
        lines.append(f"## {t.name}{' (optional table)' if t.optional else ''}")
        lines.append("")
        lines.append(t.description)
        lines.append("")
        if t.key:
            lines.append(f"Key (unique): {', '.join(f'`{k}`' for k in t.key)}.")
        else:
            lines.append("No key: rows need not be unique.")
        if t.large:
            lines.append("Large table: stays in the DuckDB store and is read through SQL.")
        for r in t.rules:
            lines.append(f"Rule: `{r.text}` ({r.message}).")
        lines.append("")
        lines.append("| column | 中文 | type | required | empty allowed | constraint | description |")
        lines.append("|---|---|---|---|---|---|---|")
        for c in t.columns:
            cons = []
            if c.min is not None:
                cons.append(f">= {c.min:g}")
            if c.max is not None:
                cons.append(f"<= {c.max:g}")
            if c.allowed:
                cons.append("one of " + ", ".join(c.allowed))
            if c.references:
                cons.append(f"must exist in {c.references}")
            lines.append(
                f"| `{c.name}` | {c.chinese} | {c.kind} ({c.sql_type}) | {'yes' if c.required else 'no'} "
                f"| {'yes' if c.nullable else 'no'} | {'; '.join(cons)} | {c.description} |"
            )
        lines.append("")
    return "\n".join(lines)
