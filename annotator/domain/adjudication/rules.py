"""Auto-merge strategies: when do the coders' votes for a value make it gold?

A *unit* is one place where coders could agree: a span position, an event (a group of matched
events), or one field of a matched event. Each coder who gave something there is *present*; each
value has the coders who gave it as its *votes*.

- ``all``: every coder of the article gave this value (INCEpTION's "complete agreement");
- ``present``: everyone present gave this value, however many coders said nothing there
  ("incomplete agreement": one coder alone is enough);
- ``majority``: the value has at least ``min_votes`` votes and more than half of the coders
  present gave it (so two values can never both win one unit).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from annotator.domain.errors import UserError


class Strategy(StrEnum):
    ALL = "all"
    PRESENT = "present"
    MAJORITY = "majority"


@dataclass(frozen=True)
class MergeRule:
    strategy: Strategy = Strategy.ALL
    min_votes: int = 2

    def __post_init__(self) -> None:
        if self.min_votes < 1:
            raise UserError(f"--min-votes must be at least 1, not {self.min_votes}")

    def wins(self, votes: Collection[str], present: Collection[str], coders: Collection[str]) -> bool:
        """Does a value voted for by ``votes`` win a unit where ``present`` gave something, among ``coders``?"""
        n = len(votes)
        if n == 0:
            return False
        match self.strategy:
            case Strategy.ALL:
                return set(votes) >= set(coders)
            case Strategy.PRESENT:
                return set(votes) >= set(present)
            case Strategy.MAJORITY:
                return n >= self.min_votes and 2 * n > len(present)
        raise AssertionError(self.strategy)

    def describe(self) -> str:
        if self.strategy is Strategy.MAJORITY:
            return f"majority, at least {self.min_votes} votes"
        return {"all": "every coder agrees", "present": "everyone who coded agrees"}[self.strategy.value]
