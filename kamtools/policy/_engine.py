"""The ``engine`` section: how DuckDB works on a book larger than memory (out of core).

``memory_limit`` is what DuckDB may hold in memory before it spills to ``temp_directory``;
``threads`` how many threads a query runs on. Empty (or 0): the workbook's defaults (40 % of the
machine's memory, at most 4 GB; the system's temporary folder; one thread per core). The
environment variables ``KAM_DUCKDB_MEMORY_LIMIT``, ``KAM_DUCKDB_TEMP_DIRECTORY`` and
``KAM_DUCKDB_THREADS`` win over these keys (:func:`kamtools.store_file.engine_settings`).
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field, StrictStr, model_validator

from ._base import Rule, Section, Whole

#: An amount of memory as DuckDB reads it (``500MB``, ``8GB``, ``1.5GiB``).
_MEMORY = re.compile(r"^\s*\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$", re.IGNORECASE)


class EnginePolicy(Section):
    """``engine``: DuckDB's memory limit, spill folder and threads for every store the workbook opens."""

    memory_limit: Annotated[StrictStr, Field(max_length=40)] = ""
    temp_directory: Annotated[StrictStr, Field(max_length=1000, pattern=r"^[^\x00-\x1f]*$")] = ""
    threads: Annotated[Whole, Field(ge=0, le=1024)] = 0

    @model_validator(mode="after")
    def _memory_amount(self) -> EnginePolicy:
        if self.memory_limit.strip() and not _MEMORY.match(self.memory_limit):
            raise Rule(
                f"policy key '{{key}}' = {self.memory_limit!r} must be an amount of memory: a number and a unit "
                "(500MB, 8GB), or empty for the default",
                "memory_limit",
            )
        return self
