"""What the suggestion pass learns from a project's own coding (issue #13, items 3-5).

A :class:`ProjectLearning` is gathered from the project's database by the services layer and handed
to the engine (in the suggestion process it travels over the pipe, so it is plain data):

* ``actors``: every actor the project has coded, with its actor type;
* ``aliases``: every text a coder linked to an actor field as evidence, with the actor it was
  coded as and the country of the event. "residents" coded as "Rioters (Bangladesh)" in
  Bangladesh teaches the dictionary the project's reading of the word there;
* ``examples``: coded events' evidence sentences with their sub-event type, which train the
  sub-event type model (:mod:`annotator.assist.event_model`);
* ``day_first``: the project's reading of year-less numeric dates ("on 12/03"): True day/month,
  False month/day, None not set (such dates are then flagged as ambiguous).

``digest()`` names the learning's content: engines and trained models are kept under it, and
a changed project gives a new one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import NamedTuple

# Why a suggestion came from the project's own coding (the pass trusts these most).
LEARNT = "coded so in this project"
LEARNT_ELSEWHERE = "coded so in this project, in another country"


class CodedAlias(NamedTuple):
    """A text a coder linked as evidence for an actor: the words, the actor, its type, the event's
    country (ACLED's name; "" when the event has none)."""

    text: str
    actor: str
    type_code: int | None
    country: str


class CodedExample(NamedTuple):
    """A coded event's evidence sentences and its sub-event type (with its event type)."""

    text: str
    event_type: str
    sub_event_type: str


@dataclass(frozen=True)
class ProjectLearning:
    actors: tuple[tuple[str, int], ...] = ()
    aliases: tuple[CodedAlias, ...] = ()
    examples: tuple[CodedExample, ...] = ()
    day_first: bool | None = None
    # The project's identity (its settings' project_id), for files kept per project; "" if unknown.
    project: str = ""

    def digest(self) -> str:
        """A short name for this content (same content, same name, in any process)."""
        h = hashlib.sha256()
        h.update(repr((self.actors, self.aliases, self.day_first, self.project)).encode())
        h.update(self.examples_digest().encode())
        return h.hexdigest()[:16]

    def examples_digest(self) -> str:
        """The training examples' own digest: a model trained on them is kept under it."""
        h = hashlib.sha256()
        for example in self.examples:
            h.update(repr(tuple(example)).encode())
        return h.hexdigest()[:16]
