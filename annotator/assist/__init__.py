"""Coding assists (dates, places, actors, suggestions). API described below once complete."""
