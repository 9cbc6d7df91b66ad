"""The text of a letter: a jinja2 template the company may edit, rendered in a sandbox.

A template is ``<letter>.<zh|en>.j2`` in the policy's ``receivables.letters.template_dir`` (null:
the shipped ones, :data:`TEMPLATE_DIR`). It is rendered by jinja2's
:class:`~jinja2.sandbox.SandboxedEnvironment` (a template cannot reach Python internals) with
undefined names refused, and the customer's text (name, address) is handed to it as values:
jinja2 never renders what a value holds, so a customer called ``{{ 7*7 }}`` or ``{% if %}``
reads exactly so. A blank line of the rendered text starts a new paragraph.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

#: The letter templates shipped with the workbook.
TEMPLATE_DIR = Path(__file__).with_name("templates")


def template_folder(template_dir: str | os.PathLike | None) -> Path:
    """The folder of the letter templates: ``template_dir`` (the policy's), else the shipped one."""
    folder = TEMPLATE_DIR if template_dir in (None, "") else Path(template_dir)
    if not folder.is_dir():
        raise ValueError(
            f"policy key 'receivables.letters.template_dir' = {str(template_dir)!r}: no such folder "
            "(null: the shipped templates)"
        )
    return folder


@lru_cache(maxsize=8)
def _environment(folder: str) -> SandboxedEnvironment:
    return SandboxedEnvironment(
        loader=FileSystemLoader(folder, encoding="utf-8"),
        autoescape=False,  # the text goes into a Word document as text, never as markup
        undefined=StrictUndefined,
        keep_trailing_newline=False,
    )


def render_letter(folder: Path, letter: str, lang: str, context: Mapping[str, Any]) -> list[str]:
    """The paragraphs of the letter ``letter`` in ``lang`` (zh or en), from ``folder``'s template.

    A missing template, a syntax error or a name the template uses but the letter does not
    have raises ``ValueError`` naming the template file (and line).

    >>> paras = render_letter(TEMPLATE_DIR, "reminder", "en", {"customer": {"name": "{{ 7*7 }}"},
    ...     "as_of": "2026-10-31", "total": "1.00", "currency": "CNY", "deadline": "2026-11-10",
    ...     "company": {"phone": "1"}, "max_days_past_due": 3})
    >>> paras[0]
    'Dear {{ 7*7 }},'
    """
    name = f"{letter}.{lang}.j2"
    try:
        body = _environment(str(folder)).get_template(name).render(**context)
    except TemplateNotFound:
        raise ValueError(
            f"letter template {folder / name} does not exist: add it, or change the letter of the dunning level "
            "(receivables.dunning.levels) or receivables.letters.template_dir"
        ) from None
    except TemplateSyntaxError as exc:
        raise ValueError(f"letter template {folder / name}, line {exc.lineno}: {exc.message}") from None
    except TemplateError as exc:
        raise ValueError(f"letter template {folder / name}: {exc}") from None
    return [" ".join(line.strip() for line in block.splitlines()) for block in _blocks(body)]


def _blocks(body: str) -> list[str]:
    """The paragraphs of rendered text: runs of lines between blank lines."""
    blocks, current = [], []
    for line in body.splitlines():
        if line.strip():
            current.append(line)
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks
