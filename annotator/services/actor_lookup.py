"""Actor look-ups for the event form: completion as the coder types, the type an actor name
carries, and the country of the event that both depend on (issue #9, findings 1-3).

Qt-free; the form calls these from its controller.

* :func:`event_country` — where the event is: the places linked to it, else the article's main
  geography (its places and dateline; never a country named for its forces or its government).
* :class:`ActorLookup` — candidates for the actor fields, with their actor type: the project's
  coded actors (most used first), the codebook's generic actors filled with the event's country,
  and the codebook's named groups. ``actor_type(name)`` gives the type of a name typed by hand, so
  the type (and then the interaction) follows the actor.

Generic actors are only ever offered filled in ("Protesters (Syria)"), never as a template: with
no event country known they appear only when the typed text names a country ("protesters ke" ->
"Protesters (Kenya)"). The form should settle the country first; :func:`event_country` almost
always has an answer once the article names a place.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from annotator.assist.actors import STATE_FORCES, ActorCandidate, ActorDictionary, generic_type
from annotator.assist.countries import CountryTable
from annotator.assist.folding import fold_key
from annotator.assist.geography import text_country
from annotator.domain.codebook import Codebook
from annotator.domain.fields import FIELDS
from annotator.services.project import Project
from annotator.store.repository import events_t

if TYPE_CHECKING:
    from annotator.services.suggestions import SuggestionSource


@dataclass(frozen=True, slots=True)
class ActorOption:
    """One completion: an ACLED actor name and the actor type it takes in this event.

    ``source``: "project" (coded before in this project; ``uses`` says how often), "generic" (the
    codebook's generic actor for the event's country) or "codebook" (a named group).
    """

    name: str
    type_code: int | None
    source: str
    uses: int = 0
    country: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type_code": self.type_code, "source": self.source, "uses": self.uses,
                "country": self.country}  # fmt: skip


def coded_actors(project: Project) -> list[tuple[str, int | None, int]]:
    """(actor, the type it was most often coded with, times coded) for every actor1/actor2 of the
    project's events, most used first. One grouped query: call it when an article opens, not per
    key press."""
    uses: Counter[str] = Counter()
    types: defaultdict[str, Counter[int]] = defaultdict(Counter)
    with project.engine.connect() as conn:
        for name_col, type_col in ((events_t.c.actor1, events_t.c.inter1), (events_t.c.actor2, events_t.c.inter2)):
            q = select(name_col, type_col, func.count()).where(name_col != "").group_by(name_col, type_col)
            for name, code, count in conn.execute(q):
                uses[name] += count
                if code is not None:
                    types[name][int(code)] += count
    return [(name, types[name].most_common(1)[0][0] if types[name] else None, n) for name, n in uses.most_common()]


class ActorLookup:
    """Actor completion and typing for one codebook and the actors a project has coded.

    Build once per article opened (:meth:`for_project`), call :meth:`learn` when the coder sets
    an actor, and :meth:`candidates` / :meth:`actor_type` as the coder types: those run in
    memory (a few milliseconds).
    """

    def __init__(
        self,
        codebook: Codebook,
        coded: Iterable[tuple[str, int | None, int]] = (),
        *,
        countries: CountryTable | None = None,
    ) -> None:
        self.codebook = codebook
        self._coded: dict[str, tuple[int | None, int]] = {name: (code, n) for name, code, n in coded}
        self.countries = countries or CountryTable(codebook)
        typed = [(name, code) for name, (code, _n) in self._coded.items() if code is not None]
        self.dictionary = ActorDictionary(codebook, typed, countries=self.countries)

    @classmethod
    def for_project(cls, project: Project, *, countries: CountryTable | None = None) -> ActorLookup:
        return cls(project.codebook, coded_actors(project), countries=countries)

    def learn(self, name: str, type_code: int | None) -> None:
        """Count one more use of ``name`` (the coder just set it), with the type it was given."""
        name = " ".join(name.split())
        if name:
            code, n = self._coded.get(name, (None, 0))
            self._coded[name] = (type_code if type_code is not None else code, n + 1)

    # ---- typing ----

    def actor_type(self, name: str, *, event_country: str | None = None) -> int | None:
        """The actor type for ``name`` in an event in ``event_country`` (None when nothing says).

        The project's own coding first (the type the name was most often coded with), then the
        codebook and ACLED's generic patterns; state forces outside their country are type 8.
        """
        text = " ".join(name.split())
        pattern = generic_type(text)
        coded = self._coded.get(text)
        if coded is not None and coded[0] is not None and not (pattern and pattern[0] == STATE_FORCES):
            return coded[0]
        # State forces are typed by where they act (1 at home, 8 abroad), not by past coding.
        return self.dictionary.type_of(text, event_country=event_country)

    # ---- completion ----

    def candidates(self, typed: str = "", *, event_country: str | None = None, limit: int = 30) -> list[ActorOption]:
        """Actor names for the completer, best first.

        With nothing typed: the project's actors by use, then the event country's generic actors,
        then the codebook's named groups. With text: the project's actors whose name has a word
        starting with it, then the dictionary's matches (typed prefix, then similar spelling).
        """
        event = self.countries.find(event_country) if event_country else None
        key = fold_key(typed)
        out: dict[str, ActorOption] = {}

        def add(option: ActorOption) -> None:
            if option.name not in out and len(out) < limit:
                out[option.name] = option

        for name, (_code, n) in sorted(self._coded.items(), key=lambda item: -item[1][1]):
            if not key or _word_prefix(key, fold_key(name)):
                add(ActorOption(name, self.actor_type(name, event_country=event_country), "project", n,
                                _country_of(self.dictionary, name)))  # fmt: skip
        if not key:
            if event is not None:
                for c in self.dictionary.generic_for(event.name):
                    add(self._option(c, "generic", event_country))
            for c in self.dictionary.entries("codebook"):
                add(self._option(c, "codebook", event_country))
            return list(out.values())
        for c in self.dictionary.lookup(typed, event_country=event_country, limit=limit * 2):
            # Another country's generic actor only when the text names that country.
            if _is_generic(c) and (event is None or c.country != event.name) and not _names(key, c.country):
                continue
            add(self._option(c, "generic" if _is_generic(c) else "codebook", event_country))
        return list(out.values())

    def _option(self, c: ActorCandidate, source: str, event_country: str | None) -> ActorOption:
        coded = self._coded.get(c.name)
        return ActorOption(
            c.name,
            self.actor_type(c.name, event_country=event_country),
            "project" if coded else source,
            coded[1] if coded else 0,
            c.country,
        )


def follow_actor_types(
    lookup: ActorLookup,
    current: Mapping[str, Any],
    values: Mapping[str, Any],
    *,
    event_country: str | None = None,
) -> dict[str, Any]:
    """``values`` (an edit of an event whose fields are ``current``) with the actor type of each
    actor it sets, where the type is the app's to set (issue #9, finding 2).

    The rule, which needs no record of who set a type: the type follows the actor when it is
    empty, or when it is the type the app gives the actor being replaced (so the app set it, or
    the coder agreed with it). A type the coder chose otherwise is kept. When the rule applies the
    type is always sent, unchanged or not, so a typing burst keeps one shape (one undo step).
    A name nothing knows clears an app-set type rather than leave the last actor's.
    """
    out = dict(values)
    for name, actor in values.items():
        definition = FIELDS.get(name)
        type_field = definition.type_field if definition is not None else None
        if not type_field or type_field in values:
            continue
        old_type = current.get(type_field)
        old_actor = str(current.get(name) or "")
        if old_type is not None and old_type != lookup.actor_type(old_actor, event_country=event_country):
            continue  # the coder's own choice
        out[type_field] = lookup.actor_type(str(actor or ""), event_country=event_country) if actor else None
    return out


def _is_generic(c: ActorCandidate) -> bool:
    return generic_type(c.name) is not None and c.country != ""


def _country_of(dictionary: ActorDictionary, name: str) -> str:
    pattern = generic_type(name)
    info = dictionary.countries.find(pattern[1]) if pattern else None
    return info.name if info else ""


def _names(key: str, country: str) -> bool:
    """True when a typed word (two letters or more) starts a word of the country's name."""
    country_key = f" {fold_key(country)}"
    return any(len(w) >= 2 and f" {w}" in country_key for w in key.split())


def _word_prefix(key: str, name_key: str) -> bool:
    return name_key.startswith(key) or f" {key}" in f" {name_key}"


# ---- the event's country ----

# How much of an article the fallback reading of its country looks at (characters): some pages of
# news, more than any article's lede and dateline.
TEXT_COUNTRY_CHARS = 20_000


def event_country(
    codebook: Codebook,
    text: str,
    linked_places: Iterable[Mapping[str, Any] | str] = (),
    *,
    assistant: SuggestionSource | None = None,
    countries: CountryTable | None = None,
) -> str | None:
    """The country (ACLED's name) an event in this article happened in, or None.

    ``linked_places``: the event's place evidence, each a place value (a suggestion's value or the
    event's own fields: a mapping with "country") or a country name. The most common country
    among them wins. Failing that, the article's main geography: the suggestion engine's reading
    when ``assistant`` is given and ready (places, dateline), else country names in the text.
    Countries named for their forces or their government never count.
    """
    table = countries or CountryTable(codebook)
    votes: Counter[str] = Counter()
    for place in linked_places:
        name = place.get("country") if isinstance(place, Mapping) else place
        info = table.find(str(name)) if name else None
        if info is not None:
            votes[info.name] += 1
    if votes:
        return votes.most_common(1)[0][0]
    if assistant is not None and assistant.ready:
        found = assistant.article_country(text)
        if found is not None:
            return found.name
    # The beginning says where an article is (its dateline, its lede); reading a book-length text
    # whole took seconds of Python in the window's process while the engine loaded.
    fallback = text_country(text[:TEXT_COUNTRY_CHARS], table)
    return fallback.name if fallback else None
