"""The monthly report: every notebook of ``notebooks/reports/`` run with papermill.

:func:`run` builds ``reports/<period>/`` in a temporary folder beside it and moves
it into place when done, so a crashed or interrupted run never leaves a
half-written period and a re-run replaces the period whole. Two runs of the same
period wait for each other (a lock file). One failing notebook does not stop the
others; the result, ``manifest.json`` and ``index.html`` name each failure.
"""
from __future__ import annotations

import calendar
import datetime as dt
import fcntl
import html
import json
import os
import re
import shutil
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import paths

PERIOD_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


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

    @property
    def ok(self) -> bool:
        return all(r.status == "ok" for r in self.runs)

    def summary(self) -> str:
        failed = [r for r in self.runs if r.status != "ok"]
        lines = [f"report {self.period}: {len(self.runs) - len(failed)} of {len(self.runs)} notebooks ok "
                 f"-> {self.folder / 'index.html'}"]
        for r in failed:
            lines.append(f"  FAILED {r.output}: {r.error}")
        return "\n".join(lines)


def check_period(period: str) -> str:
    """Validate a ``YYYY-MM`` period string.

    >>> check_period("2026-10")
    '2026-10'
    >>> check_period("2026-13")
    Traceback (most recent call last):
    ...
    ValueError: period must look like YYYY-MM (e.g. 2026-10), got '2026-13'
    """
    if not isinstance(period, str) or not PERIOD_RE.match(period):
        raise ValueError(f"period must look like YYYY-MM (e.g. 2026-10), got {period!r}")
    return period


def latest_complete_month(last_date: dt.date) -> str:
    """The latest month that the data covers completely.

    >>> latest_complete_month(dt.date(2026, 10, 31))
    '2026-10'
    >>> latest_complete_month(dt.date(2026, 11, 20))
    '2026-10'
    """
    if last_date.day == calendar.monthrange(last_date.year, last_date.month)[1]:
        return f"{last_date.year:04d}-{last_date.month:02d}"
    first = last_date.replace(day=1) - dt.timedelta(days=1)
    return f"{first.year:04d}-{first.month:02d}"


def ensure_store(db: str | os.PathLike | None) -> Path:
    """The store to report on; the default store is built from the committed sample when missing."""
    target = Path(db) if db else paths.default_db()
    if target.exists():
        return target
    if target.resolve() != paths.default_db().resolve():
        raise FileNotFoundError(f"store {target} does not exist (create it with `kam import SOURCE --db {target}`)")
    from .validation import import_source

    print(f"no store at {target}: importing the committed sample from {paths.SAMPLE_DIR}")
    import_source(paths.SAMPLE_DIR, target)
    return target


def data_period(data) -> str:
    """The latest complete month of the invoices of ``data`` (a :class:`~kamtools.KamData`).

    >>> import kamtools as kt
    >>> data_period(kt.sample_data(customers=20, years=1, seed=1, end="2026-10-31"))
    '2026-10'
    """
    last = data.sql("select max(invoice_date) as last from invoices")["last"].iloc[0]
    if last is None or last != last:  # None or NaT
        raise ValueError(f"{data!r} holds no invoices: give the period explicitly")
    return latest_complete_month(last.date() if hasattr(last, "date") else last)


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """First and last day of a ``YYYY-MM`` period.

    >>> period_bounds("2024-02")
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    """
    year, month = map(int, check_period(period).split("-"))
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


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
    """The parameters a notebook declares; raises when it has no ``parameters`` cell."""
    import papermill as pm

    params = pm.inspect_notebook(str(path))
    if not params:
        raise ValueError(f"{path.name} has no cell tagged 'parameters'")
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


def _execute(nb: Path, folder: Path, run: NotebookRun) -> NotebookRun:
    import papermill as pm

    start = time.perf_counter()
    target = folder / run.output
    try:
        declared = notebook_parameters(nb)
        unknown = sorted(set(run.parameters) - set(declared))
        if unknown:
            raise ValueError(f"{nb.name} does not declare parameter(s) {', '.join(unknown)}")
        pm.execute_notebook(
            str(nb),
            str(target),
            parameters=run.parameters,
            kernel_name="python3",
            cwd=str(folder),
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
    run.duration = round(time.perf_counter() - start, 2)
    return run


def _error_text(exc: Exception) -> str:
    name = getattr(exc, "ename", None) or type(exc).__name__
    value = getattr(exc, "evalue", None) or str(exc)
    return f"{name}: {value}".strip()[:2000]


def _to_html(ipynb: Path) -> str:
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    nb = nbformat.read(str(ipynb), as_version=4)
    body, _ = exporter.from_notebook_node(nb)
    out = ipynb.with_suffix(".html")
    out.write_text(body, encoding="utf-8")
    return out.name


def safe_name(text: str) -> str:
    """A file-name-safe form of an account id.

    >>> safe_name("C000123"), safe_name("A/B 7")
    ('C000123', 'A_B_7')
    """
    return re.sub(r"[^A-Za-z0-9_.-]", "_", str(text))[:80] or "account"


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


def _plan_runs(books: list[Path], period: str, store: Path, policy_path: str, account_ids: list[str],
               names: dict[str, str] | None = None):
    """One (notebook, run) per notebook; notebooks declaring ``customer_id`` once per account."""
    names = names or {}
    planned = []
    for nb in books:
        declared = notebook_parameters(nb)
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
            planned.append((nb, NotebookRun(notebook=name, output=nb.name, parameters=base)))
    return planned


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
    """
    from tqdm.auto import tqdm

    from .policy import load_policy
    from .store import KamData

    store = ensure_store(db).resolve()
    period = check_period(period) if period else store_period(store)
    policy_path = ""
    if policy:
        policy_path = str(Path(policy).resolve())
    pol = load_policy(policy_path or None)  # a bad policy stops the run before anything starts
    out = Path(out).resolve()
    books = notebooks if notebooks is not None else report_notebooks()
    if not books:
        raise FileNotFoundError(f"no report notebooks in {paths.REPORT_NOTEBOOKS_DIR}")
    account_ids: list[str] = []
    names: dict[str, str] = {}
    if any("customer_id" in notebook_parameters(nb) for nb in books):
        data = KamData(db=store)
        try:
            account_ids = select_accounts(data, period_bounds(period)[1], pol, accounts, account_manager)
            cust = data.customers
            names = dict(zip(cust["customer_id"].astype("str"), cust["name"].astype("str")))
        finally:
            data.close()
    planned = _plan_runs(books, period, store, policy_path, account_ids, names)
    runs = [r for _, r in planned]

    with _period_lock(out, period):
        tmp = Path(tempfile.mkdtemp(prefix=f".{period}.building-", dir=out))
        try:
            bar = tqdm(total=len(runs), desc=f"report {period}", unit="notebook", disable=not progress)
            with _kernel_environment(), ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
                # Notebooks that take prepared book tables (the account plans) wait for them;
                # the others start at once.
                shared = [(nb, r) for nb, r in planned if "book" in notebook_parameters(nb)]
                futures = [pool.submit(_execute, nb, tmp, r) for nb, r in planned if (nb, r) not in shared]
                if shared:
                    book_dir = _prepare_book(store, period, policy_path, tmp / ".book")
                    for _, r in shared:
                        if book_dir is not None:
                            r.parameters["book"] = str(book_dir)
                    futures += [pool.submit(_execute, nb, tmp, r) for nb, r in shared]
                for fut in futures:
                    r = fut.result()
                    bar.set_postfix_str(f"{r.output} {r.status}")
                    bar.update(1)
            bar.close()
            shutil.rmtree(tmp / ".book", ignore_errors=True)
            runs = [r for _, r in planned]
            result = ReportResult(period=period, folder=out / period, runs=runs)
            _write_manifest(tmp, result, store, policy_path)
            _write_index(tmp, result)
            _move_into_place(tmp, out / period)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return result


def _prepare_book(store: Path, period: str, policy_path: str, folder: Path) -> Path | None:
    """Compute the book-level tables the account plans share, once; None when that fails
    (each plan then computes them itself and reports its own error)."""
    from .portfolio import book_tables
    from .store import KamData

    data = KamData(db=store)
    try:
        return book_tables(data, period_bounds(period)[1], policy_path or None).save(folder)
    except Exception:  # noqa: BLE001 - the plans report the problem themselves
        return None
    finally:
        data.close()


def _write_manifest(folder: Path, result: ReportResult, store: Path, policy: str) -> None:
    manifest = {
        "period": result.period,
        "store": str(store),
        "policy": policy or None,
        "created": dt.datetime.now().isoformat(timespec="seconds"),
        "ok": result.ok,
        "notebooks": [asdict(r) for r in result.runs],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")


def _link(href: str, text: str) -> str:
    """An HTML link to a file of the period folder; both parts escaped."""
    return f'<a href="{html.escape(urllib.parse.quote(href))}">{html.escape(text)}</a>'


def _run_row(r: NotebookRun, label: str) -> str:
    link = _link(r.html, label) if r.html else html.escape(label)
    return (f'<tr class="{html.escape(r.status)}"><td>{link}</td><td>{_link(r.output, "notebook")}</td>'
            f"<td>{html.escape(r.status)}</td><td>{r.duration:.1f} s</td><td>{html.escape(r.error or '')}</td></tr>")


def _files_list(title: str, files: list[str]) -> str:
    if not files:
        return ""
    items = "".join(f"<li>{_link(f, f)}</li>" for f in files)
    return f"<h2>{html.escape(title)}</h2><ul>{items}</ul>\n"


def _write_index(folder: Path, result: ReportResult) -> None:
    """The period's front page: each notebook and account plan with its status, and the files written.

    Every name shown (notebooks, customer names, files) is HTML-escaped.
    """
    head = "<tr><th>report</th><th>source</th><th>status</th><th>time</th><th>error</th></tr>"
    pages = [r for r in result.runs if r.customer_id is None]
    plans = [r for r in result.runs if r.customer_id is not None]
    rows = "".join(_run_row(r, r.output) for r in pages)
    plan_rows = "".join(
        _run_row(r, f"{r.customer_name or r.customer_id} ({r.customer_id})") for r in plans)
    plans_html = (f"<h2>Account plans ({len(plans)})</h2>\n<table>{head.replace('report', 'customer', 1)}"
                  f"{plan_rows}</table>\n" if plans else "")
    worklists = sorted(p.name for p in folder.glob("*.xlsx"))
    forms = sorted(p.relative_to(folder).as_posix() for p in (folder / "credit_forms").glob("*.xlsx")) \
        if (folder / "credit_forms").is_dir() else []
    status = "all notebooks ok" if result.ok else "SOME NOTEBOOKS FAILED"
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>KAM report {html.escape(result.period)}</title>
<style>
body {{ font-family: system-ui, "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #ccc; padding: .3em .6em; }}
tr.failed td {{ background: #fde2e2; }} tr.ok td:nth-child(3) {{ color: #0a6b2d; }}
</style></head><body>
<h1>Key account report {html.escape(result.period)}</h1>
<p>{status}. Machine-readable: <a href="manifest.json">manifest.json</a>.</p>
<table>{head}
{rows}
</table>
{plans_html}{_files_list("Worklists", worklists)}{_files_list(f"Credit forms ({len(forms)})", forms)}</body></html>
"""
    (folder / "index.html").write_text(page, encoding="utf-8")


def _move_into_place(tmp: Path, final: Path) -> None:
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.old-{os.getpid()}")
        os.replace(final, old)
    os.replace(tmp, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
