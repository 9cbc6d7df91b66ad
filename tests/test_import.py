"""`kam import` end to end: every broken source in tests/data/bad/ is rejected with exactly
the expected errors, nothing is written, and the valid variants (money text, a Chinese
mapping, Parquet, a workbook) import cleanly. `kam export` and `kam sample` fail cleanly too.

Each command runs in this process through ``kamtools.cli.main`` (its exit code, stdout and
stderr captured as the command's), so the file stays fast; one test runs the real command in
a subprocess on a broken case and expects the very same outcome.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import yaml

import kamtools as kt
from kamtools.cli import main
from kamtools.ingest import read_source

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"
VALID = BAD / "_valid"
MAPPING = DATA / "mapping"
CASES = sorted(p for p in BAD.iterdir() if p.is_dir() and not p.name.startswith("_"))


def _digests(path: Path) -> dict[str, str]:
    """sha256 of a file, or of every file under a folder."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def _kam(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The real command, ``python -m kamtools.cli ARGS``, in a subprocess."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "kamtools.cli", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
        cwd=cwd,
    )


Kam = Callable[..., subprocess.CompletedProcess]


@pytest.fixture
def kam(capsys, monkeypatch) -> Kam:
    """``kam ARGS`` run in this process through ``main``: its exit code (returned, or raised by
    argparse as SystemExit), stdout and stderr, as :func:`_kam` gives them for the real command."""

    def run(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess:
        argv = [str(a) for a in args]
        capsys.readouterr()  # only what this command writes
        with monkeypatch.context() as m:
            if cwd is not None:
                m.chdir(cwd)
            try:
                code = main(argv)
            except SystemExit as exc:
                code = exc.code
        captured = capsys.readouterr()
        return subprocess.CompletedProcess(["kam", *argv], code, captured.out, captured.err)

    return run


def _spec(case: Path) -> dict:
    return yaml.safe_load((case / "expected.txt").read_text(encoding="utf-8"))


def _location(want: dict) -> str:
    """Where a problem is, as the report writes it: ``发票.csv (invoices), row 4, column 金额 (amount)``.

    The table is named when the file or sheet is named otherwise; the source's own header
    beside the model's column when the two differ.
    """
    file, table = want["file"], want.get("table")
    named = (
        file.split(", sheet ", 1)[1]
        if ", sheet " in file
        else Path(file).stem
        if Path(file).suffix in (".csv", ".parquet")
        else None
    )
    where = [file + (f" ({table})" if table and named not in (None, table) else "")]
    if want.get("row") is not None:
        where.append(f"row {want['row']}")
    column = want.get("column")
    if column is not None:
        header = want.get("header")
        shown = f"{header} ({column})" if header and header != column else column
        where.append(f"{'columns' if ', ' in column else 'column'} {shown}")
    return ", ".join(where)


def _values(want: dict) -> list[str]:
    values = want.get("value")
    return [] if values is None else [str(v) for v in (values if isinstance(values, list) else [values])]


@dataclass
class Outcome:
    result: subprocess.CompletedProcess
    source_before: dict
    source_after: dict
    store_before: str
    store_after: str
    left_in_store_dir: list[str]


@pytest.fixture(scope="module")
def valid_store(tmp_path_factory) -> Path:
    """A store imported from the valid source: every broken import must leave it untouched."""
    db = tmp_path_factory.mktemp("store") / "kam.duckdb"
    assert main(["import", str(VALID), "--db", str(db)]) == 0
    return db


def _run_case(case: Path, store_template: Path, work: Path, kam: Kam) -> Outcome:
    spec = _spec(case)
    work.mkdir(parents=True)
    db = work / "kam.duckdb"
    shutil.copyfile(store_template, db)
    args = ["import", spec["source"], "--db", db]  # run from inside the case, as a user would
    if spec.get("mapping"):
        args += ["--mapping", spec["mapping"]]
    source_before, store_before = _digests(case), _digests(db)[str(db)]
    result = kam(*args, cwd=case)
    return Outcome(
        result,
        source_before,
        _digests(case),
        store_before,
        _digests(db)[str(db)],
        sorted(p.name for p in work.iterdir()),
    )


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Outcome]:
    """The outcome of each broken case, run once by the first test that needs it."""
    return {}


@pytest.fixture
def outcome(case, outcomes, valid_store, tmp_path_factory, kam) -> Outcome:
    if case.name not in outcomes:
        outcomes[case.name] = _run_case(case, valid_store, tmp_path_factory.mktemp("cases") / case.name, kam)
    return outcomes[case.name]


def test_there_are_enough_broken_cases():
    assert len(CASES) >= 35
    for case in CASES:
        spec = _spec(case)
        assert spec["problems"], case.name
        assert {"file", "table", "column", "row", "value"} <= set(spec["problems"][0]), case.name


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_source_is_rejected_with_exactly_the_expected_errors(case, outcome):
    _check_rejected(case, outcome)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_import_changes_nothing(case, outcome):
    _check_unchanged(outcome)


def test_the_real_command_rejects_a_broken_source(valid_store, tmp_path, kam):
    """``python -m kamtools.cli import`` in a subprocess: the same outcome as in process."""
    case = BAD / "mapped_header_bad_value"  # a mapping, a Chinese file name and header
    out = _run_case(case, valid_store, tmp_path / "real", _kam)
    _check_rejected(case, out)
    _check_unchanged(out)
    assert out.result.stderr == _run_case(case, valid_store, tmp_path / "in_process", kam).result.stderr


def _check_rejected(case: Path, out: Outcome) -> None:
    text = out.result.stdout + out.result.stderr
    assert out.result.returncode == 2, text
    assert "Traceback" not in text and out.result.stdout == ""
    lines = out.result.stderr.splitlines()
    assert re.match(r"\d+ problems? in ", lines[0]), lines[0]
    errors = [line.strip() for line in lines[1:] if not line.strip().startswith("note: ")]
    wanted = _spec(case)["problems"]
    # The same errors, no more and no fewer: compared by where each one is ...
    assert sorted(line.partition(": ")[0] for line in errors) == sorted(_location(w) for w in wanted), out.result.stderr
    # ... and each names its value.
    for want in wanted:
        line = next(e for e in errors if e.partition(": ")[0] == _location(want))
        assert all(f"'{v}'" in line for v in _values(want)), (want, line)
    assert int(lines[0].split()[0]) == len(lines) - 1, "the count in the header is wrong"


def _check_unchanged(out: Outcome) -> None:
    assert out.source_after == out.source_before, "the source was modified"
    assert out.store_after == out.store_before, "the existing store was modified"
    assert out.left_in_store_dir == ["kam.duckdb"], "temporary files were left behind"


# ------------------------------------------------------------------ valid variants (in process)
def _import(capsys, *args: object) -> tuple[int, str, str]:
    code = main(["import", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _copy_valid(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(VALID, src)
    return src


def test_valid_source_imports(tmp_path, capsys):
    code, out, err = _import(capsys, VALID, "--db", tmp_path / "kam.duckdb")
    assert code == 0, err
    assert out.startswith("imported ") and "invoices 6" in out
    data = kt.KamData(db=tmp_path / "kam.duckdb")
    try:
        assert len(data.invoices) == 6 and data.has("open_orders") and not data.has("contacts")
    finally:
        data.close()


def test_money_text_imports_with_a_note(tmp_path, capsys):
    src = _copy_valid(tmp_path)
    path = src / "invoices.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("86400.50", '"1,234.50"'), encoding="utf-8")
    code, out, err = _import(capsys, src, "--db", tmp_path / "kam.duckdb")
    assert code == 0, err
    assert "note: invoices.csv, row 3, column amount" in out and "'1,234.50' was read as 1234.50" in out
    data = kt.KamData(db=tmp_path / "kam.duckdb")
    try:
        assert data.invoices.set_index("invoice_id").loc["I002", "amount"] == 1234.50
    finally:
        data.close()


def test_chinese_erp_export_imports_with_its_mapping(tmp_path, capsys):
    before = _digests(MAPPING)
    code, out, err = _import(
        capsys, MAPPING / "erp_export", "--db", tmp_path / "kam.duckdb", "--mapping", MAPPING / "erp_map.yml"
    )
    assert code == 0, err
    assert "read as GB18030" in out  # 发票.csv is GB18030, 客户.csv UTF-8 with BOM
    assert _digests(MAPPING) == before
    data = kt.KamData(db=tmp_path / "kam.duckdb")
    try:
        customers = data.customers.set_index("customer_id")
        assert customers.loc["C001", "name"] == "华东机电有限公司"
        invoices = data.invoices.set_index("invoice_id")
        assert invoices.loc["I001", "amount"] == 125000.0  # written as ¥125,000.00
        assert invoices.loc["I005", "product"] == "传感器"
        assert str(invoices["invoice_date"].dtype) == "datetime64[us]"
    finally:
        data.close()


def test_chinese_export_without_mapping_names_the_missing_tables(capsys, tmp_path):
    code, _, err = _import(capsys, MAPPING / "erp_export", "--db", tmp_path / "kam.duckdb")
    assert code == 2
    assert "customers.csv: the table customers is missing" in err
    assert "note: 发票.csv: the file is not named like a table" in err
    assert not (tmp_path / "kam.duckdb").exists()


@pytest.fixture(scope="module")
def valid_tables() -> dict[str, pd.DataFrame]:
    tables, problems = read_source(VALID)
    assert problems == []
    return tables


def test_parquet_folder_imports(tmp_path, capsys, valid_tables):
    src = tmp_path / "parquet"
    src.mkdir()
    for name, df in valid_tables.items():
        df.to_parquet(src / f"{name}.parquet", index=False)
    code, out, err = _import(capsys, src, "--db", tmp_path / "kam.duckdb")
    assert code == 0, err
    data = kt.KamData(db=tmp_path / "kam.duckdb")
    try:
        for name, df in valid_tables.items():
            pd.testing.assert_frame_equal(data.table(name), df, obj=name)
    finally:
        data.close()


def test_xlsx_workbook_imports(tmp_path, capsys, valid_tables):
    book = tmp_path / "kam.xlsx"
    with pd.ExcelWriter(book, engine="openpyxl") as writer:
        for name, df in valid_tables.items():
            df.to_excel(writer, sheet_name=name, index=False)
    code, out, err = _import(capsys, book, "--db", tmp_path / "kam.duckdb")
    assert code == 0, err
    data = kt.KamData(db=tmp_path / "kam.duckdb")
    try:
        for name, df in valid_tables.items():
            pd.testing.assert_frame_equal(data.table(name), df, obj=name)
    finally:
        data.close()


def test_missing_source_is_a_clean_error(tmp_path, capsys):
    code, _, err = _import(capsys, tmp_path / "nowhere", "--db", tmp_path / "kam.duckdb")
    assert code == 2
    assert "no such file or folder" in err and "Traceback" not in err


def test_import_refuses_to_replace_a_file_that_is_not_a_store(tmp_path, kam):
    notes = tmp_path / "notes.txt"
    notes.write_text("Call Wang Li about the Q4 order.\n", encoding="utf-8")
    before = notes.read_bytes()
    result = kam("import", VALID, "--db", notes)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "notes.txt: the file exists and is not a DuckDB store, so it is not replaced" in result.stderr
    assert notes.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_failing_store_write_is_a_clean_error(tmp_path, monkeypatch, capsys):
    import duckdb

    from kamtools.ingest import write

    def broken_write(con, result, tables):
        raise duckdb.ConversionException("Conversion Error: cannot store the value")

    monkeypatch.setattr(write, "write_store", broken_write)
    code, out, err = _import(capsys, VALID, "--db", tmp_path / "kam.duckdb")
    assert code == 2 and out == ""
    assert err == (
        f"kam import: error: the import failed and {tmp_path / 'kam.duckdb'} was left as it was: "
        "Conversion Error: cannot store the value\n"
    )
    assert list(tmp_path.iterdir()) == []  # no store, no half-written file, no lock


# ------------------------------------------------------------------ kam export, kam sample
def test_export_writes_csv_for_excel_that_imports_back_identically(valid_store, tmp_path, kam):
    result = kam("export", "--db", valid_store, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    customers = (tmp_path / "out" / "customers.csv").read_bytes()
    assert customers.startswith(b"\xef\xbb\xbfcustomer_id,") and "华东机电有限公司".encode() in customers
    back, problems = read_source(tmp_path / "out")
    assert problems == []
    stored = kt.KamData(db=valid_store)
    try:
        for name in stored.tables:
            pd.testing.assert_frame_equal(back[name], stored.table(name), check_exact=True, obj=name)
    finally:
        stored.close()


@pytest.mark.parametrize(
    "store, message",
    [
        ("absent.duckdb", "{db}: there is no store here; create it with `kam import SOURCE --db {db}`"),
        ("notes.txt", "{db}: is a text file (CSV or notes), not a kamtools store"),
        ("folder", "{db}: is a folder, not a store"),
    ],
)
def test_export_without_a_usable_store_is_a_clean_error(tmp_path, store, message, kam):
    (tmp_path / "notes.txt").write_text("not a store\n", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    db = tmp_path / store
    result = kam("export", "--db", db, "--out", tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr.startswith("kam export: error: " + message.format(db=db)), result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_export_of_a_damaged_store_is_a_clean_error(valid_store, tmp_path, kam):
    damaged = tmp_path / "kam.duckdb"
    damaged.write_bytes(valid_store.read_bytes()[:20000])  # the header survives, the rest is cut off
    result = kam("export", "--db", damaged, "--out", tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr.startswith(f"kam export: error: {damaged}: the store cannot be read"), result.stderr
    assert result.stderr.endswith(f"re-create it with `kam import SOURCE --db {damaged}`\n"), result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1


def test_sample_needs_an_explicit_out(capsys):
    with pytest.raises(SystemExit) as info:
        main(["sample", "--customers", "5"])
    assert info.value.code == 2
    assert "the following arguments are required: --out" in capsys.readouterr().err
