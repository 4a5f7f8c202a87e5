"""The article's events read from more than one word (issue #13): a trigger's sub-event type is
weighed against the other triggers and actors of the article, and the people in a crowd are named
for what the crowd did.

ACLED's rules (reference §2, ``../shared/reference/acled-and-codebooks.md``) behind each reading:

* arrests at a protest are the protest's intervention: "Protest with intervention", not "Arrests";
* an abduction during an attack that kills or wounds is part of the attack;
* an attack by one armed, organised side on another (soldiers, police, an armed group) is a battle,
  "Armed clash"; "Attack" is kept for violence against civilians;
* the participants of a protest are "Protesters (country)", of a riot "Rioters (country)", whatever
  the article calls them ("residents", "a group of people", "workers").

Pure functions over the suggestions the pass found; nothing here looks anything up.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, Protocol, TypeVar, cast

from annotator.assist.context import sentence_start, word_before
from annotator.assist.learning import LEARNT, LEARNT_ELSEWHERE
from annotator.assist.suggestion import Suggestion, new_suggestion

ACTION, ACTOR = "action", "actor"
PROTESTS, RIOTS = "Protests", "Riots"
_PROTEST_WITH_INTERVENTION = {"event_type": "Protests", "sub_event_type": "Protest with intervention"}
_ARMED_CLASH = {"event_type": "Battles", "sub_event_type": "Armed clash"}
_ARRESTS = {"event_type": "Strategic developments", "sub_event_type": "Arrests"}
_EXCESSIVE_FORCE = {"event_type": "Protests", "sub_event_type": "Excessive force against protesters"}
_ATTACK = {"event_type": "Violence against civilians", "sub_event_type": "Attack"}
# Protesters right after an attack, a few words on: its targets ("shot dead two protesters",
# "opened fire on peaceful demonstrators"). Lethal force against a protest is ACLED's excessive force.
_ON_PROTESTERS = re.compile(r"(?: [\w-]+){0,4}? (?:protesters|protestors|demonstrators|marchers)\b")
# The same told in the passive: "several protesters were shot dead when police opened fire".
_PROTESTERS_SUFFERED = re.compile(
    r"\b(?:protesters|protestors|demonstrators|marchers)(?: [\w-]+){0,2}? (?:were|was|have been|had been) $"
)
_PROPERTY_DESTRUCTION = {"event_type": "Strategic developments", "sub_event_type": "Looting/property destruction"}
_AIR_STRIKE = {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"}
_SHELLING = {"event_type": "Explosions/Remote violence", "sub_event_type": "Shelling/artillery/missile attack"}
_PEACEFUL_PROTEST = {"event_type": "Protests", "sub_event_type": "Peaceful protest"}
# "Strike" is a weapon's where a force or a weapon is named before it ("an Israeli strike", "a US
# strike", "a missile strike") or what it hit follows ("a strike on a school", "the strike killed");
# not a strike "on Monday", nor a general, hunger or teachers' strike.
_WEAPONS_STRIKE_AFTER = re.compile(
    r" (?:on|against) (?!(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april"
    r"|may|june|july|august|september|october|november|december|\d|pay|wages|salaries)\b)"
    r"| (?:targeting|targeted|killed|kills|hit|hits|struck|destroyed|wounded|injured|that killed)\b",
    re.IGNORECASE,
)
_WEAPON_WORDS = frozenset({
    "military", "missile", "rocket", "artillery", "aerial", "precision", "retaliatory", "airborne", "naval",
    "targeted", "drone", "air", "deadly", "overnight",
})  # fmt: skip
_LABOUR_WORDS = frozenset({
    "general", "hunger", "national", "nationwide", "transport", "teachers", "teachers'", "doctors", "doctors'",
    "workers", "workers'", "indefinite", "sit-down", "wildcat", "labour", "labor", "student", "students'",
})  # fmt: skip
# The two riot sub-event types differ only in whether the crowd was demonstrating, which the act's
# words ("vandalized", "set fire to", "a mob") do not tell: each reading offers the other.
_OTHER_RIOT = {"Violent demonstration": "Mob violence", "Mob violence": "Violent demonstration"}
# Actor types (ACLED's inter codes) that are armed and organised: state forces, rebels, political
# and identity militias, external forces.
ARMED_TYPES = frozenset({1, 2, 3, 4, 8})
# ACLED's actor types: a state's military and police at home and outside their country, rioters,
# protesters, civilians.
STATE_FORCES, EXTERNAL_FORCES, _RIOTERS, _PROTESTERS, CIVILIANS = 1, 8, 5, 6, 7
# Words that name no one: the pass may stand an actor on one when the article names no one
# (:func:`unnamed_actor`), and a coder who accepts it links the word, which the actor dictionary
# must not learn as a name.
FUNCTION_WORDS = frozenset({
    "was", "were", "been", "being", "be", "is", "are", "has", "have", "had", "got", "went", "did", "do",
    "in", "on", "at", "of", "by", "to", "from", "into", "near", "after", "during", "over", "as", "and", "or",
    "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "many", "more", "other", "its",
})  # fmt: skip
# Words for people who may make up a crowd; the suggestion pass finds them with its lexicon. Who
# they are is read from what they did: the subject of a protest are protesters, of a riot or of
# violence rioters (an unorganised crowd that attacks is a mob, not an armed group); elsewhere
# they stay what the codebook calls them ("residents": civilians) or nothing.
CROWD_WORDS = (
    "people", "residents", "villagers", "locals", "inhabitants", "youths", "youth", "men", "women", "students",
    "pupils", "workers", "employees", "staff", "agents", "traders", "vendors", "hawkers", "farmers", "herders",
    "pastoralists", "fishermen", "miners", "drivers", "riders", "motorists", "owners", "teachers", "lecturers",
    "doctors", "nurses", "interns", "journalists", "lawyers", "activists", "supporters", "members", "followers",
    "cadres", "mourners", "worshippers", "relatives", "families", "parents", "strikers", "crowd", "crowds",
    "neighbours", "neighbors", "factions", "rivals",
    "a crowd", "a group", "groups", "a group of people", "a group of residents", "a group of villagers",
    "a group of youths", "a group of men", "a group of women", "a group of locals", "a crowd of people",
)  # fmt: skip
# Members of a body the text names are the body's people, not a crowd ("Members of the West Papua
# National Liberation Army", "members of the National Guard"); members of a people ("members of
# the Maasai community") or of a party in lower case may still make one. (Possessive: the name is
# read whole before the word after it is looked at.)
_MEMBERS_OF_A_BODY = re.compile(
    r"[Mm]embers of (?:the )?[A-Z][\w'-]*+(?: [A-Z][\w'-]*+)*+"
    r"(?! (?:community|communities|tribe|tribes|clan|clans|people|ethnic|family|families|diaspora)\b)"
)
# A force's name just before a crowd word ("Civilian Joint Task Force members", "National Guard
# members"): its members are the force's, armed, not a crowd, whether the pass knows the force or not.
_AFTER_A_FORCES_NAME = re.compile(
    r"[A-Z][\w'-]* (?:Forces?|Army|Guards?|Militias?|Brigades?|Battalions?|Police(?: Service)?|Units?) $"
)
# Verbs of speaking: a crowd word before one spoke, it did not act (read by _SPEAKS and _NOT_THEIR_ACT).
_SPOKE = "said|says|say|told|accused|claimed|alleged"
# A crowd word its sentence makes a speaker ("activists accused the troops of burning homes",
# "residents said"): those who speak of the article's riot or protest are not thereby in it.
_SPEAKS = re.compile(rf"(?: \w+ly)? (?:{_SPOKE}|denied|condemned|blamed|reported|recounted)\b")
# An actor who only reports an act ("..., police said"), or whose spokesman, named or not, does
# ("police spokesman Yazid Abubakar said"); not one that claims it ("Al Shabaab claimed to have
# killed 3 soldiers").
_REPORTS = re.compile(
    r"(?: (?:spokes(?:man|woman|person|people)|officials?|sources?)(?: [A-Z][\w.'-]*){0,3},?)?"
    r"(?: \w+ly)? (?:said|says|say|told|reported)\b"
)
# Words that alone say too little to make a crowd violent: "two men attacked" may be armed men.
_NOT_A_MOB = frozenset({"men", "women"})
# Crowd suggestions an article has before its lead event type alone names one more: the first
# mentions are the participants; later ones are often bystanders or victims.
_CROWD_MENTIONS = 2
# How far (characters) a crowd word may stand before the act it did, or after the act as its agent.
_SUBJECT_GAP = 60
# How many words may stand between an armed actor and the act it did ("militants on Monday torched").
_SUBJECT_WORDS = 3
_AGENT_GAP = 80
# Between a crowd word and a verb: the crowd suffered it ("were killed"), someone spoke of it, or
# the crowd only saw, told of or fled it ("residents reported heavy clashes between the army and"),
# or the act is a noun they were caught in ("70 people in an attack", "during the riot").
_NOT_THEIR_ACT = re.compile(
    rf"\b(?:was|were|been|being|got|{_SPOKE}|reported|recounted|described|witnessed|saw|heard|fled)\b|[.;\n]"
    r"|\b(?:in|during|after|before|since|of|from|against)\s+(?:an?\s+|the\s+)?$"
)
# The word before a crowd word: it is the agent of the act before it ("beaten by a mob", "a clash
# between supporters of ..."), or the object of one ("fired on people").
_AGENT_WORDS = frozenset({"by", "between"})
_OBJECT_WORDS = frozenset({
    "on", "at", "against", "to", "for", "with", "from", "among", "between", "targeting", "killing", "killed",
    "injuring", "injured", "attacked", "attacking", "beat", "shot", "abducted", "kidnapped", "arrested",
    "dispersed", "evacuated", "displaced",
})  # fmt: skip
# "Of" makes an object ("the killing of farmers") except after a number ("hundreds of farmers").
_QUANTITIES = frozenset({
    "hundreds", "thousands", "dozens", "scores", "tens", "group", "groups", "crowd", "number", "some", "many",
    "most", "all", "several", "few", "hundred", "thousand",
})  # fmt: skip
# Nor after a group's own people ("members of a gang coalition set fire to homes": the gang did).
# (The suggestion pass's _ITS_PEOPLE are the crowd words among such words, read for another question.)
_GROUP_MEMBERS = frozenset({"members", "member", "fighters", "elements", "factions", "units", "men"})
# (and words for the people themselves that stand between a count and its noun: "killing two young men")
_DETERMINERS = frozenset({
    "the", "a", "an", "some", "angry", "local", "young", "elderly", "unarmed", "innocent", "other", "several",
    "many", "teenage", "female", "male", "fellow",
})  # fmt: skip
# Between an act and its object: "dead", "at least", "more than", "up to" before a count.
_BEFORE_OBJECT = frozenset({"dead", "at", "least", "more", "than", "over", "about", "around", "up", "to", "nearly"})
_OBJECT_REACH = 30  # characters from an act to its object: "shot dead at least twenty-five" and a space
# Counts written as words are passed over as digits are: "killed four farmers" reads as "killed
# farmers" (the farmers are the killing's object), whatever the article's lead event is.
_NUMBER_WORDS = frozenset({
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty",
    "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "dozen",
})  # fmt: skip
# Acts of a crowd that make its people rioters, by the act's event type and sub-event type.
_VIOLENT = {("Violence against civilians", "Attack"), ("Battles", "Armed clash"),
            ("Strategic developments", "Looting/property destruction")}  # fmt: skip
_MOB_VIOLENCE = {"event_type": RIOTS, "sub_event_type": "Mob violence"}
# A crowd's two readings, each the other's alternative where its article has a protest and a riot.
_CROWD_KINDS = {_PROTESTERS: _RIOTERS, _RIOTERS: _PROTESTERS}
_VIOLENT_DEMONSTRATION = {"event_type": RIOTS, "sub_event_type": "Violent demonstration"}


class _Suggestion(Protocol):
    """What this module reads of a suggestion (read-only: suggestions are frozen)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def value(self) -> dict[str, Any]: ...
    @property
    def confidence(self) -> float: ...


# The pass's Suggestion (a frozen dataclass); generic here, so that any suggestion-like value may be read.
S = TypeVar("S", bound=_Suggestion)


def _changed(s: S, value: dict[str, Any] | None = None, confidence: float | None = None) -> S:
    """``s`` with another value or confidence (``dataclasses.replace``). The pass's own suggestions
    are made by its quick builder: replace reads every field and runs the frozen dataclass's
    __init__ (1.4 us, against 0.3), and a long article's acts are read again by the thousand."""
    value = s.value if value is None else value
    confidence = s.confidence if confidence is None else confidence
    if type(s) is not Suggestion:
        return replace(s, value=value, confidence=confidence)  # type: ignore[type-var]
    return cast(S, new_suggestion(s.start, s.end, s.label, s.text, value, confidence))


def _moved(s: S, start: int, text: str) -> S:
    """``s`` beginning at ``start`` instead, with the ``text`` from there."""
    if type(s) is not Suggestion:
        return replace(s, start=start, text=text)  # type: ignore[type-var]
    return cast(S, new_suggestion(start, s.end, s.label, text, s.value, s.confidence))


# Where a sentence ends: at a full stop followed by a space, or at a line break (the match is the
# one character at which it ends).
_SENTENCE_END = re.compile(r"\.(?= )|\n")


class Sentences:
    """The sentences of one text (full stops and line breaks end one), their ends found once so
    that each look-up is a bisection.

    Searching the text both ways from every trigger (``str.find``, ``str.rfind``) scanned as far as
    the nearest full stop each time: on a text with few of them (a transcript, a list of incidents,
    the benchmarks' article) each of thousands of triggers scanned most of 1.5 MB, and one
    suggestion pass took 30 s."""

    __slots__ = ("_ends", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._ends = [m.start() for m in _SENTENCE_END.finditer(text)]

    def around(self, start: int) -> tuple[int, int]:
        """Bounds of the sentence around ``start``: from just after the last end before it to the
        first end at or after it (or the end of the text)."""
        ends = self._ends
        i = bisect.bisect_left(ends, start)  # ends[i:] are at or after start
        right = ends[i] if i < len(ends) else len(self._text)
        # The last end before start, except a full stop just before it: its space is at start, so
        # that stop neither ends the sentence before start nor the one at start.
        j = i - 1
        if j >= 0 and ends[j] == start - 1 and self._text[ends[j]] == ".":
            j -= 1
        return (ends[j] + 1 if j >= 0 else 0), right

    def next_to(self, start: int) -> tuple[int, int]:
        """Bounds of the sentence around ``start`` with the one before and the one after it."""
        lo, hi = self.around(start)
        return (self.around(lo - 2)[0] if lo > 1 else lo), (self.around(hi + 2)[1] if hi + 2 < len(self._text) else hi)


def sentence_of(text: str, start: int) -> tuple[int, int]:
    """Bounds of the sentence around ``start`` (full stops and line breaks end one). For many
    look-ups in one text, make its ``Sentences`` once."""
    return Sentences(text).around(start)


def read_actions(text: str, suggestions: Sequence[S], sentences: Sentences | None = None) -> list[S]:
    """The suggestions with each action trigger's sub-event type read in its article's context
    (``sentences``: the text's, if the caller has them)."""
    at = _where(suggestions, ACTION)
    if not at:
        return list(suggestions)
    actions = [suggestions[i] for i in at]
    types = {s.value["event_type"] for s in actions}
    # Sorted by start, so each trigger finds its sentence's neighbours by bisection: a long article
    # has thousands of triggers and actors.
    # (Not those who only report it: "militants fired on farmers, police said" is no battle.)
    actors = _outermost(_labelled(suggestions, ACTOR))
    armed = _ByStart([
        s for s in actors if s.value.get("type_code") in ARMED_TYPES and _REPORTS.match(text, s.end) is None
    ])  # fmt: skip
    attacks = _ByStart([a for a in actions if a.value["sub_event_type"] in ("Attack", "Armed clash")])
    everyone = _ByStart(actors) if RIOTS in types else None
    civilians = _ByStart([s for s in actors if s.value.get("type_code") == CIVILIANS])
    protests = _ByStart([a for a in actions if a.value["event_type"] == PROTESTS])
    if sentences is None:
        sentences = Sentences(text)
    out = list(suggestions)
    for i, s in zip(at, actions, strict=True):
        sub = s.value["sub_event_type"]
        if sub == "Arrests" and PROTESTS in types:
            # Arrests at a protest are its intervention: surely so told in its sentence, likely in the
            # one either side; a journalist arrested further on is likelier an arrest of its own.
            # Each reading offers the other.
            if protests.within(*sentences.around(s.start)):
                out[i] = _changed(s, value=dict(_PROTEST_WITH_INTERVENTION), confidence=0.7)
            elif protests.within(*sentences.next_to(s.start)):
                value = {**_PROTEST_WITH_INTERVENTION, "alternatives": [dict(_ARRESTS)]}
                out[i] = _changed(s, value=value, confidence=0.6)
            else:
                out[i] = _changed(s, value={**s.value, "alternatives": [dict(_PROTEST_WITH_INTERVENTION)]})
        elif sub == "Abduction/forced disappearance" and attacks.within(*sentences.around(s.start)):
            # An abduction during an attack that kills or wounds is part of the attack.
            out[i] = _changed(s, confidence=0.4)
        elif sub == "Peaceful protest" and _weapons_strike(text, s):
            offered = [dict(_SHELLING), dict(_PEACEFUL_PROTEST)]
            out[i] = _changed(s, value={**_AIR_STRIKE, "alternatives": offered})
        elif sub == "Attack" and (
            _ON_PROTESTERS.match(text, s.end) or _PROTESTERS_SUFFERED.search(text, max(0, s.start - 60), s.start)
        ):
            out[i] = _changed(s, value={**_EXCESSIVE_FORCE, "alternatives": [dict(_ATTACK)]})
        elif (
            sub == "Attack"
            and _sides(text, armed.within(*sentences.around(s.start))) >= 2
            and not _on_civilians(text, s, civilians)
        ):
            # Two armed actors in the sentence ("gunmen attacked the army"): a battle.
            out[i] = _changed(s, value=dict(_ARMED_CLASH), confidence=0.65)
        elif (
            everyone is not None
            and s.value["event_type"] == RIOTS
            and (by := _armed_subject(text, everyone, s, sentences))
        ):
            # "RSF fighters torched homes": an armed group destroying property is no riot. The riot
            # stays on offer, both kinds; and first where no one knows who the armed men were:
            # amid unrest, "unidentified assailants" who set offices alight are a mob to ACLED.
            # Gang members are known for what they are, and a gang's arson is no riot either.
            riots = [{"event_type": RIOTS, "sub_event_type": sub}]
            if sub in _OTHER_RIOT:
                riots.append({"event_type": RIOTS, "sub_event_type": _OTHER_RIOT[sub]})
            if str(by.value["name"]).startswith(_NO_ONE_KNOWS_WHO):
                offered = [*riots[1:], _PROPERTY_DESTRUCTION]
                out[i] = _changed(s, value={**s.value, "alternatives": offered})
            else:
                out[i] = _changed(s, value={**_PROPERTY_DESTRUCTION, "alternatives": riots}, confidence=0.6)
        elif sub in _OTHER_RIOT and s.value["event_type"] == RIOTS:
            offered = s.value.get("alternatives", [])
            if all(a["sub_event_type"] != _OTHER_RIOT[sub] for a in offered):
                other = {"event_type": RIOTS, "sub_event_type": _OTHER_RIOT[sub]}
                out[i] = _changed(s, value={**s.value, "alternatives": [*offered, other]})
    return _without_echoes(text, out, at, sentences)


# Words that tell an act again rather than tell another: "attacked farmers, killing 6", "killed 70
# people in an attack". Beside another act of their sentence they are its, with no suggestion of
# their own; alone ("Gunmen attack village, killing 12") the first of them is the act.
_ECHOES = frozenset({"attack", "attacks", "kill", "kills", "killing", "killings", "shooting"})
# A killing beside a weapon's act is the weapon's doing ("a roadside bomb killed five officers"):
# ACLED codes the explosion, whoever else the sentence names.
_KILLS = frozenset({"killed", "kill", "kills", "killing", "killings"})
_REMOTE = "Explosions/Remote violence"
# Beside a weapon's act, an attack told with it is the weapon's too ("attacked the town with
# mortars", "attacked a base with explosives launched from a drone"): ACLED codes the weapon.
_WEAPON_ECHOES = _KILLS | {"attacked", "attacking", "attack", "attacks"}
_ECHO_WORDS = _ECHOES | _WEAPON_ECHOES
_STRATEGIC = "Strategic developments"
# How every echo word begins, in the cases text writes it: a cheap first test of each act.
_ECHO_STEMS = ("kill", "Kill", "KILL", "attack", "Attack", "ATTACK", "shooting", "Shooting", "SHOOTING")


def _without_echoes(text: str, suggestions: list[S], at: list[int], sentences: Sentences) -> list[S]:
    """``suggestions`` without the acts that only tell again another act of their sentence
    (_ECHOES), or a weapon's killing (_KILLS); ``at``: where the triggers' suggestions are in
    ``suggestions``, in order of start."""
    # (The triggers' suggestions are by start: the pass made them so.)
    acts = [suggestions[i] for i in at]
    # A long article has thousands of acts: only those that begin as an echo does are read as words.
    echoes = [j for j, a in enumerate(acts) if text.startswith(_ECHO_STEMS, a.start)]
    words: dict[int, str] = {j: text[acts[j].start : acts[j].end].lower() for j in echoes}
    dropped: set[int] = set()
    for j in echoes:
        word = words[j]
        if word not in _ECHO_WORDS:
            continue
        lo, hi = sentences.around(acts[j].start)
        # The acts of its sentence are its neighbours in the list: read outwards from it.
        first, last = j, j
        while first > 0 and acts[first - 1].start >= lo:
            first -= 1
        while last + 1 < len(acts) and acts[last + 1].start < hi:
            last += 1
        others = [k for k in range(first, last + 1) if k != j]
        if word in _KILLS:
            # Beside an arson or a looting a killing is an attack of its own ("set fire to dozens
            # of homes, killing at least 12 residents"); beside a protest it is what the crowd
            # protests against ("demonstrated ... after the killings").
            others = [k for k in others if acts[k].value["event_type"] != _STRATEGIC]
        echo = word in _ECHOES and (
            any(k < j for k in others) or any(words.get(k, "") not in _ECHOES for k in others)  # (not read: no echo)
        )
        if not echo and word in _KILLS:
            echo = any(acts[k].value["event_type"] == _REMOTE for k in others)
        elif not echo and word in _WEAPON_ECHOES:
            # (Not a grenade's: thrown by men at close range, often with guns, "attacked a police
            # patrol using grenades and firearms", a clash.)
            echo = any(
                acts[k].value["event_type"] == _REMOTE and acts[k].value["sub_event_type"] != "Grenade" for k in others
            )
        if echo:
            dropped.add(at[j])
    # The weapon a disrupting act names as its object ("defused an IED", "shot down a Houthi UAV",
    # "intercepted a missile") was never used: no explosion of its own.
    for k in range(1, len(acts)):
        if (
            acts[k].value["event_type"] == _REMOTE
            and acts[k - 1].value["sub_event_type"] == _DISRUPTED
            and _OBJECT_OF.fullmatch(text, acts[k - 1].end, acts[k].start)
        ):
            dropped.add(at[k])
    return [s for i, s in enumerate(suggestions) if i not in dropped] if dropped else suggestions


_DISRUPTED = "Disrupted weapons use"
# Between a disrupting act and its object: up to four words, no clause's end ("an", "a Houthi",
# "12 Ukrainian").
_OBJECT_OF = re.compile(r"(?: [\w'’-]+){0,4} ")


# A long article has tens of thousands of suggestions. Those of one label are picked out by a
# comprehension: the "no Python-level loop" form, compress over map(label.__eq__, ...), was 2.5x
# slower (str.__eq__ bound is a slot wrapper, called through the generic machinery: ~5 ms more
# per call on the 1.5 MB article, where the pass asks four times).


# The generic actor of armed men no one names (the codebook's "Unidentified Armed Group ({country})"),
# and its type (ACLED's political militias).
_NO_ONE_KNOWS_WHO = "Unidentified Armed Group"
_UNNAMED_ARMED = 3


def _weapons_strike(text: str, act: Any) -> bool:
    """Whether the trigger "strike" at ``act`` is a weapon's, not workers' (_WEAPONS_STRIKE_AFTER)."""
    if text[act.start : act.end].lower() not in ("strike", "strikes"):
        return False
    before = word_before(text, act.start)
    low = before.lower()
    if low in _LABOUR_WORDS:
        return False
    if low in _WEAPON_WORDS or _WEAPONS_STRIKE_AFTER.match(text, act.end):
        return True
    # A force's or country's name right before it ("an Israeli strike", "a U.S. strike"): a
    # capital inside the sentence.
    return before[:1].isupper() and not sentence_start(text, act.start - len(before) - 1)


def read_forces(
    text: str, suggestions: Sequence[S], units: dict[str, str], sentences: Sentences | None = None
) -> list[S]:
    """Three readings of the armed actors by their acts, in one pass (a long article has tens of
    thousands of suggestions):

    * an air strike whose words begin inside the name of the force that struck ("Ukrainian drone"
      of "1 Ukrainian drone dropped explosives", "Ukrainian FPV-drone struck") begins where the name
      ends: both stay, where the longer would have hidden the other;
    * a state force whose act is an air or drone strike is named by its air unit where ACLED names
      it so (``units``: the force's name up to its period, "Military Forces of Russia (", -> the
      unit, "Air Force"; data/state_units.toml), the force itself offered beside it. Its act is the
      first of its sentence from where its name begins;
    * two named groups told as either's ("suspected JNIM or ISGS militants", "ISWAP or Boko Haram
      fighters"): ACLED codes one actor, "A and/or B" in the text's order, which the first is
      offered as first of its other readings."""
    out = list(suggestions)
    armed = [i for i, s in enumerate(out) if s.label == ACTOR and s.value.get("type_code") in ARMED_TYPES]
    strikes = [i for i, s in enumerate(out) if s.label == ACTION and s.value["sub_event_type"] == _AIR_STRIKE_TYPE]
    if strikes:
        forces = _ByStart([out[i] for i in armed if out[i].value.get("type_code") in (1, 8)])
        for i in strikes:
            act = out[i]
            holding = [f for f in forces.within(act.start - 80, act.start) if f.start < act.start < f.end < act.end]
            if holding:
                start = holding[-1].end
                while start < act.end and not text[start].isalnum():
                    start += 1
                if start < act.end:
                    out[i] = _moved(act, start, text[start : act.end])
        if units:
            prefixes = tuple(units)
            acts = _ByStart(_labelled(out, ACTION))
            if sentences is None:
                sentences = Sentences(text)
            for i in armed:
                name = str(out[i].value.get("name", ""))
                # (a force's name with its period and no unit yet: "Military Forces of Russia (2000-)")
                if not (name.startswith(prefixes) and name.endswith(")")):
                    continue
                s = out[i]
                mine = acts.within(s.start, sentences.around(s.start)[1])
                if mine and mine[0].value["sub_event_type"] == _AIR_STRIKE_TYPE:
                    force = {"name": name, "type_code": s.value.get("type_code")}
                    unit = units[name[: name.find("(") + 1]]
                    out[i] = _changed(s, value={**s.value, "name": f"{name} {unit}", "alternatives": [force]})
    named = sorted(armed, key=lambda i: out[i].start)
    for i, j in itertools.pairwise(named):
        a, b = out[i], out[j]
        if _told_as_either(text, a, b):
            first, second = str(a.value["name"]), str(b.value["name"])
            if first != second and not first.startswith(_NO_ONE_KNOWS_WHO):
                both = {"name": f"{first} and/or {second}", "type_code": a.value.get("type_code")}
                out[i] = _changed(a, value={**a.value, "alternatives": [both, *a.value.get("alternatives", ())]})
    return out


_AIR_STRIKE_TYPE = _AIR_STRIKE["sub_event_type"]


def _outermost(actors: list[Any]) -> list[Any]:
    """The actors not inside a longer one: "militants" of "armed pro-government militants" is the
    same people, no second side (the pass drops such overlaps only later)."""
    out: list[Any] = []
    reach = -1
    for a in sorted(actors, key=lambda a: (a.start, -a.end)):  # by start, the longest first
        if a.end <= reach:
            continue
        out.append(a)
        reach = max(reach, a.end)
    return out


def _on_civilians(text: str, act: Any, civilians: _ByStart) -> bool:
    """Whether the act's object, right after it, is civilians ("killed two villagers", "shot dead
    at least five civilians"): an attack on them, whatever armed men the sentence names besides
    ("Maoists killed two villagers, accusing them of being police informers")."""
    after = civilians.within(act.end, act.end + _OBJECT_REACH)
    if not after:
        return False
    words = text[act.end : after[0].start].lower().split()
    return all(w in _BEFORE_OBJECT or w in _DETERMINERS or _is_count(w) for w in words)


def _sides(text: str, armed: list[Any]) -> int:
    """How many sides the armed actors (by start) make: each name is one, and two named as
    either's ("suspected JNIM or ISGS militants") are one, whoever it was, as are two named as one
    force ("a joint force of Burkinabe soldiers and volunteer fighters (VDP)", "soldiers backed by
    militiamen") and a name with who it is in brackets ("an armed group (likely JNIM militants)")."""
    sides = {_side(a) for a in armed}
    for a, b in itertools.pairwise(armed):
        between = text[a.end : b.start]
        together = (
            between in _TOGETHER
            or _APPOSITION.fullmatch(between) is not None
            or (between.startswith(_AND) and len(between) <= 30 and _JOINT.search(text, max(0, a.start - 30), a.start))
        )
        if (_told_as_either(text, a, b) or together) and _side(a) != _side(b):
            sides.discard(_side(b))
    return len(sides)


_EITHER = frozenset({" or ", " and/or ", "/", " or the "})


def _told_as_either(text: str, a: Any, b: Any) -> bool:
    """Whether two names, ``a`` before ``b``, are told as either's ("JNIM or ISGS militants")."""
    return 0 < b.start - a.end <= _EITHER_LONGEST and text[a.end : b.start] in _EITHER


_EITHER_LONGEST = max(map(len, _EITHER))
_LOOTING = _PROPERTY_DESTRUCTION["sub_event_type"]
_PERSONS = frozenset({"persons", "individuals", "people"})
_TOGETHER = frozenset({
    " backed by ", ", backed by ", " supported by ", ", supported by ", " alongside ", ", alongside ",
    " together with ", " assisted by ", ", assisted by ", " and allied ",
})  # fmt: skip
# Who the first name is, in brackets after it: "an armed group (likely JNIM militants)".
_APPOSITION = re.compile(
    r" \((?:(?:likely|suspected|possibly|probably|presumably|reportedly|allegedly|believed to be|thought to be) )?"
)
_AND = (" and ", ", and ")  # (what follows, up to the second name: "and volunteer fighters (VDP)")
# "a joint force of", "joint operation by", "jointly": two named after it make one force.
_JOINT = re.compile(r"\bjoint(?:ly)?\b", re.IGNORECASE)


def _side(actor: Any) -> str:
    """The side an armed actor fights on, for telling a battle from an attack: its name, except that
    armed men no one names and a gang no one names are one side ("Gunmen killed a prison director,
    the latest in attacks blamed on drug gangs": the gunmen are the gang's)."""
    name = str(actor.value["name"])
    return _NO_ONE_KNOWS_WHO if name.startswith((_NO_ONE_KNOWS_WHO, "Unidentified Gang")) else name


def _armed_subject(text: str, actors: _ByStart, act: Any, sentences: Sentences) -> Any | None:
    """``act``'s subject if it is an armed and organised actor (ACLED's types 1-4 and 8): the actor
    right before it in its sentence, a few words away at most, none of them saying the act is not
    theirs ("police said youths torched a bus"); else None. An act in a clause of its own after a
    comma ("Gang members attacked the town, setting fire to houses") is the subject's of the
    sentence: its first actor."""
    before = actors.within(sentences.around(act.start)[0], act.start)
    if before and text.endswith(", ", 0, act.start) and text[act.start : act.end].split(" ", 1)[0].endswith("ing"):
        first = before[0]
        if first.value.get("type_code") in ARMED_TYPES and not _is_object(_words_before(text, first.start)):
            return first
    if not before or before[-1].value.get("type_code") not in ARMED_TYPES:
        return None
    gap = text[before[-1].end : act.start]
    if len(gap.split()) > _SUBJECT_WORDS or _NOT_THEIR_ACT.search(gap) is not None:
        return None
    # Not an actor that is another act's object: "Protesters threw stones at police lines and set up
    # barricades" (the barricades are the protesters').
    return None if _is_object(_words_before(text, before[-1].start)) else before[-1]


def _where(suggestions: Sequence[Any], label: str) -> list[int]:
    """The indices of the suggestions with ``label``, in order."""
    return [i for i, s in enumerate(suggestions) if s.label == label]


def _labelled(suggestions: Sequence[S], label: str) -> list[S]:
    """The suggestions with ``label``, in order."""
    return [s for s in suggestions if s.label == label]


class _ByStart:
    """Suggestions sorted by start, for those starting within a range."""

    def __init__(self, items: list[Any]) -> None:
        self._items = sorted(items, key=_START)
        self._starts = [s.start for s in self._items]

    def within(self, lo: int, hi: int) -> list[Any]:
        return self._items[bisect.bisect_left(self._starts, lo) : bisect.bisect_left(self._starts, hi)]


def lead_event_type(suggestions: Sequence[_Suggestion]) -> str | None:
    """The event type of the article's most confident action (the first on a tie)."""
    actions = [s for s in suggestions if s.label == ACTION]
    if not actions:
        return None
    best = min(actions, key=lambda s: (-s.confidence, s.start))
    return str(best.value["event_type"])


def crowd_actors(
    text: str,
    suggestions: Sequence[S],
    crowd: Sequence[tuple[int, int]],
    generic: Callable[[int], dict[str, Any] | None],
    make: Callable[[int, int, str, dict[str, Any], float], S],
    sentences: Sentences | None = None,
) -> list[S]:
    """The suggestions with the people of a crowd named as ACLED names them (``sentences``: the
    text's, if the caller has them).

    ``crowd``: where the pass found :data:`CROWD_WORDS` (any order; nested hits allowed).
    ``generic(type_code)`` gives the codebook's generic actor of that type for the article's
    country (None when unknown); ``make(start, end, text, value, confidence)`` builds a suggestion.
    A crowd word is read from the act it is the subject of, in its sentence ("residents rioted":
    rioters; "members of the community protested": protesters; "a group of people attacked":
    rioters), or whose agent it is ("beaten by a mob"); an attack or clash by rioters is then mob
    violence. A crowd word that did nothing the pass can see is named by the article's lead event
    type when that is a protest or riot (its first mentions only). A crowd suggestion replaces a
    civilians reading of the same words ("residents").
    """
    actions = sorted(_labelled(suggestions, ACTION), key=_START)
    action_starts = [a.start for a in actions]
    # Actors other than civilians: a crowd word inside or right after one belongs to it ("Hamas
    # members", "AL activists" once learnt); one between a crowd word and a verb is the verb's subject.
    # What a crowd did outweighs what the project coded the same word as elsewhere ("a group" that
    # rioted in one article, of commandos in the next): such readings are replaced, as civilians are.
    actors: list[S] = []
    replaceable: list[S] = []
    for s in _labelled(suggestions, ACTOR):
        (replaceable if _replaceable(s) else actors).append(s)
    actors.sort(key=_START)
    replaceable.sort(key=_START)
    actor_starts = [a.start for a in actors]
    replaceable_starts = [s.start for s in replaceable]
    # The article's most confident act, the first of those (as lead_event_type reads it).
    lead = str(max(actions, key=_CONFIDENCE).value["event_type"]) if actions else None
    lead_type = _PROTESTERS if lead == PROTESTS else _RIOTERS if lead == RIOTS else None
    kinds = {a.value["event_type"] for a in actions}
    both_kinds = PROTESTS in kinds and RIOTS in kinds
    made: list[S] = []
    values: dict[int, dict[str, Any] | None] = {}  # the generic actor of each type, asked for once
    mob_acts: dict[int, Any] = {}  # attacks and clashes a crowd did, by id
    demonstrators: set[int] = set()  # those of them protesters did
    last_end = -1
    hits = sorted(crowd)  # by start, the longest last among those starting together
    for n, (start, end) in enumerate(hits):
        if start < last_end or (n + 1 < len(hits) and hits[n + 1][0] == start):
            continue  # inside a longer crowd word
        last_end = end
        # The acts and actors around the words, found once: the first act starting at or after
        # their end, the last starting before them, the first actor at or after their end.
        i = bisect.bisect_left(action_starts, end)
        k = bisect.bisect_left(action_starts, start) - 1
        if (lead_type is None or len(made) >= _CROWD_MENTIONS) and not (
            (i < len(actions) and action_starts[i] - end <= _SUBJECT_GAP)
            or (k >= 0 and start - actions[k].end <= _AGENT_GAP)
        ):
            continue  # nothing can name these words: most crowd words in a long article
        j = bisect.bisect_left(actor_starts, end)
        if (i and actions[i - 1].end > start) or (j and actors[j - 1].end > start):
            continue  # part of another suggestion ("Kurdistan Workers Party"; nested spans are rare)
        a = bisect.bisect_left(actor_starts, start)
        if a and text[actors[a - 1].end : start].strip() == "":
            continue  # "Hamas members": the named actor's own people
        if _MEMBERS_OF_A_BODY.match(text, start) or _AFTER_A_FORCES_NAME.search(text, max(0, start - 24), start):
            continue  # "members of the National Guard": the body's, whether the pass knows it or not
        act = _crowd_act_at(text, start, end, actions, actors, i, k, j)
        words = text[start:end]
        type_code: int | None = None
        if act is not None:
            key = (act.value["event_type"], act.value["sub_event_type"])
            if act.value["event_type"] == PROTESTS:
                type_code = _PROTESTERS
            elif act.value["event_type"] == RIOTS or (key in _VIOLENT and words.lower() not in _NOT_A_MOB):
                type_code = _RIOTERS
                if key[0] in ("Violence against civilians", "Battles"):
                    mob_acts[id(act)] = act
        elif (
            lead_type is not None
            and len(made) < _CROWD_MENTIONS
            and not _is_object(_words_before(text, start))
            and _SPEAKS.match(text, end) is None
        ):
            type_code = lead_type  # did nothing the pass can see: the article's protest or riot
        if type_code is not None and type_code not in values:
            values[type_code] = generic(type_code)
        value = values.get(type_code) if type_code is not None else None
        if value is None:
            continue
        i = bisect.bisect_left(replaceable_starts, end) - 1
        earlier = replaceable[i] if i >= 0 and replaceable[i].end > start else None
        if earlier is None:
            value = dict(value)
            if both_kinds and type_code in _CROWD_KINDS:
                # An article of a protest and a riot ("miners demonstrated ... and blocked the road
                # with logs"): the crowd is either, as ACLED reads how violent it was; the other
                # reading is offered with it.
                other_kind = _CROWD_KINDS[type_code]
                if other_kind not in values:
                    values[other_kind] = generic(other_kind)
                if (known := values[other_kind]) is not None:
                    value["alternatives"] = [{"name": known["name"], "type_code": other_kind}]
            made.append(make(start, end, words, value, 0.8))
        elif earlier.value["name"] != value["name"]:
            made.append(_instead_of(earlier, start, end, text, value, make))
        # else the project's reading of the words already says what the crowd did: it stays
    changed: dict[int, S] = {}  # id of a suggestion -> what it becomes

    def as_rioters(actor: S) -> None:
        """The actor read as the country's rioters, its own reading offered with them."""
        if _RIOTERS not in values:
            values[_RIOTERS] = generic(_RIOTERS)
        rioters = values[_RIOTERS]
        if rioters is not None:
            was = {"name": actor.value["name"], "type_code": actor.value.get("type_code")}
            changed[id(actor)] = make(actor.start, actor.end, actor.text, {**rioters, "alternatives": [was]},
                                      actor.confidence)  # fmt: skip

    for actor in actors:
        # Rioters the codebook names ("a mob", "rioters") make their attack a riot too; protesters
        # who riot ("protesters set fire to a warehouse") are rioters.
        code = actor.value.get("type_code")
        if code == _UNNAMED_ARMED and str(actor.value["name"]).startswith(_NO_ONE_KNOWS_WHO):
            # Armed men no one names whose act was read as a riot ("unidentified assailants set
            # alight the party office", amid unrest: read_actions keeps the riot first) are the
            # riot's rioters, as ACLED codes a riot; the armed group stays on offer.
            act = _crowd_act(text, actor.start, actor.end, actions, action_starts, actors, actor_starts)
            # (So are persons no one names who looted: "unidentified persons looted and vandalized
            # houses of the Hindu community", rioters in ACLED's coding; not armed men who did.)
            if act is not None and (
                act.value["event_type"] == RIOTS
                or (act.value["sub_event_type"] == _LOOTING and actor.text.lower().rsplit(" ", 1)[-1] in _PERSONS)
            ):
                as_rioters(actor)
            continue
        if code not in (_RIOTERS, _PROTESTERS) or not _violence_near(actor, actions, action_starts):
            continue
        act = _crowd_act(text, actor.start, actor.end, actions, action_starts, actors, actor_starts)
        if act is None or not (act.value["event_type"] == RIOTS or _key(act) in _VIOLENT):
            continue
        if code == _PROTESTERS:
            as_rioters(actor)
        if act.value["event_type"] in ("Violence against civilians", "Battles"):
            mob_acts[id(act)] = act
            if code == _PROTESTERS:
                demonstrators.add(id(act))
    if mob_acts:
        demonstrating = _demonstrating(actions, demonstrators, sentences or Sentences(text))
    for act in mob_acts.values():
        if _key(act) != (RIOTS, "Mob violence"):
            own = {"event_type": act.value["event_type"], "sub_event_type": act.value["sub_event_type"]}
            # A crowd that was demonstrating (protesters, or a protest in the same sentence: "youths
            # clashed with police after a protest over fuel prices") riots as a demonstration.
            riot = _VIOLENT_DEMONSTRATION if demonstrating(act) else _MOB_VIOLENCE
            other = _MOB_VIOLENCE if riot is _VIOLENT_DEMONSTRATION else _VIOLENT_DEMONSTRATION
            changed[id(act)] = _changed(act, value={**riot, "alternatives": [own, other]}, confidence=0.65)
    if not made and not changed:
        return list(suggestions)
    crowd_spans = _Reach([(s.start, s.end) for s in made])
    # Replaced readings of the crowd's words go ("residents": civilians, now rioters).
    gone = {id(s) for s in replaceable if crowd_spans.overlaps(s.start, s.end)}
    # The changed ones in their place, the gone ones left out: a long article has tens of thousands
    # of suggestions, gone through here without a Python-level loop.
    ids = list(map(id, suggestions))
    out = list(map(changed.get, ids, suggestions)) if changed else list(suggestions)
    if gone:
        out = list(itertools.compress(out, map(operator.not_, map(gone.__contains__, ids))))
    out.extend(made)
    out.sort(key=_START)
    return out


def _demonstrating(actions: list[Any], demonstrators: set[int], sentences: Sentences) -> Callable[[Any], bool]:
    """Whether a crowd's violent act was done demonstrating: by protesters (``demonstrators``: ids
    of such acts), or with a protest in its sentence."""
    protests = _ByStart([a for a in actions if a.value["event_type"] == PROTESTS])

    def demonstrating(act: Any) -> bool:
        return id(act) in demonstrators or bool(protests.within(*sentences.around(act.start)))

    return demonstrating


def _violence_near(actor: Any, actions: list[Any], action_starts: list[int]) -> bool:
    """Whether a riot or violent act stands near enough the actor to be its (a quick look before
    :func:`_crowd_act` reads the sentence: a long article has thousands of protesters)."""
    i = bisect.bisect_left(action_starts, actor.end)
    near = [a for a in actions[max(0, i - 1) : i + 1] if a.start - actor.end <= _SUBJECT_GAP]
    return any(a.value["event_type"] == RIOTS or _key(a) in _VIOLENT for a in near)


def _key(act: Any) -> tuple[str, str]:
    return act.value["event_type"], act.value["sub_event_type"]


def _instead_of(
    earlier: Any,
    start: int,
    end: int,
    text: str,
    value: dict[str, Any],
    make: Callable[[int, int, str, dict[str, Any], float], S],
) -> S:
    """The crowd's reading in place of an earlier reading of its words, over both spans ("BNP
    activists"); the project's own readings stay on offer as the alternatives."""
    start, end = min(start, earlier.start), max(end, earlier.end)
    value = dict(value)
    if earlier.value.get("reason") in (LEARNT, LEARNT_ELSEWHERE):
        others = [{"name": earlier.value["name"], "type_code": earlier.value["type_code"]}]
        others += earlier.value.get("alternatives", [])
        value["alternatives"] = [a for a in others if a["name"] != value["name"]][:2]
    return make(start, end, text[start:end], value, 0.8)


def _replaceable(s: Any) -> bool:
    """Whether an actor suggestion gives way to a crowd reading of its words: civilians, and the
    project's own readings of a word for people (types 4 to 7: "activists", "a group")."""
    if s.value.get("type_code") == CIVILIANS:
        return True
    return s.value.get("reason") in (LEARNT, LEARNT_ELSEWHERE) and s.value.get("type_code") in (4, 5, 6)


def _crowd_act(
    text: str,
    start: int,
    end: int,
    actions: list[Any],
    action_starts: list[int],
    actors: list[Any],
    actor_starts: list[int],
) -> Any | None:
    """The act the words at ``start:end`` did in their sentence: the first action after them when
    they are its subject, or the last before them when they are its agent ("by a mob"); None."""
    return _crowd_act_at(
        text, start, end, actions, actors, bisect.bisect_left(action_starts, end),
        bisect.bisect_left(action_starts, start) - 1, bisect.bisect_left(actor_starts, end),
    )  # fmt: skip


def _crowd_act_at(
    text: str, start: int, end: int, actions: list[Any], actors: list[Any], i: int, k: int, j: int
) -> Any | None:
    """:func:`_crowd_act` with the positions it looks from found by the caller: ``i`` the first
    action starting at or after ``end``, ``k`` the last starting before ``start``, ``j`` the first
    actor starting at or after ``end`` (a long article's crowd words each need them more than once)."""
    after = actions[i] if i < len(actions) and actions[i].start - end <= _SUBJECT_GAP else None
    before = actions[k] if k >= 0 and actions[k].end <= start and start - actions[k].end <= _AGENT_GAP else None
    if after is None and before is None:
        return None
    words = _words_before(text, start)
    if words and words[-1] not in _AGENT_WORDS and _is_object(words):
        return None  # right after an act's word: its object, whoever came "by" before ("gunmen led by
        # a kingpin killed three farmers")
    if not _AGENT_WORDS.isdisjoint(words):
        # Of the same sentence (as :func:`sentence_of` ends one).
        return before if before is not None and not _SENTENCE_END.search(text, before.end, start) else None
    if _is_object(words) or after is None or _NOT_THEIR_ACT.search(text, end, after.start):
        return None  # the object of an act, or the act is another sentence's or not theirs
    if j < len(actors) and actors[j].start < after.start and actors[j].value.get("type_code") not in (5, 6):
        return None  # another actor stands between them: the act is its ("residents said police beat ...")
    return after


def _words_before(text: str, start: int) -> list[str]:
    """The last three of the few words before ``start``, lower case, determiners and counts left
    out (all that is read of them)."""
    last: list[str] = []
    for w in reversed(text[start - 40 if start > 40 else 0 : start].lower().split()):
        if w not in _DETERMINERS and not _is_count(w):
            last.append(w)
            if len(last) == 3:
                break
    last.reverse()
    return last


def _is_count(word: str) -> bool:
    """A number in digits ("4", "1,200") or words ("four", "twenty-one", "dozen")."""
    # (A word without a hyphen is one part, and one with a hyphen no number in digits: the
    # generator and split are made for the few with one, of the thousands of words read.)
    if "-" not in word:
        return word in _NUMBER_WORDS or word.replace(",", "").isdigit()
    return all(part in _NUMBER_WORDS for part in word.split("-"))


def _is_object(words: list[str]) -> bool:
    """Whether words ending so (:func:`_words_before`) make what follows an act's object ("fired on")."""
    if not words:
        return False
    if words[-1] == "of":
        return len(words) < 2 or (words[-2] not in _QUANTITIES and words[-2] not in _GROUP_MEMBERS)
    return words[-1] in _OBJECT_WORDS


_START = operator.attrgetter("start")
_CONFIDENCE = operator.attrgetter("confidence")


class _Reach:
    """Spans, for asking whether any overlaps a range (in O(log n))."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self._starts = [s for s, _e in spans]
        self._reach: list[int] = []
        for _s, e in spans:
            self._reach.append(max(e, self._reach[-1]) if self._reach else e)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end) - 1
        return i >= 0 and self._reach[i] > start


# Who does an act when no one is named, by the act's event type: ACLED codes a bombing or killing
# by no one known to an unidentified armed group, a protest to protesters, a riot to rioters.
_UNNAMED_ACTOR = {
    PROTESTS: _PROTESTERS, RIOTS: _RIOTERS, "Violence against civilians": 3, "Explosions/Remote violence": 3,
    "Battles": 3,
}  # fmt: skip
_UNNAMED = "no one named: who usually does this"
# A word that may carry the reading of an act with no one named: a word that names no one ("were",
# "a", "two"), which a coder's acceptance does not teach the project as a name.
_WORD = re.compile(r"[^\W\d_][\w'-]*|\d+")
_ANCHORS = FUNCTION_WORDS | {"a", "an", "the", "two", "one", "some", "dozens", "hundreds", "thousands"}


def unnamed_actor(
    text: str,
    suggestions: Sequence[S],
    generic: Callable[[int], dict[str, Any] | None],
    make: Callable[[int, int, str, dict[str, Any], float], S],
    sentences: Sentences | None = None,
) -> list[S]:
    """The suggestions with, when the article's lead act has no one named in its sentence ("Two
    bombs went off", "buses were set on fire", "Protests broke out"), the actor ACLED codes for
    such an act, less sure than any named one. It stands on the word before the act (after it when
    the act opens the sentence): suggestions never overlap, and the act keeps its own words.
    ``sentences``: the text's, if the caller has them."""
    actions = _labelled(suggestions, ACTION)
    if not actions:
        return list(suggestions)
    lead = min(actions, key=lambda s: (-s.confidence, s.start))
    type_code = _UNNAMED_ACTOR.get(lead.value["event_type"])
    lo, hi = sentence_of(text, lead.start) if sentences is None else sentences.around(lead.start)
    if type_code is None or any(
        s.label == ACTOR and lo <= s.start < hi and s.value.get("type_code") != CIVILIANS for s in suggestions
    ):
        return list(suggestions)
    value = generic(type_code)
    if value is None:
        return list(suggestions)
    taken = _Reach([(s.start, s.end) for s in suggestions])
    # The word right before the act, else right after it, when it names no one.
    before = list(_WORD.finditer(text, max(lo, lead.start - 30), lead.start))[-1:]
    after = list(itertools.islice(_WORD.finditer(text, lead.end, hi), 1))
    word = next((m for m in (*before, *after) if m.group().lower() in _ANCHORS or m.group().isdigit()), None)
    if word is None or taken.overlaps(word.start(), word.end()):
        return list(suggestions)
    implied = make(word.start(), word.end(), word.group(), {**value, "reason": _UNNAMED}, 0.4)
    return sorted((*suggestions, implied), key=_START)
