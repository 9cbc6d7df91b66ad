"""``kam export``: CSV for Excel written as one set, safe text on request, the user's files kept."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import stat
from pathlib import Path

import pandas as pd
import pytest
from kam_cli import run_kam

from kamtools.ingest import import_source, read_source
from kamtools.output import csv_export

VALID = Path(__file__).parent / "data" / "bad" / "_valid"
FORMULA = '=HYPERLINK("http://x.test/kampwn","open")'


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory) -> Path:
    """A store whose text holds formulas (a name, a product, an extra column's header and value)."""
    work = tmp_path_factory.mktemp("hostile")
    src = work / "src"
    shutil.copytree(VALID, src)
    customers = src / "customers.csv"
    lines = customers.read_text(encoding="utf-8").splitlines()
    lines[0] += ",=kampwn()"
    lines[1] = lines[1].replace("华东机电有限公司", f'"{FORMULA.replace(chr(34), chr(34) * 2)}"') + ",@SUM(kampwn)"
    lines[2] = lines[2].replace("Northwind Trading Co.", "+kampwn") + ",-12.5"
    lines[3] += ",plain"
    lines[4] += ","
    customers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    invoices = src / "invoices.csv"
    invoices.write_text(
        invoices.read_text(encoding="utf-8").replace("Servo drives", "-kampwn+cmd|' /C calc'!A0"), encoding="utf-8"
    )
    db = work / "kam.duckdb"
    import_source(src, db)
    return db


_kam = run_kam


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _rows(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


# ------------------------------------------------------------------ excel-safe text
def test_excel_safe_quotes_text_that_would_run_and_leaves_numbers(hostile_store, tmp_path, capsys):
    code, out, err = _kam(capsys, "export", "--db", hostile_store, "--out", tmp_path / "out", "--excel-safe")
    assert code == 0, err
    assert out.endswith("(UTF-8 with a byte-order mark, for Excel; text Excel would run as a formula starts with ')\n")
    customers = _rows(tmp_path / "out" / "customers.csv")
    assert customers.columns[-1] == "'=kampwn()"
    assert customers["name"].tolist()[:3] == ["'" + FORMULA, "'+kampwn", "Acme Plastics, Ltd."]
    assert customers["'=kampwn()"].tolist() == ["'@SUM(kampwn)", "'-12.5", "plain", ""]
    invoices = _rows(tmp_path / "out" / "invoices.csv")
    assert invoices.loc[0, "product"] == "'-kampwn+cmd|' /C calc'!A0"
    assert invoices.loc[0, "amount"] == "125000.0"  # numbers as they were
    for path in (tmp_path / "out").glob("*.csv"):
        for row in _rows(path).itertuples(index=False):
            for cell in row:
                assert not str(cell).startswith(("=", "+", "@", "\t", "\r")), (path.name, cell)


def test_a_negative_amount_stays_a_number(tmp_path, capsys):
    src = tmp_path / "src"
    shutil.copytree(VALID, src)
    invoices = src / "invoices.csv"
    invoices.write_text(invoices.read_text(encoding="utf-8").replace("125000.00,98000.00", "-125000.00,98000.00"))
    import_source(src, tmp_path / "kam.duckdb")
    code, _, err = _kam(capsys, "export", "--db", tmp_path / "kam.duckdb", "--out", tmp_path / "out", "--excel-safe")
    assert code == 0, err
    assert _rows(tmp_path / "out" / "invoices.csv").loc[0, "amount"] == "-125000.0"


def test_without_excel_safe_the_text_is_exact_and_imports_back(hostile_store, tmp_path, capsys):
    code, _, err = _kam(capsys, "export", "--db", hostile_store, "--out", tmp_path / "out")
    assert code == 0, err
    customers = _rows(tmp_path / "out" / "customers.csv")
    assert customers.loc[0, "name"] == FORMULA and customers.columns[-1] == "=kampwn()"
    back, problems = read_source(tmp_path / "out")
    assert [p for p in problems if p.severity == "error"] == []
    assert back["customers"].loc[0, "name"] == FORMULA


def test_excel_safe_breaks_the_round_trip_as_documented(hostile_store, tmp_path, capsys):
    assert _kam(capsys, "export", "--db", hostile_store, "--out", tmp_path / "out", "--excel-safe")[0] == 0
    back, _ = read_source(tmp_path / "out")
    assert back["customers"].loc[0, "name"] == "'" + FORMULA
    code, out, _ = _kam(capsys, "export", "--help")
    assert code == 0 and "breaks the exact round trip" in " ".join(out.split())


# ------------------------------------------------------------------ the user's files
def test_a_folder_holding_the_users_files_is_refused_and_left_as_it_was(hostile_store, tmp_path, capsys):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "customers.csv").write_text("customer_id,name\nX1,my own list\n", encoding="utf-8")
    (mine / "notes.txt").write_text("call Wang Li\n", encoding="utf-8")
    before = _digests(mine)
    code, out, err = _kam(capsys, "export", "--db", hostile_store, "--out", mine)
    assert (code, out) == (2, "")
    assert err == (
        f"kam export: error: {mine} holds files that kam export did not write (customers.csv, notes.txt): "
        "nothing was written. Export into a new or empty folder, or pass --force to replace the tables' CSV "
        "files there (other files are kept)\n"
    )
    assert _digests(mine) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]  # no temporary folder left beside it


def test_force_replaces_the_tables_and_keeps_the_other_files(hostile_store, tmp_path, capsys):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "customers.csv").write_text("customer_id,name\nX1,my own list\n", encoding="utf-8")
    (mine / "notes.txt").write_text("call Wang Li\n", encoding="utf-8")
    code, _, err = _kam(capsys, "export", "--db", hostile_store, "--out", mine, "--force")
    assert code == 0, err
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "call Wang Li\n"
    assert _rows(mine / "customers.csv")["customer_id"].tolist() == ["C001", "C002", "C003", "C004"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_an_earlier_export_is_replaced_but_not_once_edited(hostile_store, tmp_path, capsys):
    out = tmp_path / "out"
    assert _kam(capsys, "export", "--db", hostile_store, "--out", out)[0] == 0
    first = _digests(out)
    assert _kam(capsys, "export", "--db", hostile_store, "--out", out)[0] == 0  # its own files: replaced
    assert _digests(out) == first
    (out / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")  # the folder was looked at in Finder
    assert _kam(capsys, "export", "--db", hostile_store, "--out", out)[0] == 0
    assert _digests(out) == {**first, ".DS_Store": hashlib.sha256(b"\x00\x00\x00\x01Bud1").hexdigest()}
    with open(out / "leads.csv", "a", encoding="utf-8") as fh:
        fh.write("L9,edited in Excel,East,Wang Li,true,true,true,1000\n")
    edited = _digests(out)
    code, _, err = _kam(capsys, "export", "--db", hostile_store, "--out", out)
    assert code == 2 and "(leads.csv (changed since it was exported))" in err
    assert _digests(out) == edited


def test_an_empty_folder_is_fine_and_a_file_is_refused(hostile_store, tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert _kam(capsys, "export", "--db", hostile_store, "--out", tmp_path / "empty")[0] == 0
    assert (tmp_path / "empty" / "customers.csv").is_file()
    (tmp_path / "file.csv").write_text("a,b\n", encoding="utf-8")
    code, _, err = _kam(capsys, "export", "--db", hostile_store, "--out", tmp_path / "file.csv", "--force")
    assert code == 2 and err == (
        f"kam export: error: {tmp_path / 'file.csv'} is a file, not a folder: nothing was written; "
        "choose a folder to export to\n"
    )
    assert (tmp_path / "file.csv").read_text(encoding="utf-8") == "a,b\n"


# ------------------------------------------------------------------ a failure mid-export
def _full_after_first(monkeypatch):
    real = csv_export.write_csv
    written = []

    def write(df, path, **kwargs):
        if written:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(path.name)
        real(df, path, **kwargs)

    monkeypatch.setattr(csv_export, "write_csv", write)
    return written


def test_a_full_disk_mid_export_leaves_no_partial_set_and_no_temporary_file(
    hostile_store, tmp_path, capsys, monkeypatch
):
    out = tmp_path / "out"
    assert _kam(capsys, "export", "--db", hostile_store, "--out", out)[0] == 0
    before = _digests(out)
    written = _full_after_first(monkeypatch)
    code, stdout, err = _kam(capsys, "export", "--db", hostile_store, "--out", out, "--excel-safe")
    assert written == ["customers.csv"]
    assert (code, stdout) == (2, "")
    assert err == (
        f"kam export: error: cannot export to {out}, which was left as it was: [Errno {errno.ENOSPC}] "
        "No space left on device\n"
    )
    assert _digests(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    new = tmp_path / "new"
    written.clear()
    assert _kam(capsys, "export", "--db", hostile_store, "--out", new)[0] == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.skipif(os.name != "posix", reason="folder permissions are POSIX modes")
def test_the_exported_folder_gets_the_mode_of_the_umask(hostile_store, tmp_path, capsys):
    old = os.umask(0o027)
    try:
        assert _kam(capsys, "export", "--db", hostile_store, "--out", tmp_path / "out")[0] == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o750
