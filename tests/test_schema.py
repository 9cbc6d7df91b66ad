"""The data model is defined once; the data dictionary is generated from it."""

from __future__ import annotations

from kamtools import paths, schema
from kamtools.output.dictionary import data_dictionary


def test_committed_data_dictionary_is_generated_from_the_schema():
    committed = (paths.DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert committed == data_dictionary() + "\n", "data/README.md is stale: run `make dictionary`"


def test_dictionary_lists_every_table_and_column():
    text = data_dictionary()
    for name, table in schema.TABLES.items():
        assert f"## {name}" in text
        for column in table.columns:
            assert f"| `{column.name}` |" in text, (name, column.name)
