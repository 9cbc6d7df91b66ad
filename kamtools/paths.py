"""Where things live: the one place that knows the workbook's folders.

Notebooks, the command line and tests take their paths from here and never
hard-code them.

>>> from kamtools import paths
>>> paths.SAMPLE_DIR.name
'sample'
"""

from __future__ import annotations

import os
import re
from pathlib import Path

#: The repository root (the folder holding ``pyproject.toml``).
ROOT: Path = Path(__file__).resolve().parent.parent
#: Data folder: the committed sample and the working store.
DATA_DIR: Path = ROOT / "data"
#: The committed sample (CSV, one file per table). Only ``kam sample`` writes here.
SAMPLE_DIR: Path = DATA_DIR / "sample"
#: Generated reports, one folder per period.
REPORTS_DIR: Path = ROOT / "reports"
#: Notebooks shipped with the workbook.
NOTEBOOKS_DIR: Path = ROOT / "notebooks"
REPORT_NOTEBOOKS_DIR: Path = NOTEBOOKS_DIR / "reports"
TRAINING_DIR: Path = NOTEBOOKS_DIR / "training"
EXPLORE_DIR: Path = NOTEBOOKS_DIR / "explore"


def default_db() -> Path:
    """The working store: ``$KAM_DB`` when set, else ``data/kam.duckdb``.

    >>> default_db().suffix
    '.duckdb'
    """
    env = os.environ.get("KAM_DB")
    return Path(env) if env else DATA_DIR / "kam.duckdb"


def folder_mode() -> int:
    """The permissions a folder made with ``mkdir`` gets under the user's umask (``0o777 & ~umask``).

    :func:`tempfile.mkdtemp` makes folders only their owner can open (``0o700``); a folder
    built aside that way and moved into place (a report period, an export) is given this
    mode first, so it is shared like any other folder the user makes.

    >>> old = os.umask(0o027)
    >>> oct(folder_mode())
    '0o750'
    >>> _ = os.umask(old)
    """
    mask = os.umask(0o022)  # the umask can only be read by setting it
    os.umask(mask)
    return 0o777 & ~mask


#: Where notebooks run by hand put the files they write (Excel worklists, credit
#: forms) when no ``output_dir`` is given; inside ``reports/``, so never committed.
SCRATCH_DIR: Path = REPORTS_DIR / "scratch"


def output_folder(output_dir: str | os.PathLike | None = "") -> Path:
    """The folder a notebook writes its files to, created if needed.

    An empty ``output_dir`` means ``reports/scratch/``: a notebook opened by
    hand or run by the tests never writes into the notebooks folder. The
    monthly report passes the period's own folder.

    >>> output_folder("").relative_to(ROOT).as_posix()
    'reports/scratch'
    """
    folder = Path(output_dir) if output_dir else SCRATCH_DIR
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def safe_name(text: str) -> str:
    """A file-name-safe form of an account id.

    >>> safe_name("C000123"), safe_name("A/B 7")
    ('C000123', 'A_B_7')
    """
    return re.sub(r"[^A-Za-z0-9_.-]", "_", str(text))[:80] or "account"
