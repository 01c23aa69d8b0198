"""Word links from attention, exactly: known matrices give known links, pieces of a word are
grouped, offsets are valid, and links follow the pipeline's edits of the target."""

from __future__ import annotations

from pathlib import Path

from conftest import corpus

from translate.document import GlossaryEntry, TermMatch, TermResult
from translate.localize.values import Edit
from translate.wordalign import (
    follow_edits,
    follow_rewrite,
    locate_words,
    shift_links,
    with_term_links,
    word_links,
)

SOURCE = "Der Minister besuchte Kiew."
SOURCE_PIECES = ["▁Der", "▁Minister", "▁besuch", "te", "▁Kiew", ".", "</s>"]
TARGET = "The minister has visited Kyiv."
TARGET_PIECES = ["▁The", "▁minister", "▁has", "▁visit", "ed", "▁Ky", "iv", ".", "</s>"]
#            Der  Minister besuch  te  Kiew   .   </s>
ATTENTION = [
    [0.6, 0.1, 0.0, 0.0, 0.0, 0.0, 0.3],  # The
    [0.0, 0.9, 0.0, 0.0, 0.0, 0.0, 0.1],  # minister
    [0.0, 0.1, 0.1, 0.0, 0.0, 0.0, 0.8],  # has: translates nothing, parked on </s>
    [0.0, 0.0, 0.3, 0.3, 0.4, 0.0, 0.0],  # visit: "Kiew" is the top piece, "besuchte" the word
    [0.0, 0.0, 0.1, 0.7, 0.0, 0.0, 0.2],  # ed
    [0.0, 0.0, 0.0, 0.0, 0.45, 0.0, 0.55],  # Ky: alone it would be unaligned
    [0.0, 0.0, 0.0, 0.0, 0.9, 0.0, 0.1],  # iv
    [0.0, 0.0, 0.0, 0.0, 0.0, 0.8, 0.2],  # .
    [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0],  # </s>: ignored
]


def test_known_matrix_gives_the_expected_links() -> None:
    links = word_links(SOURCE, SOURCE_PIECES, TARGET, TARGET_PIECES, ATTENTION)
    assert links == (
        (0, 3, 0, 3),  # Der – The
        (4, 12, 4, 12),  # Minister – minister
        (13, 21, 17, 24),  # besuchte – visited (pieces summed on both sides)
        (22, 26, 25, 29),  # Kiew – Kyiv
        (26, 27, 29, 30),  # . – .
    )
    for ss, se, ts, te in links:
        assert SOURCE[ss:se].strip() == SOURCE[ss:se] != ""
        assert TARGET[ts:te].strip() == TARGET[ts:te] != ""


def test_missing_attention_rows_or_unlocatable_words_give_no_links() -> None:
    assert word_links(SOURCE, SOURCE_PIECES, TARGET, TARGET_PIECES, []) == ()
    # pieces of another sentence: the token counts differ, no guessing
    assert word_links("Kiew.", SOURCE_PIECES, TARGET, TARGET_PIECES, ATTENTION) == ()
    # only the rows given count: the last words have none
    assert word_links(SOURCE, SOURCE_PIECES, TARGET, TARGET_PIECES, ATTENTION[:2]) == (
        (0, 3, 0, 3),
        (4, 12, 4, 12),
    )


def test_pieces_of_one_word_are_grouped_and_punctuation_split_off() -> None:
    text = "„Kiew“, sagte Schoigus Sprecher."
    pieces = ["▁", "„", "Kiew", "“", ",", "▁sagte", "▁Scho", "igu", "s", "▁Sprecher", ".", "</s>"]
    words = locate_words(text, pieces)
    assert words is not None
    assert [(text[w.start : w.end], w.pieces) for w in words] == [
        ("„", (0, 1)),  # the lone "▁" belongs to the token's first word
        ("Kiew", (2,)),
        ("“", (3,)),
        (",", (4,)),
        ("sagte", (5,)),
        ("Schoigus", (6, 7, 8)),
        ("Sprecher", (9,)),
        (".", (10,)),
    ]


def test_a_token_the_pieces_do_not_spell_stays_one_word() -> None:
    text = "Er wartet…  und\u00a0schweigt."  # SentencePiece normalises "…" and the NBSP
    pieces = ["▁Er", "▁wartet", "...", "▁und", "▁schweigt", ".", "</s>"]
    words = locate_words(text, pieces)
    assert words is not None
    assert [(text[w.start : w.end], w.pieces) for w in words] == [
        ("Er", (0,)),
        ("wartet…", (1, 2)),
        ("und", (3,)),
        ("schweigt", (4,)),
        (".", (5,)),
    ]
    assert locate_words("Er wartet", pieces) is None


def test_offsets_are_valid_for_real_sentencepiece_pieces(tiny_model: Path) -> None:
    from translate.backends.vocab import MarianVocab

    vocab = MarianVocab(tiny_model)
    german, english = corpus()
    for text, pieces in [(t, vocab.source_pieces(t)) for t in german] + [
        (t, vocab.target_pieces(t)) for t in english
    ]:
        words = locate_words(text, [*pieces, "</s>"])
        assert words is not None, text
        used = [i for w in words for i in w.pieces]
        assert used == sorted(used) == list(range(len(pieces))), text  # every piece, once
        for word in words:
            surface = text[word.start : word.end]
            assert surface and surface == surface.strip()
            spelled = "".join(pieces[i] for i in word.pieces).replace("▁", "")
            assert spelled == surface or " " not in surface, (text, surface)


def test_links_of_a_part_move_to_the_joined_text() -> None:
    assert shift_links([(0, 3, 0, 3)], 28, 31) == [(28, 31, 31, 34)]


def test_links_follow_value_edits() -> None:
    target = "It cost 3,5 million on 12. July."
    assert target[23:26] == "12." and target[27:31] == "July"
    links = [(0, 2, 0, 2), (3, 6, 8, 11), (7, 14, 12, 19), (20, 23, 23, 26), (24, 28, 27, 31)]
    # "3,5" → "3.5" (the word itself), "12. July" → "July 12" (across two words: both dropped)
    edits = [Edit(8, 11, "3.5"), Edit(23, 31, "July 12")]
    assert follow_edits(links, edits) == ((0, 2, 0, 2), (3, 6, 8, 11), (7, 14, 12, 19))
    # an edit inside a word's span changes its length
    assert follow_edits([(3, 6, 8, 19)], [Edit(8, 11, "3.50")]) == ((3, 6, 8, 20),)
    # a longer replacement before a link moves it
    assert follow_edits([(7, 14, 12, 19)], [Edit(0, 2, "This")]) == ((7, 14, 14, 21),)


def test_links_follow_a_rewrite_word_by_word() -> None:
    old = "The minister visited Kiev on Monday."
    new = "The defense minister visited Kyiv on Monday."
    links = [(0, 3, 0, 3), (4, 12, 4, 12), (13, 21, 13, 20), (22, 26, 21, 25), (27, 29, 26, 28)]
    assert follow_rewrite(links, old, new) == (
        (0, 3, 0, 3),
        (4, 12, 12, 20),
        (13, 21, 21, 28),
        (27, 29, 34, 36),
    )
    assert follow_rewrite(links, old, old) == tuple(links)


def test_terms_are_linked_by_their_known_spans() -> None:
    source = "Der Verteidigungsminister besuchte Kiew."
    target = "The defense minister visited Kyiv."
    entry = GlossaryEntry("Verteidigungsminister", ("defense minister",))
    term = TermResult(
        TermMatch(4, 25, "Verteidigungsminister", entry), "defense minister", "enforced", 4, 20
    )
    missing = TermResult(TermMatch(35, 39, "Kiew", entry), None, "missing")
    links = [(0, 3, 0, 3), (4, 25, 4, 11), (4, 25, 12, 20), (26, 34, 21, 28), (35, 39, 12, 20)]
    assert with_term_links(links, [term, missing]) == (
        (0, 3, 0, 3),
        (4, 25, 4, 20),
        (26, 34, 21, 28),
    )
    assert source[4:25] == "Verteidigungsminister" and target[4:20] == "defense minister"
