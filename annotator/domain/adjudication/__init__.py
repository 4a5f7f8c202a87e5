"""Adjudication without Qt or a database: from several coders' work on one article to a gold set.

- ``rules``: the three auto-merge strategies (all, present, majority with a minimum of votes);
- ``spans``: every distinct span of the coders and the gold set, with its votes and one of six states;
- ``events``: coders' events aligned by the agreement matcher (gold as one more column), field by field;
- ``merge``: what auto-merge adds to the gold set, never touching what a reviewer decided.
"""
