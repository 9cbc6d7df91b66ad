"""The monthly report: every notebook of ``notebooks/reports/`` run with papermill, and an
account plan page for each key account.

:func:`run` builds ``reports/<period>/`` aside and moves it into place when done
(:mod:`.folders`). The page notebooks are dealt to at most ``jobs`` worker processes
(:mod:`.worker`, :mod:`.execute`), each running its pages one after another in one kept
kernel (reset between pages), each page its own papermill run; parameters (``period``, ``db``,
``policy``, ``output_dir``) are the only thing a notebook is told. The account plans are
rendered from a template in worker processes too (:mod:`.plans`), one share of the accounts
per job (at least :data:`PLANS_PER_WORKER` a share), each share from book tables it computes
once. One failing page never stops the others; the result, ``manifest.json`` and
``index.html`` name each failure. Ctrl-C or SIGTERM ends every page process (and so its
kernel) and leaves the period as it was.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import papermill as pm
from tqdm.auto import tqdm

from .. import paths
from ..credit.overrides import override_frame
from ..ingest import import_source
from ..output.plots._base import cjk_font
from ..periods import DataSpan, check_period, data_period, data_span, outside_data, period_end, period_of
from ..policy import load_policy
from ..store import KamData, check_store
from ..store_file import engine_settings
from .accounts import select_accounts
from .cores import usable_cores
from .execute import error_text
from .folders import building, complete_period, failed_folder, place
from .index import Summary, write_index, write_manifest
from .month import month_summary, needs_shared, run_language, shared_tables
from .navigation import add_navigation
from .pdf import Printer, find_chromium, no_chromium_notice, print_period, print_runs
from .plan_command import checked_plans, copy_sample_plans
from .plan_positions import mark_register
from .result import NotebookRun, ReportResult
from .shared import FOLDER as SHARED_FOLDER
from .snapshot_step import run_snapshot

#: Notebooks may run this long each, in seconds, unless ``timeout`` says otherwise.
DEFAULT_TIMEOUT = 1800
#: Worker processes at once unless ``jobs`` says otherwise: one per core this process may use (its
#: affinity and its control group's CPU quota, :mod:`.cores`), at most 8 (each worker holds its own
#: tables of the book in memory).
DEFAULT_JOBS = max(1, min(usable_cores(), 8))
#: The parameters the runner gives a page notebook (those it declares).
PAGE_PARAMETERS = ("period", "db", "policy", "output_dir", "language", "shared")
#: The fewest account plans a worker renders: its start (imports, the book's tables) costs what six plans do.
PLANS_PER_WORKER = 6
#: The parameters a page notebook may leave out (it then writes its files to the scratch folder,
#: its text in the policy's language, and computes the run's shared tables itself).
OPTIONAL_PARAMETERS = ("output_dir", "language", "shared")


def ensure_store(db: str | os.PathLike | None) -> Path:
    """The store to report on; the default store is built from the committed sample when missing."""
    target = Path(db) if db else paths.default_db()
    if target.exists():
        return target
    if target.resolve() != paths.default_db().resolve():
        raise FileNotFoundError(f"store {target} does not exist (create it with `kam import SOURCE --db {target}`)")
    print(f"no store at {target}: importing the committed sample from {paths.SAMPLE_DIR}")
    import_source(paths.SAMPLE_DIR, target)
    copy_sample_plans(target.parent)  # the sample's account plans come with it, never over the user's
    return target


def store_period(db: Path, today: dt.date | None = None) -> str:
    """The latest complete month of the invoices in store ``db`` dated up to ``today`` (default:
    the day it runs)."""
    data = KamData(db=db)
    try:
        return data_period(data, today)
    finally:
        data.close()


def store_span(db: Path, today: dt.date | None = None) -> DataSpan:
    """The invoice dates of store ``db`` seen on ``today`` (see :func:`kamtools.periods.data_span`)."""
    data = KamData(db=db)
    try:
        return data_span(data, today)
    finally:
        data.close()


def choose_period(period: str | None, span: DataSpan, force: bool = False) -> str:
    """The period of a run: ``period`` when given, else the latest complete month of the data
    up to the day of the run. A period before the first invoice is refused (there is nothing to
    report on), and one after the month of the last invoice unless ``force``."""
    if not period:
        if span.period is None:
            what = "every invoice is dated after the day of the run" if span.later else "the store holds no invoices"
            raise ValueError(f"{what} ({span.today}): give the period with --period")
        return span.period
    period = check_period(period)
    why = outside_data(period, span)
    if why and span.first is not None and period < period_of(span.first):
        raise ValueError(
            f"{why}: there is nothing to report on before it; give a period from {period_of(span.first)} on"
        )
    if why and not force:
        last = period_of(span.last)
        raise ValueError(f"{why}; give a period up to {last}, or add --force to report on {period} all the same")
    return period


def report_notebooks(folder: Path | None = None) -> list[Path]:
    """The report notebooks, in the order they appear in the report."""
    folder = folder or paths.REPORT_NOTEBOOKS_DIR
    return sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("_"))


def notebook_parameters(path: Path) -> dict:
    """The parameters a notebook declares; raises when it has no ``parameters`` cell."""
    params = pm.inspect_notebook(str(path))
    if not params:
        raise ValueError(f"{Path(path).name} has no cell tagged 'parameters'")
    return dict(params)


#: The notebook of the account plan: the report renders its page once per account from the
#: template it shows (:mod:`.plans`) instead of executing it.
ACCOUNT_PLAN = "05_account_plan.ipynb"


def is_account_plan(nb: Path) -> bool:
    """Whether ``nb`` is the account plan notebook."""
    return Path(nb).name == ACCOUNT_PLAN


def _plan_pages(books: list[Path], given: dict) -> list[tuple[Path, NotebookRun]]:
    """One run per page notebook; a notebook whose parameters cannot be read, or that lacks
    one the runner gives, is planned as failed with the reason (the others still run)."""
    planned = []
    for nb in books:
        name = str(nb.relative_to(paths.ROOT)) if nb.is_relative_to(paths.ROOT) else str(nb)
        run = NotebookRun(notebook=name, output=nb.name, parameters={})
        try:
            declared = notebook_parameters(nb)
        except Exception as exc:  # noqa: BLE001 - reported as that notebook's failure
            run.status, run.error = "failed", error_text(exc)
            planned.append((nb, run))
            continue
        if is_account_plan(nb):
            continue
        if "customer_id" in declared:  # a page per account other than the plan: refused, not skipped
            run.status, run.error = (
                "failed",
                f"ValueError: {nb.name} declares customer_id: the report runs no notebook per account "
                f"except the account plan ({ACCOUNT_PLAN}, rendered from its template)",
            )
            planned.append((nb, run))
            continue
        run.parameters = {k: v for k, v in given.items() if k in declared or k not in OPTIONAL_PARAMETERS}
        unknown = sorted(set(run.parameters) - set(declared))
        if unknown:
            run.status, run.error = (
                "failed",
                f"ValueError: {nb.name} does not declare parameter(s) {', '.join(unknown)}",
            )
        planned.append((nb, run))
    return planned


def _worker_environment(kind: str) -> dict[str, str]:
    """The environment of a worker process. Page notebooks draw their figures inline whatever
    ``MPLBACKEND`` says here (``Agg`` is common on servers and in CI and would make every chart of
    a page vanish); the account plans draw off-screen (``Agg``), never in a desktop window."""
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)
    if kind == "plans":
        env["MPLBACKEND"] = "Agg"
    return env


class _Workers:
    """The worker processes of one run (:mod:`.worker`): at most ``jobs`` at once, all ended on a stop."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.stop = threading.Event()
        self.procs: list[subprocess.Popen] = []
        self.lock = threading.Lock()
        self.count = 0

    def work(self, kind: str, job: dict) -> dict | list | None:
        """Run one job in a worker process; its outcome, or None when the run was stopped. The job
        and its outcome travel as files of the period folder (a job may name thousands of accounts)."""
        with self.lock:
            if self.stop.is_set():
                return None
            self.count += 1
            base = self.folder / f".{kind}-{self.count}"
            job_file, result, log = (base.with_suffix(x) for x in (".job.json", ".result.json", ".log"))
            job_file.write_text(json.dumps(job), encoding="utf-8")
            # the output goes to a file, not a pipe: a kernel left behind by a killed worker
            # keeps a pipe open, and reading it would never end
            with log.open("wb") as sink:
                proc = subprocess.Popen(
                    [sys.executable, "-m", "kamtools.report.worker", kind, str(job_file), str(result)],
                    env=_worker_environment(kind),
                    stdin=subprocess.DEVNULL,
                    stdout=sink,
                    stderr=subprocess.STDOUT,
                )
            self.procs.append(proc)
        proc.wait()
        job_file.unlink(missing_ok=True)
        if self.stop.is_set():
            return None
        try:
            outcome = json.loads(result.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # no outcome: the worker itself failed
            last = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:]
            outcome = {"status": "failed", "error": last[0] if last else "the worker process ended early"}
        result.unlink(missing_ok=True)
        log.unlink(missing_ok=True)
        return outcome

    def end(self, grace: float = 10.0) -> None:
        """Stop: nothing more starts, and every worker process still running is ended: asked
        first (a worker then shuts its notebook kernel down), killed after ``grace`` seconds."""
        with self.lock:
            self.stop.set()
            running = [proc for proc in self.procs if proc.poll() is None]
            for proc in running:
                proc.terminate()
        deadline = time.monotonic() + grace
        for proc in running:
            try:
                proc.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _pages(
    workers: _Workers, pages: list[tuple[Path, NotebookRun]], timeout: float | None, done: Callable[[NotebookRun], None]
) -> None:
    """Run page notebooks in one worker process, one after another in one kept kernel
    (:func:`.execute.execute_pages`): each page its own papermill run, output and failure."""
    folder = str(workers.folder)
    jobs = [
        {"input": str(nb.resolve()), "output": str(workers.folder / run.output), "folder": folder}
        | {"parameters": run.parameters, "timeout": timeout}
        for nb, run in pages
    ]
    outcome = workers.work("pages", {"folder": folder, "pages": jobs})
    if outcome is None:
        return
    if isinstance(outcome, dict):  # the worker itself failed
        outcome = [{**outcome, "duration": 0.0} for _ in pages]
    for (_, run), o in zip(pages, outcome):
        run.status, run.html, run.error, run.duration = o["status"], o.get("html"), o.get("error"), o["duration"]
        done(run)


def page_groups(pages: list[tuple[Path, NotebookRun]], jobs: int) -> list[list[tuple[Path, NotebookRun]]]:
    """The pages to run, dealt in report order to at most ``jobs`` workers (each runs its pages in
    one kept kernel); a page refused while planning is in none.

    >>> runs = [(Path(f"0{i}.ipynb"), NotebookRun(f"0{i}.ipynb", f"0{i}.ipynb", {})) for i in range(5)]
    >>> [[nb.name for nb, _ in group] for group in page_groups(runs, 2)]
    [['00.ipynb', '02.ipynb', '04.ipynb'], ['01.ipynb', '03.ipynb']]
    """
    todo = [(nb, run) for nb, run in pages if run.status != "failed"]
    count = min(jobs, len(todo))
    return [todo[i::count] for i in range(count)]


def _plans(workers: _Workers, runs: list[NotebookRun], job: dict, done: Callable[[NotebookRun], None]) -> None:
    """Render the account plans of ``runs`` in one worker process."""
    outcome = workers.work("plans", {**job, "customer_ids": [r.customer_id for r in runs]})
    if outcome is None:
        return
    if isinstance(outcome, dict):  # the worker itself failed
        outcome = [{**outcome, "customer_id": r.customer_id, "duration": 0.0} for r in runs]
    for r, o in zip(runs, outcome):
        r.status, r.html, r.error, r.duration = o["status"], o.get("html"), o.get("error"), o["duration"]
        r.credit_ask = o.get("credit_ask")
        done(r)


def _plan_runs(account_ids: list[str], names: dict[str, str], given: dict) -> list[NotebookRun]:
    return [
        NotebookRun(
            notebook="kamtools/report/templates/account_plan.html.j2",
            output=None,
            parameters={"customer_id": cid, **given},
            customer_id=cid,
            customer_name=names.get(cid),
        )
        for cid in account_ids
    ]


def _notices(period: str, latest: str, span: DataSpan) -> list[str]:
    notices = [span.later_text()] if span.later else []
    if period > latest:
        notices.append(
            f"the data cover {latest} completely and {period} not (or not at all): "
            f"the figures of {period} are incomplete"
        )
    if cjk_font() is None:
        notices.append(
            "no CJK font is installed: Chinese names in the charts show as boxes "
            "(install one: `sudo make fonts`, i.e. apt-get install fonts-noto-cjk)"
        )
    return notices


def _check_book(store: Path, pol, accounts=None, account_manager=None) -> None:
    """What the run's arguments and the data must agree on with the policy, checked before anything
    starts: the account plans chosen one way, an analyst's override names a grade of the policy, a
    reason and an approver (ValueError names the row)."""
    if accounts and account_manager:
        raise ValueError("give either --accounts or --account-manager, not both")
    data = KamData(db=store)
    try:
        override_frame(data, pol["credit"])
    finally:
        data.close()


def _books(notebooks: list[Path] | None) -> list[Path]:
    """The page notebooks to run: those given, else every notebook of ``notebooks/reports``."""
    books = notebooks if notebooks is not None else report_notebooks()
    if not books:
        raise FileNotFoundError(f"no report notebooks in {paths.REPORT_NOTEBOOKS_DIR}")
    return books


def _accounts(store: Path, period: str, pol, books: list[Path], accounts, account_manager):
    """The customers that get a plan (none when no notebook is the account plan) and their names."""
    if not any(is_account_plan(nb) for nb in books):
        return [], {}
    data = KamData(db=store)
    try:
        ids = select_accounts(data, period_end(period), pol, accounts, account_manager)
        cust = data.customers
        return ids, dict(zip(cust["customer_id"].astype("str"), cust["name"].astype("str")))
    finally:
        data.close()


def run(
    period: str | None = None,
    db: str | os.PathLike | None = None,
    policy: str | os.PathLike | None = None,
    out: str | os.PathLike = paths.REPORTS_DIR,
    jobs: int = DEFAULT_JOBS,
    notebooks: list[Path] | None = None,
    accounts: list[str] | None = None,
    account_manager: str | None = None,
    progress: bool = True,
    timeout: float | None = DEFAULT_TIMEOUT,
    replace: bool = False,
    force: bool = False,
    today: dt.date | None = None,
    pdf: bool = False,
    language: str | None = None,
    plans: str | os.PathLike | None = None,
    snapshot: bool = True,
) -> ReportResult:
    """Run every report notebook for ``period`` into ``out/<period>/``.

    Parameters
    ----------
    period
        ``YYYY-MM``; default: the latest complete month of the store's invoices, leaving out
        invoices dated after ``today`` (the index says so). A period before the first invoice is
        refused, and one after the month of the last invoice unless ``force``.
    db, policy
        The DuckDB store (default ``data/kam.duckdb``, built from the committed sample when
        missing); a YAML policy file overriding the defaults, passed to every notebook.
    out
        Folder holding one sub-folder per period.
    jobs
        Worker processes at once (default one per core, at most 8): pages, then a share of the plans each.
    notebooks
        The notebooks to run (default: every notebook of ``notebooks/reports``; without a page of the report, no summary).
    accounts, account_manager
        Choose the account plans: these customer ids, or the key accounts of one
        account manager (default: key accounts by value up to the policy's cap).
    progress, timeout
        Show a progress bar across the pages; seconds a notebook cell may run before the notebook
        counts as failed (None: no limit).
    replace
        Replace a complete report of ``period`` even when this run has failures (by default
        the complete one stays and this run is kept beside it as ``<period>.failed``).
    force, today
        Report on a ``period`` after the month of the last invoice all the same; the day of the run
        (default: today), for the default period and the periods refused.
    pdf
        Also print each page and the whole period to PDF in ``pdf/`` (:mod:`.pdf`; without Chromium, a notice).
    language, plans, snapshot
        ``en``, ``zh`` or ``both``: the language of pages, plans and index (default: ``report.language``);
        the folder of the account teams' plan files (default ``report.plans_folder``, else ``plans/`` by the store);
        store the period's snapshot before the pages start (:mod:`.snapshot_step`; a store not writable: a note).

    A store that is not a complete kamtools store (:func:`kamtools.store.check_store`), a refused period, an
    override the policy cannot read (a grade it does not have) or a plan file not valid stop the run before it starts.
    """
    options = {name: value for name, value in locals().items() if name != "policy"}
    policy_path = str(Path(policy).resolve()) if policy else ""
    pol = load_policy(policy_path or None)  # a bad policy stops the run before anything starts
    with engine_settings(pol["engine"]):  # DuckDB's settings for the runner, its workers and their kernels
        return _run(pol, policy_path, **options)


def _run(
    pol,
    policy_path,
    *,
    period,
    db,
    out,
    jobs,
    notebooks,
    accounts,
    account_manager,
    progress,
    timeout,
    replace,
    force,
    today,
    pdf,
    language,
    plans,
    snapshot,
) -> ReportResult:
    """:func:`run` once the policy is loaded and its engine settings are in force."""
    store = check_store(ensure_store(db)).resolve()  # the store as the user named it in messages
    span = store_span(store, today)
    period = choose_period(period, span, force)
    language = run_language(language, pol)
    _check_book(store, pol, accounts, account_manager)
    out, books = Path(out).resolve(), _books(notebooks)
    account_ids, names = _accounts(store, period, pol, books, accounts, account_manager)
    given = {"period": period, "db": str(store), "policy": policy_path, "language": language}
    pages = _plan_pages(books, {**given, "output_dir": ".", "shared": SHARED_FOLDER})  # a page runs in the folder
    plan_runs, kept = _plan_runs(account_ids, names, given), checked_plans(plans, store, pol)
    stored, not_stored = run_snapshot(store, period, policy_path, snapshot)  # the run's one write, before any page
    notices = _notices(period, span.period or period, span) + not_stored
    with building(out, period) as tmp:
        tables = shared_tables(tmp / SHARED_FOLDER, store, period, pol, needs_shared(books, pages, plan_runs))
        _execute(tmp, pages, plan_runs, {**given, "folder": str(tmp), "plans": kept}, max(1, jobs), timeout, progress)
        runs = [r for _, r in pages] + plan_runs
        mark_register(tmp, plan_runs, period_end(period), pol, language)  # the plans' column in the register
        result = ReportResult(period, out / period, runs, notices, language=language, snapshot=stored)
        summary = month_summary(store, period, pol, language, tables, books, plan_runs)
        _finish(tmp, out, result, replace, store, policy_path, summary, max(1, jobs) if pdf else 0, progress)
    return result


def _finish(
    tmp: Path,
    out: Path,
    result: ReportResult,
    replace: bool,
    store: Path,
    policy_path: str,
    summary: Summary,
    pdf_jobs: int = 0,
    progress: bool = False,
) -> None:
    """Write the manifest and the index (and with ``pdf_jobs``, the PDFs, so many at once), and
    put the period where it belongs: in place, or beside a complete report of the period that a
    run with failures does not replace."""
    complete = None if result.ok or replace else complete_period(out, result.period)
    if complete is not None:
        result.folder = failed_folder(out, result.period)
        result.notices.insert(0, _kept_notice(out, result.period, complete))
    add_navigation(tmp, result, min((d.due for d in summary.decisions if d.due), default=None))

    def write() -> None:
        write_manifest(tmp, result, store, policy_path)
        write_index(tmp, result, summary)

    if pdf_jobs:
        _print(tmp, result, pdf_jobs, progress, write)
    else:
        write()
    place(tmp, out, result.period, keep=complete is not None)


def _print(tmp: Path, result: ReportResult, jobs: int, progress: bool, write: Callable[[], None]) -> None:
    """``--pdf``: print the pages, write the index (it names a page not printed), print it and put
    the whole period into one PDF; the manifest and the index are written last with every notice.
    Without Chromium, the notice says how to install it."""
    chromium = find_chromium()
    if chromium is None:
        result.notices.append(no_chromium_notice())
        write()
        return
    with Printer(chromium) as printer:
        tasks = functools.partial(_run_tasks, jobs=jobs)
        result.notices += print_runs(printer, tmp, result.runs, tasks, progress)
        write()
        result.pdf, notices = print_period(printer, tmp, result.period, result.runs)
    result.notices += notices
    write()


def _kept_notice(out: Path, period: str, complete: dict) -> str:
    made = complete.get("created") or "earlier"
    return (
        f"this run of {period} had failures, so the complete report of {period} (made {made}) was kept "
        f"in {out / period}; this run is kept in {failed_folder(out, period)} to see what failed "
        f"(kam report --period {period} --replace replaces the complete report with a run that has failures)"
    )


def _execute(
    folder: Path,
    pages: list[tuple[Path, NotebookRun]],
    plan_runs: list[NotebookRun],
    plan_job: dict,
    jobs: int,
    timeout: float | None,
    progress: bool,
) -> None:
    """Run the pages and render the plans in worker processes, ``jobs`` at once; on an error,
    Ctrl-C or SIGTERM every worker still running is ended before the error goes on."""
    bar = tqdm(
        total=len(pages) + len(plan_runs), desc=f"report {plan_job['period']}", unit="page", disable=not progress
    )
    bar_lock = threading.Lock()

    def done(r: NotebookRun) -> None:
        with bar_lock:
            bar.set_postfix_str(f"{r.output or r.html or r.customer_id} {r.status}")
            bar.update(1)

    workers, plan_job = _Workers(folder), {**plan_job, "shared": str(folder / SHARED_FOLDER)}
    # the pages first, a group per job, then the plans in one share per job (at least PLANS_PER_WORKER plans a share)
    for _, r in pages:
        if r.status == "failed":  # refused while planning: never run
            done(r)
    tasks = [functools.partial(_pages, workers, group, timeout, done) for group in page_groups(pages, jobs)]
    workers_for_plans = min(jobs, -(-len(plan_runs) // PLANS_PER_WORKER))
    shares = [plan_runs[i::workers_for_plans] for i in range(workers_for_plans)]
    tasks += [functools.partial(_plans, workers, share, plan_job, done) for share in shares]
    try:
        _run_tasks(tasks, jobs)
    except BaseException:
        workers.end()
        raise
    finally:
        shutil.rmtree(folder / SHARED_FOLDER, ignore_errors=True)  # the run's shared tables: not part of the period
    bar.close()


def _run_tasks(tasks: list[Callable[[], None]], jobs: int) -> None:
    """Run ``tasks``, ``jobs`` at once, in daemon threads, and raise the first error once all
    have ended. Daemon threads: a stop (Ctrl-C, SIGTERM) may come while a thread is being
    started, and the process must still end then, never wait for a thread with nothing to do."""
    todo: queue.SimpleQueue = queue.SimpleQueue()
    for task in tasks:
        todo.put(task)
    errors: list[BaseException] = []

    def take() -> None:
        while True:
            try:
                task = todo.get_nowait()
            except queue.Empty:
                return
            try:
                task()
            except BaseException as exc:  # noqa: BLE001 - raised in the calling thread below
                errors.append(exc)

    threads = [threading.Thread(target=take, daemon=True) for _ in range(min(jobs, len(tasks)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():  # a SIGTERM the kernel hands to a worker thread runs its handler here, within
            thread.join(0.2)  # a fifth of a second: a join without a timeout would wait for the thread to end
    if errors:
        raise errors[0]
