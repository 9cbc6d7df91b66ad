"""The ``kam`` command.

Each sub-command is a thin wrapper around a library function. Problems with the
user's input end with a readable message and a non-zero exit code, never a
traceback (``--debug`` shows one).
"""

from __future__ import annotations

import argparse
import importlib
import math
import sys
import time
from pathlib import Path

from . import paths
from .output.dictionary import data_dictionary
from .store import DataError, KamData, StoreError, check_store, is_duckdb_file
from .store_file import engine_settings


def _load(module: str, name: str):
    """``name`` from ``module``, imported when its sub-command runs: the heavier parts of the
    workbook (papermill, nbconvert, matplotlib) load only for the commands that need them,
    so ``kam --help`` and ``kam export`` start in about a second."""
    return getattr(importlib.import_module(module), name)


EXIT_DATA = 2  # bad input data or arguments
EXIT_FAILED = 1  # a run that finished with failures
#: Months of snapshots the sample book gets (`kam sample`).
SAMPLE_SNAPSHOT_MONTHS = 24


def _cmd_sample(args: argparse.Namespace) -> int:
    sample_data = _load("kamtools.sample", "sample_data")
    start = time.perf_counter()
    data = sample_data(customers=args.customers, years=args.years, seed=args.seed, end=args.end)
    data = _with_snapshots(data, args)
    out = Path(args.out)
    if out.suffix == ".duckdb":
        data.save(out)
    else:
        data.to_csv(out, encoding="utf-8")  # plain UTF-8: the committed sample stays byte-stable
        plans = _load("kamtools.report.plan_init", "sample_plans")(data, out / "plans", args.end)
        print(f"wrote {len(plans)} account plan files into {out / 'plans'}")
    counts = ", ".join(f"{name} {len(data.table(name)):,}" for name in data.tables)
    print(f"wrote {out} ({counts}) in {time.perf_counter() - start:.1f} s")
    return 0


def _with_snapshots(data: KamData, args: argparse.Namespace) -> KamData:
    """The sample book with its history of snapshots: one per month of the last two years (of the
    sample's years, when fewer), the last one the snapshot of the sample's last month."""
    periods, sample_history = _load("kamtools.periods", "period_of"), _load("kamtools.snapshots", "sample_history")
    as_date = _load("kamtools.periods", "as_date")
    end = as_date(args.end, "--end")
    months = min(SAMPLE_SNAPSHOT_MONTHS, 12 * args.years)
    snaps = sample_history(data, periods(end), months=months, seed=args.seed, end=end)
    return KamData({**{name: data.table(name) for name in data.tables}, "snapshots": snaps})


def _cmd_snapshot(args: argparse.Namespace) -> int:
    store_snapshot = _load("kamtools.snapshots", "store_snapshot")
    db = Path(args.db) if args.db else paths.default_db()
    period = args.period or _load("kamtools.report.runner", "store_period")(check_store(db))
    rows = store_snapshot(db, period, args.policy)
    tiers = rows["tier"].value_counts()
    shown = ", ".join(f"{t} {int(tiers.get(t, 0)):,}" for t in ("key", "ordinary", "prospect", "unattractive"))
    print(f"stored the snapshot of {period} in {db}: {len(rows):,} customers ({shown}); earlier periods kept")
    return 0


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _failed(args: argparse.Namespace, message: str, exc: BaseException) -> int:
    """An unexpected error in import or export: one readable line and exit code 2
    (the traceback only with ``--debug``)."""
    if args.debug:
        raise exc
    print(f"kam {args.command}: error: {message}: {_first_line(exc)}", file=sys.stderr)
    return EXIT_DATA


def _cmd_import(args: argparse.Namespace) -> int:
    import_source = _load("kamtools.ingest", "import_source")
    try:
        summary = import_source(args.source, args.db, mapping=args.mapping)
    except DataError:
        raise
    except Exception as exc:  # the store is written atomically: a failure leaves it as it was
        return _failed(args, f"the import failed and {args.db} was left as it was", exc)
    print(summary)
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    db = check_store(args.db)  # a broken store: StoreError says what is wrong and what fixes it
    try:
        data = KamData(db=db)
    except Exception as exc:  # duckdb.Error (locked, corrupt, newer format), OSError
        return _failed(args, f"cannot open the store {args.db}", exc)
    export_csv = _load("kamtools.output.csv_export", "export_csv")
    refused = _load("kamtools.output.csv_export", "ExportRefused")
    try:
        out = export_csv(data, args.out, excel_safe=args.excel_safe, force=args.force)
    except refused as exc:
        print(f"kam export: error: {exc}", file=sys.stderr)
        return EXIT_DATA
    except Exception as exc:  # the set is written aside and moved into place: a failure leaves the folder as it was
        return _failed(args, f"cannot export to {args.out}, which was left as it was", exc)
    finally:
        data.close()
    safe = "; text Excel would run as a formula starts with '" if args.excel_safe else ""
    print(f"exported {', '.join(data.tables)} to {out} (UTF-8 with a byte-order mark, for Excel{safe})")
    return 0


def _cmd_dictionary(args: argparse.Namespace) -> int:
    text = data_dictionary() + "\n"
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


def _positive_int(text: str) -> int:
    """``--jobs``: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, got {text!r}")
    return value


def _seconds(text: str) -> float:
    """``--timeout``: a finite number of seconds, 0 or more (0: no limit)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, 0 or more (0: no limit), got {text!r}")
    return value


def _accounts_file(path: str) -> list[str]:
    """``--accounts-file``: the customer ids of a UTF-8 text file, one per line, each taken whole
    (commas included); blank lines are skipped."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise argparse.ArgumentTypeError(f"{path} is not UTF-8 text: save it as UTF-8") from None
    except OSError as exc:
        raise argparse.ArgumentTypeError(f"cannot read {path}: {exc.strerror or exc}") from None
    ids = [line.strip() for line in text.splitlines() if line.strip()]
    if not ids:
        raise argparse.ArgumentTypeError(f"{path} lists no customer id (one id per line)")
    return ids


def _account_ids(args: argparse.Namespace) -> list[str] | None:
    """The customer ids of ``--accounts`` (each value split at commas) and ``--accounts-file``
    (whole lines), in the order given, once each; None when neither is given."""
    ids = [a.strip() for value in args.accounts or [] for a in value.split(",") if a.strip()]
    ids += [a for listed in args.accounts_file or [] for a in listed]
    return list(dict.fromkeys(ids)) or None


def _cmd_report(args: argparse.Namespace) -> int:
    run, default_jobs = _load("kamtools.report", "run"), _load("kamtools.report", "DEFAULT_JOBS")
    accounts = _account_ids(args)
    result = run(
        period=args.period,
        db=args.db,
        policy=args.policy,
        out=args.out,
        jobs=args.jobs or default_jobs,
        accounts=accounts,
        account_manager=args.account_manager,
        timeout=args.timeout if args.timeout > 0 else None,
        replace=args.replace,
        force=args.force,
        pdf=args.pdf,
        language=args.lang,
        plans=args.plans,
        snapshot=not args.no_snapshot,
    )
    print(result.summary())
    return 0 if result.ok else EXIT_FAILED


def _cmd_credit_forms(args: argparse.Namespace) -> int:
    db = Path(args.db) if args.db else paths.default_db()
    if db.suffix == ".duckdb" or (db.is_file() and is_duckdb_file(db)):
        if args.db or db.exists():  # no default store: the forms come from the committed sample
            check_store(db)  # a broken store: StoreError says what is wrong and what fixes it
    cli_main = _load("kamtools.output.forms", "cli_main")
    return cli_main(args)


def _cmd_training(args: argparse.Namespace) -> int:
    if not args.student and not args.guide:
        raise ValueError(
            "give --student OUT_DIR (the participants' copies), --guide FILE (the trainer's guide) or both"
        )
    written = []
    if args.student:  # refused before any data is read when it would overwrite a participant's work
        written = _load("kamtools.training", "write_student_copies")(args.student, args.source, force=args.force)
    ctx = _load("kamtools.report", "report_context")(args.period or "", args.db or "")
    if args.student:
        key = _load("kamtools.training.answers", "write_key")(args.student, ctx.data, ctx.as_of)
        sheets = _load("kamtools.training.worksheets", "write_worksheets")(
            Path(args.student) / "worksheets", ctx.data, ctx.as_of, ctx.policy
        )
        print(
            f"wrote {len(written)} student notebooks to {args.student} (solutions replaced by exercises), their "
            f"answer key {key.name} for the data at {ctx.as_of} and {len(sheets)} printable worksheets in worksheets/"
        )
    if args.guide:
        guide = _load("kamtools.training.guide", "write_guide")(args.guide, ctx.data, ctx.as_of, ctx.policy)
        print(
            f"wrote the facilitator guide {guide} with the expected answers on the data at {ctx.as_of} (trainer only)"
        )
    return 0


def _cmd_plan(args: argparse.Namespace) -> int:
    return _load("kamtools.report.plan_command", "plan_main")(args)


def _cmd_letters(args: argparse.Namespace) -> int:
    return _load("kamtools.output.collections_command", "letters_main")(args)


def _cmd_statement(args: argparse.Namespace) -> int:
    return _load("kamtools.output.collections_command", "statement_main")(args)


def _cmd_calendar(args: argparse.Namespace) -> int:
    return _load("kamtools.output.calendar_command", "calendar_main")(args)


def _cmd_import_calls(args: argparse.Namespace) -> int:
    return _load("kamtools.output.call_import", "import_calls_main")(args)


def _add_collection_parsers(sub) -> None:
    """``kam letters``, ``kam statement``, ``kam calendar`` and ``kam import-calls``."""
    p = sub.add_parser(
        "letters",
        help="write the dunning letters (催款函) of a period as Word documents, with their register",
        description="One letter per customer whose dunning level (policy receivables.dunning) has a letter, in "
        "<out>/<period>/letters/ (written aside and moved into place), with letters_register_<period>.xlsx; "
        "PDF beside each where LibreOffice is installed.",
    )
    p.add_argument("--period", default=None, help="YYYY-MM; default: the latest complete month of the data")
    p.add_argument("--db", default=None, help="store (default data/kam.duckdb, else the committed sample)")
    p.add_argument("--policy", default=None, help="YAML policy overriding the defaults")
    p.add_argument("--out", default=str(paths.REPORTS_DIR), help="folder of the periods (default reports/)")
    p.add_argument("--customer", action="append", default=None, metavar="ID", help="only this customer's letter")
    p.set_defaults(func=_cmd_letters)

    p = sub.add_parser(
        "statement",
        help="write statements of account (对账单) with a balance confirmation, as Excel and Word",
        description="Opening balance, the month's invoices, credit notes and payments with the running balance, "
        "the closing balance and its aging, and a confirmation block to sign and return; into "
        "<out>/<period>/statements/.",
    )
    p.add_argument("--customer", action="append", default=None, metavar="ID", help="customer id (may be repeated)")
    p.add_argument("--key-accounts", action="store_true", help="every key account's statement")
    p.add_argument("--period", default=None, help="YYYY-MM; default: the latest complete month of the data")
    p.add_argument("--db", default=None, help="store (default data/kam.duckdb, else the committed sample)")
    p.add_argument("--policy", default=None, help="YAML policy overriding the defaults")
    p.add_argument("--out", default=str(paths.REPORTS_DIR), help="folder of the periods (default reports/)")
    p.set_defaults(func=_cmd_statement)

    p = sub.add_parser(
        "calendar",
        help="write the contact calendar (客户联络日历) of the month after a period: Excel and an .ics per manager",
        description="For the month after the period, per account manager: visits due and overdue (policy calendar), "
        "senior visits, contacts' birthdays, the company's holidays, customers' founding days, contract renewals and "
        "collection visits; as calendar_<month>.xlsx and calendar_<month>_<manager>.ics in <out>/<period>/calendar/.",
    )
    p.add_argument("--period", default=None, help="YYYY-MM, the data's month; default: the latest complete month")
    p.add_argument("--db", default=None, help="store (default data/kam.duckdb, else the committed sample)")
    p.add_argument("--policy", default=None, help="YAML policy overriding the defaults")
    p.add_argument("--out", default=str(paths.REPORTS_DIR), help="folder of the periods (default reports/)")
    p.add_argument("--lang", default=None, choices=("zh", "en", "both"), help="language (default: the policy's)")
    p.set_defaults(func=_cmd_calendar)

    p = sub.add_parser(
        "import-calls",
        help="record the calls collectors wrote on a worklist workbook (activities and payment promises)",
        description="Read a filled worklists_<period>.xlsx (any language of its headers) and record each call as "
        "an activity and each promise as a payment promise in the store, so the next month's worklist shows them. "
        "Every problem is listed at once and nothing is written unless the whole file is valid; importing the "
        "same file again records nothing twice.",
    )
    p.add_argument("file", help="the filled worklist workbook (.xlsx)")
    p.add_argument("--db", default=str(paths.default_db()), help="store (default data/kam.duckdb)")
    p.set_defaults(func=_cmd_import_calls)


def _add_export_parser(sub) -> None:
    """``kam export`` and its options."""
    p = sub.add_parser(
        "export",
        help="export every table of a store as CSV",
        description="Write every table of the store as <table>.csv (UTF-8 with a byte-order mark, for Excel) "
        "into a folder, as one set: a failure leaves the folder as it was. A folder holding files kam export "
        "did not write is refused unless --force (its own files are listed in kam-export.json).",
    )
    p.add_argument("--db", default=str(paths.default_db()))
    p.add_argument("--out", required=True, help="folder for the CSV files (new, empty, or an earlier export)")
    p.add_argument(
        "--excel-safe",
        action="store_true",
        help="start text that Excel would run as a formula (= + - @, tab, CR, LF first) with a ' "
        "(numbers stay numbers); breaks the exact round trip: kam import reads the ' as part of the text",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="replace the tables' CSV files in a folder that holds other files (those are kept)",
    )
    p.set_defaults(func=_cmd_export)


def _add_report_parser(sub) -> None:
    p = sub.add_parser("report", help="run the monthly report notebooks into reports/<period>/")
    p.add_argument("--period", default=None, help="YYYY-MM; default: the latest complete month of the data")
    p.add_argument("--db", default=None, help="store (default data/kam.duckdb)")
    p.add_argument("--policy", default=None, help="YAML policy overriding the defaults")
    p.add_argument("--out", default=str(paths.REPORTS_DIR))
    p.add_argument(
        "--jobs",
        type=_positive_int,
        default=None,
        help="notebooks run at once (default: one per core this process may use, at most 8)",
    )
    p.add_argument(
        "--accounts",
        action="append",
        default=None,
        metavar="ID[,ID...]",
        help="account plans for these customer ids (comma-separated; the option may be repeated); "
        "an id that holds a comma goes in --accounts-file",
    )
    p.add_argument(
        "--accounts-file",
        action="append",
        type=_accounts_file,
        default=None,
        metavar="FILE",
        help="account plans for the customer ids of this UTF-8 text file, one id per line, taken whole",
    )
    p.add_argument("--account-manager", default=None, help="account plans for this account manager's key accounts")
    p.add_argument(
        "--timeout",
        type=_seconds,
        default=1800,
        help="seconds a notebook cell may run before that notebook fails (0: no limit)",
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help="replace a complete report of the period even when this run has failures "
        "(by default the complete report stays and this run is kept in <period>.failed)",
    )
    p.add_argument(
        "--force", action="store_true", help="report on a --period after the last month of the data all the same"
    )
    p.add_argument(
        "--pdf",
        action="store_true",
        help="also print each page and the whole period to PDF (A4 landscape, in <period>/pdf/) with headless "
        "Chromium (`make browser` installs it; KAM_CHROMIUM names another Chrome); without it the HTML is "
        "written and a notice says so",
    )
    p.add_argument(
        "--lang",
        choices=("zh", "en", "both"),
        default=None,
        help="write the pages, account plans and index in Chinese, English or both (default: the policy's "
        "report.language)",
    )
    p.add_argument(
        "--plans",
        default=None,
        metavar="DIR",
        help="folder of the account teams' plan files (kam plan init; default: the policy's report.plans_folder, "
        "else plans/ beside the store): each account plan page shows its plan against the actuals",
    )
    p.add_argument(
        "--no-snapshot",
        action="store_true",
        help="do not store the period's snapshot in the store (a read-only store is reported on without one)",
    )
    p.set_defaults(func=_cmd_report)


def _add_plan_parser(sub) -> None:
    """``kam plan init`` and ``kam plan check``."""
    p = sub.add_parser(
        "plan",
        help="write the editable account plan files (客户计划) the report reads, or check them",
        description="init: one YAML file per account, prefilled with the workbook's proposal of the period, for the "
        "account team to edit (situation, objectives, actions, team, competitors); an existing file is kept "
        "unless --force. check: read every plan file of the folder as the report does; every problem names the "
        "file, the line and the field.",
    )
    p.add_argument("action", choices=("init", "check"))
    p.add_argument("--customer", action="append", default=None, metavar="ID", help="customer id (may be repeated)")
    p.add_argument("--key-accounts", action="store_true", help="a plan file for every key account")
    p.add_argument("--dir", default=None, help="folder of the plan files (default: plans/ beside the data)")
    p.add_argument("--db", default=None, help="store or source (default data/kam.duckdb, else the committed sample)")
    p.add_argument("--policy", default=None, help="YAML policy overriding the defaults")
    p.add_argument("--period", default=None, help="YYYY-MM of the proposal; default: the latest complete month")
    p.add_argument("--force", action="store_true", help="replace plan files that exist (the team's edits are lost)")
    p.add_argument("--lang", choices=("zh", "en", "both"), default=None, help="language of the prefilled texts")
    p.set_defaults(func=_cmd_plan)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kam", description="Key account management workbook.")
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("sample", help="generate realistic sample data (CSV folder or .duckdb store)")
    p.add_argument("--customers", type=int, default=500)
    p.add_argument("--years", type=int, default=3)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--end", default="2026-10-31", help="last day covered by the data (ISO date)")
    p.add_argument(
        "--out",
        required=True,
        help=f"folder for CSV files, or a .duckdb file (the committed sample is {paths.SAMPLE_DIR.name}/ "
        "under data/: `make sample` regenerates it)",
    )
    p.set_defaults(func=_cmd_sample)

    p = sub.add_parser("import", help="validate a source (CSV/Parquet folder or .xlsx) and write the store")
    p.add_argument("source")
    p.add_argument("--db", default=str(paths.default_db()))
    p.add_argument("--mapping", default=None, help="YAML file renaming source columns onto the model")
    p.set_defaults(func=_cmd_import)

    _add_export_parser(sub)

    p = sub.add_parser("dictionary", help="write the data dictionary (Markdown) generated from the schema")
    p.add_argument("--out", default=str(paths.DATA_DIR / "README.md"), help="file, or - for stdout")
    p.set_defaults(func=_cmd_dictionary)

    _add_report_parser(sub)
    _add_plan_parser(sub)

    p = sub.add_parser(
        "snapshot",
        help="store the snapshot of a period (tiers, class scores, grades, limits, stages, relationships) in the store",
        description="Compute each customer's tier, class scores, credit grade and limit in force, lifecycle stage, "
        "status and relationship as the period's last day from the store and the policy, and store them in its "
        "snapshots table; the period's earlier rows are replaced, other periods kept (`kam report` does this for "
        "its period unless --no-snapshot).",
    )
    p.add_argument("--period", default=None, help="YYYY-MM; default: the latest complete month of the data")
    p.add_argument("--db", default=None, help="store (default data/kam.duckdb)")
    p.add_argument("--policy", default=None, help="YAML policy overriding the defaults")
    p.set_defaults(func=_cmd_snapshot)

    p = sub.add_parser(
        "credit-forms", help="write one customer's credit forms (survey, scoring, limit application) as Excel"
    )
    p.add_argument("--customer", required=True, help="customer id")
    p.add_argument("--period", default=None, help="YYYY-MM; default: the latest complete month of the data")
    p.add_argument("--db", default=None, help="store (default data/kam.duckdb, else the committed sample)")
    p.add_argument("--policy", default=None, help="YAML policy overriding the defaults")
    p.add_argument("--out", default=".", help="folder for the workbook")
    p.set_defaults(func=_cmd_credit_forms)

    _add_collection_parsers(sub)

    p = sub.add_parser(
        "training",
        help="write student copies of the lessons (solution cells replaced by stubs), or the trainer's guide",
    )
    p.add_argument("--student", default=None, metavar="OUT_DIR", help="folder for the student notebooks")
    p.add_argument(
        "--guide",
        default=None,
        metavar="FILE",
        help="write the facilitator guide with the expected answers on the course's data (trainer only)",
    )
    p.add_argument("--source", default=None, help="lesson folder (default notebooks/training)")
    p.add_argument(
        "--force", action="store_true", help="replace the notebooks already in OUT_DIR (a participant's work is lost)"
    )
    p.add_argument(
        "--db", default=None, help="the course's store (default: as the lessons, data/kam.duckdb or the sample)"
    )
    p.add_argument("--period", default=None, help="the course's month YYYY-MM (default: the latest complete month)")
    p.set_defaults(func=_cmd_training)
    return parser


def _engine(args: argparse.Namespace):
    """DuckDB's out-of-core settings of the policy given with ``--policy`` (its ``engine`` section)
    for every store the command opens; the environment variables win (:func:`engine_settings`)."""
    given = getattr(args, "policy", None)
    return engine_settings(_load("kamtools.policy", "load_policy")(given)["engine"] if given else None)


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # Customer names are often Chinese; a console without UTF-8 must not crash the command.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with _engine(args):
            return args.func(args)
    except KeyboardInterrupt:
        print(f"kam {args.command}: stopped; nothing was left half-written", file=sys.stderr)
        return 130
    except StoreError as exc:
        print(f"kam {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_DATA
    except DataError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_DATA
    except (OSError, ValueError, KeyError) as exc:
        if args.debug:
            raise
        print(f"kam {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_DATA
    except Exception as exc:  # the last resort: whatever went wrong, one line and no traceback
        if args.debug:
            raise
        print(
            f"kam {args.command}: error: {type(exc).__name__}: {_first_line(exc)} (run with --debug for the details)",
            file=sys.stderr,
        )
        return EXIT_DATA


if __name__ == "__main__":
    sys.exit(main())
