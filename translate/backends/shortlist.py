"""Target-vocabulary shortlists: decode over a few thousand output pieces instead of 58,101.

The output projection (512 × 58,101) is more than half of the decoder's work per token. A
shortlist restricts it to the pieces a model actually uses for a kind of text, like the lexical
shortlists of Marian/Bergamot. Ours is built **from data**: the model's own translations of a
German corpus the user supplies (:func:`build_shortlist`), counted per target piece; the most
frequent ``size`` pieces are kept, topped up from the target SentencePiece model's own ranking
when the corpus yields fewer, plus every single-character piece (so any word can still be
spelled) and the special tokens. At load time the glossary's target pieces are always added
(:func:`shortlist_pieces`), so a term can always be written; glossary repair (prefix decoding)
uses the full vocabulary anyway.

File format (``*.shortlist.txt``): ``#`` comment lines (what it was built from), then one target
piece per line. The quality cost of a shortlist has not been measured on the real weights, so it
is off by default (``--shortlist FILE`` turns it on); :mod:`translate.evaluate` measures
it (BLEU/chrF with and without) for anyone who has the weights.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from translate.backends.base import DecodeSettings, TranslationBackend
from translate.backends.vocab import MarianVocab
from translate.errors import BackendError

DEFAULT_SIZE = 2000
SPECIALS = ("</s>", "<unk>")


def build_shortlist(
    backend: TranslationBackend,
    vocab: MarianVocab,
    german_lines: Sequence[str],
    *,
    size: int = DEFAULT_SIZE,
    settings: DecodeSettings | None = None,
    batch_size: int = 32,
    progress: Callable[[int], None] | None = None,
) -> list[str]:
    """Translate ``german_lines`` with ``backend`` (full vocabulary) and rank the target pieces.

    Returns the shortlist: the ``size`` most frequent pieces of the translations (ties broken by
    the target SentencePiece ranking), topped up from that ranking, then every single-character
    piece and the special tokens.
    """
    if size < 1:
        raise BackendError(f"shortlist size must be positive, got {size}")
    lines = [line.strip() for line in german_lines if line.strip()]
    if not lines:
        raise BackendError("the shortlist corpus has no non-empty lines")
    settings = settings or DecodeSettings(beam=backend.default_beam)
    counts: Counter[str] = Counter()
    for start in range(0, len(lines), batch_size):
        batch = lines[start : start + batch_size]
        for translation in backend.translate(batch, settings):
            counts.update(vocab.target_pieces(translation))
        if progress is not None:
            progress(len(batch))
    return rank_pieces(vocab, counts, size)


def rank_pieces(vocab: MarianVocab, counts: Counter[str], size: int) -> list[str]:
    """The shortlist from piece counts (see :func:`build_shortlist`)."""
    spm = vocab.target_spm
    spm_rank = {spm.id_to_piece(i): i for i in range(spm.get_piece_size())}
    known = [p for p in counts if p in vocab.piece_to_id]
    ranked = sorted(known, key=lambda p: (-counts[p], spm_rank.get(p, len(spm_rank)), p))
    chosen = dict.fromkeys(ranked[:size])
    for piece in sorted(spm_rank, key=spm_rank.__getitem__):
        if len(chosen) >= size:
            break
        if piece in vocab.piece_to_id and not spm.is_control(spm_rank[piece]):
            chosen.setdefault(piece)
    for piece in vocab.piece_to_id:
        if len(piece.replace("\u2581", "")) <= 1 and not piece.startswith("<"):
            chosen.setdefault(piece)
    for piece in SPECIALS:
        chosen.setdefault(piece)
    return list(chosen)


def write_shortlist(path: Path, pieces: Iterable[str], *, comment: str = "") -> Path:
    """Write a shortlist file (one piece per line, ``#`` comments first)."""
    lines = [f"# {line}" for line in comment.splitlines() if line.strip()]
    lines += [p for p in pieces if p and not p.startswith("#") and not any(c.isspace() for c in p)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_shortlist(path: Path, vocab: MarianVocab | None = None) -> list[str]:
    """The pieces of a shortlist file.

    With ``vocab``, every piece must be one of the model's target pieces: a shortlist built for
    another model (or edited by hand) would otherwise silently lose words. The first piece the
    vocabulary lacks is a one-line error naming its line.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BackendError(
            f"{path}: the shortlist is not UTF-8 text (byte {exc.start}); "
            "build it with `translate shortlist build`"
        ) from exc
    except OSError as exc:
        raise BackendError(f"{path}: cannot read the shortlist: {exc.strerror}") from exc
    numbered = [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line and not line.startswith("#")
    ]
    if not numbered:
        raise BackendError(f"{path}: the shortlist is empty")
    if vocab is not None:
        unknown = [(n, piece) for n, piece in numbered if piece not in vocab.piece_to_id]
        if unknown:
            line, piece = unknown[0]
            more = f" (and {len(unknown) - 1} more)" if len(unknown) > 1 else ""
            raise BackendError(
                f"{path}:{line}: piece {piece!r} is not in the model's target vocabulary{more}; "
                "the shortlist was built for another model: rebuild it with "
                "`translate shortlist build` for this model"
            )
    return [piece for _, piece in numbered]


def shortlist_pieces(
    vocab: MarianVocab, pieces: Iterable[str], keep_targets: Iterable[str] = ()
) -> list[str]:
    """The pieces the decoder may emit: the shortlist, the specials and every piece of
    ``keep_targets`` (glossary target terms, as words and at sentence start)."""
    chosen = dict.fromkeys(p for p in pieces if p in vocab.piece_to_id)
    for piece in SPECIALS:
        chosen.setdefault(piece)
    for target in keep_targets:
        for variant in {target, target[:1].upper() + target[1:], f"x {target}"}:
            for piece in vocab.target_pieces(variant):
                if piece in vocab.piece_to_id:
                    chosen.setdefault(piece)
    return list(chosen)


def vmap_text(pieces: Iterable[str]) -> str:
    """CTranslate2's vocabulary-map format: an empty source key means 'always a candidate'."""
    return "\t" + " ".join(pieces) + "\n"
