"""The monthly report: every notebook of ``notebooks/reports/`` run with papermill.

:func:`run` builds ``reports/<period>/`` in a temporary folder beside it and moves
it into place when done, so a crashed or interrupted run never leaves a
half-written period and a re-run replaces the period whole. Two runs of the same
period wait for each other (a lock file). One failing notebook does not stop the
others; the result, ``manifest.json`` and ``index.html`` name each failure.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import functools
import html
import json
import os
import re
import shutil
import signal
import tempfile
import threading
import time
import urllib.parse
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import paths
from .paths import safe_name
from .periods import check_period, data_period, latest_complete_month, period_bounds
from .store import SHARED_ENV



@dataclass
class NotebookRun:
    """One executed notebook of a report run."""

    notebook: str
    output: str
    parameters: dict
    status: str = "pending"  # ok | failed
    duration: float = 0.0
    error: str | None = None
    html: str | None = None
    customer_id: str | None = None  # account plans: the customer planned for
    customer_name: str | None = None


@dataclass
class ReportResult:
    """What :func:`run` did: the period folder and one entry per notebook."""

    period: str
    folder: Path
    runs: list[NotebookRun] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # what the reader should know about the run

    @property
    def ok(self) -> bool:
        return all(r.status == "ok" for r in self.runs)

    def summary(self) -> str:
        failed = [r for r in self.runs if r.status != "ok"]
        lines = [f"report {self.period}: {len(self.runs) - len(failed)} of {len(self.runs)} notebooks ok "
                 f"-> {self.folder / 'index.html'}"]
        for r in failed:
            lines.append(f"  FAILED {r.output}: {r.error}")
        lines += [f"  note: {n}" for n in self.notices]
        return "\n".join(lines)


def ensure_store(db: str | os.PathLike | None) -> Path:
    """The store to report on; the default store is built from the committed sample when missing."""
    target = Path(db) if db else paths.default_db()
    if target.exists():
        return target
    if target.resolve() != paths.default_db().resolve():
        raise FileNotFoundError(f"store {target} does not exist (create it with `kam import SOURCE --db {target}`)")
    from .ingest import import_source

    print(f"no store at {target}: importing the committed sample from {paths.SAMPLE_DIR}")
    import_source(paths.SAMPLE_DIR, target)
    return target




def store_period(db: Path) -> str:
    """The latest complete month of the invoices in store ``db``."""
    from .store import KamData

    data = KamData(db=db)
    try:
        return data_period(data)
    finally:
        data.close()


def report_notebooks(folder: Path | None = None) -> list[Path]:
    """The report notebooks, in the order they appear in the report."""
    folder = folder or paths.REPORT_NOTEBOOKS_DIR
    return sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("_"))


def notebook_parameters(path: Path) -> dict:
    """The parameters a notebook declares; raises when it has no ``parameters`` cell.

    Read once per version of the file: a report run asks for every run of a notebook
    (the account plan once per account).
    """
    path = Path(path)
    return dict(_inspected(str(path.resolve()), path.stat().st_mtime_ns))


@functools.lru_cache(maxsize=64)
def _inspected(path: str, mtime_ns: int) -> dict:
    import papermill as pm

    params = pm.inspect_notebook(path)
    if not params:
        raise ValueError(f"{Path(path).name} has no cell tagged 'parameters'")
    return params


@contextmanager
def _period_lock(out: Path, period: str) -> Iterator[None]:
    out.mkdir(parents=True, exist_ok=True)
    lock_path = out / f".{period}.lock"
    with open(lock_path, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"another run of {period} is in progress: waiting for it to finish")
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextmanager
def _kernel_environment() -> Iterator[None]:
    """Kernels started meanwhile draw their figures inline.

    Kernels inherit this process's environment; an ``MPLBACKEND`` set here (``Agg`` is
    common on servers and in CI) would make every chart of the report silently vanish.
    """
    saved = os.environ.pop("MPLBACKEND", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["MPLBACKEND"] = saved


#: Run in a kept kernel before each notebook: every notebook starts from an empty namespace
#: and no open figure; only the imported modules stay loaded.
_RESET_CODE = "get_ipython().run_line_magic('reset', '-f')\nimport matplotlib.pyplot\nmatplotlib.pyplot.close('all')"


class _Kernel:
    """A kernel kept up for several notebooks of one worker thread (the account plans).

    Starting a kernel and importing the workbook costs about two seconds; an account plan
    itself often takes less. A worker runs its plans one after another in one kernel,
    resetting the namespace before each (``%reset -f``), and shuts the kernel down at the
    end or after a failure, so that a broken kernel never serves the next plan.
    """

    def __init__(self) -> None:
        self.km = None  # jupyter_client kernel manager, created by the first notebook

    def pid(self) -> int | None:
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        return getattr(process, "pid", None)

    def close(self) -> None:
        if self.km is None:
            return
        km, self.km = self.km, None
        try:
            if _wait(km.is_alive()):
                _wait(km.shutdown_kernel(now=True))
        finally:
            _wait(km.cleanup_resources())


def _wait(value):
    """The value of a kernel manager call, awaited in this thread's event loop when it is a coroutine."""
    import inspect

    from jupyter_core.utils import run_sync

    if not inspect.isawaitable(value):
        return value

    async def result():
        return await value

    return run_sync(result)()


def _engine():
    """The papermill engine of the report: papermill's nbclient engine, with the kernel
    started in the period folder (papermill's own ``cwd`` changes the folder of the whole
    process, which notebooks running in parallel threads must not do) and, for notebooks
    run many times, a kernel kept between them (:class:`_Kernel`)."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger

    class ReportClient(PapermillNotebookClient):
        kept = False

        stop: threading.Event | None = None

        def papermill_execute_cells(self):
            if self.stop is not None and self.stop.is_set():
                raise _Interrupted("the report run was stopped")
            if self.kept:
                reply = self.wait_for_reply(self.kc.execute(_RESET_CODE, silent=True, store_history=False))
                if not reply or reply["content"].get("status") != "ok":
                    raise RuntimeError("the kernel kept from the previous account plan could not be reset")
            super().papermill_execute_cells()

    class ReportEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None,
                                     kernel: _Kernel | None = None, kernel_cwd: str | None = None,
                                     stop: threading.Event | None = None, **kwargs):
            kwargs.pop("input_path", None)
            client = ReportClient(nb_man, km=kernel.km if kernel else None, timeout=execution_timeout,
                                  startup_timeout=start_timeout, kernel_name=kernel_name, log=logger,
                                  log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file,
                                  **kwargs)
            client.stop = stop
            if kernel is not None:
                client.kept = kernel.km is not None
                if kernel.km is None:
                    kernel.km = client.create_kernel_manager()
                    client.km = kernel.km
                client.owns_km = False  # the kernel outlives this notebook
            # papermill writes the whole notebook at the start and end of every cell; the report
            # reads it only when it is done, so it is written once, at the end (also after a failure)
            nb_man.save = lambda **kw: None
            try:
                return client.execute(cwd=kernel_cwd)
            finally:
                del nb_man.save
                if kernel is not None and client.kc is not None:
                    client.kc.stop_channels()

    papermill_engines.register("kamtools-report", ReportEngine)
    return "kamtools-report"


class _Interrupted(Exception):
    """The run was stopped (Ctrl-C or SIGTERM) while notebooks were running."""


def _execute(nb: Path, folder: Path, run: NotebookRun, timeout: float | None = None,
             kernel: _Kernel | None = None, stop: threading.Event | None = None) -> NotebookRun:
    import papermill as pm

    start = time.perf_counter()
    target = folder / run.output
    try:
        if run.status == "failed":  # refused while planning (e.g. no parameters cell)
            return run
        declared = notebook_parameters(nb)
        unknown = sorted(set(run.parameters) - set(declared))
        if unknown:
            raise ValueError(f"{nb.name} does not declare parameter(s) {', '.join(unknown)}")
        pm.execute_notebook(
            str(nb),
            str(target),
            parameters=run.parameters,
            engine_name=_engine(),
            kernel_name="python3",
            kernel_cwd=str(folder),
            kernel=kernel,
            stop=stop,
            execution_timeout=timeout,
            progress_bar=False,
            log_output=False,
            # The kernel's own start-up notices (e.g. about its local transport) would clutter
            # the command's output; errors still show.
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
        run.html = _to_html(target)
        run.status = "ok"
    except Exception as exc:  # one failing notebook never stops the others
        run.status = "failed"
        run.error = _error_text(exc)
        if kernel is not None:
            kernel.close()  # the next notebook gets a fresh kernel
    finally:
        run.duration = round(time.perf_counter() - start, 2)
    return run


def _execute_series(queue: deque, folder: Path, timeout: float | None, done: Callable[[NotebookRun], None],
                    kernels: list[_Kernel], stop: threading.Event) -> None:
    """Take notebooks from ``queue`` until it is empty, all in one kept kernel."""
    kernel = _Kernel()
    kernels.append(kernel)
    try:
        while not stop.is_set():
            try:
                nb, r = queue.popleft()
            except IndexError:
                return
            done(_execute(nb, folder, r, timeout, kernel, stop))
    finally:
        kernel.close()


def _execute_one(nb: Path, folder: Path, r: NotebookRun, timeout: float | None,
                 done: Callable[[NotebookRun], None], kernels: list[_Kernel], stop: threading.Event) -> None:
    """Run one notebook in a kernel of its own."""
    if stop.is_set():
        return
    kernel = _Kernel()
    kernels.append(kernel)
    try:
        done(_execute(nb, folder, r, timeout, kernel, stop))
    finally:
        kernel.close()


def _error_text(exc: Exception) -> str:
    name = getattr(exc, "ename", None) or type(exc).__name__
    value = getattr(exc, "evalue", None) or str(exc)
    return f"{name}: {value}".strip()[:2000]


#: One HTML exporter per worker thread, kept for its next notebook (setting one up loads its templates).
_EXPORTERS = threading.local()


def _to_html(ipynb: Path) -> str:
    import nbformat
    from nbconvert import HTMLExporter

    exporter = getattr(_EXPORTERS, "html", None)
    if exporter is None:
        exporter = _EXPORTERS.html = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                                                  exclude_output_prompt=True)
    nb = nbformat.read(str(ipynb), as_version=4)
    body, _ = exporter.from_notebook_node(nb)
    out = ipynb.with_suffix(".html")
    out.write_text(body, encoding="utf-8")
    return out.name




def select_accounts(
    data,
    as_of: dt.date,
    policy: dict,
    accounts: list[str] | None = None,
    account_manager: str | None = None,
) -> list[str]:
    """The customers that get an account plan.

    Given ``accounts``, exactly those (unknown ids are an error). Otherwise the key
    accounts of the pyramid in order of value, of one account manager when
    ``account_manager`` is given, up to ``report.account_plan_cap``.
    """
    customers = data.customers
    if accounts:
        known = set(customers["customer_id"])
        unknown = [a for a in accounts if a not in known]
        if unknown:
            raise ValueError(f"unknown customer id(s) for --accounts: {', '.join(unknown)}")
        return list(dict.fromkeys(accounts))
    from . import segments

    tiers = segments.pyramid(data, as_of, policy)
    key = tiers[(tiers["tier"] == "key") & (tiers["kind"] == "customer")]
    if account_manager:
        managers = customers.set_index("customer_id")["account_manager"]
        if account_manager not in set(managers):
            raise ValueError(f"unknown account manager for --account-manager: {account_manager!r}")
        key = key[key.index.map(managers) == account_manager]
    order = key.sort_values(["revenue_12m", "composite"], ascending=False, kind="mergesort")
    return list(order.index[: int(policy["report"]["account_plan_cap"])])


def _declared(nb: Path) -> tuple[dict, str | None]:
    """The parameters ``nb`` declares, or an empty dict and the reason it cannot run."""
    try:
        return notebook_parameters(nb), None
    except Exception as exc:  # noqa: BLE001 - reported as that notebook's failure
        return {}, _error_text(exc)


def _plan_runs(books: list[Path], period: str, store: Path, policy_path: str, account_ids: list[str],
               names: dict[str, str] | None = None):
    """One (notebook, run) per notebook; notebooks declaring ``customer_id`` once per account.

    A notebook whose parameters cannot be read (no cell tagged ``parameters``, not a
    notebook) is planned as failed, with the reason; the others still run.
    """
    names = names or {}
    planned = []
    for nb in books:
        declared, problem = _declared(nb)
        base = {"period": period, "db": str(store), "policy": policy_path}
        if "output_dir" in declared:
            base["output_dir"] = "."
        name = str(nb.relative_to(paths.ROOT)) if nb.is_relative_to(paths.ROOT) else str(nb)
        if "customer_id" in declared:
            for cid in account_ids:
                planned.append((nb, NotebookRun(notebook=name, output=f"{nb.stem}_{safe_name(cid)}.ipynb",
                                                parameters={**base, "customer_id": cid}, customer_id=cid,
                                                customer_name=names.get(cid))))
        else:
            r = NotebookRun(notebook=name, output=nb.name, parameters=base)
            if problem:
                r.status, r.error = "failed", problem
            planned.append((nb, r))
    return planned


#: Notebooks may run this long each, in seconds, unless ``timeout`` says otherwise.
DEFAULT_TIMEOUT = 1800


def run(
    period: str | None = None,
    db: str | os.PathLike | None = None,
    policy: str | os.PathLike | None = None,
    out: str | os.PathLike = paths.REPORTS_DIR,
    jobs: int = 1,
    notebooks: list[Path] | None = None,
    accounts: list[str] | None = None,
    account_manager: str | None = None,
    progress: bool = True,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> ReportResult:
    """Run every report notebook for ``period`` into ``out/<period>/``.

    Parameters
    ----------
    period
        ``YYYY-MM``; default: the latest complete month of the store's invoices.
    db
        The DuckDB store; default ``data/kam.duckdb`` (built from the committed
        sample when missing).
    policy
        A YAML policy file overriding the defaults, passed to every notebook.
    out
        Folder holding one sub-folder per period.
    jobs
        Notebooks run at once.
    notebooks
        The notebooks to run (default: every notebook of ``notebooks/reports``).
    accounts, account_manager
        Choose the account plans: these customer ids, or the key accounts of one
        account manager (default: key accounts by value up to the policy's cap).
    progress
        Show a progress bar across the notebooks.
    timeout
        Seconds a notebook cell may run before the notebook counts as failed (None: no limit).

    The account plans run one after another in a few kernels kept for them (one per job),
    each plan starting from an empty namespace. Ctrl-C or SIGTERM stops the run: running
    kernels are shut down, nothing more starts, and the period folder is left as it was.
    """
    from tqdm.auto import tqdm

    from ._plotbase import cjk_font
    from .policy import load_policy
    from .store import KamData

    store = ensure_store(db).resolve()
    latest = store_period(store)
    period = check_period(period) if period else latest
    policy_path = ""
    if policy:
        policy_path = str(Path(policy).resolve())
    pol = load_policy(policy_path or None)  # a bad policy stops the run before anything starts
    if accounts and account_manager:
        raise ValueError("give either --accounts or --account-manager, not both")
    out = Path(out).resolve()
    books = notebooks if notebooks is not None else report_notebooks()
    if not books:
        raise FileNotFoundError(f"no report notebooks in {paths.REPORT_NOTEBOOKS_DIR}")
    account_ids: list[str] = []
    names: dict[str, str] = {}
    if any("customer_id" in _declared(nb)[0] for nb in books):
        data = KamData(db=store)
        try:
            account_ids = select_accounts(data, period_bounds(period)[1], pol, accounts, account_manager)
            cust = data.customers
            names = dict(zip(cust["customer_id"].astype("str"), cust["name"].astype("str")))
        finally:
            data.close()
    planned = _plan_runs(books, period, store, policy_path, account_ids, names)
    runs = [r for _, r in planned]
    notices = []
    if period > latest:
        notices.append(f"the data cover {latest} completely and {period} not (or not at all): "
                       f"the figures of {period} are incomplete")
    if cjk_font() is None:
        notices.append("no CJK font is installed: Chinese names in the charts show as boxes "
                       "(install one: `sudo make fonts`, i.e. apt-get install fonts-noto-cjk)")

    with _period_lock(out, period), _stop_on_sigterm(), _kernel_environment():
        _remove_leftovers(out, period)
        tmp = Path(tempfile.mkdtemp(prefix=f".{period}.building-", dir=out))
        # the notebooks of this run compute each shared result once (KamData.shared_result)
        saved_shared = os.environ.get(SHARED_ENV)
        os.environ[SHARED_ENV] = str(tmp / ".shared")
        stop = threading.Event()
        kernels: list[_Kernel] = []
        try:
            bar = tqdm(total=len(runs), desc=f"report {period}", unit="notebook", disable=not progress)
            bar_lock = threading.Lock()

            def done(r: NotebookRun) -> None:
                with bar_lock:
                    bar.set_postfix_str(f"{r.output} {r.status}")
                    bar.update(1)

            pool = ThreadPoolExecutor(max_workers=max(1, jobs))
            futures = []
            try:
                # Notebooks that take prepared book tables (the account plans) wait for them
                # and run in kept kernels; the others start at once, each in its own kernel.
                shared = [(nb, r) for nb, r in planned if "book" in _declared(nb)[0] and r.status != "failed"]
                alone = [(nb, r) for nb, r in planned if not any(r is s for _, s in shared)]
                futures += [pool.submit(_execute_one, nb, tmp, r, timeout, done, kernels, stop)
                            for nb, r in alone]
                if shared:
                    book_dir, problem = _prepare_book(store, period, policy_path, tmp / ".book")
                    if problem:
                        notices.append(f"the book tables shared by the account plans could not be prepared "
                                       f"({problem}): each plan computed them itself")
                    for _, r in shared:
                        if book_dir is not None:
                            # relative to the period folder, where the kernels run: the same in every run
                            r.parameters["book"] = book_dir.name
                    queue = deque(shared)
                    futures += [pool.submit(_execute_series, queue, tmp, timeout, done, kernels, stop)
                                for _ in range(min(max(1, jobs), len(shared)))]
                for fut in futures:
                    fut.result()
            except BaseException:
                stop.set()
                pool.shutdown(wait=False, cancel_futures=True)
                while not all(f.done() for f in futures):  # kernels still starting are killed too
                    for k in list(kernels):
                        _kill(k.pid())
                    time.sleep(0.2)
                raise
            pool.shutdown(wait=True)
            bar.close()
            shutil.rmtree(tmp / ".book", ignore_errors=True)
            shutil.rmtree(tmp / ".shared", ignore_errors=True)
            runs = [r for _, r in planned]
            result = ReportResult(period=period, folder=out / period, runs=runs, notices=notices)
            _write_manifest(tmp, result, store, policy_path)
            _write_index(tmp, result)
            _move_into_place(tmp, out / period)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        finally:
            if saved_shared is None:
                os.environ.pop(SHARED_ENV, None)
            else:
                os.environ[SHARED_ENV] = saved_shared
    return result


def _kill(pid: int | None) -> None:
    if pid:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


@contextmanager
def _stop_on_sigterm() -> Iterator[None]:
    """SIGTERM stops the run like Ctrl-C does (so the temporary folder is removed)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise KeyboardInterrupt(f"stopped by signal {signum}")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _remove_leftovers(out: Path, period: str) -> None:
    """Folders of an earlier run of ``period`` that was killed before it could clean up.

    Called under the period's lock, so no other run is building them. A period folder that
    was moved aside but not replaced (a crash between the two renames) is put back.
    """
    final = out / period
    for old in sorted(out.glob(f".{period}.old-*")):
        if not final.exists():
            os.replace(old, final)
        else:
            shutil.rmtree(old, ignore_errors=True)
    for tmp in out.glob(f".{period}.building-*"):
        shutil.rmtree(tmp, ignore_errors=True)


def _prepare_book(store: Path, period: str, policy_path: str, folder: Path) -> tuple[Path | None, str | None]:
    """Compute the book-level tables the account plans share, once: their folder, or None and
    the reason (each plan then computes them itself and reports its own error)."""
    from .portfolio import book_tables
    from .store import KamData

    data = KamData(db=store)
    try:
        return book_tables(data, period_bounds(period)[1], policy_path or None).save(folder), None
    except Exception as exc:  # noqa: BLE001 - the plans report the problem themselves
        return None, _error_text(exc)
    finally:
        data.close()


def _write_manifest(folder: Path, result: ReportResult, store: Path, policy: str) -> None:
    manifest = {
        "period": result.period,
        "store": str(store),
        "policy": policy or None,
        "created": dt.datetime.now().isoformat(timespec="seconds"),
        "ok": result.ok,
        "notices": result.notices,
        "notebooks": [asdict(r) for r in result.runs],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")


def _link(href: str, text: str) -> str:
    """An HTML link to a file of the period folder; both parts escaped."""
    return f'<a href="{html.escape(urllib.parse.quote(href))}">{html.escape(text)}</a>'


def _run_row(r: NotebookRun, label: str, folder: Path) -> str:
    link = _link(r.html, label) if r.html else html.escape(label)
    source = _link(r.output, "notebook") if (folder / r.output).is_file() else "not run"
    return (f'<tr class="{html.escape(r.status)}"><td>{link}</td><td>{source}</td>'
            f"<td>{html.escape(r.status)}</td><td>{r.duration:.1f} s</td><td>{html.escape(r.error or '')}</td></tr>")


def _files_list(title: str, files: list[str]) -> str:
    if not files:
        return ""
    items = "".join(f"<li>{_link(f, f)}</li>" for f in files)
    return f"<h2>{html.escape(title)}</h2><ul>{items}</ul>\n"


def _write_index(folder: Path, result: ReportResult) -> None:
    """The period's front page: each notebook and account plan with its status, and the files written.

    The credit forms section links the register first (every customer whose limit changes,
    ``credit_forms/credit_forms_register_<period>.xlsx``), then the individual forms. Every
    name shown (notebooks, customer names, files) is HTML-escaped.
    """
    head = "<tr><th>report</th><th>source</th><th>status</th><th>time</th><th>error</th></tr>"
    pages = [r for r in result.runs if r.customer_id is None]
    plans = [r for r in result.runs if r.customer_id is not None]
    rows = "".join(_run_row(r, r.output, folder) for r in pages)
    plan_rows = "".join(
        _run_row(r, f"{r.customer_name or r.customer_id} ({r.customer_id})", folder) for r in plans)
    plans_html = (f"<h2>Account plans ({len(plans)})</h2>\n<table>{head.replace('report', 'customer', 1)}"
                  f"{plan_rows}</table>\n" if plans else "")
    worklists = sorted(p.name for p in folder.glob("*.xlsx"))
    forms_dir = folder / "credit_forms"
    forms = sorted(p.relative_to(folder).as_posix() for p in forms_dir.glob("*.xlsx")) if forms_dir.is_dir() else []
    registers = [f for f in forms if re.fullmatch(r"credit_forms/credit_forms_register_\d{4}-\d{2}\.xlsx", f)]
    forms = [f for f in forms if f not in registers]
    forms_html = ""
    if forms or registers:
        parts = [f"<h2>Credit forms ({len(forms)})</h2>"]
        for f in registers:
            parts.append(f'<p class="register"><strong>{_link(f, "Register: every customer whose limit changes")}'
                         f"</strong> ({html.escape(Path(f).name)}): the content of each limit application, the "
                         "approvals that matter first; its form_file column names each customer's forms workbook "
                         "or gives the command that writes it.</p>")
        if forms:
            items = "".join(f"<li>{_link(f, f)}</li>" for f in forms)
            parts.append("<p>Full forms (survey, scoring sheet, limit application), one workbook per customer:</p>"
                         f"<ul>{items}</ul>")
        forms_html = "\n".join(parts) + "\n"
    status = "all notebooks ok" if result.ok else "SOME NOTEBOOKS FAILED"
    notes = "".join(f'<p class="note">Note: {html.escape(n)}</p>\n' for n in result.notices)
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>KAM report {html.escape(result.period)}</title>
<style>
body {{ font-family: system-ui, "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #ccc; padding: .3em .6em; }}
tr.failed td {{ background: #fde2e2; }} tr.ok td:nth-child(3) {{ color: #0a6b2d; }}
</style></head><body>
<h1>Key account report {html.escape(result.period)}</h1>
<p>{status}. Machine-readable: <a href="manifest.json">manifest.json</a>.</p>
{notes}
<table>{head}
{rows}
</table>
{plans_html}{_files_list("Worklists", worklists)}{forms_html}</body></html>
"""
    (folder / "index.html").write_text(page, encoding="utf-8")


def _move_into_place(tmp: Path, final: Path) -> None:
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.old-{os.getpid()}")
        os.replace(final, old)
    try:
        os.replace(tmp, final)
    except BaseException:
        if old is not None:
            os.replace(old, final)  # the previous period stays as it was
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
