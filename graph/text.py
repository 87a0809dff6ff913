"""Chinese text normalisation: one key for matching, the original for display.

Names arrive as 绍兴中专, 绍兴中专 (full-width spaces), "浙江（绍兴）有限公司" or
"浙江(绍兴)有限公司". Matching must treat these as equal while every display
keeps what the source wrote; so normalisation produces a *key* and never
replaces the stored name.
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["clean_display", "match_key"]

# Quotes and brackets that sources use interchangeably; they carry no identity.
_DROP = re.compile(
    r"[\s\"'“”‘’「」『』《》〈〉<>()\[\]{}【】〔〕·・.,，。、:：;；!！?？\-—–_/\\|~`]"
)
# Invisible characters that survive copy-paste from web pages and PDFs:
# zero-width and direction marks (bidi isolates included, which can make a
# name read backwards) and control characters other than tab, CR and LF
# (an ESC in a name would drive the analyst's terminal).
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]"
)


@functools.lru_cache(maxsize=1 << 16)
def clean_display(text: str) -> str:
    """Trim and drop invisible characters, keeping the text otherwise as written.

    Cached: every name and property value of every record passes here, and
    most repeat (regions, industries, roles).

    >>> clean_display("\\u200b 绍兴中专\\u3000")
    '绍兴中专'
    """
    return _INVISIBLE.sub("", text).strip().strip("\u3000")


@functools.lru_cache(maxsize=1 << 16)
def match_key(text: str) -> str:
    """The key two spellings of one name share.

    Cached: a name is keyed when its record is built, when the graph indexes
    it and again for every relationship that names it (an industry or a
    region on thousands of rows). The bound keeps memory in check on the
    largest tables: the names that repeat stay, the million others pass.

    NFKC folds full-width letters, digits and punctuation to half width;
    casefold handles Latin names; brackets, quotes, spaces and separators are
    dropped because sources disagree about them.

    >>> match_key("浙江（绍兴）ABC 有限公司") == match_key("浙江(绍兴)abc有限公司")
    True
    """
    folded = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)).casefold()
    # Casefolding, and dropping a separator between a letter and a combining
    # mark ("A¨" → a + U+0308), leave text that NFKC composes differently;
    # normalising again makes the key of a key the key itself.
    return unicodedata.normalize("NFKC", _DROP.sub("", unicodedata.normalize("NFKC", folded)))
