"""Where a suggestion pass may be stopped: the pass calls a ``Checkpoint`` between its steps and every
so many turns of its long loops, and whatever the checkpoint raises ends the pass there.

The window stops the pass of an article the coder has left (annotator.services.suggestion_process)
so that it does not compete with opening the next one; callers that never stop a pass pass nothing
and get ``carry_on``. The checkpoints lie between whole steps: the engine's caches are never left
half filled by a stop.
"""

from __future__ import annotations

from collections.abc import Callable

Checkpoint = Callable[[], None]

# In the long loops (a 1.5 MB article has tens of thousands of hits), the checkpoint is called once
# per 1,024 turns: ``if not n & CHECK_EVERY``.
CHECK_EVERY = 1023


def carry_on() -> None:
    """The checkpoint of a pass nothing stops."""
