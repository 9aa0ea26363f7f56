"""Rows of the first sheet of an ``.xlsx`` workbook (openpyxl, read-only mode).

Some benchmark data (FarExStance) ships only as Excel files; read-only mode
streams the sheet, which matters for the article sheets of tens of megabytes.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import IO

from ..errors import InputError


def read_rows(source: Path | IO[bytes]) -> list[dict[str, str]]:
    """The first sheet as dicts keyed by its header row (cells as text, empty as ""); unheaded columns dropped."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(str(source), f"cannot read workbook ({exc})") from exc
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [str(h) if h is not None else "" for h in next(rows, ())]
        return [{h: "" if v is None else str(v) for h, v in zip(header, row) if h} |
                {h: "" for h in header[len(row):] if h} for row in rows]  # fmt: skip
    finally:
        book.close()
