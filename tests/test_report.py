"""The report runner: papermill over notebooks into a period folder, built atomically."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import nbformat
import pytest

import kamtools as kt
from kamtools import paths
from kamtools.report import run

GOOD = paths.REPORT_NOTEBOOKS_DIR / "00_data_overview.ipynb"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return kt.sample_data(customers=40, years=2, seed=5).save(tmp_path_factory.mktemp("db") / "kam.duckdb")


def _broken_copy(folder):
    nb = nbformat.read(str(GOOD), as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('broken on purpose')"))
    path = folder / "99_broken.ipynb"
    nbformat.write(nb, str(path))
    return path


def test_one_failing_notebook_does_not_stop_the_others(store, tmp_path):
    books = tmp_path / "books"
    books.mkdir()
    shutil.copy(GOOD, books / "00_data_overview.ipynb")
    broken = _broken_copy(books)
    out = tmp_path / "reports"
    result = run(period="2026-09", db=store, out=out, notebooks=[books / "00_data_overview.ipynb", broken],
                 progress=False)
    assert not result.ok
    status = {r.output: r.status for r in result.runs}
    assert status == {"00_data_overview.ipynb": "ok", "99_broken.ipynb": "failed"}
    folder = out / "2026-09"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    failed = [n for n in manifest["notebooks"] if n["status"] == "failed"]
    assert [n["output"] for n in failed] == ["99_broken.ipynb"]
    assert "broken on purpose" in failed[0]["error"]
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert "broken on purpose" in index and "SOME NOTEBOOKS FAILED" in index
    assert (folder / "00_data_overview.html").exists()
    assert not (folder / "99_broken.html").exists(), "a failed notebook must not be exported as a report"
    assert [p.name for p in out.iterdir() if p.name.startswith(".") and "building" in p.name] == []


def test_rerun_replaces_the_period_whole(store, tmp_path):
    out = tmp_path / "reports"
    run(period="2026-09", db=store, out=out, notebooks=[GOOD], progress=False)
    stale = out / "2026-09" / "stale.txt"
    stale.write_text("from an earlier run")
    result = run(period="2026-09", db=store, out=out, notebooks=[GOOD], progress=False)
    assert result.ok
    assert not stale.exists()
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["2026-09"]


def test_cli_exits_non_zero_on_bad_period_without_traceback(store, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "kamtools.cli", "report", "--period", "2026-13",
                           "--db", str(store), "--out", str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "period must look like YYYY-MM" in proc.stderr


def test_missing_store_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        run(period="2026-09", db=tmp_path / "nope.duckdb", out=tmp_path, progress=False)


def test_index_lists_account_plans_by_name_and_links_the_files(tmp_path):
    from kamtools.report import NotebookRun, ReportResult, _write_index

    (tmp_path / "worklists_2026-09.xlsx").write_bytes(b"x")
    (tmp_path / "credit_forms").mkdir()
    (tmp_path / "credit_forms" / "credit_forms_C1_2026-09.xlsx").write_bytes(b"x")
    runs = [
        NotebookRun("notebooks/reports/01_portfolio.ipynb", "01_portfolio.ipynb", {}, status="ok",
                    html="01_portfolio.html"),
        NotebookRun("notebooks/reports/05_account_plan.ipynb", "05_account_plan_C1.ipynb", {}, status="failed",
                    error="ValueError: <b>boom</b>", customer_id="C1", customer_name="<script>alert(1)</script>"),
        NotebookRun("notebooks/reports/05_account_plan.ipynb", "05_account_plan_C2.ipynb", {}, status="ok",
                    html="05_account_plan_C2.html", customer_id="C2", customer_name="华东 & 精密"),
    ]
    _write_index(tmp_path, ReportResult("2026-09", tmp_path, runs))
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page and "<b>boom</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; (C1)" in page and "&lt;b&gt;boom&lt;/b&gt;" in page
    assert '<a href="05_account_plan_C2.html">华东 &amp; 精密 (C2)</a>' in page
    assert "Account plans (2)" in page and "SOME NOTEBOOKS FAILED" in page
    assert '<a href="worklists_2026-09.xlsx">' in page
    assert '<a href="credit_forms/credit_forms_C1_2026-09.xlsx">' in page
