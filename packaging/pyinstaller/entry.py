"""The bundled program's entry point: the ``annotator`` command, as pip's script would run it."""

import multiprocessing

from annotator.cli import main

if __name__ == "__main__":
    # The parallel export starts worker processes with "spawn": in a bundle each one re-runs this
    # program, which must hand over to the worker instead of parsing the command line.
    multiprocessing.freeze_support()
    raise SystemExit(main())
