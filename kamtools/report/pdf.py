"""``kam report --pdf``: every page of a period printed to PDF by headless Chromium, and the
whole period in one PDF: the index first, then the pages and the account plans in report order,
each a bookmark.

Chromium prints the HTML pages as they are, with their stylesheet (``templates/print.css``: A4
landscape, table headers repeated on each printed page, no column cut), and reaches no network
while it prints (every host name is unknown to it). The PDFs go into ``pdf/`` of the folder the
period is built in (:func:`.folders.building`), so a failed or stopped run leaves none in a
complete period; each PDF is written under a hidden name and takes its own only once it reads
back whole. Without Chromium the HTML report is complete all the same and the run says so
(:func:`no_chromium_notice`).
"""

from __future__ import annotations

import functools
import html
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from tqdm.auto import tqdm

from .result import NotebookRun

#: The folder of the PDFs in a period folder.
PDF_DIR = "pdf"
#: Names the Chromium program (a path, or a name looked up on PATH) where it is not on PATH
#: under one of :data:`CHROMIUM_NAMES` (Chrome on Windows or macOS, a build of one's own).
CHROMIUM_ENV = "KAM_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
#: Seconds Chromium may take to print one page.
PRINT_TIMEOUT = 300
#: The title nbconvert gives a page whose notebook has none: the file's name is clearer.
_UNTITLED = "Notebook"


def find_chromium() -> str | None:
    """The Chromium program to print with: the one :data:`CHROMIUM_ENV` names when it is set,
    else the first of :data:`CHROMIUM_NAMES` on PATH; None when there is none."""
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        return shutil.which(named)
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def no_chromium_notice() -> str:
    """What the console, the manifest and the index say when there is no Chromium to print with."""
    named = os.environ.get(CHROMIUM_ENV)
    where = f" ({CHROMIUM_ENV} names {named}, which is no program)" if named else ""
    return f"PDF not written: no Chromium found{where}; install it with `make browser`"


def page_pdf(page: str) -> str:
    """The PDF of the HTML page ``page``, relative to the period folder."""
    return f"{PDF_DIR}/{Path(page).stem}.pdf"


def period_pdf(period: str) -> str:
    """The PDF of the whole period, relative to the period folder."""
    return f"{PDF_DIR}/kam_report_{period}.pdf"


def page_title(page: Path) -> str:
    """The ``<title>`` of an HTML page (its file name when it has none): the PDF's bookmark."""
    found = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S | re.I)
    title = html.unescape(found.group(1)).strip() if found else ""
    return page.stem if title in ("", _UNTITLED) else title


def _command(chromium: str, page: Path, pdf: Path, profile: Path) -> list[str]:
    as_root = getattr(os, "geteuid", lambda: -1)() == 0  # Chromium refuses its sandbox to root
    return [
        chromium,
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        *(["--no-sandbox"] if as_root else []),
        f"--user-data-dir={profile}",
        "--host-resolver-rules=MAP * ~NOTFOUND",  # no network: a page's web scripts fail at once
        "--no-pdf-header-footer",
        "--print-to-pdf-no-header",  # the same, as Chromium before 111 spells it
        f"--print-to-pdf={pdf}",
        page.resolve().as_uri(),
    ]


def read_back(pdf: Path) -> str | None:
    """Why ``pdf`` is not a whole PDF (None when it is one, with at least one page)."""
    try:
        if b"%%EOF" not in pdf.read_bytes()[-1024:]:
            return "the file ends before the end of the PDF"
        if len(PdfReader(pdf).pages) == 0:
            return "the PDF has no page"
    except (OSError, PyPdfError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


class Printer:
    """Headless Chromium printing pages to PDF, one process per page, as many at once as the
    caller runs :meth:`print_page` in threads. Used as a context manager: leaving it by an error,
    Ctrl-C or SIGTERM ends every print still running (:meth:`end`)."""

    def __init__(self, chromium: str):
        self.chromium = chromium
        self.profiles = Path(tempfile.mkdtemp(prefix="kam-chromium-"))  # never in the period folder
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.procs: list[subprocess.Popen] = []

    def __enter__(self) -> Printer:
        return self

    def __exit__(self, *exc) -> None:
        self.end()
        shutil.rmtree(self.profiles, ignore_errors=True)

    def print_page(self, page: Path, pdf: Path) -> str | None:
        """Print the HTML page ``page`` to ``pdf``; None when it is written, else why not."""
        pdf.parent.mkdir(parents=True, exist_ok=True)
        part = pdf.with_name(f".{pdf.name}.part")
        with self.lock:
            if self.stop.is_set():
                return "the run was stopped"
            profile = Path(tempfile.mkdtemp(dir=self.profiles))
            with (profile / "chromium.log").open("wb") as log:  # a file, not a pipe Chromium's helpers keep open
                proc = subprocess.Popen(
                    _command(self.chromium, page, part, profile),
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its helper processes end with it (:func:`_kill`)
                )
            self.procs.append(proc)
        try:
            code = proc.wait(timeout=PRINT_TIMEOUT)
        except subprocess.TimeoutExpired:
            _kill(proc)
            part.unlink(missing_ok=True)
            return f"Chromium did not print it within {PRINT_TIMEOUT} s"
        problem = "the run was stopped" if self.stop.is_set() else read_back(part)
        if problem or code != 0:
            part.unlink(missing_ok=True)
            return problem if code == 0 else f"Chromium ended with code {code}: {_last_line(profile / 'chromium.log')}"
        os.replace(part, pdf)
        return None

    def end(self) -> None:
        """Nothing more starts, and every Chromium still printing is ended."""
        with self.lock:
            self.stop.set()
            running = [proc for proc in self.procs if proc.poll() is None]
        for proc in running:
            _kill(proc)


def _kill(proc: subprocess.Popen) -> None:
    """End Chromium and its helper processes (its process group, where the system has them)."""
    if hasattr(os, "killpg"):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    else:
        proc.kill()
    proc.wait()


def _last_line(log: Path) -> str:
    lines = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    return lines[-1].strip()[:500] if lines else "no message"


def print_runs(
    printer: Printer,
    folder: Path,
    runs: list[NotebookRun],
    run_tasks: Callable[[list[Callable[[], None]]], None],
    progress: bool = False,
) -> list[str]:
    """Print every page of ``runs`` that was written into ``folder`` (``run_tasks`` runs the
    prints, so many at once); each printed run names its PDF in ``pdf``. The notices of the
    pages that could not be printed."""
    todo = [r for r in runs if r.status == "ok" and r.html]
    bar = tqdm(total=len(todo), desc="pdf", unit="page", disable=not progress)
    notices: list[str] = []

    def one(r: NotebookRun) -> None:
        problem = printer.print_page(folder / r.html, folder / page_pdf(r.html))
        if problem is None:
            r.pdf = page_pdf(r.html)
        else:
            notices.append(f"PDF of {r.html} not written ({problem}); the PDF of the whole period leaves it out")
        bar.update(1)

    run_tasks([functools.partial(one, r) for r in todo])
    bar.close()
    return sorted(notices)


def print_period(printer: Printer, folder: Path, period: str, runs: list[NotebookRun]) -> tuple[str | None, list[str]]:
    """Print ``index.html`` of ``folder``, then put it and the PDFs of ``runs`` (in their order)
    together into the PDF of the whole period. Its name relative to ``folder`` (None when it
    could not be written), and the notices."""
    index = page_pdf("index.html")
    problem = printer.print_page(folder / "index.html", folder / index)
    notices = [f"PDF of index.html not written ({problem})"] if problem else []
    parts = ([(page_title(folder / "index.html"), index)] if problem is None else []) + [
        (page_title(folder / r.html), r.pdf) for r in runs if r.pdf
    ]
    if not parts:
        return None, notices
    target = folder / period_pdf(period)
    part = target.with_name(f".{target.name}.part")
    try:
        writer = PdfWriter()
        for title, pdf in parts:
            writer.append(str(folder / pdf), outline_item=title)
        with part.open("wb") as sink:
            writer.write(sink)
    except (OSError, PyPdfError) as exc:  # the pages' PDFs and the HTML report stand
        part.unlink(missing_ok=True)
        return None, [*notices, f"PDF of the whole period not written ({type(exc).__name__}: {exc})"]
    os.replace(part, target)
    return period_pdf(period), notices
