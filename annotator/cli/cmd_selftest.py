"""annotator selftest: is everything the app needs here? One line per check, with the fix for each failure."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    from annotator.cli.options import add_db_option

    p = sub.add_parser(
        "selftest",
        help="check Qt and its system libraries, the database, the gazetteer and the data folder",
    )
    # The child process that tries to start Qt (Qt aborts the process it fails in): not for people.
    p.add_argument("--qt-probe", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--no-gazetteer", action="store_true", help="skip loading the gazetteer (it takes seconds)")
    add_db_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.qt_probe:
        from annotator.ui.platform_check import probe

        return probe()
    from annotator import __version__
    from annotator.services import selftest
    from annotator.services.selftest import Status
    from annotator.ui.platform_check import qt_checks

    print(
        f"annotator {__version__} ({'bundle' if getattr(sys, 'frozen', False) else 'Python ' + sys.version.split()[0]})"
    )
    checks = [*qt_checks(), selftest.check_resources(), selftest.check_readers(), selftest.check_maths()]
    if not args.no_gazetteer:
        checks.append(selftest.check_gazetteer())
    checks += [selftest.check_data_folder(), selftest.check_database(args.db)]
    failed = 0
    for check in checks:
        print(check.line(), flush=True)
        failed += check.status == Status.FAIL
    print(f"{failed} check(s) failed." if failed else "Everything needed is here.")
    return 1 if failed else 0
