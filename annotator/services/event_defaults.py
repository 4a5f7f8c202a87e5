"""The values a new event starts with, taken from its article (issue #9, finding 13).

The controller calls :func:`new_event_defaults` when it creates an event and passes the values to
``CreateEvent``; the coder can change each like any other field. Only what the article states is
filled: the event's source is the article's source, and the country the article is about when the
caller knows it (:func:`annotator.services.actor_lookup.event_country`). That country is a guess:
the first place coded into the event brings its own country (``accepting.suggested_values``).
"""

from __future__ import annotations

from annotator.services.annotate import FieldValue
from annotator.services.project import Project
from annotator.services.workspace import ArticleDoc, load_article


def new_event_defaults(
    project: Project, article: ArticleDoc | int, *, country: str | None = None
) -> dict[str, FieldValue]:
    """Field values for a new event in ``article`` (an article id or the loaded article).

    ``country``: the event's likely country; kept only when the codebook lists it."""
    doc = load_article(project, article) if isinstance(article, int) else article
    if doc is None:
        return {}
    values: dict[str, FieldValue] = {}
    known = project.codebook.country_by_name.get(country) if country else None
    if known is not None:
        values["country"] = known.name
    source = " ".join(doc.source.split())
    if source:
        values["source"] = source
    return values
