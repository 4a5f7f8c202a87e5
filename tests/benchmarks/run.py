"""Run the benchmarks: python -m tests.benchmarks.run [--only NAME ...] [--json PATH]

Prints a table and writes JSON: [{"name", "value", "unit", "floor", "ratio"}].
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
from pathlib import Path

from tests.benchmarks.harness import Result


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
    args = parser.parse_args(argv)
    results: list[Result] = []
    for name, fn in discover():
        if args.only and not any(o in name for o in args.only):
            continue
        print(f"running {name}...", file=sys.stderr, flush=True)
        out = fn()  # type: ignore[operator]
        results.extend(out if isinstance(out, list) else [out])
    print(f"{'name':<28} {'value':>14} {'unit':<10} {'floor':>14} {'ratio':>8}")
    for r in results:
        floor = "" if r.floor is None else f"{r.floor:,.1f}"
        ratio = "" if r.ratio is None else f"{r.ratio:.3f}"
        print(f"{r.name:<28} {r.value:>14,.1f} {r.unit:<10} {floor:>14} {ratio:>8}  {r.note}")
    Path(args.json).write_text(json.dumps([r.as_json() for r in results], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
