"""Annotator: offline coding of political events in news text."""

__version__ = "0.1.0"
