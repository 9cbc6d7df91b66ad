"""Run one report notebook with papermill (in a worker process, see :mod:`.worker`).

The job names ``input``, ``output`` (absolute paths), ``folder`` (where the kernel runs),
``parameters`` (plain strings) and ``timeout`` (seconds or None). The notebook is executed
with papermill's public API; a notebook that ran through is exported to HTML without code,
a failed one is not. Parameters are the only thing the runner tells a notebook.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import nbformat
import papermill as pm
from jupyter_core.utils import ensure_async, run_sync
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger

from .style import with_print_css


def error_text(exc: BaseException) -> str:
    """What failed, as the index shows it: the error's name and message, at most 2,000 characters."""
    name = getattr(exc, "ename", None) or type(exc).__name__
    value = getattr(exc, "evalue", None) or str(exc)
    return f"{name}: {value}".strip()[:2000]


#: The page template: nbconvert's lab page, each chart's image with its description as alt text.
PAGE_TEMPLATE = Path(__file__).with_name("templates") / "notebook_page.html.j2"


#: The cells a page in each language leaves out: text written in the other language (a Markdown
#: cell tagged ``en`` or ``zh``); a report in both languages keeps both.
LEFT_OUT = {"en": {"zh"}, "zh": {"en"}, "both": set()}


def to_html(ipynb: Path, language: str = "both") -> Path:
    """The executed notebook as an HTML page without code or prompts, beside it, with the report's
    stylesheet (screen and print), its text in ``language`` (cells tagged with the other one left
    out); a chart's image carries the description its chart gave as alt text."""
    exporter = HTMLExporter(
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True, template_file=str(PAGE_TEMPLATE)
    )
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=LEFT_OUT[language], enabled=True), True)
    body, _ = exporter.from_notebook_node(nbformat.read(str(ipynb), as_version=4))
    out = ipynb.with_suffix(".html")
    out.write_text(with_print_css(body), encoding="utf-8")
    return out


def execute(job: dict, **engine: Any) -> dict:
    """Run the notebook of ``job``; ``{"status": "ok", "html": name}`` or ``{"status": "failed", "error": text}``.
    ``engine``: papermill's engine and its arguments (default: its own, a kernel for this notebook)."""
    try:
        pm.execute_notebook(
            job["input"],
            job["output"],
            parameters=job["parameters"],
            kernel_name="python3",
            cwd=job["folder"],
            execution_timeout=job.get("timeout"),
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            **engine,
        )
        language = job["parameters"].get("language") or "both"
        return {"status": "ok", "html": to_html(Path(job["output"]), language).name}
    except Exception as exc:  # noqa: BLE001 - every failure is the notebook's, reported to the runner
        return {"status": "failed", "error": error_text(exc)}


#: What a kept kernel runs before its next page: an empty namespace, no figure left open, the cell
#: numbers from 1 again and every warning shown again once, as in a kernel of its own (the warnings
#: module's records of warnings shown are made out of date by its own ``_filters_mutated``; a Python
#: without it shows a warning an earlier page of the kernel showed from the same line only once).
_RESET = (
    "get_ipython().run_line_magic('reset', '-f')\n"
    "import matplotlib.pyplot, warnings\n"
    "matplotlib.pyplot.close('all')\n"
    "getattr(warnings, '_filters_mutated', lambda: None)()\n"
    "get_ipython().execution_count = 1\n"
    "del matplotlib, warnings\n"
)


class _Kernel:
    """A notebook kernel kept for the pages of one worker: starting a kernel and importing the
    workbook costs about as much as a short page. Before each page after the first the kernel is
    reset (:data:`_RESET`); after a page that failed it is shut down, so the next page gets a new one."""

    def __init__(self) -> None:
        self.km = None  # the kernel manager, made with the first page's client

    def close(self) -> None:
        km, self.km = self.km, None
        if km is None:
            return
        try:
            if run_sync(ensure_async)(km.is_alive()):
                run_sync(ensure_async)(km.shutdown_kernel(now=True))
        finally:
            run_sync(ensure_async)(km.cleanup_resources())


class _KeptClient(PapermillNotebookClient):
    """Papermill's notebook client; on a kept kernel it resets the kernel before the page's cells."""

    kept = False

    def papermill_execute_cells(self):
        if self.kept:
            reply = self.wait_for_reply(self.kc.execute(_RESET, silent=True, store_history=False))
            if not reply or reply["content"].get("status") != "ok":
                raise RuntimeError("the kernel kept from the previous page could not be reset")
        super().papermill_execute_cells()


class _KeptEngine(NBClientEngine):
    """Papermill's nbclient engine with a kept kernel (argument ``kernel``, a :class:`_Kernel`)."""

    @classmethod
    def execute_managed_notebook(
        cls, nb_man, kernel_name, log_output=False, start_timeout=60, execution_timeout=None, **kwargs
    ):
        kernel: _Kernel = kwargs.pop("kernel")
        kwargs.pop("input_path", None)
        client = _KeptClient(
            nb_man,
            km=kernel.km,
            timeout=execution_timeout,
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log=logger,
            log_output=log_output,
            **kwargs,
        )
        client.kept = kernel.km is not None
        if kernel.km is None:
            kernel.km = client.create_kernel_manager()
        client.owns_km = False  # the kernel outlives this page
        try:
            return client.execute()
        finally:
            if client.kc is not None:
                client.kc.stop_channels()


#: The name of the papermill engine of :func:`execute_pages`.
KEPT_ENGINE = "kamtools-kept-kernel"
papermill_engines.register(KEPT_ENGINE, _KeptEngine)


def execute_pages(job: dict) -> list[dict]:
    """Run the pages of ``job["pages"]`` (each a job of :func:`execute`) one after another in one
    kept kernel; one outcome per page, as :func:`execute` gives it, and ``duration`` (seconds).
    A page that fails is that page's failure alone: its kernel is shut down and the next page
    starts a new one. Each page is papermill's run of its own notebook with its own parameters
    into its own output notebook and HTML page."""
    kernel, outcomes = _Kernel(), []
    try:
        for page in job["pages"]:
            start = time.perf_counter()
            outcome = execute(page, engine_name=KEPT_ENGINE, kernel=kernel)
            if outcome["status"] != "ok":
                kernel.close()
            outcomes.append({**outcome, "duration": round(time.perf_counter() - start, 2)})
    finally:
        kernel.close()
    return outcomes
