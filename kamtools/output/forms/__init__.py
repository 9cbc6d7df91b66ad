"""The three credit forms of the method, filled from data, as one formatted .xlsx per customer.

* 客户信用状况调查表 — customer credit status survey: who the customer is, its
  statements, ratios against the benchmarks, its trading and payment record;
* 信用等级评分项目表 — credit grade scoring sheet: every item of the scorecard with
  its value, weight and points, the score and the grade;
* 客户授信申请表 — credit limit application: the approved and recommended limits (an
  analyst's override limit with its reason; for a customer not rated, the items known and
  the policy's limit rule for NR), exposure, the customer's group of companies against its
  group limit, its credit hold (each rule that fired and what releases it), the approval
  level the change needs and room for the signatures.

``kam credit-forms --customer ID --period P`` calls :func:`cli_main`, which calls
:func:`write_credit_forms`.

The credit review lists every customer whose recommended limit differs from the
approved one in a register, ``credit_forms_register_<period>.xlsx``
(:func:`credit_forms_register`, :func:`write_credit_forms_register`): one row per
customer with the content of its limit application, in the order of
:func:`kamtools.credit.forms_queue` (increases first, the highest approval level
first, then the amount; then decreases). The full forms are written, with
:func:`write_many_credit_forms`, for the first ``credit.forms_cap`` customers of that
order; the register's ``form_file`` names each one's workbook, or the command that
writes it. What the forms read of the whole book (scorecard, limits, hold list, groups) is
computed once per run, or passed in.

The forms are written in the report's language (``language=``, else the policy's ``report.language``):
every label, rating, benchmark, reason, approval, hold and override text goes through the label registry
(:mod:`kamtools.output.labels`, :func:`.layout.say`), so a Chinese report's forms read Chinese in every cell
(amounts in 万元 or 元), an English report's English (its sheets named by ``SHEETS_EN``); ``both`` shows
the English then the Chinese. What the book holds as text (names, ids, an analyst's reason) stays as it is.

Text is literal and formula-safe: text a spreadsheet would read as a formula
(starting with ``=``, ``+``, ``-``, ``@``, tab, CR or LF) is stored as a
quote-prefixed text cell (:func:`kamtools.excel.text_cell`), so a customer called
``=cmd|' /C calc'!A0`` is shown exactly so and never evaluated; numbers stay numbers.

>>> import tempfile, kamtools as kt
>>> data = kt.sample_data(customers=30, years=2, seed=1)
>>> cid = data.customers["customer_id"].iloc[0]
>>> path = write_credit_forms(data, cid, "2026-10", tempfile.mkdtemp())
>>> path.suffix
'.xlsx'
"""

from __future__ import annotations

from .command import cli_main
from .layout import DATE, MONEY, PERCENT, RATIO, cell_value
from .register import (
    REGISTER_COLUMNS,
    REGISTER_MONEY,
    credit_forms_register,
    form_command,
    form_file_name,
    register_file_name,
    terms_only,
    write_credit_forms_register,
)
from .sheets import SHEETS, SHEETS_EN, write_credit_forms, write_many_credit_forms

__all__ = [
    "DATE",
    "MONEY",
    "PERCENT",
    "RATIO",
    "REGISTER_COLUMNS",
    "REGISTER_MONEY",
    "SHEETS",
    "SHEETS_EN",
    "cell_value",
    "cli_main",
    "credit_forms_register",
    "form_command",
    "form_file_name",
    "register_file_name",
    "terms_only",
    "write_credit_forms",
    "write_credit_forms_register",
    "write_many_credit_forms",
]
