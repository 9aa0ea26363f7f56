"""Rows of the first sheet of an ``.xlsx`` workbook, read with the standard library.

Some benchmark data ships only as Excel files. An ``.xlsx`` file is a zip of
XML parts; reading cell values (shared, inline or plain strings, numbers,
booleans) of one sheet needs no spreadsheet library, so none is a dependency.
Formulas are read as their cached values; styles and dates are not interpreted.

    >>> import io, zipfile
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w") as z:
    ...     z.writestr("xl/worksheets/sheet1.xml", '<worksheet xmlns="http://schemas.openxmlformats.org/'
    ...         'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c>'
    ...         '</row><row r="2"><c r="A2"><v>3</v></c></row></sheetData></worksheet>')
    >>> read_rows(buf)
    [{'x': '3'}]
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, iterparse

from ..errors import InputError

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_COLUMN = re.compile(r"[A-Z]+")


def column_index(ref: str) -> int:
    """``A1`` -> 0, ``AB7`` -> 27."""
    letters = _COLUMN.match(ref)
    if not letters:
        raise ValueError(f"bad cell reference {ref!r}")
    n = 0
    for ch in letters.group():
        n = n * 26 + ord(ch) - ord("A") + 1
    return n - 1


def _text(elem: Element) -> str:
    """All ``<t>`` text under a shared-string item or an inline string (rich text runs joined)."""
    return "".join(t.text or "" for t in elem.iter(f"{_NS}t"))


def _shared_strings(z: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in z.namelist():
        return []
    with z.open("xl/sharedStrings.xml") as fh:
        return [_text(el) for _, el in iterparse(fh) if el.tag == f"{_NS}si"]


def _sheet_rows(z: zipfile.ZipFile, shared: list[str]) -> list[list[str]]:
    """Each row's cell values as strings, gaps (empty cells) as ``""``."""
    rows: list[list[str]] = []
    with z.open("xl/worksheets/sheet1.xml") as fh:
        for _, el in iterparse(fh):
            if el.tag != f"{_NS}row":
                continue
            cells: dict[int, str] = {}
            for c in el.iter(f"{_NS}c"):
                kind, v = c.get("t", "n"), c.find(f"{_NS}v")
                if kind == "inlineStr":
                    value = _text(c)
                elif kind == "s" and v is not None:
                    value = shared[int(v.text or 0)]
                else:
                    value = (v.text or "") if v is not None else ""
                cells[column_index(c.get("r", "A"))] = value
            rows.append([cells.get(i, "") for i in range(max(cells, default=-1) + 1)])
            el.clear()  # the article sheets hold tens of megabytes of XML
    return rows


def read_rows(source: Path | IO[bytes]) -> list[dict[str, str]]:
    """The first sheet as dicts keyed by its header row; columns without a header are dropped."""
    try:
        with zipfile.ZipFile(source) as z:
            table = _sheet_rows(z, _shared_strings(z))
    except (OSError, zipfile.BadZipFile, KeyError) as exc:
        raise InputError(str(source), f"cannot read workbook ({exc})") from exc
    if not table:
        return []
    header = table[0]
    return [{h: (row[i] if i < len(row) else "") for i, h in enumerate(header) if h} for row in table[1:]]
