"""The reviewer's screens: agreement between coders, and every coder's work on one article side by
side, decided into the gold set."""
