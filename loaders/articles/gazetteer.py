"""Names the graph already knows, recognised in articles without a suffix.

Suffixes find 绍兴文理学院 but not a brand-named company (蓝海星), a lab
(甬江实验室) or a short form (绍兴中专) unless the report spells out the full
name.  When the graph already holds such names (from tables or earlier
articles), the extractor recognises them wherever they occur, with the label
the graph gave them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from loaders.articles.lexicon import ORG_LABELS, Lexicon
from loaders.articles.mentions import Mention, match_suffix

# Labels a known name may bring in.  People are left to the title rules (a
# two-character name recurs as an ordinary substring), events belong to one
# report, and industries and regions are read from context, not spotted.
GAZETTEER_LABELS = ORG_LABELS | {"Project"}
MIN_LENGTH = 3  # shorter names match inside too many unrelated words


class Gazetteer(Mapping[str, str]):
    """Known name (or alias) → label, indexed for scanning sentences.

    Build it once and pass it to every `extract_article` call of a batch; a
    plain mapping passed instead is indexed on each call.
    """

    def __init__(self, names: Mapping[str, str]) -> None:
        self._names = {
            name: label
            for name, label in names.items()
            if label in GAZETTEER_LABELS and len(name.strip()) >= MIN_LENGTH
        }
        self._by_head: dict[str, list[str]] = {}
        for name in sorted(self._names, key=len, reverse=True):
            self._by_head.setdefault(name[:2], []).append(name)

    def __getitem__(self, name: str) -> str:
        return self._names[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def scan(self, sentence: str, lex: Lexicon) -> list[Mention]:
        """Known names in a sentence: longest first at each position, no overlaps."""
        found: list[Mention] = []
        pos = 0
        while pos < len(sentence) - 1:
            heads = self._by_head.get(sentence[pos : pos + 2], ())
            hit = next((n for n in heads if sentence.startswith(n, pos)), None)
            if hit is None:
                pos += 1
                continue
            suffix = match_suffix(hit, lex)[0]
            found.append(Mention(hit, self._names[hit], pos, pos + len(hit), suffix))
            pos += len(hit)
        return found


def as_gazetteer(names: Mapping[str, str] | None) -> Gazetteer | None:
    """The mapping as an indexed Gazetteer (itself if it already is one)."""
    if names is None or isinstance(names, Gazetteer):
        return names
    return Gazetteer(names)


def merge_known(scanned: list[Mention], known: list[Mention]) -> list[Mention]:
    """Add known names to the suffix-found ones; on the same span the known label wins."""
    spans = {(m.start, m.end): m for m in known}
    out = [m for m in scanned if (m.start, m.end) not in spans]
    return out + known
