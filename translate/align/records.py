"""The typed records of sentence alignment: the two sides, the links between them, the result.

A side is a list of sentences (``Segment`` records, in document order) grouped in paragraphs;
links refer to sentences by their position in that list, never by zipping two lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from translate.document import Segment


@dataclass(frozen=True)
class Side:
    """One text of an article pair, segmented.

    ``ids`` are the numbers users see for each sentence: the 0-based position in the sentence
    list, or with ``--presegmented`` the 0-based line number in the file.
    """

    name: str
    path: str | None
    text: str
    sentences: tuple[Segment, ...]
    ids: tuple[int, ...]
    warnings: tuple[str, ...] = ()

    @property
    def paragraph_count(self) -> int:
        return len({s.paragraph for s in self.sentences})


@dataclass(frozen=True)
class Link:
    """Source sentences ``source`` and target sentences ``target`` (positions into the sides'
    sentence lists, consecutive, either may be empty) that translate each other."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    confidence: float
    """The posterior probability of this link given both texts (0–1), see ``search``."""

    @property
    def type(self) -> str:
        return f"{len(self.source)}-{len(self.target)}"


@dataclass(frozen=True)
class Alignment:
    """An aligned article pair: the links in document order, never crossing."""

    source: Side
    target: Side
    links: tuple[Link, ...]
    stats: dict[str, float] = field(default_factory=dict)
    """``model_pairs`` (candidates the model scored), ``paragraph_mode`` (1 when aligned
    paragraph by paragraph), ``seconds`` …"""

    def source_text(self, link: Link) -> str:
        return " ".join(self.source.sentences[i].text for i in link.source)

    def target_text(self, link: Link) -> str:
        return " ".join(self.target.sentences[j].text for j in link.target)
