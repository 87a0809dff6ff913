"""Load the word lists the extractor works from, once per process.

Organisation suffixes come from graph/schema.yaml, the single declaration of
labels; the rest (titles, cues, stop words) from lexicon.yaml beside this
module.  Keeping them as data lets an analyst extend coverage for another
province without touching the matching code.
"""

from __future__ import annotations

import logging
import re
import warnings
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
SCHEMA_PATH = HERE.parent.parent / "graph" / "schema.yaml"
LEXICON_PATH = HERE / "lexicon.yaml"

# Labels whose names are recognised by suffix, in the order ties are broken:
# a longer suffix always wins, and at equal length the earlier label wins.
SUFFIX_LABELS = (
    "Event",
    "Project",
    "Alliance",
    "SecondaryVocationalSchool",
    "HigherEducationInstitution",
    "IndustrialPark",
    "Association",
    "Enterprise",
    "GovernmentAgency",
)
ORG_LABELS = frozenset(
    {
        "SecondaryVocationalSchool",
        "HigherEducationInstitution",
        "GovernmentAgency",
        "IndustrialPark",
        "Enterprise",
        "Association",
        "Alliance",
    }
)
SCHOOL_LABELS = frozenset({"SecondaryVocationalSchool", "HigherEducationInstitution"})


@dataclass(frozen=True)
class Lexicon:
    """All word lists, pre-sorted and pre-compiled for matching."""

    suffixes: tuple[tuple[str, str], ...]  # (suffix, label), longest first
    suffixes_by_last: dict[str, tuple[tuple[str, str], ...]]  # the same, keyed by last character
    needs_place: frozenset[str]
    park_managers: tuple[str, ...]
    unit_suffixes: tuple[str, ...]
    abbreviations: dict[str, tuple[str, ...]]
    generic_heads: frozenset[str]
    name_breakers: frozenset[str]
    titles: tuple[str, ...]
    title_re: re.Pattern[str]
    title_any: re.Pattern[str]
    school_titles: frozenset[str]
    after_name: tuple[str, ...]
    party_re: re.Pattern[str]
    cues: dict[str, Any]
    industry_res: tuple[re.Pattern[str], ...]
    bylines: dict[str, str]
    surnames: frozenset[str]
    compound_surnames: tuple[str, ...]
    name_verbs: frozenset[str]
    not_names: re.Pattern[str]
    non_org_words: frozenset[str]
    self_references: tuple[str, ...]
    field_stop: frozenset[str]
    generic_places: frozenset[str]
    role_words: frozenset[str]
    generic_words: tuple[str, ...]  # generic heads and field stops, longest first


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


@cache
def load_lexicon() -> Lexicon:
    """Read schema.yaml and lexicon.yaml (cached: the files do not change)."""
    schema = yaml.safe_load(SCHEMA_PATH.read_text(encoding="utf-8"))
    data = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    pairs: dict[str, str] = {}
    for label in SUFFIX_LABELS:
        words = list(schema["labels"].get(label, {}).get("suffixes", []))
        words += data["extra_suffixes"].get(label, [])
        for word in words:
            pairs.setdefault(word, label)
    # 学院 alone is claimed by HigherEducationInstitution; 技师学院 etc. keep their label.
    suffixes = tuple(sorted(pairs.items(), key=lambda p: (-len(p[0]), SUFFIX_LABELS.index(p[1]))))
    titles = _longest_first(data["titles"])
    title_alt = "|".join(map(re.escape, titles))
    by_last: dict[str, list[tuple[str, str]]] = {}
    for pair in suffixes:
        by_last.setdefault(pair[0][-1], []).append(pair)
    return Lexicon(
        suffixes=suffixes,
        suffixes_by_last={k: tuple(v) for k, v in by_last.items()},
        needs_place=frozenset(data["needs_place"]),
        park_managers=_longest_first(data["park_managers"]),
        unit_suffixes=_longest_first(data["unit_suffixes"]),
        abbreviations={k: tuple(v) for k, v in data["abbreviations"].items()},
        generic_heads=frozenset(data["generic_heads"]),
        name_breakers=frozenset(data["name_breakers"]),
        titles=titles,
        title_re=re.compile(f"(?:{title_alt})$"),
        title_any=re.compile(f"(?:{title_alt})"),
        school_titles=frozenset(data["school_titles"]),
        after_name=_longest_first(data["after_name"]),
        party_re=re.compile("|".join(data["party_bodies"])),
        cues=data["cues"],
        industry_res=tuple(re.compile(p) for p in data["industry_patterns"]),
        bylines=dict(data["bylines"]),
        surnames=frozenset(data["surnames"].replace(" ", "")),
        compound_surnames=tuple(data["compound_surnames"]),
        name_verbs=frozenset(data["name_verbs"]),
        not_names=re.compile("|".join(data["not_names"])),
        non_org_words=frozenset(data["non_org_words"]),
        self_references=_longest_first(data["self_references"]),
        field_stop=frozenset(data["field_stop"]),
        generic_places=frozenset(data["generic_places"]),
        role_words=frozenset(data["role_words"]),
        generic_words=_longest_first(data["generic_heads"] + data["field_stop"]),
    )


@cache
def jieba_tokenizer() -> Any:
    """A quiet jieba instance (no paddle, no network, logging silenced)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba
        import jieba.posseg as pseg
    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    jieba.initialize()
    return pseg


@lru_cache(maxsize=512)
def tokens(text: str) -> tuple[tuple[str, str, int, int], ...]:
    """POS-tagged tokens with character offsets: (word, flag, start, end).

    Cached: names, people and industries read the same sentence's tokens
    (extract_article clears the cache per article).
    """
    pseg = jieba_tokenizer()
    out: list[tuple[str, str, int, int]] = []
    pos = 0
    for pair in pseg.lcut(text, HMM=True):
        word, flag = pair.word, pair.flag
        out.append((word, flag, pos, pos + len(word)))
        pos += len(word)
    return tuple(out)
