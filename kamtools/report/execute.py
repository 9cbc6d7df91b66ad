"""Run one report notebook with papermill (in a worker process, see :mod:`.worker`).

The job names ``input``, ``output`` (absolute paths), ``folder`` (where the kernel runs),
``parameters`` (plain strings) and ``timeout`` (seconds or None). The notebook is executed
with papermill's public API; a notebook that ran through is exported to HTML without code,
a failed one is not. Parameters are the only thing the runner tells a notebook.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill as pm
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

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


def execute(job: dict) -> dict:
    """Run the notebook of ``job``; ``{"status": "ok", "html": name}`` or ``{"status": "failed", "error": text}``."""
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
        )
        language = job["parameters"].get("language") or "both"
        return {"status": "ok", "html": to_html(Path(job["output"]), language).name}
    except Exception as exc:  # noqa: BLE001 - every failure is the notebook's, reported to the runner
        return {"status": "failed", "error": error_text(exc)}
