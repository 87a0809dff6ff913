"""Formulas whose value was never saved, found in a workbook sheet's own XML.

Excel and WPS save each formula with the value it last gave, and the reader
takes that value (openpyxl's ``data_only``). A workbook written by a program
(pandas, openpyxl, a web export) often holds the formula alone, and then the
cell reads as empty: a required name looks missing, an optional one is
dropped without a word. This module finds those cells so the loader can say
what they are.

The sheet's XML is read directly, not through a second openpyxl load: a
byte search tells in milliseconds whether the sheet holds any formula, and
a streaming parse of one that does costs about a third of openpyxl's.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, fromstring, iterparse

__all__ = ["unsaved_formulas"]

_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CHUNK = 1 << 20


def unsaved_formulas(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """(row, column), both from 1, -> ``=formula`` for cells of ``sheet`` with no saved value.

    Empty when the sheet holds no such cell, or when its part cannot be found
    in the package (the loader then reads such cells as empty, as before).
    """
    with zipfile.ZipFile(path) as archive:
        part = _sheet_part(archive, sheet)
        if part is None:
            return {}
        with archive.open(part) as xml:
            if not _mentions_formula(xml):
                return {}
        with archive.open(part) as xml:
            return dict(_scan(xml))


def _local(tag: str) -> str:
    """A tag or attribute name without its namespace (transitional and strict files differ)."""
    return tag.rsplit("}", 1)[-1]


def _attr(element: Element, name: str) -> str | None:
    return next((v for k, v in element.attrib.items() if _local(k) == name), None)


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The package path of the sheet called ``sheet`` (``xl/worksheets/sheet1.xml``)."""
    try:
        package = fromstring(archive.read("_rels/.rels"))
        book = next(
            r.get("Target", "") for r in package if r.get("Type", "").endswith("/officeDocument")
        ).lstrip("/")
        folder, name = posixpath.split(book)
        rels = fromstring(archive.read(posixpath.join(folder, "_rels", f"{name}.rels")))
        targets = {r.get("Id"): r.get("Target", "") for r in rels}
        for element in fromstring(archive.read(book)).iter():
            if _local(element.tag) == "sheet" and element.get("name") == sheet:
                target = targets[_attr(element, "id")]
                if target.startswith("/"):
                    return target.lstrip("/")
                return posixpath.normpath(posixpath.join(folder, target))
    except (KeyError, StopIteration, SyntaxError):  # ParseError is a SyntaxError
        return None
    return None


def _mentions_formula(xml: IO[bytes]) -> bool:
    tail = b""
    while chunk := xml.read(_CHUNK):
        if _FORMULA_TAG.search(tail + chunk):
            return True
        tail = chunk[-8:]
    return False


def _scan(xml: IO[bytes]) -> Iterator[tuple[tuple[int, int], str]]:
    """Stream the sheet: every formula cell whose value element is missing or empty."""
    from openpyxl.formula.translate import Translator
    from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter

    events = iterparse(xml, events=("start", "end"))
    _, root = next(events)
    ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    row_tag, cell_tag, f_tag, v_tag = (ns + t for t in ("row", "c", "f", "v"))
    row = column = 0
    shared: dict[str, tuple[str, str]] = {}  # si -> (formula, the cell it is written in)
    for event, element in events:
        if element.tag == row_tag:
            if event == "start":
                r = element.get("r")
                row, column = (int(r) if r else row + 1), 0
            else:
                element.clear()  # its cells are done: keep memory flat on long sheets
            continue
        if event == "start" or element.tag != cell_tag:
            continue
        ref = element.get("r")
        row, column = coordinate_to_tuple(ref) if ref else (row, column + 1)
        formula = element.find(f_tag)
        if formula is not None:
            here = ref or f"{get_column_letter(column)}{row}"
            text = "=" + (formula.text or "")
            si = formula.get("si")
            if formula.get("t") == "shared" and si is not None:
                if formula.text:
                    shared[si] = (text, here)
                elif si in shared:  # written once, at its first cell, and moved for the others
                    origin_text, origin = shared[si]
                    text = Translator(origin_text, origin=origin).translate_formula(here)
            saved = element.find(v_tag)
            # An empty <v/> is what a program that never calculated writes; a text
            # result (t="str") that is empty, =IF(…,"",…), is a value saved as "".
            if saved is None or (not saved.text and element.get("t") != "str"):
                yield (row, column), text
