"""What the event form looks things up in as the coder works: actors and their types, places, the
event's country and a new event's first values (issue #9, findings 1-3, 5 and 13).

One ``FormAssist`` per coding screen. When an article opens it builds, on the task runner's
database worker, the project's actor look-up and place look-up and the article's country from the
country names in its text (none of it touches Qt); until they arrive the form works without them.
The suggestion engine's better reading of the country (where the article's places are) is asked
for on the pool once the engine is ready, never on the database worker: there it would wait for
the suggestion process, behind a pass or reading the whole article itself (up to a second on a
long one), and every read after it, the next article's text included, would wait too. The gazetteer behind the place
look-up loads on the pool the first time the coder searches for a place (seconds), and the search
answers from the project's own places meanwhile.

Everything here is read on the GUI thread once built; the look-ups are plain Python in memory.
The assist code (gazetteer, actor dictionary) is imported only when an article opens, never at
start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from annotator.domain.fields import FieldValue
    from annotator.domain.models import EventFields
    from annotator.services.actor_lookup import ActorLookup, ActorOption
    from annotator.services.annotate import Changes, EventInfo
    from annotator.services.place_lookup import PlaceLookup, PlaceOption
    from annotator.services.suggestions import SuggestionSource
    from annotator.ui.coding.controller import CodingController
    from annotator.ui.common.tasks import TaskRunner

CHANNEL = "form-assist"
# The look-ups are built this long after an article's annotations are shown: building them takes
# Python's lock for tens of milliseconds (the article's country is read from its text), which the
# window needs to paint the article first; an article only flicked past costs nothing.
BUILD_DELAY_MS = 200


@dataclass(frozen=True, slots=True)
class _Built:
    article_id: int
    actors: ActorLookup
    places: PlaceLookup
    country: str | None  # from the country names in the text


class FormAssist(QObject):
    ready = Signal()  # the open article's look-ups arrived
    placesReady = Signal()  # the gazetteer is loaded: place searches cover it

    def __init__(self, controller: CodingController, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.tasks = tasks
        self.actors: ActorLookup | None = None
        self.places: PlaceLookup | None = None
        self.article_country: str | None = None
        self.article_id: int | None = None
        # The suggestion engine's owner, when the screen has one: the article's country is read
        # from the places it finds (without it, from the country names in the text).
        self.assistant_of: Callable[[], SuggestionSource | None] = lambda: None
        self._country_from_engine = False
        self._countries: Any = None  # the CountryTable, built once and shared by every article
        self._preparing = False
        self._seen: dict[str, EventFields] = {}  # each event's fields when last looked at
        controller.annotationsLoaded.connect(self._article_opened)  # (the events are in by then)
        # Another article opens: the last one's look-ups, if still waiting for their turn, are not built.
        controller.articleOpened.connect(lambda: self.tasks.cancel(CHANNEL))
        controller.edited.connect(self._learn)

    # ---- building

    def rebuild(self) -> None:
        """Build the open article's look-ups again (the project's places changed)."""
        self._article_opened()

    def _article_opened(self) -> None:
        c = self.controller
        doc, project = c.doc, c.project
        self.article_id = doc.id if doc is not None else None
        self.tasks.cancel(CHANNEL)
        if doc is None or project is None:
            self.actors = self.places = None
            self.article_country = None
            return
        countries = self._countries

        def build() -> _Built:
            from annotator.assist.countries import CountryTable
            from annotator.services.actor_lookup import ActorLookup, event_country
            from annotator.services.gazetteer import place_lookup

            table = countries or CountryTable(project.codebook)
            actors = ActorLookup.for_project(project, countries=table)
            places = place_lookup(project)
            country = event_country(project.codebook, doc.text, countries=table)
            return _Built(doc.id, actors, places, country)

        self.tasks.run_db(build, self._built, self._failed, channel=CHANNEL, after_ms=BUILD_DELAY_MS)

    def _built(self, built: _Built) -> None:
        if built.article_id != self.article_id:
            return
        self.actors, self.places, self.article_country = built.actors, built.places, built.country
        self._country_from_engine = False
        self._seen = {e.key: e.fields for e in self.controller.events}
        self._countries = built.actors.countries
        self.ready.emit()
        self.assistant_changed()  # an engine already ready reads the country better (on the pool)

    def _ready_assistant(self) -> SuggestionSource | None:
        assistant = self.assistant_of()
        return assistant if assistant is not None and assistant.ready else None

    def assistant_changed(self) -> None:
        """The suggestion engine may have become ready: read the article's country from it, if it
        was only guessed from the country names in the text (they mislead: "the Iraqi border")."""
        assistant = self._ready_assistant()
        c = self.controller
        # (The place search loads its own gazetteer when it first opens: the engine's is in the
        # suggestion process, and loading one here would stall the window for seconds.)
        if assistant is None or self._country_from_engine or c.doc is None or c.project is None:
            return
        if self.article_id != c.doc.id or self.actors is None:
            return
        self._country_from_engine = True
        doc, codebook, countries, article = c.doc, c.project.codebook, self._countries, self.article_id

        def read() -> str | None:
            from annotator.services.actor_lookup import event_country

            return event_country(codebook, doc.text, assistant=assistant, countries=countries)

        def done(country: str | None) -> None:
            if self.article_id == article and country:
                self.article_country = country

        self.tasks.run_pool(read, done, self._failed, channel=CHANNEL + "-country")

    def _failed(self, exc: BaseException) -> None:
        from annotator.services.progress import Cancelled

        if isinstance(exc, Cancelled):
            return  # the engine's reading of a country, stopped because another article opened
        self.controller.message.emit(f"Actor and place look-ups are not available: {exc}", 6000)

    def prepare_places(self) -> None:
        """Load the gazetteer for place searches (on the pool; once)."""
        places = self.places
        if places is None or places.ready or self._preparing:
            return
        self._preparing = True

        def done(_result: object) -> None:
            self._preparing = False
            self.placesReady.emit()

        def failed(exc: BaseException) -> None:
            self._preparing = False
            self.controller.message.emit(f"The gazetteer could not be loaded: {exc}", 8000)

        self.tasks.run_pool(places.prepare, done, failed, channel="gazetteer")

    # ---- what the form asks

    def event_country(self, event: EventInfo | None) -> str | None:
        """Where ``event`` is: its own country when it has one, else the article's main country."""
        if event is not None and event.fields.country:
            return event.fields.country
        return self.article_country

    def actor_options(self, typed: str, event: EventInfo | None, limit: int = 30) -> list[ActorOption]:
        if self.actors is None:
            return []
        return self.actors.candidates(typed, event_country=self.event_country(event), limit=limit)

    def place_options(self, typed: str, country: str | None, event: EventInfo | None) -> list[PlaceOption]:
        if self.places is None:
            return []
        prefer = [c for c in (self.event_country(event),) if c]
        return self.places.search(typed, country=country or None, prefer=prefer)

    def with_actor_types(self, event: EventInfo | None, values: Mapping[str, Any]) -> dict[str, Any]:
        """``values`` with the actor type of each actor they set, where the type follows the actor."""
        if self.actors is None or event is None:
            return dict(values)
        from annotator.services.actor_lookup import follow_actor_types

        current = event.fields.model_dump()
        return follow_actor_types(self.actors, current, values, event_country=self.event_country(event))

    def learn_actor(self, name: str, type_code: int | None) -> None:
        if self.actors is not None and name.strip():
            self.actors.learn(name, type_code)

    def defaults(self) -> dict[str, FieldValue]:
        """The values a new event starts with: the article's source and country."""
        c = self.controller
        if c.project is None or c.doc is None:
            return {}
        from annotator.services.event_defaults import new_event_defaults

        return new_event_defaults(c.project, c.doc, country=self.article_country)

    # ---- learning what the coder codes

    def _learn(self, changes: Changes) -> None:
        """What the coder codes is offered first next time: a place coded as a whole (its name and
        coordinates changing in one edit: a suggestion accepted, a place chosen in the search), and
        an actor that came with a span (a suggestion accepted, a span linked). Actors typed or
        chosen in the form are learnt by the form when the coder leaves the field."""
        if self.places is None or self.actors is None:
            return
        from annotator.domain.models import EventFields
        from annotator.services.place_lookup import PLACE_FIELDS

        for key, event in changes.events.items():
            if event is None:
                self._seen.pop(key, None)
                continue
            f = event.fields
            old = self._seen.get(key) or EventFields()
            self._seen[key] = f
            moved = old.location != f.location and (old.latitude, old.longitude) != (f.latitude, f.longitude)
            if moved and f.location and f.latitude is not None and f.longitude is not None:
                spans = [self.controller.spans.get(k) for k in event.evidence.get("location", ())]
                evidence = next((s.text for s in spans if s is not None), "")
                self.places.learn({name: getattr(f, name) for name in PLACE_FIELDS}, evidence)
            if changes.spans:
                for name, type_field in (("actor1", "inter1"), ("actor2", "inter2")):
                    actor = getattr(f, name)
                    if actor and actor != getattr(old, name):
                        self.actors.learn(actor, getattr(f, type_field))
