"""Agreement between coders, without Qt or a database.

- ``alpha``: Krippendorff's α at any level of measurement (coordinates in km), reducible for a fast bootstrap;
- ``kappa``: Cohen's κ;
- ``matching``: event similarity, optimal assignment, grouping for three or more coders;
- ``spans``: exact and overlap F1, character α;
- ``levels``: which fields are measured at which level;
- ``scope``: which coders and articles a run covers;
- ``compute``: from columns of events and spans to a ``report.AgreementReport``.
"""
