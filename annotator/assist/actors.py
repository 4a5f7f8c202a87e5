"""The actor dictionary: ACLED actor names with their actor type, looked up as the coder types.

Entries come from three places:

* the codebook's ``generic_actors``, filled in for every country ("Protesters (Syria)",
  "Military Forces of Russia (2000-)"). State forces carry the regime period of the event's date
  ("(1991-2018)" in 2016, "(2018-)" in 2020), as ACLED names them, from ``data/regimes.toml``; a
  country not listed there gets the name
  without years.
* the codebook's named ``actors``.
* actors the project has coded before, passed in as (name, actor type) pairs, and the texts its
  coders linked to them as evidence (:class:`~annotator.assist.learning.CodedAlias`): the
  project's own phrasing. A learnt text names, in an event of the same country, the actor it was
  most often coded as there; elsewhere a generic actor's text ("residents" coded as "Rioters
  (Bangladesh)") names the same generic actor of the event's country, and a named group's text
  ("AL activists") names the group. State forces of one country are never learnt for another.

A phrase naming a nationality and a force ("Russian patrol", "Syrian army", "Kenyan police") is
read as that country's forces. A state force acting outside its own country is proposed with
actor type 8, External/Other forces, as ACLED codes it.

Fuzzy matching uses rapidfuzz, imported on the first look-up.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from annotator.assist.countries import CountryInfo, CountryTable
from annotator.assist.event_context import FUNCTION_WORDS
from annotator.assist.folding import fold_key, fold_text
from annotator.assist.learning import LEARNT, LEARNT_ELSEWHERE, CodedAlias
from annotator.domain.codebook import ActorEntry, Codebook

STATE_FORCES = 1
EXTERNAL_FORCES = 8
# Lowest rapidfuzz score (0-100) offered as a suggestion while typing.
MIN_FUZZY_SCORE = 60.0
_HOME_BONUS = 8.0

# Strikes from afar that, after a nationality, are that country's military's ("an Israeli air strike",
# "Russian shelling"): the nationality alone is the actor, the words after it the act. Not "rocket
# fire" or "bombing", which armed groups do as often. "Strike" alone is one too after a nationality
# ("an Israeli strike on a school"): workers' strikes are named by who strikes, "teachers' strike".
STRIKE_NOUNS = frozenset({
    "strike", "strikes",
    "air strike", "air strikes", "airstrike", "airstrikes", "air raid", "air raids", "drone strike", "drone strikes",
    "drone attack", "drone attacks", "missile strike", "missile strikes", "missile attack", "missile attacks",
    "shelling", "bombardment", "bombardments", "raid", "raids",
    "drones struck", "drone struck", "drones hit", "drone hit", "warplanes", "fighter jets",
    "guided bomb", "guided bombs", "glide bomb", "glide bombs", "aerial bomb", "aerial bombs", "missile", "missiles",
})  # fmt: skip
# Nouns that, after a nationality, mean that country's military or police, beyond the codebook's
# own aliases for those generic actors ("army", "police", ...). "Militants" and "gunmen" are not
# among them: "Pakistani militants" are not Pakistan's forces.
_MILITARY_NOUNS = (
    "forces", "armed forces", "military forces", "patrol", "patrols", "jets", "fighter jets",
    "warplanes", "aircraft", "air force", "navy", "naval forces", "drone", "drones", "artillery",
    "tanks", "convoy", "units", "special forces", "ground forces", "soldier", "troop", "army units",
    "military police", "military patrol", "military convoy", "troops", "soldiers", "army",
    "fighters", "fighter", "defense forces", "defence forces", "defense force", "defence force", "uav", "uavs",
    "helicopters", "helicopter", "gunships", "warships", "gunboats", "gunboat", "marines", "paratroopers",
    "servicemen", "personnel",
    "military personnel", "security personnel", "reinforcements", "government troops", "government forces",
    "army soldiers", "army troops", "ground troops", "border troops", "military units", "military vehicles",
    "national defense force", "national defence force", "national defense forces", "national defence forces",
    "national army", "people's defence force", "people's defense force", "people's defence forces",
    "people's defense forces", "air forces", "fpv drone", "fpv drones", "bomber drone", "bomber drones",
    "attack drone", "attack drones",
)  # fmt: skip
_POLICE_NOUNS = ("policemen", "police officer", "policeman", "gendarmes", "gendarmerie", "border guards")
# A country's name before these also names its forces ("Israel Defense Forces", "Kenya police",
# "Syria's army"): fewer than after a nationality, as a name is more often a place ("Syria troops" is rare).
_AFTER_NAME = frozenset(fold_key(noun) for noun in {
    "army", "police", "military", "forces", "armed forces", "defense forces", "defence forces", "defense force",
    "defence force", "air force", "navy", "troops", "soldiers", "security forces", "police forces",
    "national defense force", "national defence force", "national army",
    # East Africa's armies: "Uganda People's Defence Force", "South Sudan People's Defence Forces".
    "people's defence force", "people's defense force", "people's defence forces", "people's defense forces",
})  # fmt: skip
# A regime period, wherever it stands: after the country, before a unit ("(2022-) Special Forces").
_YEARS = re.compile(r"\s*\(\d{4}-(?:\d{4})?\)")
_OF_COUNTRY = re.compile(r"\bof (?:the )?([^()]+?)\s*(?:\(\d{4}-(?:\d{4})?\)[^()]*)?$")
_IN_PARENS = re.compile(r"\(([^()\d]+)\)\s*$")
# The share of a text's codings one generic reading needs to be carried to another country.
_LEARNT_SHARE = 0.6
_CROWD_TYPES = frozenset({5, 6})  # Rioters, Protesters
# Evidence texts that say nothing of who acted: pronouns and other words a coder may link.
_NOT_ALIASES = FUNCTION_WORDS | frozenset({
    "he", "she", "it", "they", "them", "we", "you", "i", "who", "which", "that", "his", "her", "their",
    "one", "two", "both", "others", "another", "some", "all", "the", "a", "an", "this", "these", "those",
    # Words for people in general, which the pass reads from what they did, never from the project's
    # memory of them ("a group" that rioted in one article, of commandos in the next).
    "a group", "group", "groups", "a crowd", "crowd", "crowds", "people",
})  # fmt: skip


@dataclass(frozen=True, slots=True)
class ActorCandidate:
    """A proposed actor: its ACLED name, actor type (inter code), a 0-100 score and why."""

    name: str
    type_code: int
    score: float
    reason: str
    country: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type_code": self.type_code, "score": self.score, "reason": self.reason,
                "country": self.country}  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    type_code: int
    country: CountryInfo | None
    source: str


@dataclass(frozen=True, slots=True)
class _Phrase:
    """What a folded phrase in text means: a generic actor (filled with a country, given or the
    event's) or a named entry."""

    template: ActorEntry | None
    country: CountryInfo | None
    entry: _Entry | None
    reason: str


class ActorDictionary:
    """Actor look-ups for one codebook and project. Tables are built on the first look-up."""

    def __init__(
        self,
        codebook: Codebook,
        project_actors: Iterable[tuple[str, int]] = (),
        *,
        countries: CountryTable | None = None,
        project_aliases: Iterable[CodedAlias] = (),
    ) -> None:
        self._codebook = codebook
        self._project = tuple(project_actors)
        self._project_aliases = tuple(project_aliases)
        # Folded evidence text -> votes: (actor name, country iso3 of the event) -> times coded.
        self._learnt: dict[str, Counter[tuple[str, str]]] = {}
        self._learnt_named: dict[str, bool] = {}  # written with capitals: a name, not a word
        self._template_of: dict[str, ActorEntry | None] = {}
        self.countries = countries or CountryTable(codebook)
        self._lock = threading.Lock()
        self._built = False
        self._entries: list[_Entry] = []
        self._choices: list[str] = []
        self._by_name: dict[str, _Entry] = {}
        self._by_key: dict[str, _Entry] = {}
        self._phrases: dict[str, _Phrase] = {}
        # Nationality + force noun ("russian patrol"): read from their two parts on demand rather than
        # listed (157 nationalities x 70 nouns = 11,000 phrases, three quarters of a cold build).
        self._force_nouns: dict[str, ActorEntry] = {}
        # Generic aliases that more than one template lists ("security forces": the police first,
        # the military too): folded alias -> the templates after the first, offered as other readings.
        self._other_readings: dict[str, list[ActorEntry]] = {}
        self._nationalities: dict[str, CountryInfo] = {}  # demonyms, then country names ("syria s" too)
        self._country_names: dict[str, None] = {}
        self._demonym_rank: dict[str, int] = {}
        self._generic_cache: dict[tuple[str, str, str], _Entry] = {}
        self._dated_entries: dict[str, _Entry] = {}  # named units with another regime's period (_dated)
        # (country iso3, actor type) -> generic-pattern actors the project coded in that country.
        self._unnamed: dict[tuple[str, int], Counter[str]] = {}
        # A unit's generic template -> its force's ("... {country} Special Forces" -> "... {country}").
        self._parents: dict[str, ActorEntry] = {}
        # Folded alias -> the codebook's actors that share it, in the codebook's order.
        self._branches: dict[str, list[_Entry]] = {}
        # A codebook actor's name -> the names it had before (its ``formerly``), newest first.
        self._formerly: dict[str, list[_Entry]] = {}

    # ---- building ----

    def _build(self) -> None:
        if self._built:
            return
        with self._lock:
            if self._built:
                return
            for template in self._codebook.generic_actors:
                # A unit's template extends its force's: "Military Forces of {country} Special Forces".
                for parent in self._codebook.generic_actors:
                    if template.name.startswith(f"{parent.name} "):
                        self._parents[template.name] = parent
                if template.name in self._parents:
                    continue  # a unit is read from its words, not listed for every country while typing
                for info in self.countries.all():
                    self._add(self._generic(template, info))
            for actor in self._codebook.actors:
                home = self.countries.find(actor.country) if actor.country else None
                entry = _Entry(actor.name, actor.type, home or self._country_in_name(actor.name), "codebook")
                self._add(entry)
                if actor.formerly:
                    former = [_Entry(name, actor.type, entry.country, "codebook") for name in actor.formerly]
                    for earlier in former:
                        self._add(earlier)
                    self._formerly.setdefault(actor.name, former)
                for alias in (actor.name, *actor.aliases, *actor.formerly):
                    phrase = _Phrase(None, None, entry, "named actor")
                    # As the folded article has it: a space for each mark ("CPI (Maoist)" -> "cpi  maoist").
                    for key in {fold_key(alias), fold_text(alias).strip()}:
                        self._phrases.setdefault(key, phrase)
                        branches = self._branches.setdefault(key, [])
                        if entry not in branches:
                            branches.append(entry)
            # Only aliases that several actors share need a choice ("Islamic State": a province each).
            self._branches = {key: found for key, found in self._branches.items() if len(found) > 1}
            for name, type_code in self._project:
                # A codebook actor the project coded keeps its home country ("Taliban": Afghanistan),
                # which places an article that names no country (``home_of``).
                known = self._by_name.get(name)
                country = known.country if known is not None else self._country_in_name(name)
                entry = _Entry(name, type_code, country, "project")
                self._add(entry)
                # The project's own coding wins over the codebook's reading of the same words.
                self._phrases[fold_key(name)] = _Phrase(None, None, entry, "coded before")
            self._learn_aliases()
            self._add_generic_phrases()
            self._choices = [e.name for e in self._entries]
            self._built = True

    def _add(self, entry: _Entry) -> None:
        if entry.name not in self._by_name:
            self._by_name[entry.name] = entry
            self._by_key.setdefault(fold_key(entry.name), entry)
            self._entries.append(entry)

    def _generic(self, template: ActorEntry, info: CountryInfo, when: dt.date | None = None) -> _Entry:
        """The template filled for a country; state forces carry the regime period of ``when``
        (the current one when None), so a 2016 event gets "(1991-2018)", not "(2018-)"."""
        years = self.countries.regime_years(info.iso3, when) if template.type == STATE_FORCES else ""
        key = (template.name, info.iso3, years)
        cached = self._generic_cache.get(key)
        if cached is not None:
            return cached
        country = self.countries.in_actor_name(info) if " of {country}" in template.name else info.name
        # The period follows the country, before any unit: "Military Forces of Israel (2022-) Special Forces".
        name = template.name.replace("{country}", f"{country} ({years})" if years else country)
        entry = _Entry(name, template.type, info, "codebook generic")
        self._generic_cache[key] = entry
        return entry

    def _add_generic_phrases(self) -> None:
        military = police = None
        for template in self._codebook.generic_actors:
            aliases = {fold_key(a) for a in template.aliases}
            military = template if "army" in aliases else military
            police = template if "police" in aliases else police
        nouns: dict[str, ActorEntry] = {}
        for template in self._codebook.generic_actors:
            for alias in template.aliases:
                nouns.setdefault(fold_key(alias), template)
        for force, extra in ((military, (*_MILITARY_NOUNS, *STRIKE_NOUNS)), (police, _POLICE_NOUNS)):
            if force is not None:
                for noun in extra:
                    nouns.setdefault(fold_key(noun), force)
        # A country's own forces by their names and acronyms ("FARDC", "FAMa"), in any article.
        for iso3, kinds in self._codebook.state_forces.items():
            info = self.countries.by_iso3(iso3)
            for kind, names in kinds.items():
                force = military if kind == "military" else police
                if info is None or force is None:
                    continue
                for name in names:
                    reason = f"'{name}': the {kind} of {info.name}"
                    self._phrases.setdefault(fold_key(name), _Phrase(force, info, None, reason))
        # Only the codebook's own aliases stand alone; "drones" or "convoy" alone say too little.
        for template in self._codebook.generic_actors:
            for alias in template.aliases:
                noun = fold_key(alias)
                reading = _Phrase(template, None, None, f"'{noun}' in the event's country")
                phrase = self._phrases.setdefault(noun, reading)
                if phrase.template is not None and phrase.template is not template:
                    self._other_readings.setdefault(noun, []).append(template)
        # Nationality + noun: "russian patrol", "syrian army"; a country's name before a few of the
        # nouns too: "israel defense forces", "syria s army" (see _forces_phrase).
        self._force_nouns = nouns
        nationalities = dict(self.countries.demonym_keys())
        for info in self.countries.all():
            name = fold_key(info.name)  # ACLED's name only: official names are rare before a force
            if name not in nationalities:
                self._country_names.update(dict.fromkeys((name, f"{name} s")))
                nationalities.update(dict.fromkeys((name, f"{name} s"), info))
        self._nationalities = nationalities
        self._demonym_rank = {demonym: n for n, demonym in enumerate(nationalities)}

    def _forces_phrase(self, key: str) -> _Phrase | None:
        """What a nationality followed by a force noun means ("russian patrol": forces of Russia),
        for a key that no listed phrase claims. Were a key both "a" + "b c" and "a b" + "c", the
        nationality first in the demonym table would read it."""
        best: tuple[int, str, str] | None = None
        at = key.find(" ")
        while at != -1:
            demonym, noun = key[:at], key[at + 1 :]
            rank = self._demonym_rank.get(demonym)
            if rank is not None and self._forces_pair(demonym, noun) and (best is None or rank < best[0]):
                best = (rank, demonym, noun)
            at = key.find(" ", at + 1)
        if best is None:
            return None
        _rank, demonym, noun = best
        info = self._nationalities[demonym]
        return _Phrase(self._force_nouns[noun], info, None, f"{demonym} {noun}: forces of {info.name}")

    def _forces_pair(self, demonym: str, noun: str) -> bool:
        """Whether a force noun after this nationality or country name names its forces: any after
        a nationality, fewer after a name, more often a place ("Syria troops" is rare)."""
        return noun in self._force_nouns and (demonym not in self._country_names or noun in _AFTER_NAME)

    def _phrase(self, key: str) -> _Phrase | None:
        """What a folded phrase means: a listed one, else nationality + force noun."""
        return self._phrases.get(key) or self._forces_phrase(key)

    def force_words(self) -> tuple[dict[str, CountryInfo], frozenset[str]]:
        """The nationalities and the force nouns that, one after the other ("russian patrol"), name a
        country's forces: the suggestion pass finds the two words and asks :meth:`is_forces_phrase`."""
        self._build()
        return self._nationalities, frozenset(self._force_nouns)

    def is_forces_phrase(self, demonym: str, noun: str) -> bool:
        """Whether "demonym noun" is read as that country's forces: a nationality and a force noun
        that no listed phrase (an alias, a name, a learnt text) claims; see :meth:`phrases`."""
        self._build()
        if demonym not in self._demonym_rank or not self._forces_pair(demonym, noun):
            return False
        key = f"{demonym} {noun}"
        return key not in self._phrases and key not in self._learnt_named

    def _learn_aliases(self) -> None:
        for alias in self._project_aliases:
            self._count_generic(alias)
            key = fold_key(alias.text)
            if len(key) < 2 or key in _NOT_ALIASES or key.replace(" ", "").isdigit() or not alias.actor:
                continue
            if alias.actor not in self._by_name:
                pattern = generic_type(alias.actor)
                type_code = alias.type_code if alias.type_code is not None else pattern[0] if pattern else None
                if type_code is None:
                    continue  # an actor of no known type cannot be proposed
                self._add(_Entry(alias.actor, type_code, self._country_in_name(alias.actor), "project"))
            info = self.countries.find(alias.country) if alias.country else None
            self._learnt.setdefault(key, Counter())[(alias.actor, info.iso3 if info else "")] += 1
            # A name when every coder wrote it with a capital inside ("BNP", "Awami League men");
            # a capital only at the start may be the sentence's ("Assailants set fire ...").
            written = alias.text.strip()[1:]
            self._learnt_named[key] = self._learnt_named.get(key, True) and written.lower() != written

    def _count_generic(self, alias: CodedAlias) -> None:
        """Count a coded generic-pattern actor of the event's own country ("Unidentified Gang
        (Mexico)" in Mexico): what the project calls those no one names there (:meth:`unnamed_of_type`)."""
        pattern = generic_type(alias.actor) if alias.actor else None
        if pattern is None or alias.type_code not in (None, pattern[0]) or not alias.country:
            return
        where = self.countries.find(pattern[1])
        if where is not None and where == self.countries.find(alias.country):
            self._unnamed.setdefault((where.iso3, pattern[0]), Counter())[alias.actor] += 1

    def _template_for(self, name: str) -> ActorEntry | None:
        """The codebook's generic actor that ``name`` fills ("Rioters (Bangladesh)" -> "Rioters
        ({country})"; "Military Forces of Benin (2016-)" -> "Military Forces of {country}")."""
        if name in self._template_of:
            return self._template_of[name]
        found = None
        pattern = generic_type(name)
        info = self.countries.find(pattern[1]) if pattern else None
        if info is not None:
            bare = _YEARS.sub("", name)
            for template in self._codebook.generic_actors:
                of = self.countries.in_actor_name(info) if " of {country}" in template.name else info.name
                if template.name.replace("{country}", of) == bare:
                    found = template
                    break
        self._template_of[name] = found
        return found

    def _from_learnt(
        self, votes: Counter[tuple[str, str]], event: CountryInfo | None, when: dt.date | None
    ) -> ActorCandidate | None:
        """The actor a learnt text names in an event of ``event`` country (see the module's doc)."""
        countries = {iso3 for _name, iso3 in votes}
        if event is None and len(countries) == 1:
            # No country to go by, and the project coded these words in one country only: as there.
            event = self.countries.by_iso3(next(iter(countries)))
        if event is None:
            here: Counter[str] = Counter()
        else:
            here = Counter({name: n for (name, iso3), n in votes.items() if iso3 == event.iso3})
        if here:
            return self._candidate(self._by_name[here.most_common(1)[0][0]], 100.0, LEARNT, event)
        templates: Counter[str] = Counter()
        chosen: dict[str, ActorEntry] = {}
        for (name, _iso3), n in votes.items():
            template = self._template_for(name)
            if template is not None:
                templates[template.name] += n
                chosen[template.name] = template
        if templates and event is not None:
            # Another country's coding says less: only a reading the project has made more than
            # once, and most of the times it coded these words. Whether a crowd rioted or
            # protested is the event's, not the words' (the pass reads it from the event).
            name, n = templates.most_common(1)[0]
            template = chosen[name]
            if n >= 2 and n >= _LEARNT_SHARE * sum(votes.values()) and template.type not in _CROWD_TYPES:
                return self._candidate(self._generic(template, event, when), 100.0, LEARNT_ELSEWHERE, event)
        named: Counter[str] = Counter()
        for (name, _iso3), n in votes.items():
            entry = self._by_name[name]
            if self._template_for(name) is None and generic_type(name) is None and entry.type_code != STATE_FORCES:
                named[name] += n
        if not named:
            return None  # only other countries' forces or generic actors
        return self._candidate(self._by_name[named.most_common(1)[0][0]], 100.0, LEARNT_ELSEWHERE, event)

    def _country_in_name(self, name: str) -> CountryInfo | None:
        """The country an ACLED actor name states: "Police Forces of Kenya (2022-)", "Civilians (Mali)"."""
        m = _OF_COUNTRY.search(name) or _IN_PARENS.search(name)
        return self.countries.find(m.group(1)) if m else None

    # ---- look-ups ----

    def phrases(self) -> dict[str, bool]:
        """Folded phrases the suggestion pass scans for (aliases, names, learnt texts); nationality +
        force noun ("russian patrol") it finds from their two words (:meth:`force_words`).

        The value says whether the phrase itself names the actor's country or the actor ("Russian
        patrol", "Hayat Tahrir al-Sham"); such phrases are written with capitals, so the pass
        can ignore lower-case look-alikes. Bare aliases ("police") take the event's country.
        """
        self._build()
        found = {key: phrase.template is None or phrase.country is not None for key, phrase in self._phrases.items()}
        for key, named in self._learnt_named.items():
            # A learnt text written in lower case ("residents") is a word, found in any case; one
            # the dictionary already knows as a name stays one ("Taliban", capitalised only at
            # its start, as a sentence's first word is).
            found[key] = named or found.get(key, False)
        return found

    def home_of(self, key: str) -> CountryInfo | None:
        """The country a named group's folded phrase belongs to ("taliban": Afghanistan, "qsd":
        Syria), None for generic words ("police") and unknown phrases. A hint of where the article
        is when it names no country: the groups of one country fight mostly there."""
        self._build()
        phrase = self._phrases.get(key)
        if phrase is None or phrase.entry is None or phrase.template is not None:
            return None
        return phrase.entry.country

    def generic_type(self, key: str) -> int | None:
        """The actor type of a generic folded phrase ("residents": 7), None for a named group's
        and for unknown phrases."""
        self._build()
        phrase = self._phrases.get(key)
        return phrase.template.type if phrase is not None and phrase.template is not None else None

    def resolve(
        self, text: str, *, event_country: str | None = None, when: dt.date | None = None
    ) -> ActorCandidate | None:
        """The actor a known phrase names (no fuzzy matching), or None. ``when``: the event's, for
        the regime period in state forces' names (the current one when None)."""
        self._build()
        event = self.countries.find(event_country) if event_country else None
        return self._exact(fold_key(text), event, when)

    def alternatives(
        self, text: str, chosen: str, *, event_country: str | None = None, when: dt.date | None = None
    ) -> list[ActorCandidate]:
        """Other readings of a text than ``chosen``, for the coder to pick from: what the project
        coded the same words as otherwise in the event's country (most often first), then the
        codebook's reading; for a unit ("... (2014-) Special Forces"), its parent force, as ACLED
        names a unit only where it knows the country's units; a named actor's earlier names.
        Empty when there are none."""
        self._build()
        key = fold_key(text)
        event = self.countries.find(event_country) if event_country else None
        out: dict[str, ActorCandidate] = {}
        votes = self._learnt.get(key)
        if votes is not None:
            here: Counter[str] = Counter()
            for (name, iso3), n in votes.items():
                if event is None or iso3 == event.iso3:
                    here[name] += n
            for name, _n in here.most_common():
                out.setdefault(name, self._candidate(self._by_name[name], 90.0, LEARNT, event))
            codebook = self._exact(key, event, when, learnt=False)
            if codebook is not None:
                out.setdefault(codebook.name, codebook)
        for name in (chosen, *out):
            parent = self._parent_of(name, event, when)
            if parent is not None:
                out.setdefault(parent.name, parent)
        # The names a named actor had before: a project coding older events, or matching a dataset
        # coded then, uses them.
        for earlier in self._formerly.get(chosen, ()):
            out.setdefault(earlier.name, self._candidate(earlier, 80.0, f"earlier name of {chosen}", event))
        # A generic alias another template lists too ("security forces": ACLED codes police or
        # military by what the report says of them), in the country the chosen reading names.
        whose = self._country_in_name(chosen) or event
        if whose is not None:
            for noun, templates in self._other_readings.items():
                if key == noun or key.endswith(f" {noun}"):
                    for template in templates:
                        other = self._generic(template, whose, when)
                        out.setdefault(other.name, self._candidate(other, 85.0, f"'{noun}' read otherwise", event))
        out.pop(chosen, None)
        return list(out.values())

    def _parent_of(self, name: str, event: CountryInfo | None, when: dt.date | None) -> ActorCandidate | None:
        """The force a unit's name belongs to ("Military Forces of Benin (2016-) Special Forces" ->
        "Military Forces of Benin (2016-)"), or None for a name that is no generic unit."""
        template = self._template_for(name)
        parent = self._parents.get(template.name) if template is not None else None
        info = self._country_in_name(name) if parent is not None else None
        if parent is None or info is None:
            return None
        return self._candidate(self._generic(parent, info, when), 80.0, "the unit's force", event)

    def lookup(self, text: str, *, event_country: str | None = None, limit: int = 10) -> list[ActorCandidate]:
        """Actors ``text`` may name, best first.

        ``event_country`` is where the event happened (a name, code or demonym): generic aliases
        ("protesters") are filled with it, and state forces of another country become type 8.
        """
        self._build()
        event = self.countries.find(event_country) if event_country else None
        key = fold_key(text)
        if not key:
            return []
        found: dict[str, ActorCandidate] = {}
        exact = self._exact(key, event)
        if exact is not None:
            found[exact.name] = exact
        # A name typed whole is that actor, though its words read as another's (an earlier name:
        # "Islamic State (Greater Sahara)" reads as the current one in an article).
        own = self._by_key.get(key)
        if own is not None and own.name not in found:
            found[own.name] = self._candidate(own, 100.0, "name", event)
        for candidate in (*self._prefixed(key, event, limit), *self._fuzzy(text, event, limit)):
            if candidate.name not in found or found[candidate.name].score < candidate.score:
                found[candidate.name] = candidate

        # The event's own country's actors are lifted by a few points (never above an exact match),
        # so typing "Milit" in a Syrian event offers Syria's forces before Cuba's.
        def rank(c: ActorCandidate) -> tuple[bool, float, int]:
            home = event is not None and c.country == event.name
            score = min(c.score + _HOME_BONUS, 99.9) if home and c.score < 100 else c.score
            return (own is None or c.name != own.name, -score, len(c.name))

        return sorted(found.values(), key=rank)[:limit]

    def type_of(self, name: str, *, event_country: str | None = None) -> int | None:
        """The actor type of an actor name (typed by hand or chosen), or None when nothing says.

        What the dictionary knows comes first: the project's coded actors (passed in, the type
        they were most often coded with), then the codebook's named and generic actors; then
        ACLED's generic patterns ("Protesters (X)" 6, "Military Forces of X" 1, ...). State forces
        of another country than ``event_country`` are External/Other forces (8), and a state's
        forces at home are State forces (1) whatever they were coded as elsewhere.
        """
        self._build()
        text = " ".join(name.split())
        if not text:
            return None
        event = self.countries.find(event_country) if event_country else None
        pattern = generic_type(text)
        if pattern is not None and pattern[0] == STATE_FORCES:
            # The name says whose forces these are; only where they act decides 1 or 8, whatever
            # they were coded as in events elsewhere.
            return external_type(STATE_FORCES, self.countries.find(pattern[1]), event)
        entry = self._by_name.get(text)
        if entry is not None:
            return external_type(entry.type_code, entry.country, event)
        key = fold_key(text)
        known = self._exact(key, event)  # other spellings, aliases, "Russian patrol"
        if known is not None:
            return known.type_code
        phrase = self._phrase(key)
        if phrase is not None and phrase.template is not None:
            return phrase.template.type  # "villagers" before the event's country is known
        if pattern is not None:
            return external_type(pattern[0], self.countries.find(pattern[1]), event)
        return None

    def entries(self, source: str | None = None) -> list[ActorCandidate]:
        """Every actor the dictionary holds (of one ``source``: "codebook", "project", "codebook
        generic"), in the order added, scored 0."""
        self._build()
        return [
            ActorCandidate(e.name, e.type_code, 0.0, e.source, e.country.name if e.country else "")
            for e in self._entries
            if source is None or e.source == source
        ]

    def generic_for(self, country: str) -> list[ActorCandidate]:
        """The codebook's generic actors filled with ``country`` ("Protesters (Syria)", ...)."""
        self._build()
        info = self.countries.find(country)
        if info is None:
            return []
        return [
            self._candidate(self._generic(t, info), 0.0, "codebook generic", info)
            for t in self._codebook.generic_actors
        ]

    def generic_of_type(self, type_code: int, country: str, when: dt.date | None = None) -> dict[str, Any] | None:
        """The codebook's first generic actor of ``type_code`` filled with ``country`` (and, for
        state forces, the regime period of ``when``), as a suggestion value; None if there is none."""
        self._build()
        info = self.countries.find(country)
        template = next((t for t in self._codebook.generic_actors if t.type == type_code), None)
        if info is None or template is None:
            return None
        entry = self._generic(template, info, when)
        return self._candidate(entry, 100.0, "the event's participants", info).as_dict()

    def unnamed_of_type(self, type_code: int, country: str, when: dt.date | None = None) -> dict[str, Any] | None:
        """The actor of ``type_code`` to propose for an act no one is named for in ``country``: the
        generic-pattern actor of that type the project has coded most there ("Unidentified Gang
        (Mexico)", where ACLED codes unnamed killers so), else :meth:`generic_of_type`."""
        self._build()
        info = self.countries.find(country)
        counts = self._unnamed.get((info.iso3, type_code)) if info is not None else None
        entry = self._by_name.get(counts.most_common(1)[0][0]) if counts else None
        if entry is None or entry.type_code != type_code:
            return self.generic_of_type(type_code, country, when)
        return self._candidate(entry, 100.0, "what the project codes it as in this country", info).as_dict()

    def _prefixed(self, key: str, event: CountryInfo | None, limit: int) -> list[ActorCandidate]:
        """Names that start with what was typed, or have a word that does (typing "Tahrir")."""
        padded = f" {key}"
        out = []
        for entry_key, entry in self._by_key.items():
            starts = entry_key.startswith(key)
            if starts or padded in f" {entry_key}":
                # 90-99: above any fuzzy score, higher the more of the name is typed, and a name
                # that begins so above one with a later word that does ("Milit": the Military
                # Forces before an Islamist Militia).
                score = 90.0 + 4.5 * starts + 4.5 * len(key) / len(entry_key)
                out.append(self._candidate(entry, score, "typed prefix", event))
        return out

    def _exact(
        self, key: str, event: CountryInfo | None, when: dt.date | None = None, *, learnt: bool = True
    ) -> ActorCandidate | None:
        votes = self._learnt.get(key) if learnt else None
        if votes is not None:
            found = self._from_learnt(votes, event, when)
            if found is not None:
                return found
        phrase = self._phrase(key)
        if phrase is None:
            named = self._by_key.get(key)
            return self._candidate(named, 100.0, "name", event) if named else None
        if phrase.entry is not None:
            entry = phrase.entry
            if phrase.reason == "named actor" and key in self._branches and event is not None:
                # An alias several actors share names the one of the event's country, if any.
                home = (e for e in self._branches[key] if e.country is not None and e.country.iso3 == event.iso3)
                entry = next(home, entry)
            return self._candidate(self._dated(entry, when), 100.0, phrase.reason, event)
        assert phrase.template is not None
        country = phrase.country or event
        if country is None:
            return None  # a bare "protesters" needs the event's country
        entry = self._generic(phrase.template, country, when)
        return self._candidate(entry, 100.0, phrase.reason, event)

    def _dated(self, entry: _Entry, when: dt.date | None) -> _Entry:
        """A named unit of a state's forces with the regime period of ``when`` ("Military Forces of
        Somalia (2022-) Jubaland Security Force" in 2020: "(2017-2022)"), as the country's generic
        forces get it. Only a period the regime table lists is a regime's: the Houthis' "(2017-)"
        is the years of their own forces, not Yemen's government's, and stays."""
        found = _FORCE_PERIOD.match(entry.name) if when is not None and entry.country is not None else None
        if found is None or entry.country is None:
            return entry
        iso3 = entry.country.iso3
        years = self.countries.regime_years(iso3, when)
        if not years or years == found["years"] or not self.countries.is_regime_period(iso3, found["years"]):
            return entry
        name = f"{found['force']} ({years}){found['unit']}"
        dated = self._dated_entries.get(name)
        if dated is None:
            dated = self._dated_entries[name] = _Entry(name, entry.type_code, entry.country, entry.source)
        return dated

    def _fuzzy(self, text: str, event: CountryInfo | None, limit: int) -> list[ActorCandidate]:
        from rapidfuzz import fuzz, process, utils

        found = process.extract(
            text, self._choices, scorer=fuzz.WRatio, processor=utils.default_process,
            limit=limit * 4, score_cutoff=MIN_FUZZY_SCORE,
        )  # fmt: skip
        # Scaled below 90 so a typed prefix always ranks above a merely similar name.
        return [
            self._candidate(self._entries[index], 0.9 * float(score), "similar name", event)
            for _name, score, index in found
        ]

    def _candidate(self, entry: _Entry, score: float, reason: str, event: CountryInfo | None) -> ActorCandidate:
        type_code = entry.type_code
        if (
            type_code == STATE_FORCES
            and event is not None
            and entry.country is not None
            and entry.country.iso3 != event.iso3
        ):
            type_code = EXTERNAL_FORCES
            reason = f"{reason}; state forces outside {entry.country.name}: External/Other forces"
        return ActorCandidate(entry.name, type_code, round(score, 1), reason,
                              entry.country.name if entry.country else "")  # fmt: skip


# ---- the type of an actor name typed by hand ----

_YEARS_SUFFIX = r"(?: \(\d{4}-(?:\d{4})?\))?"
# A state force's name with a regime period, and a unit after it: see ActorDictionary._dated.
_FORCE_PERIOD = re.compile(
    r"^(?P<force>(?:Military|Police|Naval|Air) Forces of .+?) \((?P<years>\d{4}-(?:\d{4})?)\)(?P<unit>(?: .+)?)$"
)
# ACLED's generic names, with the actor type each stands for (reference §3). The country is the
# group "c"; state forces may carry a regime period and a unit ("... (2016-) Presidential Guard").
_GENERIC_PATTERNS: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), code)
    for pattern, code in (
        (r"^Protesters \((?P<c>[^()]+)\)$", 6),
        (r"^Rioters \((?P<c>[^()]+)\)$", 5),
        (r"^Civilians \((?P<c>[^()]+)\)$", 7),
        (r"^Unidentified (?:Armed Group|Gang) \((?P<c>[^()]+)\)$", 3),
        (r"^(?:.+ )?(?:Communal|Ethnic|Clan|Tribal) (?:Militia|Group) \((?P<c>[^()]+)\)$", 4),
        (r"^Private Security Forces \((?P<c>[^()]+)\)$", 8),
        (rf"^(?:Military|Police|Naval|Air) Forces of (?:the )?(?P<c>[^()]+?){_YEARS_SUFFIX}(?: .+)?$", 1),
        (rf"^Government of (?:the )?(?P<c>[^()]+?){_YEARS_SUFFIX}$", 1),
    )
)


def generic_type(name: str) -> tuple[int, str] | None:
    """(actor type, country as written) when ``name`` follows one of ACLED's generic patterns:
    "Protesters (Syria)" -> (6, "Syria"), "Military Forces of Russia (2000-)" -> (1, "Russia")."""
    text = " ".join(name.split())
    for pattern, code in _GENERIC_PATTERNS:
        m = pattern.match(text)
        if m:
            return code, m.group("c").strip()
    return None


def external_type(type_code: int, actor_country: CountryInfo | None, event_country: CountryInfo | None) -> int:
    """ACLED's rule for state forces: a state's forces acting outside their own country are
    External/Other forces (8); back home they are State forces (1)."""
    if actor_country is None or event_country is None:
        return type_code
    if type_code == STATE_FORCES and actor_country.iso3 != event_country.iso3:
        return EXTERNAL_FORCES
    if type_code == EXTERNAL_FORCES and actor_country.iso3 == event_country.iso3:
        return STATE_FORCES
    return type_code
