"""The report runner: papermill over notebooks into a period folder, built atomically."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
import report_runs
from openpyxl import load_workbook

import kamtools as kt
from kamtools import paths
from kamtools.report import run

#: A real page of the report, for the test that compares the numbers of two runs.
REAL = paths.REPORT_NOTEBOOKS_DIR / "00_data_overview.ipynb"


#: Every test here starts notebook kernels (left out by `make test-fast`).
pytestmark = pytest.mark.kernels


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """A page that runs in a second: what the runner does is the same for every notebook."""
    return _notebook(tmp_path_factory.mktemp("books"), "00_page.ipynb", "print('page of', period)")


@pytest.fixture(scope="module")
def unrun(tmp_path_factory):
    """A notebook the runner refuses while planning (no parameters cell): a run with it starts no
    kernel, for the tests of what a run does around its pages (notices, folders) and of what a run
    with a failure does."""
    return _notebook(tmp_path_factory.mktemp("unrun"), "00_unrun.ipynb", "print('never run')", tag=False)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return kt.sample_data(customers=40, years=2, seed=5).save(tmp_path_factory.mktemp("db") / "kam.duckdb")


@pytest.fixture(scope="module")
def complete(good, store, tmp_path_factory):
    """A folder of periods holding the complete report of 2026-09 (the page :func:`good`), run once:
    the tests that need a complete period to start from copy the folder."""
    out = tmp_path_factory.mktemp("complete")
    assert run(period="2026-09", db=store, out=out, notebooks=[good], progress=False).ok
    return out


def _broken_copy(good, folder):
    nb = nbformat.read(str(good), as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('broken on purpose')"))
    path = folder / "99_broken.ipynb"
    nbformat.write(nb, str(path))
    return path


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_failing_run_keeps_the_complete_period_and_the_attempt_beside_it(good, unrun, complete, store, tmp_path):
    """The failures are notebooks refused while planning (:func:`unrun`, no kernel) except where
    the failed notebook itself must be in the period (a page that ran and failed)."""
    out = tmp_path / "reports"
    shutil.copytree(complete, out)
    kept = _tree(out / "2026-09")
    failed = run(period="2026-09", db=store, out=out, notebooks=[good, unrun], progress=False)
    assert not failed.ok and failed.folder == out / "2026-09.failed"
    assert _tree(out / "2026-09") == kept, "the complete period is byte-identical"
    index = (out / "2026-09.failed" / "index.html").read_text(encoding="utf-8")
    assert "SOME PAGES FAILED" in index and "was kept in" in index and "--replace" in index
    assert "complete report of 2026-09" in failed.summary() and "2026-09.failed" in failed.summary()
    # a second failure replaces the first attempt, never the complete period
    run(period="2026-09", db=store, out=out, notebooks=[unrun], progress=False)
    assert _tree(out / "2026-09") == kept
    assert _outputs(out / "2026-09.failed") == ["00_unrun.ipynb"]
    # a complete run clears a kept attempt
    assert run(period="2026-09", db=store, out=out, notebooks=[good], progress=False).ok
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["2026-09"]
    # asked to replace, the failed run becomes the period
    broken = _broken_copy(good, tmp_path)
    replaced = run(period="2026-09", db=store, out=out, notebooks=[unrun, broken], progress=False, replace=True)
    assert replaced.folder == out / "2026-09" and not (out / "2026-09.failed").exists()
    assert (out / "2026-09" / "99_broken.ipynb").exists()
    # a period with failures is replaced by the next run
    run(period="2026-09", db=store, out=out, notebooks=[unrun], progress=False)
    assert not (out / "2026-09.failed").exists() and _outputs(out / "2026-09") == ["00_unrun.ipynb"]
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["2026-09"]


def _outputs(folder: Path) -> list[str]:
    """The notebooks the manifest of ``folder`` lists."""
    return [n["output"] for n in json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["notebooks"]]


def test_rerun_replaces_the_period_whole(good, complete, store, tmp_path):
    out = tmp_path / "reports"
    shutil.copytree(complete, out)
    stale = out / "2026-09" / "stale.txt"
    stale.write_text("from an earlier run")
    result = run(period="2026-09", db=store, out=out, notebooks=[good], progress=False)
    assert result.ok
    assert not stale.exists()
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["2026-09"]


def test_cli_exits_non_zero_on_bad_period_without_traceback(store, tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "kamtools.cli",
            "report",
            "--period",
            "2026-13",
            "--db",
            str(store),
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "period must look like YYYY-MM" in proc.stderr


def test_missing_store_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        run(period="2026-09", db=tmp_path / "nope.duckdb", out=tmp_path, progress=False)


def test_index_lists_account_plans_by_name_and_links_the_files(tmp_path):
    from kamtools.report import NotebookRun, ReportResult
    from kamtools.report.index import write_index

    (tmp_path / "worklists_2026-09.xlsx").write_bytes(b"x")
    (tmp_path / "credit_forms").mkdir()
    (tmp_path / "credit_forms" / "credit_forms_C1_2026-09.xlsx").write_bytes(b"x")
    runs = [
        NotebookRun(
            "notebooks/reports/01_portfolio.ipynb", "01_portfolio.ipynb", {}, status="ok", html="01_portfolio.html"
        ),
        NotebookRun(
            "account_plan.html.j2",
            None,
            {},
            status="failed",
            error="ValueError: <b>boom</b>",
            customer_id="C1",
            customer_name="<script>alert(1)</script>",
        ),
        NotebookRun(
            "account_plan.html.j2",
            None,
            {},
            status="ok",
            html="05_account_plan_C2.html",
            customer_id="C2",
            customer_name="华东 & 精密",
        ),
    ]
    write_index(tmp_path, ReportResult("2026-09", tmp_path, runs))
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    appendix = (tmp_path / "appendix.html").read_text(encoding="utf-8")  # the forms and the run status
    for shown in (page, appendix):
        assert "<script>alert(1)</script>" not in shown and "<b>boom</b>" not in shown
        assert "&lt;script&gt;alert(1)&lt;/script&gt; (C1)" in shown and "SOME PAGES FAILED" in shown
    assert "&lt;b&gt;boom&lt;/b&gt;" in appendix
    # the commands an analyst runs (a plan file, the calls read back) are in the appendix, not on managers' pages
    assert "<code>kam plan init --customer &lt;" in appendix and "<code>kam import-calls &lt;" in appendix
    assert "kam plan init" not in page
    assert '<a href="05_account_plan_C2.html">华东 &amp; 精密 (C2)</a>' in page
    assert "客户计划 Account plans (2)" in page
    assert '<a href="worklists_2026-09.xlsx">' in page
    assert '<a href="credit_forms/credit_forms_C1_2026-09.xlsx">' in appendix


# ------------------------------------------------------------------ robustness
def _notebook(folder, name, source, parameters='period: str = ""\ndb: str = ""\npolicy: str = ""', tag=True):
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell(parameters)
    if tag:
        params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(source)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / name
    nbformat.write(nb, str(path))
    return path


def test_the_pages_of_a_worker_share_a_kernel_but_nothing_else(tmp_path):
    """Pages run one after another in one kept kernel: each is its own papermill run, with its
    own parameters and output, and starts as in a new kernel (no name of the page before, cell
    numbers from 1, a warning shown again); a page that fails is its own failure and the page
    after it gets a new kernel."""
    from kamtools.report.execute import execute_pages

    code = (
        "import os, warnings\nhere = dir()\nleft = [n for n in ('mine', 'theirs') if n in here]\nmine = period\n"
        "warnings.warn('shown on every page')\nprint(os.getpid(), left, period)"
    )
    shared = _notebook(tmp_path, "00_shared.ipynb", code, parameters='period: str = ""')
    broken = _notebook(tmp_path, "01_broken.ipynb", "theirs = 1\nraise RuntimeError('broken on purpose')")
    pages = [(shared, "a"), (shared, "b"), (broken, "c"), (shared, "d")]
    jobs = [
        {"input": str(nb), "output": str(tmp_path / f"{k}.ipynb"), "folder": str(tmp_path), "timeout": 120}
        | {"parameters": {"period": k}}
        for nb, k in pages
    ]
    outcomes = execute_pages({"folder": str(tmp_path), "pages": jobs})
    assert [o["status"] for o in outcomes] == ["ok", "ok", "failed", "ok"]
    assert "broken on purpose" in outcomes[2]["error"] and (tmp_path / "d.html").exists()
    shown = {}
    for k in "abd":
        cell = nbformat.read(str(tmp_path / f"{k}.ipynb"), as_version=4).cells[-1]
        text = "".join(o.get("text", "") for o in cell.outputs)
        assert cell.execution_count == 3 and "shown on every page" in text  # parameters, injected, this one
        pid, rest = text.split("\n")[0].split(" ", 1)
        assert rest == f"[] {k}", "a page sees no name of the page before it, and its own parameters"
        shown[k] = pid
    assert shown["a"] == shown["b"] != shown["d"], "one kernel for a and b; a new one after the failure"


def test_a_broken_an_untagged_an_undeclaring_and_a_timed_out_notebook_each_fail_alone_and_are_named(
    good, store, tmp_path
):
    """One run of a good page beside four notebooks that each fail their own way: the good page
    is written, each failure is named with its reason in the result, the manifest and the
    appendix, and the notebooks refused while planning are not run (and not linked)."""
    broken = _broken_copy(good, tmp_path)
    untagged = _notebook(tmp_path, "10_untagged.ipynb", "print('hello')", tag=False)
    narrow = _notebook(tmp_path, "11_narrow.ipynb", "print(period)", parameters='period: str = ""')
    # a cell's limit, not the page's: a busy machine may take long to start a kernel
    slow = _notebook(tmp_path, "12_slow.ipynb", "import time\ntime.sleep(600)")
    out = tmp_path / "reports"
    started = time.perf_counter()
    result = run(
        period="2026-09",
        db=store,
        out=out,
        notebooks=[good, untagged, narrow, slow, broken],
        progress=False,
        timeout=10,
        jobs=2,
    )
    assert time.perf_counter() - started < 300
    assert not result.ok
    status = {r.output: r.status for r in result.runs}
    assert status == {
        "00_page.ipynb": "ok",
        "10_untagged.ipynb": "failed",
        "11_narrow.ipynb": "failed",
        "12_slow.ipynb": "failed",
        "99_broken.ipynb": "failed",
    }
    errors = {r.output: r.error or "" for r in result.runs}
    assert errors["00_page.ipynb"] == ""
    assert "no cell tagged 'parameters'" in errors["10_untagged.ipynb"]
    assert "does not declare parameter(s) db, policy" in errors["11_narrow.ipynb"]
    assert "timed out" in errors["12_slow.ipynb"].lower()
    assert "broken on purpose" in errors["99_broken.ipynb"]
    folder = out / "2026-09"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    failed = {n["output"]: n["error"] for n in manifest["notebooks"] if n["status"] == "failed"}
    assert sorted(failed) == ["10_untagged.ipynb", "11_narrow.ipynb", "12_slow.ipynb", "99_broken.ipynb"]
    assert "broken on purpose" in failed["99_broken.ipynb"]
    index = (folder / "index.html").read_text(encoding="utf-8")
    appendix = (folder / "appendix.html").read_text(encoding="utf-8")  # the run status of every page
    assert "broken on purpose" in appendix and "SOME PAGES FAILED" in index and "SOME PAGES FAILED" in appendix
    assert "not run" in appendix and '<a href="10_untagged.ipynb">' not in appendix
    assert '<a href="10_untagged.ipynb">' not in index
    assert (folder / "00_page.html").exists()
    assert not (folder / "99_broken.html").exists(), "a failed notebook must not be exported as a report"
    assert [p.name for p in out.iterdir() if p.name.startswith(".") and "building" in p.name] == []


def test_account_plans_are_pages_rendered_per_account_without_a_kernel(store, tmp_path):
    plan = paths.REPORT_NOTEBOOKS_DIR / "05_account_plan.ipynb"
    ids = ["C000001", "C000002", "C000003"]
    result = run(
        period="2026-09", db=store, out=tmp_path / "reports", notebooks=[plan], accounts=ids, progress=False, jobs=2
    )
    assert [(r.customer_id, r.status, r.error) for r in result.runs] == [(c, "ok", None) for c in ids]
    data = kt.KamData(db=store)
    names = dict(zip(data.customers["customer_id"], data.customers["name"]))
    data.close()
    for r in result.runs:
        page = (result.folder / r.html).read_text(encoding="utf-8")
        assert (
            f"<title>客户计划 Account plan 2026-09：{html.escape(names[r.customer_id])} ({r.customer_id})</title>"
            in page
        )
        # the policy's language, both: each heading in Chinese with the English under it
        assert (
            page.count("<img") == 1 and '三、下季度行动<span class="en">3. Actions for the next quarter</span>' in page
        )
        # the month's statement of account (对账单) is written beside the plan, which links it
        links = re.findall(r'href="(statements/statement_[^"]+)"', page)
        assert [link.rsplit(".", 1)[1] for link in links] == ["xlsx", "docx"] and r.customer_id in links[0]
        sheet = load_workbook(result.folder / links[0], read_only=True).worksheets[0]
        assert any(r.customer_id in str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)
        assert (result.folder / links[1]).is_file()
    assert sorted(p.name for p in result.folder.iterdir() if p.suffix == ".ipynb") == []
    assert not list(result.folder.glob(".*")), "no worker files are left in the period folder"


@pytest.mark.parametrize(
    ("language", "shown", "left_out"),
    [("zh", "三、下季度行动", "Actions for the next quarter"), ("en", "3. Actions for the next quarter", "下季度行动")],
)
def test_plans_are_written_in_the_jobs_language_and_a_failed_plan_does_not_stop_the_others(
    store, tmp_path, language, shown, left_out
):
    from kamtools.output import labels
    from kamtools.report.plans import file_name as plan_file
    from kamtools.report.plans import write_pages

    job = {
        "db": str(store),
        "period": "2026-09",
        "policy": "",
        "folder": str(tmp_path),
        "customer_ids": ["C000001", "NO-SUCH-ID", "C000003"],
    }
    try:
        outcomes = write_pages({**job, "language": language})
    finally:
        labels.use("en")
    assert [(o["customer_id"], o["status"]) for o in outcomes] == [
        ("C000001", "ok"),
        ("NO-SUCH-ID", "failed"),
        ("C000003", "ok"),
    ]
    assert "NO-SUCH-ID" in outcomes[1]["error"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [plan_file("C000001"), plan_file("C000003"), "statements"]
    # the statements of the known customers only, each as a workbook and a document
    assert len(list((tmp_path / "statements").glob("statement_C000001_*"))) == 2
    assert [p for p in (tmp_path / "statements").iterdir() if "NO-SUCH" in p.name] == []
    for outcome in (outcomes[0], outcomes[2]):
        page = (tmp_path / outcome["html"]).read_text(encoding="utf-8")
        assert shown in page and left_out not in page


def _text_outputs(path):
    """Every text and table the notebook shows; memory addresses of object reprs and the random
    ids of styled tables blanked."""
    nb = nbformat.read(str(path), as_version=4)
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            out += [o.get("text", ""), data.get("text/plain", ""), data.get("text/html", "")]
    return [re.sub(r"T_[0-9a-f]{5}", "T_", re.sub(r" at 0x[0-9a-f]+", " at 0x", t)) for t in out]


def test_the_same_period_twice_gives_the_same_numbers(tmp_path):
    """The first run is the whole report of hostile text that other tests read
    (tests/report_runs.py :func:`hostile_report`); the second runs only its first page."""
    shared = report_runs.hostile_report()
    first, store = shared.result, shared.store
    # no snapshot: the shared store stays as it was (tests/test_hostile_report.py compares its bytes)
    second = run(period=first.period, db=store, out=tmp_path, notebooks=[REAL], progress=False, snapshot=False)
    assert first.ok and second.ok
    a, b = (_text_outputs(r.folder / "00_data_overview.ipynb") for r in (first, second))
    assert a == b and any(a)


def test_two_runs_of_one_period_at_once_do_not_corrupt_each_other(good, store, tmp_path):
    out = tmp_path / "reports"
    code = (
        "import sys; from pathlib import Path; from kamtools.report import run; "
        "r = run(period='2026-09', db=sys.argv[1], out=sys.argv[2], notebooks=[Path(sys.argv[3])], "
        "progress=False); sys.exit(0 if r.ok else 1)"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(store), str(out), str(good)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert any("waiting for it to finish" in o for o, _ in outputs), "the second run should wait for the first"
    assert sorted(p.name for p in out.iterdir() if not p.name.endswith(".lock")) == ["2026-09"]
    manifest = json.loads((out / "2026-09" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["ok"] and [n["status"] for n in manifest["notebooks"]] == ["ok"]
    assert (out / "2026-09" / "00_page.html").exists()


def test_an_interrupted_run_leaves_the_period_as_it_was(unrun, store, tmp_path, monkeypatch):
    from kamtools.report import runner

    out = tmp_path / "reports"
    run(period="2026-09", db=store, out=out, notebooks=[unrun], progress=False)
    before = sorted(p.name for p in (out / "2026-09").iterdir())

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "write_index", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run(period="2026-09", db=store, out=out, notebooks=[unrun], progress=False)
    assert sorted(p.name for p in (out / "2026-09").iterdir()) == before
    assert sorted(p.name for p in out.iterdir() if not p.name.endswith(".lock")) == ["2026-09"]


def test_leftovers_of_a_killed_run_are_cleaned_up(unrun, store, tmp_path):
    out = tmp_path / "reports"
    run(period="2026-09", db=store, out=out, notebooks=[unrun], progress=False)
    (out / ".2026-09.building-dead").mkdir()  # a run killed while building
    (out / "2026-09").rename(out / ".2026-09.old-999")  # killed between its two renames
    from kamtools.report.folders import period_lock, remove_leftovers

    with period_lock(out, "2026-09"):
        remove_leftovers(out, "2026-09")
    assert sorted(p.name for p in out.iterdir() if not p.name.endswith(".lock")) == ["2026-09"]
    assert (out / "2026-09" / "manifest.json").exists(), "the earlier period is put back"


def test_cli_exits_non_zero_when_a_notebook_fails(good, unrun, store, tmp_path, monkeypatch, capsys):
    from kamtools import cli
    from kamtools.report import runner

    monkeypatch.setattr(runner, "report_notebooks", lambda folder=None: [good, unrun])
    code = cli.main(["report", "--period", "2026-09", "--db", str(store), "--out", str(tmp_path / "r")])
    err = capsys.readouterr()
    assert code == 1
    assert "FAILED 00_unrun.ipynb" in err.out and "no cell tagged 'parameters'" in err.out
    assert "Traceback" not in err.err


def test_a_missing_cjk_font_is_named_once_in_the_run(unrun, store, tmp_path, monkeypatch):
    from kamtools.report import runner

    monkeypatch.setattr(runner, "cjk_font", lambda: None)
    result = run(period="2026-09", db=store, out=tmp_path / "r", notebooks=[unrun], progress=False)
    assert any("no CJK font" in n and "make fonts" in n for n in result.notices)
    assert "no CJK font" in (result.folder / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["notices"] == result.notices


# ------------------------------------------------------------------ which account plans
def test_default_plans_are_key_accounts_by_value_up_to_the_cap(store):
    from kamtools import segments
    from kamtools.policy import load_policy
    from kamtools.report import select_accounts

    data = kt.KamData(db=store)
    try:
        pol = load_policy(None).to_dict()  # a loaded policy is frozen: edit a plain copy
        pol["report"]["account_plan_cap"] = 3
        chosen = select_accounts(data, "2026-09-30", pol)
        tiers = segments.pyramid(data, "2026-09-30", pol)
        key = tiers[(tiers["tier"] == "key") & (tiers["kind"] == "customer")]
        assert len(key) > 3 and len(chosen) == 3
        assert set(chosen) <= set(key.index)
        revenue = key.loc[chosen, "revenue_12m"].tolist()
        assert revenue == sorted(revenue, reverse=True)
        assert revenue[-1] >= key.drop(chosen)["revenue_12m"].max()

        manager = data.customers.set_index("customer_id").loc[chosen[0], "account_manager"]
        theirs = select_accounts(data, "2026-09-30", pol, account_manager=manager)
        managers = data.customers.set_index("customer_id").loc[theirs, "account_manager"]
        assert chosen[0] in theirs and set(managers) == {manager}
        with pytest.raises(ValueError, match="unknown account manager"):
            select_accounts(data, "2026-09-30", pol, account_manager="nobody")
        with pytest.raises(ValueError, match="unknown customer id"):
            select_accounts(data, "2026-09-30", pol, accounts=["C999999"])
    finally:
        data.close()


def test_accounts_and_account_manager_together_are_refused(store, tmp_path):
    with pytest.raises(ValueError, match="not both"):
        run(period="2026-09", db=store, out=tmp_path, accounts=["C000001"], account_manager="x", progress=False)


@pytest.mark.parametrize("when", ["starting", "running"])
def test_sigterm_stops_a_report_without_leftovers(store, tmp_path, when):
    slow = _notebook(
        tmp_path,
        "13_slow.ipynb",
        "import os, pathlib, time\npathlib.Path('started').write_text(str(os.getpid()))\ntime.sleep(120)",
    )
    out = tmp_path / "reports"
    code = (
        "import faulthandler, signal, sys; from pathlib import Path; from kamtools.report import run; "
        "faulthandler.register(signal.SIGUSR1, all_threads=True); "  # where it is, should it not end
        "run(period='2026-09', db=sys.argv[1], out=sys.argv[2], notebooks=[Path(sys.argv[3])], progress=False)"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(store), str(out), str(slow)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    pattern = ".2026-09.building-*" + ("/started" if when == "running" else "")  # the notebook runs in there
    while not list(out.glob(pattern)) and time.monotonic() < deadline:
        time.sleep(0.05)  # until the run has begun (starting) or the notebook runs (running)
    assert list(out.glob(".2026-09.building-*")), "the run did not start"
    kernels = [int(f.read_text() or 0) for f in out.glob(".2026-09.building-*/started")]
    proc.terminate()
    try:
        proc.communicate(timeout=120)  # a stop takes seconds; a machine under load may take more
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGUSR1)
        time.sleep(2)
        proc.kill()
        _, err = proc.communicate()
        pytest.fail(f"the stopped run did not end; its threads:\n{err[-8000:]}")
    assert proc.returncode != 0
    assert sorted(p.name for p in out.iterdir() if not p.name.endswith(".lock")) == []
    assert when == "starting" or kernels, "the notebook did not start"
    deadline = time.monotonic() + 20
    while any(_alive(pid) for pid in kernels) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in kernels), "the kernel of the stopped page still runs"


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie waiting for its parent to reap it does not)."""
    if Path("/proc/self").exists():
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def test_a_period_the_data_do_not_cover_completely_is_named(unrun, store, tmp_path):
    latest = kt.report.store_period(store)
    later = f"{int(latest[:4]) + 1}-{latest[5:]}"
    with pytest.raises(ValueError, match=f"period {later} is after the data"):
        run(period=later, db=store, out=tmp_path, notebooks=[unrun], progress=False)
    result = run(period=later, db=store, out=tmp_path, notebooks=[unrun], progress=False, force=True)
    assert any(f"{later} not" in n and "incomplete" in n for n in result.notices)
    result = run(period=latest, db=store, out=tmp_path, notebooks=[unrun], progress=False)
    assert not any("incomplete" in n for n in result.notices)


def test_a_process_left_behind_by_a_page_does_not_hold_the_run(good, store, tmp_path):
    """A page (or a kernel a killed worker leaves behind) may keep the worker's output open;
    the run ends with its workers all the same."""
    code = (
        "import subprocess, sys\n"
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(90)'], start_new_session=True)"
    )
    leaves = _notebook(tmp_path, "14_leaves.ipynb", code)
    started = time.perf_counter()
    result = run(period="2026-09", db=store, out=tmp_path / "reports", notebooks=[leaves], progress=False)
    assert time.perf_counter() - started < 80
    assert [(r.status, r.error) for r in result.runs] == [("ok", None)]


def test_a_stop_while_a_thread_starts_still_ends_the_process():
    """SIGTERM (a KeyboardInterrupt) may come while the runner starts a thread: the process ends
    all the same, never waiting at exit for a started thread that has nothing to do."""
    code = (
        "import threading, time\n"
        "from kamtools.report.runner import _run_tasks\n"
        "start = threading.Thread.start\n"
        "def interrupted(self):\n"
        "    start(self)\n"
        "    raise KeyboardInterrupt\n"
        "threading.Thread.start = interrupted\n"
        "_run_tasks([lambda: time.sleep(0.1)] * 4, 2)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and "KeyboardInterrupt" in proc.stderr
