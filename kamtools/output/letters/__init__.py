"""Dunning letters (催款函): one Word document per customer at a dunning level with a letter.

The text comes from jinja2 templates the company may edit (:mod:`.render`: sandboxed, the
customer's text passed as values and never rendered as template code); the document adds the
letterhead, the overdue invoices with their total, the deadline, the bank details and the
signature of the policy's ``receivables.letters``. ``kam letters --period P`` calls
:func:`write_letters`, which writes ``<out>/<period>/letters/`` whole, with the register
``letters_register_<period>.xlsx``.
"""

from __future__ import annotations

from .render import TEMPLATE_DIR, render_letter, template_folder
from .write import REGISTER_COLUMNS, LettersWritten, letter_file_name, letters_due, register_file_name, write_letters

__all__ = [
    "REGISTER_COLUMNS",
    "TEMPLATE_DIR",
    "LettersWritten",
    "letter_file_name",
    "letters_due",
    "register_file_name",
    "render_letter",
    "template_folder",
    "write_letters",
]
