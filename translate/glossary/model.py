"""The loaded glossary record and the rule for combining several glossary files."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from translate.document import GlossaryEntry

if TYPE_CHECKING:
    from translate.localize.locales import LocaleSpec


@dataclass(frozen=True)
class Glossary:
    """The entries of one or more glossary files, with the files' names and their hash.

    ``sha256`` is the hex digest of the raw bytes of ``files``, concatenated in order (for one
    file it equals ``sha256sum FILE``); it is the empty string when there is no glossary.
    """

    entries: tuple[GlossaryEntry, ...]
    files: tuple[str, ...]
    sha256: str
    raw: tuple[bytes, ...] = field(default=(), repr=False, compare=False)
    """The files' bytes, kept so that merging can hash all of them."""

    @classmethod
    def empty(cls) -> Glossary:
        return cls(entries=(), files=(), sha256="")

    def __len__(self) -> int:
        return len(self.entries)

    def for_locale(self, spec: LocaleSpec) -> Glossary:
        """The glossary as seen from ``spec``: every entry's targets looked up along
        ``spec.lookup_chain()`` (``target@en-GB``, then ``target@en``, then ``target``).

        Files, hash and bytes stay those of the files read, so provenance still names what was
        loaded; nothing is re-read, and entries without locale targets are kept as they are.
        """
        chain = spec.lookup_chain()
        return replace(self, entries=tuple(e.for_locale(chain) for e in self.entries))


def same_term(a: GlossaryEntry, b: GlossaryEntry) -> bool:
    """Whether two entries are for the same source term.

    Equal sources are the same term; so are sources that differ only in case when either entry
    is case-insensitive (the insensitive one matches everything the other does).
    """
    if a.source == b.source:
        return True
    if a.case_sensitive and b.case_sensitive:
        return False
    return a.source.casefold() == b.source.casefold()


def later_wins(entries: Iterable[GlossaryEntry]) -> tuple[GlossaryEntry, ...]:
    """Drop every entry that a later entry for the same term (see ``same_term``) replaces.

    The survivors keep their relative order.
    """
    kept: list[GlossaryEntry | None] = []
    by_key: dict[str, list[int]] = {}
    for entry in entries:
        bucket = by_key.setdefault(entry.source.casefold(), [])
        for index in bucket:
            old = kept[index]
            if old is not None and same_term(old, entry):
                kept[index] = None
        bucket.append(len(kept))
        kept.append(entry)
    return tuple(e for e in kept if e is not None)


def merge_glossaries(glossaries: Sequence[Glossary]) -> Glossary:
    """Combine glossaries in order; a later file's entry replaces an earlier one for the same term.

    The result's ``sha256`` covers the raw bytes of all files in order.
    """
    if not glossaries:
        return Glossary.empty()
    if len(glossaries) == 1:
        return glossaries[0]
    files = tuple(f for g in glossaries for f in g.files)
    raw = tuple(r for g in glossaries for r in g.raw)
    entries = later_wins(e for g in glossaries for e in g.entries)
    if len(raw) == len(files) and files:
        digest = hashlib.sha256(b"".join(raw)).hexdigest()
    elif files:
        # Glossaries built by hand carry no bytes: hash their digests instead.
        digest = hashlib.sha256("".join(g.sha256 for g in glossaries).encode()).hexdigest()
    else:
        digest = ""
    return Glossary(entries=entries, files=files, sha256=digest, raw=raw)
