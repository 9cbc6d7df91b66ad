"""``kam export``: every table of a store as CSV files for Excel, written as one set.

* **One set or nothing.** The files are written into a temporary folder beside the
  target and moved into place only when all of them are written; on any error (a full
  disk, Ctrl-C) the temporary folder is removed, so the target is left as it was and
  no hidden file stays behind.
* **The user's files are not overwritten.** The set is written with a small manifest,
  :data:`MANIFEST` (``kam-export.json``: each file's name and SHA-256), so a later
  export recognises its own files. A folder holding anything else (the user's own
  CSVs, notes, or an exported file edited since) is refused unless ``force``, which
  replaces the tables' CSV files there and keeps the other files. A new or empty
  folder is always fine (the files macOS and Windows leave in a folder that was looked
  at, such as ``.DS_Store``, do not count).
* **Excel-safe text, on request.** With ``excel_safe``, text cells (and headers)
  whose first character is ``=``, ``+``, ``-``, ``@``, tab, carriage return or line
  feed get a leading ``'``, so Excel shows them as text instead of running them as a
  formula (CSV injection). Numbers and dates are not touched, so a negative amount
  stays a number. This breaks the exact round trip: ``kam import`` of such a folder
  reads the ``'`` as part of the text.

>>> import pandas as pd
>>> quote_formulas(pd.DataFrame({"name": ["=1+1", "Acme", None], "amount": [-5.0, 1.0, 2.0]}))
    name  amount
0  '=1+1    -5.0
1   Acme     1.0
2    NaN     2.0
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from ..paths import folder_mode
from ..store import KamData, write_csv
from .excel import FORMULA_START, PREFIX

#: The manifest an export writes beside its files (how a later export recognises them).
MANIFEST = "kam-export.json"
#: Files named when a folder is refused (the rest are counted).
SHOWN = 5
#: Files the file managers of macOS and Windows leave in a folder someone looked at: not the user's work.
SYSTEM_FILES = {".DS_Store", "Thumbs.db", "desktop.ini"}


class ExportRefused(ValueError):
    """The target folder holds files the export did not write (or is not a folder)."""


def quote_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells and headers that a spreadsheet would run as a formula
    start with ``'``; numbers, dates and missing values are left as they are."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_object_dtype(s) or pd.api.types.is_string_dtype(s):
            risky = s.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_START)).astype(bool)
            if risky.any():
                out[col] = s.where(~risky, PREFIX + s.where(risky, ""))
    out.columns = [PREFIX + c if isinstance(c, str) and c.startswith(FORMULA_START) else c for c in out.columns]
    return out


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _manifest_files(folder: Path) -> dict[str, str]:
    """The files an earlier export wrote into ``folder`` (name -> SHA-256), from its manifest."""
    try:
        files = json.loads((folder / MANIFEST).read_text(encoding="utf-8")).get("files", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def foreign_files(folder: Path) -> list[str]:
    """What in ``folder`` an export did not write (or was changed since), as short descriptions;
    empty for a folder that does not exist, is empty or holds only an earlier export."""
    if not folder.exists():
        return []
    if not folder.is_dir():
        raise ExportRefused(f"{folder} is a file, not a folder: nothing was written; choose a folder to export to")
    ours = _manifest_files(folder)
    found = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if (entry.name == MANIFEST and ours) or entry.name in SYSTEM_FILES:
            continue
        if entry.name in ours and entry.is_file() and not entry.is_symlink():
            if _digest(entry) == ours[entry.name]:
                continue
            found.append(f"{entry.name} (changed since it was exported)")
        else:
            found.append(entry.name + ("/" if entry.is_dir() else ""))
    return found


def _refusal(folder: Path, foreign: list[str]) -> str:
    shown = ", ".join(foreign[:SHOWN]) + (f" and {len(foreign) - SHOWN} more" if len(foreign) > SHOWN else "")
    return (
        f"{folder} holds files that kam export did not write ({shown}): nothing was written. "
        "Export into a new or empty folder, or pass --force to replace the tables' CSV files there "
        "(other files are kept)"
    )


def _write_set(data: KamData, tmp: Path, excel_safe: bool, encoding: str) -> None:
    """Every table of ``data`` as ``<table>.csv`` in ``tmp``, then the manifest."""
    files = {}
    for name in data.tables:
        df = data.table(name)
        path = tmp / f"{name}.csv"
        write_csv(quote_formulas(df) if excel_safe else df, path, encoding=encoding)
        files[path.name] = _digest(path)
    manifest = {"written_by": "kam export", "excel_safe": excel_safe, "files": files}
    (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def _move_files(tmp: Path, folder: Path) -> None:
    """Move the set from ``tmp`` into the existing ``folder`` (each file replaced whole), drop the
    files of an earlier export that the new set has not, and the manifest last."""
    before = _manifest_files(folder)
    names = sorted(p.name for p in tmp.iterdir() if p.name != MANIFEST)
    for name in names:
        os.replace(tmp / name, folder / name)
    for name, digest in before.items():
        old = folder / name
        if name not in names and name != MANIFEST and old.is_file() and _digest(old) == digest:
            old.unlink()
    os.replace(tmp / MANIFEST, folder / MANIFEST)
    tmp.rmdir()


def export_csv(
    data: KamData,
    folder: str | os.PathLike,
    *,
    excel_safe: bool = False,
    force: bool = False,
    encoding: str = "utf-8-sig",
) -> Path:
    """Write every table of ``data`` as ``<table>.csv`` into ``folder``, as one set (see the module).

    The default encoding, UTF-8 with a byte-order mark, is what Excel needs to show Chinese
    text; ``kam import`` reads it back unchanged (without ``excel_safe``). Raises
    :class:`ExportRefused` when ``folder`` holds files the export did not write and not
    ``force``, or is a file.
    """
    out = Path(folder)
    foreign = foreign_files(out)
    if foreign and not force:
        raise ExportRefused(_refusal(out, foreign))
    target = Path(os.path.abspath(out))  # "." has no name and no parent to build beside
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.exporting-", dir=target.parent))
    try:
        _write_set(data, tmp, excel_safe, encoding)
        os.chmod(tmp, folder_mode())
        if target.exists():
            _move_files(tmp, target)
        else:
            os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out
