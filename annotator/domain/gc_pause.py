"""Pausing the cyclic garbage collector while a burst of long-lived, cycle-free objects is made.

Each burst of allocations triggers collections, and the oldest generation's passes walk every object
the process holds: the modules imported so far, the codebook, rows read. Work that allocates many
objects at once (reading agreement rows, building the suggestion automata, a command's start-up,
a suggestion pass) ran 1.2-5x slower for passes that freed nothing, since what it makes holds no
reference cycles. Collecting afterwards instead loses nothing. (In the domain layer, below every
layer that pauses it.)
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused(*, freeze: bool = False) -> Iterator[None]:
    """No cycle collection inside the block; nested blocks keep it paused until the outermost ends.

    ``freeze``: objects still alive at the end are kept out of every later collection for good
    (``gc.freeze``). Only for what lives as long as the process (a command's modules and engine):
    frozen objects are never collected, so anything meant to be dropped must not be frozen.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()
