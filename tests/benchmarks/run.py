"""Run the benchmarks: python -m tests.benchmarks.run [--only NAME ...] [--json PATH]

Prints a table and writes JSON: [{"name", "value", "unit", "floor", "ratio"}].

Each benchmark runs in a fresh interpreter: one that loads the gazetteer (~1 GB) would otherwise slow
every later one (garbage-collection passes over its heap) and inflate their memory readings. Its
temporary folder is a scratch folder removed when it ends, even if it crashes (see harness.py); set
ANNOTATOR_BENCH_CACHE=DIR to keep the generated export database between runs.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

from tests.benchmarks.harness import Result, scratch_temp


def discover() -> list[tuple[str, object]]:
    import tests.benchmarks as pkg

    found = []
    for info in pkgutil.iter_modules(pkg.__path__):
        if info.name.startswith("bench_"):
            module = importlib.import_module(f"tests.benchmarks.{info.name}")
            for fn in getattr(module, "BENCHMARKS", []):
                found.append((getattr(fn, "bench_name", fn.__name__), fn))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", help="run only benchmarks whose name contains one of these")
    parser.add_argument("--json", default="bench-results.json", help="where to write the JSON results")
    parser.add_argument("--in-process", metavar="NAME", help=argparse.SUPPRESS)  # one benchmark, here
    args = parser.parse_args(argv)
    if args.in_process:
        fn = dict(discover())[args.in_process]
        with scratch_temp():  # also when run by hand, without the parent's folder around it
            out = fn()  # type: ignore[operator]
        found = out if isinstance(out, list) else [out]
        Path(args.json).write_text(json.dumps([r.as_json() for r in found]))
        return 0
    results: list[Result] = []
    failed: list[str] = []
    for name, _ in discover():
        if args.only and not any(o in name for o in args.only):
            continue
        print(f"running {name}...", file=sys.stderr, flush=True)
        with scratch_temp() as tmp:  # the child's temporary folder: removed however the child ends
            part = tmp / "part.json"
            done = subprocess.run(
                [sys.executable, "-m", "tests.benchmarks.run", "--in-process", name, "--json", str(part)],
                env={**os.environ, "TMPDIR": str(tmp)},
            )
            if done.returncode != 0:  # said, and the others still run: one failure loses no figures
                failed.append(name)
                continue
            results.extend(Result(**row) for row in json.loads(part.read_text()))
        Path(args.json).write_text(json.dumps([r.as_json() for r in results], indent=2) + "\n")
    print(f"{'name':<28} {'value':>14} {'unit':<10} {'floor':>14} {'ratio':>8}")
    for r in results:
        floor = "" if r.floor is None else f"{r.floor:,.1f}"
        ratio = "" if r.ratio is None else f"{r.ratio:.3f}"
        print(f"{r.name:<28} {r.value:>14,.1f} {r.unit:<10} {floor:>14} {ratio:>8}  {r.note}")
    Path(args.json).write_text(json.dumps([r.as_json() for r in results], indent=2) + "\n")
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
