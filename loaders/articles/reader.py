"""Turn an article file (.txt, .md, .html; UTF-8 or GBK) into clean body text.

Real reports arrive as saved web pages or pasted text, in UTF-8 or in the
GB encodings Chinese sites still serve.  Navigation bars and "related
articles" lists around the report name organisations too, so they are cut
off here: whatever survives into `body` is treated as the report's own claim.
"""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

from charset_normalizer import from_bytes

from graph.errors import LoadError
from loaders.articles.datelines import dateline_date, is_dateline, listing_date
from loaders.articles.model import ArticleText
from loaders.encoding import binary_kind

log = logging.getLogger(__name__)
ESTIMATE = "page lists (estimate)"
_CJK = re.compile("[\u3400-\u9fff]")

HEADER_KEYS = ("url", "title", "date", "province", "partial", "text_form", "source", "published")
_HEADER_RE = re.compile(r"^(?P<key>[a-z_]+):\s?(?P<value>.*)$")
_ISO_RE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_PUBLISHED_RE = re.compile(r"(?:published|reported on|page dated)\s+(\d{4}-\d{2}-\d{2})")

# Trailer headings: everything from one of these lines on is furniture.
_TRAILER_RE = re.compile(
    r"^\s*(相关阅读|热门文章|最新文章|相关推荐|推荐阅读|相关新闻|相关文章|猜你喜欢|上一篇|下一篇|"
    r"版权所有|版权声明|免责声明|分享到|扫一扫|网站地图|友情链接)"
)
# Single furniture lines anywhere before the trailer.
_FURNITURE_RE = re.compile(
    r"^\s*(当前位置|您的位置|您现在的位置|首页\s*[>›»]|.*[>›»]\s*$|日期[:\uff1a].*来源[:\uff1a]|"
    r"来源[:\uff1a].*编辑[:\uff1a]|浏览次数|阅读量|字号[:\uff1a]|打印本页|关闭窗口|【.*】\s*$)"
)
_SENTENCE_END = "\u3002!?\uff01\uff1f;\uff1b\u2026"


def decode_bytes(
    raw: bytes, encoding: str | None = None, *, path: str = "article"
) -> tuple[str, str]:
    """Decode raw bytes, preferring UTF-8 and falling back to detection.

    GBK and GB2312 guesses are widened to GB18030, their superset, so rare
    characters in names do not turn into replacement marks.  A file whose
    lines are Chinese UTF-8 up to some line and something else after it (a
    paragraph pasted from a GBK page) is refused, naming that line: decoding
    it either way would load half of it as gibberish names.
    """
    if encoding:
        return raw.decode(encoding), encoding
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        before = raw[: raw.rfind(b"\n", 0, exc.start) + 1].decode("utf-8")
    if b"\x00" in raw or binary_kind(raw):
        # No encoding turns an image or a program into a report.
        raise LoadError(path, "not a text file", hint="give the article as .txt, .md or .html")
    if _CJK.search(before):
        rest = raw[len(before.encode("utf-8")) :]
        what = "GBK/GB18030" if _decodes(rest, "gb18030") else "another encoding"
        raise LoadError(
            path,
            f"mixed text encodings: {_lines(line - 1)} UTF-8, but from line {line} on it "
            f"is not UTF-8; it reads as {what}",
            hint=f"save the text from line {line} on as UTF-8 too, then load it again; "
            "for a file entirely in one other encoding, name it with --encoding, e.g. "
            "--encoding gb18030",
        )
    best = from_bytes(raw).best()
    guess = (best.encoding if best else "gb18030").lower().replace("_", "")
    if guess in {"gbk", "gb2312", "gb18030", "cp936", "hz"}:
        guess = "gb18030"
    try:
        return raw.decode(guess), guess
    except (UnicodeDecodeError, LookupError):
        pass
    try:
        return raw.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        bad = raw[: exc.start].count(b"\n") + 1
    raise LoadError(
        path,
        f"cannot tell the text encoding: it is not UTF-8 from line {line} on, "
        f"nor GB18030 from line {bad} on",
        hint="save it as UTF-8, or pass the encoding it is in with --encoding",
    )


def _lines(last: int) -> str:
    return "line 1 is" if last == 1 else f"lines 1-{last} are"


def _decodes(raw: bytes, codec: str) -> bool:
    try:
        raw.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


class _TextParser(HTMLParser):
    """Collect visible text, one line per block element, skipping chrome."""

    SKIP = frozenset({"script", "style", "nav", "header", "footer", "aside", "noscript", "form"})
    BLOCK = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "tr",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "section",
            "article",
            "ul",
            "ol",
            "table",
            "dd",
            "dt",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        elif tag == "title":
            self._in_title = False
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, str | None]:
    """Strip tags with the standard-library parser; return (text, <title>)."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = [re.sub(r"[ \t\u3000\xa0]+", " ", x).strip() for x in "".join(parser.parts).split("\n")]
    text = "\n\n".join(x for x in lines if x)
    return text, (parser.title.strip() or None)


def _iso(value: str) -> str | None:
    m = _ISO_RE.search(value)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    return f"{y:04d}-{mo:02d}-{d:02d}"


def parse_headers(text: str) -> tuple[dict[str, str], str]:
    """Split the corpus-style `key: value` header block from the text."""
    lines = text.split("\n")
    headers: dict[str, str] = {}
    i = 0
    while i < len(lines):
        m = _HEADER_RE.match(lines[i].strip())
        if not m or m.group("key") not in HEADER_KEYS:
            break
        headers[m.group("key")] = m.group("value").strip()
        i += 1
    if not headers:
        return {}, text
    return headers, "\n".join(lines[i:]).lstrip("\n")


class Cleaned(NamedTuple):
    """What `strip_furniture` keeps: the body and what the furniture said."""

    body: str
    title: str | None
    dateline: str | None
    listing: str | None


def strip_furniture(text: str) -> Cleaned:
    """Drop navigation lines, datelines and the related-articles trailer.

    Returns the body, the title guessed from a leading headline, the date
    of a dateline (see `datelines`), and the newest date in the trailer's
    article lists.  A headline is a line without sentence punctuation before
    the first real paragraph: a long one anywhere there, a short one (校企合作
    签约仪式举行) only right before a dateline or the first paragraph, so
    that short navigation words are not taken for it.  A dateline or source
    line is never a title.
    """
    kept: list[str] = []
    title: str | None = None
    dateline: str | None = None
    short: str | None = None  # a short line that is a headline if a dateline or body follows
    paragraphs = 0
    lines = text.split("\n")
    for index, line in enumerate(lines):
        stripped = line.strip()
        if _TRAILER_RE.match(stripped):
            return Cleaned(_tidy(kept), title, dateline, listing_date(lines[index:]))
        if not stripped:
            kept.append("")
            continue
        if paragraphs < 2:
            dateline = dateline or dateline_date(stripped)
        if is_dateline(stripped) or _FURNITURE_RE.match(stripped):
            if short and is_dateline(stripped):
                title = short
            short = None
            continue
        is_paragraph = len(stripped) > 40 or any(c in stripped for c in _SENTENCE_END)
        if not paragraphs and not is_paragraph:
            if len(stripped) >= 12:
                title, short = stripped, None
            else:
                short = stripped if len(_CJK.findall(stripped)) >= 4 else None
            continue
        if short and not paragraphs:
            title = short
        short = None
        paragraphs += 1
        kept.append(stripped)
    return Cleaned(_tidy(kept), title, dateline, None)


def _tidy(kept: list[str]) -> str:
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n")


def read_text(
    text: str,
    *,
    html: bool = False,
    encoding: str = "utf-8",
    name: str = "article",
    published: str | None = None,
) -> ArticleText:
    """Clean already-decoded article text (see `read_article`).

    The publication date is ``published`` when given (``--published``), else,
    in this order: a `published:` header or one stated in `date:` ("published
    2020-12-02"), a dateline in the text, a plain `date:` header, and, as an
    estimate that is reported as one, the newest date in the page's own
    article lists.
    """
    html_title: str | None = None
    if html or re.match(r"\s*(<!doctype|<html)", text, re.IGNORECASE):
        text, html_title = html_to_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    headers, rest = parse_headers(text)
    cleaned = strip_furniture(rest)
    explicit = _PUBLISHED_RE.search(headers.get("date", ""))
    choices = (
        (published, "--published"),
        (_iso(headers.get("published", "")), "header"),
        (explicit.group(1) if explicit else None, "header"),
        (cleaned.dateline, "dateline"),
        (_iso(headers.get("date", "")), "header"),
        (cleaned.listing, ESTIMATE),
    )
    date, basis = next(((d, b) for d, b in choices if d), (None, None))
    if basis == ESTIMATE:
        log.warning(
            "%s: the text states no publication date; %s, the newest date in the page's "
            "相关阅读/最新文章 lists, is used as an estimate (give the date with --published)",
            name,
            date,
        )
    return ArticleText(
        body=cleaned.body,
        title=headers.get("title") or cleaned.title or html_title,
        url=headers.get("url"),
        published=date,
        headers=headers,
        encoding=encoding,
        published_from=basis,
    )


def read_article(
    path: Path, encoding: str | None = None, *, published: str | None = None
) -> ArticleText:
    """Read an article file: decode, parse the header, strip HTML and furniture.

    ``published`` (ISO, from ``--published``) wins over any date found in
    the file: it is for reports that do not state their date, or state it
    wrongly.
    """
    path = Path(path)
    text, used = decode_bytes(path.read_bytes(), encoding, path=str(path))
    is_html = path.suffix.lower() in {".html", ".htm", ".xhtml"}
    return read_text(text, html=is_html, encoding=used, name=str(path), published=published)
