"""The mapping file (YAML): renames of a source's files, sheets and columns onto the model.

A mapping file is plain YAML of at most 1 MB without aliases (``*name``): see
:mod:`kamtools.policy._yaml`, which reads policy files the same way.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..policy import MAX_YAML_BYTES, NoAliasLoader, yaml_problem
from ..schema import TABLES
from ._common import _decode
from .problems import Problem, _Collector, _q


@dataclass
class _Mapping:
    """A parsed mapping file: renames of tables and columns, with line numbers."""

    file: str = ""
    tables: dict[str, str] = field(default_factory=dict)
    columns: dict[str | None, dict[str, str]] = field(default_factory=dict)  # None: all tables
    lines: dict[tuple, int] = field(default_factory=dict)
    unreadable: bool = False  # the file is missing or not YAML: nothing is known of the renames


def _node_to_dict(node, path: tuple, lines: dict) -> object:
    """A YAML node as plain Python (scalars kept as text), recording line numbers."""
    if isinstance(node, yaml.MappingNode):
        out = {}
        for k, v in node.value:
            key = str(k.value)
            lines[path + (key,)] = k.start_mark.line + 1
            out[key] = _node_to_dict(v, path + (key,), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_node_to_dict(v, path, lines) for v in node.value]
    return None if node.tag.endswith(":null") else str(node.value)


def _read_mapping_file(mapping: str | os.PathLike, result: _Mapping, out: _Collector) -> object:
    """The document of a YAML mapping file (line numbers go to ``result``); a file that cannot be
    read is a problem in ``out`` and marks ``result`` unreadable."""
    path = Path(mapping)
    result.file = os.fspath(mapping)

    def unreadable(line, expected, message) -> None:
        out.add(Problem(result.file, None, None, line, None, expected, message))
        result.unreadable = True

    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_YAML_BYTES + 1)
        if len(data) > MAX_YAML_BYTES:
            unreadable(
                None,
                f"a YAML mapping file of at most {MAX_YAML_BYTES:,} bytes",
                "the file is too large to be a mapping",
            )
            return None
        text = _decode(data)[0]
        node = yaml.compose(text, Loader=NoAliasLoader)
    except FileNotFoundError:
        unreadable(None, None, "mapping file not found")
        return None
    except yaml.YAMLError as exc:
        line, what = yaml_problem(exc)
        unreadable(line, "a YAML mapping file", f"cannot read the mapping: {what}")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        unreadable(None, "a YAML mapping file", f"cannot read the mapping: {str(exc).splitlines()[0]}")
        return None
    return _node_to_dict(node, (), result.lines) if node is not None else {}


def _read_mapping(mapping: str | os.PathLike | Mapping | None, out: _Collector) -> _Mapping:
    """Parse and check a mapping (a YAML file or a dict); problems go to ``out``."""
    result = _Mapping()
    if mapping is None:
        return result
    if isinstance(mapping, Mapping):
        doc, result.file = dict(mapping), "mapping"
    else:
        doc = _read_mapping_file(mapping, result, out)
        if result.unreadable:
            return result
    file = result.file
    if not isinstance(doc, dict):
        out.add(
            Problem(file, None, None, None, None, "sections tables: and columns:", "the mapping is not a YAML mapping")
        )
        return result
    _check_sections(doc, result, out)
    _read_table_renames(doc, result, out)
    _read_column_renames(doc, result, out)
    return result


def _check_sections(doc: dict, result: _Mapping, out: _Collector) -> None:
    """Report each top-level key of the mapping other than ``tables`` and ``columns``."""
    for key in doc:
        if key not in ("tables", "columns"):
            out.add(
                Problem(
                    result.file,
                    None,
                    None,
                    result.lines.get((key,)),
                    key,
                    "tables: or columns:",
                    f"unknown section {_q(key)} in the mapping",
                )
            )


def _read_table_renames(doc: dict, result: _Mapping, out: _Collector) -> None:
    """Check the ``tables:`` section and record its renames of source names onto tables."""
    file = result.file
    tables = doc.get("tables") or {}
    model_tables = ", ".join(TABLES)
    if not isinstance(tables, dict):
        out.add(
            Problem(
                file,
                None,
                None,
                result.lines.get(("tables",)),
                None,
                "source name: table pairs",
                "tables: must be a mapping",
            )
        )
        tables = {}
    for src, dst in tables.items():
        if dst not in TABLES:
            out.add(
                Problem(
                    file,
                    None,
                    None,
                    result.lines.get(("tables", src)),
                    src,
                    f"one of {model_tables}",
                    f"{_q(src)} is mapped to {_q(dst)}, which is not a table of the model",
                )
            )
        else:
            result.tables[src] = dst


def _read_column_renames(doc: dict, result: _Mapping, out: _Collector) -> None:
    """Check the ``columns:`` section and record its renames: per table (a nested mapping under a
    table's name) or for all tables (a source column mapped straight to a model column)."""
    file = result.file
    columns = doc.get("columns") or {}
    if not isinstance(columns, dict):
        out.add(
            Problem(
                file,
                None,
                None,
                result.lines.get(("columns",)),
                None,
                "source column: model column pairs",
                "columns: must be a mapping",
            )
        )
        columns = {}
    all_names = {c.name for t in TABLES.values() for c in t.columns}
    for key, value in columns.items():
        line = result.lines.get(("columns", key))
        if isinstance(value, dict):
            _read_table_column_renames(key, value, line, result, out)
        elif isinstance(value, str) and value in all_names:
            result.columns.setdefault(None, {})[key] = value
        else:
            out.add(
                Problem(
                    file,
                    None,
                    value,
                    line,
                    key,
                    "a column of the model",
                    f"{_q(key)} is mapped to {_q(value)}, which is not a column of any table",
                )
            )


def _read_table_column_renames(key: str, value: dict, line: int | None, result: _Mapping, out: _Collector) -> None:
    """Check and record the column renames nested under table ``key`` in the ``columns:`` section."""
    file = result.file
    if key not in TABLES:
        out.add(
            Problem(
                file,
                None,
                None,
                line,
                key,
                f"one of {', '.join(TABLES)}",
                f"columns: names {_q(key)}, which is not a table of the model",
            )
        )
        return
    names = TABLES[key].names
    for src, dst in value.items():
        if dst not in names:
            out.add(
                Problem(
                    file,
                    key,
                    dst,
                    result.lines.get(("columns", key, src)),
                    src,
                    f"a column of {key}: {', '.join(names)}",
                    f"{_q(src)} is mapped to {_q(dst)}, which is not a column of {key}",
                )
            )
        else:
            result.columns.setdefault(key, {})[src] = dst
