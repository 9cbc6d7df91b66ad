"""What a reader sees: charts, report tables, Excel workbooks and credit forms.

This layer sits above the analytics (it may import :mod:`kamtools.credit`,
:mod:`kamtools.segments` ...) and below the explorers and the report runner.

* :mod:`~kamtools.output.formats` -- the one registry of how each column is shown
  (its kind, English and Chinese label, decimals, Excel number format);
* :mod:`~kamtools.output.currency` -- money in the policy's currency and unit (元, 千元, 万元);
* :mod:`~kamtools.output.plots` -- one function per chart and the sentence that reads it
  (``kt.plots``), in one house style (:mod:`~kamtools.output.plots.style`);
* :mod:`~kamtools.output.tables` -- styled report tables and notes (``kt.tables``);
* :mod:`~kamtools.output.headlines` -- the sentences that state the headline numbers of
  :func:`kamtools.headline.kpis`, each number marked for the check across pages (``kt.headlines``);
* :mod:`~kamtools.output.excel` -- formatted, formula-safe .xlsx workbooks (``kt.excel``);
* :mod:`~kamtools.output.forms` -- the three credit forms and their register (``kt.forms``).

Import the modules themselves (``from kamtools.output.excel import write_workbook``);
this package imports none of them, so each loads only what it needs.
"""
