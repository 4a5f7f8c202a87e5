"""The review screen: every coder's work on one article side by side, decided into the gold set."""
