"""The one stylesheet of every report page, ``templates/print.css``: tables that fit the screen,
and print (A4 landscape, table headers repeated on each printed page, no column cut).

Each page carries it whole in its head, like its images, so that a page sent on its own looks
and prints the same: the pages exported from the notebooks get it from :func:`with_print_css`,
the pages rendered from templates (the account plans, ``index.html``) include the same file.
"""

from __future__ import annotations

import functools
from importlib import resources

#: The stylesheet's file in ``kamtools/report/templates/``.
PRINT_CSS = "print.css"


@functools.cache
def print_css() -> str:
    """The text of the stylesheet."""
    return resources.files("kamtools.report").joinpath("templates", PRINT_CSS).read_text(encoding="utf-8")


def with_print_css(page: str) -> str:
    """The HTML document ``page`` with the stylesheet as the last style of its head (it then
    wins over the exporter's own styles)."""
    end = page.find("</head>")
    if end < 0:
        raise ValueError("the page has no </head>: the print stylesheet has no place in it")
    return f"{page[:end]}<style>{print_css()}</style>{page[end:]}"
