"""The coding screen: article list, text, spans, events, suggestions."""
