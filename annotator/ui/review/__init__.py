"""The reviewer's screens: agreement between coders and adjudication into the gold set."""
