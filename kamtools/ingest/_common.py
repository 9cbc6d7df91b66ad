"""What several stages of reading a source share: the file kinds, decoding text files."""

from __future__ import annotations

SOURCE_SUFFIXES = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}


def _decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("gb18030"), "gb18030"
