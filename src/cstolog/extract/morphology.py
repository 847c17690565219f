"""What the rule-pack engine asks of a language's morphology, and which module answers.

A pack names its analyser (``"morphology": "ru"`` in ``pack.json``); the engine reads words
only through :class:`Morphology`, so a language with another analyser brings its own module
and the engine stays as it is. A sentence becomes a :class:`LemmaLine`: each word in its
dictionary form, lower case, one space between tokens, each token keeping its place in the
sentence so that a rule can read the words it matched back from the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Token:
    text: str
    lemma: str
    start: int  # offset in the sentence
    line_start: int  # offset in the lemma line


@dataclass(frozen=True)
class LemmaLine:
    text: str  # the sentence as written
    line: str  # the lemma line
    tokens: tuple[Token, ...]

    def token_at(self, line_offset: int) -> int:
        """The index of the first token starting at or after an offset of the lemma line."""
        for index, token in enumerate(self.tokens):
            if token.line_start >= line_offset:
                return index
        return len(self.tokens)


class Morphology(Protocol):
    """A language's analyser, as the engine uses it. Cases and tenses use the analyser's
    own names ("gent", "past", "pres", "futr"); a pack that names a case uses them too."""

    def lemma_line(self, sentence: str) -> LemmaLine: ...

    def can_be_plural(self, word: str) -> bool: ...

    def is_first_name(self, word: str) -> bool: ...

    def is_patronymic(self, word: str) -> bool: ...

    def is_place_name(self, word: str) -> bool: ...

    def is_plain_noun(self, word: str) -> bool: ...

    def verb_tense(self, word: str) -> str | None: ...

    def case_of(self, word: str) -> str | None: ...

    def looks_like_surname(self, word: str) -> bool: ...

    def nominative_surname(self, last: str, case: str | None) -> str: ...

    def nominative_name(self, first: str, last: str, case: str | None = None) -> str: ...


def load_morphology(name: str) -> Morphology:
    """The analyser a pack names; imported on first use (a dictionary loads with it)."""
    if name == "ru":
        from cstolog.extract import morph

        return morph
    raise ValueError(f"no morphology {name!r}; known: ru")
