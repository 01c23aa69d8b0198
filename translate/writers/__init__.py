"""Output writers: one module per format behind one small interface.

Every writer has a ``name`` (the format key), an ``extension`` and ``render(doc) -> bytes``;
it never touches the file system. Each also has ``write(doc, stream)``, which writes the same
bytes part by part into an open binary stream (:class:`~translate.writers.base.PartByPart`; the
pipeline streams into the temp file, so a big article's tree is never in memory whole).
Formats are found by name in :data:`WRITERS`, a registry that imports a format's module only
when it is asked for (sacrebleu style)::

    from translate.writers import get_writer, parse_format_list

    for name in parse_format_list("md,tmx"):
        writer = get_writer(name)
        data = writer.render(document)      # the pipeline writes f"{stem}{writer.extension}"

========  ========================  ===================================================
name      extension                 what
========  ========================  ===================================================
md        ``.en.md``                the English edition as Markdown
tmx       ``.tmx``                  TMX 1.4b, one ``<tu>`` per sentence pair
xliff     ``.xlf``                  XLIFF 2.0 with the Glossary and Metadata modules
xliff12   ``.xliff12.xlf``          XLIFF 1.2 (strict schema), on request
html      ``.html``                 a self-contained side-by-side review page
jsonl     ``.jsonl``                one JSON record per sentence pair
========  ========================  ===================================================
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from translate.writers.base import ParsedPair, Writer

WRITERS: dict[str, str] = {
    "md": "translate.writers.md:MarkdownWriter",
    "tmx": "translate.writers.tmx:TmxWriter",
    "xliff": "translate.writers.xliff2:Xliff2Writer",
    "xliff12": "translate.writers.xliff12:Xliff12Writer",
    "html": "translate.writers.html_review:HtmlWriter",
    "jsonl": "translate.writers.jsonl:JsonlWriter",
}
"""Format name → ``module:Class`` of its writer (imported on first use)."""

DEFAULT_FORMATS: tuple[str, ...] = ("md", "tmx", "xliff", "html", "jsonl")
"""What a run writes unless told otherwise."""

ALL_FORMATS: tuple[str, ...] = (*DEFAULT_FORMATS, "xliff12")
"""Every format there is (XLIFF 1.2 is written only on request)."""


def _valid() -> str:
    return ", ".join(sorted(WRITERS))


def get_writer(name: str) -> Writer:
    """A new writer for the format ``name``; ``ValueError`` naming the valid ones if unknown."""
    try:
        target = WRITERS[name]
    except KeyError:
        raise ValueError(f"unknown output format {name!r}; valid formats: {_valid()}") from None
    module_name, _, class_name = target.partition(":")
    writer_class = getattr(import_module(module_name), class_name)
    writer: Writer = writer_class()
    return writer


def writer_module(name: str) -> ModuleType:
    """The module of format ``name`` (it has ``parse``; Markdown has ``parse_paragraphs``)."""
    get_writer(name)  # validates the name
    return import_module(WRITERS[name].partition(":")[0])


def parse_format_list(spec: str) -> tuple[str, ...]:
    """``"md, tmx"`` → ``("md", "tmx")``: names split on commas, trimmed, lower-cased, deduped.

    ``all`` stands for :data:`ALL_FORMATS` and ``default`` for :data:`DEFAULT_FORMATS`. An
    unknown or empty name raises ``ValueError`` listing the valid names.
    """
    names: list[str] = []
    for raw in spec.split(","):
        name = raw.strip().lower()
        if name == "all":
            expanded: tuple[str, ...] = ALL_FORMATS
        elif name == "default":
            expanded = DEFAULT_FORMATS
        elif name in WRITERS:
            expanded = (name,)
        elif not name:
            raise ValueError(
                f"empty output format in {spec!r}; valid formats: {_valid()} (or all, default)"
            )
        else:
            raise ValueError(
                f"unknown output format {raw.strip()!r}; valid formats: {_valid()} "
                "(or all, default)"
            )
        names.extend(n for n in expanded if n not in names)
    return tuple(names)


__all__ = [
    "ALL_FORMATS",
    "DEFAULT_FORMATS",
    "WRITERS",
    "ParsedPair",
    "Writer",
    "get_writer",
    "parse_format_list",
    "writer_module",
]
