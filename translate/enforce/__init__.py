"""Make every matched glossary term appear in its sentence's translation — with any checkpoint —
and make it read as if the model had written it.

transformers 5 has no constrained beam search, so enforcement is a verify-and-repair step after
ordinary decoding, with these properties:

1. **Nothing changes when nothing is needed.** A sentence without matches, or whose translation
   already contains every target, is returned exactly as decoded.
2. **The model's own rendering is replaced, the words around it kept.** The rendering is found
   from what the glossary knows — words spelled like a target word, like the German term or a
   part of its compound — joined by bridge words, so reordered and multi-word renderings count
   (``Minister of Defense`` for *Verteidigungsminister* → ``defense minister``; ``Kiev``;
   ``Selensky``). Exactly that span is replaced; articles and prepositions stay; the target is
   capitalised only at a sentence start (:mod:`.renderings`, :mod:`.candidates`).
3. **Otherwise the model chooses.** Candidates — spans around a partial rendering (``head of the
   Pentagon`` around ``Pentagon``) replaced by the target, or the model's output cut at the word
   boundaries near the term's place with the target appended and continued by the model — are
   ranked by the model's own score of the whole sentence, batched over sentences and candidates.
4. **No leftovers, nothing lost.** A candidate with a remnant of the model's rendering next to
   the target (``Defense minister of Defense``) or without words the model wrote outside the term
   (a continuation that ends early) is rejected (:mod:`.checks`). When no candidate passes, the
   target is inserted as text and the sentence flagged ``term-placement`` for the reviewer.

Every path ends in verification, so the guarantee (every target present) holds for any Marian
checkpoint, including a random one. No target appears because of the glossary unless its source
matched (a candidate bringing in another entry's target is rejected).
"""

from __future__ import annotations

from translate.enforce.enforcer import (
    MAX_ROUNDS,
    PLACEMENT_FLAG,
    Enforced,
    EnforceJob,
    EnforcementWork,
    Enforcer,
    foreign_targets,
)

__all__ = [
    "MAX_ROUNDS",
    "PLACEMENT_FLAG",
    "EnforceJob",
    "Enforced",
    "EnforcementWork",
    "Enforcer",
    "foreign_targets",
]
