"""The search's last tier: a name typed with a slip ("arhtur pendelton", "thoams", "macdowell").

The store's search asks for it when its exact tiers find fewer contacts than wanted, and
puts what it finds after all of theirs, so an exact match is always on top.

Candidates (found by the store): a typed word of TYPO_MIN letters or more matches a name
that holds its letters in order with any one of them left out — one letter swapped,
doubled, missed or wrong is one left out ("arhtur" without its h is "artur", in order in
"arthur"). The trigram index cannot find these: "arhtur" and "arthur" share no three
letters. A shorter word must hold its letters in order, as the fuzzy tier asks.

Order (here): rapidfuzz scores each word against the words of the name, as typed so
far (a name word's start as long as the word) or whole: the best, out of 100, by edit
distance with a swap of two letters as one edit (OSA). A name with a word under
MIN_SCORE is dropped (a short word with one slip just passes; "chen" is not "hern"), the
rest go by the sum, then by how close the whole query is to the whole name. rapidfuzz is
imported inside, so only a search that gets this far loads it.
"""

from __future__ import annotations

from collections.abc import Iterable

TYPO_MIN = 4  # "ana" less a letter is two letters: they are in half the book
MIN_SCORE = 75  # one slip in four letters


def typo_variants(word: str) -> list[str]:
    """What a name must hold in order to match the word with one slip: the word less each letter in turn."""
    if len(word) < TYPO_MIN:
        return [word]
    return list(dict.fromkeys(word[:i] + word[i + 1:] for i in range(len(word))))


def may_have_typos(words: list[str]) -> bool:
    """Whether the tier can look: a word long enough, and every word letters as in a name (no digits,
    emails or symbols: the tier reads names only, and "fox*" is not a slip for Fox)."""
    return any(len(word) >= TYPO_MIN for word in words) and all(
        word.replace("-", "").replace("'", "").isalpha() for word in words)


def typo_order(words: list[str], candidates: Iterable[tuple[int, str]]) -> list[int]:
    """The ids of the (id, case-folded name) candidates that read as the words with slips, best first."""
    from rapidfuzz import fuzz
    from rapidfuzz.distance import OSA

    def closeness(word: str, part: str) -> float:
        return 100 * max(OSA.normalized_similarity(word, part), OSA.normalized_similarity(word, part[:len(word)]))

    whole = " ".join(words)
    scored = []
    for contact_id, name in candidates:
        parts = name.split() or [name]
        best = [max(closeness(word, part) for part in parts) for word in words]
        if min(best) >= MIN_SCORE:
            scored.append((-sum(best), -fuzz.ratio(whole, name), name, contact_id))
    scored.sort()
    return [contact_id for *_, contact_id in scored]
