"""The values a new event starts with, taken from its article (issue #9, finding 13).

The controller calls :func:`new_event_defaults` when it creates an event and passes the values to
``CreateEvent``; the coder can change each like any other field. Only what the article states is
filled: the event's source is the article's source. The country is not pre-filled, because
accepting a place suggestion fills only empty fields and must be able to set it; the form gets the
likely country from :func:`annotator.services.actor_lookup.event_country` for actor completion.
"""

from __future__ import annotations

from annotator.services.annotate import FieldValue
from annotator.services.project import Project
from annotator.services.workspace import ArticleDoc, load_article


def new_event_defaults(project: Project, article: ArticleDoc | int) -> dict[str, FieldValue]:
    """Field values for a new event in ``article`` (an article id or the loaded article)."""
    doc = load_article(project, article) if isinstance(article, int) else article
    if doc is None:
        return {}
    values: dict[str, FieldValue] = {}
    source = " ".join(doc.source.split())
    if source:
        values["source"] = source
    return values
