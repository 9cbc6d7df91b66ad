"""Where things live: the one place that knows the workbook's folders.

Notebooks, the command line and tests take their paths from here and never
hard-code them.

>>> from kamtools import paths
>>> paths.SAMPLE_DIR.name
'sample'
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def save_atomically(document: Any, path: Path) -> Path:
    """Save ``document`` (anything with ``save(filename)``: a Word document, an openpyxl workbook) as
    ``path`` atomically (:func:`write_atomically`)."""
    return write_atomically(path, document.save)


def write_atomically(path: Path, write: Callable[[str], Any]) -> Path:
    """Write ``path`` atomically: ``write(filename)`` writes a file beside it, which is then renamed,
    so a reader never opens half a file and a failure leaves the previous file in place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes the file private; a report file is shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def move_into_place(tmp: Path, final: Path) -> None:
    """Replace the folder ``final`` by the folder ``tmp`` (built aside); the previous folder stays
    if the rename fails. A report period and the letters of a period are put in place so."""
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.old-{os.getpid()}")
        os.replace(final, old)
    try:
        os.replace(tmp, final)
    except BaseException:
        if old is not None:
            os.replace(old, final)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


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


#: Names Windows reserves for devices, whatever the extension ("CON", "con.txt", "COM1.x").
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{dev}{n}" for dev in ("COM", "LPT") for n in [*"0123456789", "\u00b9", "\u00b2", "\u00b3"]]
)
#: Most UTF-8 bytes of the readable part of :func:`safe_name`, composed or decomposed (macOS
#: stores names decomposed): with a prefix, the digest and a suffix, a file name stays far
#: below the 255 bytes (or UTF-16 units) every file system allows.
NAME_BYTES = 120
#: Most characters of the readable part.
NAME_CHARS = 80
#: Hex digits of the id's SHA-256 in every name.
DIGEST_CHARS = 8


def _readable_char(ch: str) -> str:
    """``ch`` when a name may hold it on every system (letters, marks and digits of any script, ``-``
    and ``.``), else ``_``."""
    return ch if ch in "-." or unicodedata.category(ch)[0] in "LMN" else "_"


def _fits(text: str) -> bool:
    return all(len(unicodedata.normalize(form, text).encode("utf-8")) <= NAME_BYTES for form in ("NFC", "NFD"))


def readable_part(text: str) -> str:
    """The readable part of :func:`safe_name`: letters, marks and digits of any script (Chinese
    included), ``-`` and ``.``; anything else (path separators, spaces, control and format
    characters, what Windows forbids) becomes ``_``, and so does a run of dots and ``_`` (no
    ``..``); no dot or ``_`` at either end; a name Windows reserves for a device gets a leading
    ``_``; at most :data:`NAME_CHARS` characters and :data:`NAME_BYTES` bytes. Lossy: never a
    name on its own.

    >>> readable_part("A/B 7"), readable_part("../etc/passwd"), readable_part("con.txt"), readable_part("华东 机电")
    ('A_B_7', 'etc_passwd', '_con.txt', '华东_机电')
    """
    text = unicodedata.normalize("NFC", str(text))
    part = re.sub(r"[._]{2,}", "_", "".join(_readable_char(ch) for ch in text)).strip("._")
    part = part[:NAME_CHARS]
    while part and not _fits(part):
        part = part[:-1]
    part = part.rstrip("._")
    if part.split(".")[0].upper() in _RESERVED:
        part = "_" + part
    return part or "id"


def id_digest(text: str) -> str:
    """The first :data:`DIGEST_CHARS` hex digits of the SHA-256 of ``text`` as typed (UTF-8).

    >>> id_digest("C000123")
    '233288a7'
    """
    return hashlib.sha256(str(text).encode("utf-8", "surrogatepass")).hexdigest()[:DIGEST_CHARS]


def safe_name(text: str) -> str:
    """The part of a file name that stands for an id (a customer's plan, its credit forms):
    :func:`readable_part` of the id, ``_`` and :func:`id_digest` of the exact id.

    The same id always gives the same name; ids that differ in any way (case, a Chinese
    character, ``/`` against ``_``, past the 80th character, composed or decomposed
    accents) give names that differ in the digest, so no two customers share a file, also
    on a file system that ignores case or normalises Unicode (Windows, macOS). The name
    holds no path separator, control character, leading dot or reserved device name, and
    is at most 89 characters and :data:`NAME_BYTES` + 9 bytes.

    >>> safe_name("C000123"), safe_name("A/B 7"), safe_name("a/b 7")
    ('C000123_233288a7', 'A_B_7_9e26fdf7', 'a_b_7_5cfeb42f')
    """
    return f"{readable_part(text)}_{id_digest(text)}"
