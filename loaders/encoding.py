"""Which text encoding a table file is in, and opening it for reading.

Analysts' CSV files come from Excel (UTF-8 with a BOM, or the system code
page: GBK on Chinese Windows), from web exports (UTF-8) and from older office
systems (GB2312, GB18030). Decoding with the wrong codec gives mojibake that
only shows up as wrong names later, so the encoding is decided once, up
front, from the bytes: a BOM wins, then strict UTF-8, then charset-normalizer.
GB2312 and GBK are read as GB18030, their superset, so a rare character
that GBK lacks never fails a file that was labelled GBK.
"""

from __future__ import annotations

import codecs
import io
from pathlib import Path
from typing import TextIO

from graph.errors import LoadError

__all__ = [
    "ENCODING_NAMES",
    "SAMPLE_BYTES",
    "binary_kind",
    "detect_encoding",
    "first_bad_line",
    "normalise_encoding",
    "open_text",
]

#: The names suggested when an encoding is not known (any name Python knows works).
ENCODING_NAMES = ("utf-8", "utf-8-sig", "gbk", "gb2312", "gb18030", "big5", "utf-16")
#: How much of a file is looked at to decide its encoding.
SAMPLE_BYTES = 256 * 1024
_CHINESE_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "euc_cn", "hz"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Files that are not text, by their first bytes; all are sent as ".csv" by mistake.
_MAGIC = (
    (b"PK\x03\x04", "a ZIP archive (an Excel .xlsx workbook is one)"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (an Excel .xls workbook?)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
)


def normalise_encoding(name: str) -> str:
    """The codec to use for an encoding name an analyst or a detector gives.

    Raises LoadError without a file: the caller knows which file (or option)
    the name came from and says so.

    >>> normalise_encoding("GBK"), normalise_encoding("utf8"), normalise_encoding("gb2312")
    ('gb18030', 'utf-8', 'gb18030')
    """
    try:
        codec = codecs.lookup(name.strip()).name
    except LookupError:
        raise LoadError(
            None, f"unknown encoding {name!r}", hint=f"use one of {', '.join(ENCODING_NAMES)}"
        ) from None
    return "gb18030" if codec.replace("-", "_") in _CHINESE_FAMILY else codec


def detect_encoding(data: bytes) -> str | None:
    """The codec that decodes ``data`` (a file's first bytes), or None.

    >>> detect_encoding("学校名称,合作企业".encode("gb18030"))
    'gb18030'
    >>> detect_encoding(codecs.BOM_UTF8 + "学校".encode())
    'utf-8-sig'
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(data, final=len(data) < SAMPLE_BYTES)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return normalise_encoding(best.encoding) if best is not None else None


def first_bad_line(path: Path, codec: str) -> int | None:
    """The number of the first line of ``path`` that ``codec`` cannot decode.

    Only used once decoding has failed, to point at the line: the decoder
    itself only knows an offset inside the block it was reading.
    """
    if codec.startswith(("utf-16", "utf-32")):
        return None  # their line ends are not single bytes
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode(codec)
            except UnicodeDecodeError:
                return number
    return None


def binary_kind(data: bytes) -> str | None:
    """What a file that is not text at all is, from its first bytes, or None.

    >>> binary_kind(b"PK\\x03\\x04..."), binary_kind("学校".encode())
    ('a ZIP archive (an Excel .xlsx workbook is one)', None)
    """
    return next((what for magic, what in _MAGIC if data.startswith(magic)), None)


def open_text(path: Path, encoding: str | None = None) -> tuple[TextIO, str]:
    """Open ``path`` as text in its encoding (``encoding`` overrides detection).

    Returns the open stream and the codec used, so later decoding errors can
    name it. Raises LoadError suggesting ``--encoding`` when nothing fits.
    """
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    kind = binary_kind(sample)
    if kind:
        # Any codec would turn it into nonsense names, so no --encoding helps.
        raise LoadError(
            str(path),
            f"not text but {kind}",
            hint="give a table saved as CSV (UTF-8), or a workbook under its .xlsx name",
        )
    if encoding:
        try:
            codec = normalise_encoding(encoding)
        except LoadError as exc:
            raise LoadError(
                str(path),
                f"{exc.reason} (given with --encoding, or as a mapping's encoding:)",
                hint=exc.hint,
            ) from None
    else:
        found = detect_encoding(sample)
        if found is None:
            line = first_bad_line(path, "utf-8")
            where = f"; it is not UTF-8 from line {line} on" if line else ""
            raise LoadError(
                str(path),
                f"cannot tell the text encoding{where}",
                hint="save it as UTF-8, or pass --encoding gb18030 (or the encoding it is in)",
            )
        codec = found
    raw = path.open("rb")
    return io.TextIOWrapper(raw, encoding=codec, newline=""), codec
