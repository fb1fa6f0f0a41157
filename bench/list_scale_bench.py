"""Lists that scale (issue 18): the first page of a list at 10, 1,000 and 100,000 rows.

    .venv/bin/python bench/list_scale_bench.py [--sizes 10,1000,100000] [--rounds 50]
        [--pg postgres://postgres@127.0.0.1:5432/accord] [--backends sqlite,postgresql]
        [--reference COMMIT | --no-reference]

For each backend (an SQLite file in a temporary directory; a dedicated PostgreSQL database
``accord_bench_lists_<pid>``, dropped at the end) a child process migrates an empty database
and seeds a region (four member states, an observer, their heads and delegates, the
secretariat), one concern and one meeting the ordinary way, then grows both by bulk insert
to each size in turn: concerns raised by every state over the years, in every category and
status, most for the members, some for participants, some public, one in ten restricted to
two states; and as many interventions at the one meeting, in three languages, from every
state, one in twenty restricted. At each size it sends, in process and through Django's
whole request path (middleware, bearer token or session, selector, template), as a member
state's delegate: ``GET /api/v1/concerns`` (the API's first page), ``GET /concerns/`` (the
page) and ``GET /meetings/<id>/`` (the meeting page), and prints the median and p99 of the
wall time of each request (the server's time: the database's included), the size of the
answer, and the machine's load average beside each figure.

The reference is the same benchmark run against the tree of ``--reference`` (by default the
commit before pagination, unpaginated: every list answered whole), extracted with
``git archive`` into a temporary directory; at a size where one of its requests takes more
than ``--reference-cap`` seconds it is measured with three rounds, and a size it cannot
answer at all is reported with the error.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# main before cursor pagination: every list answered whole.
REFERENCE = "c6dfbab"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10,1000,100000")
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/accord")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--reference", default=REFERENCE, help="the commit to compare with")
    parser.add_argument("--no-reference", action="store_true")
    parser.add_argument("--reference-cap", type=float, default=5.0)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        from list_scale_child import run_child

        return run_child(args)
    trees = [("paginated", ROOT / "src")]
    scratch = Path(tempfile.mkdtemp(prefix="accord-bench-lists-"))
    try:
        if not args.no_reference:
            trees.append((f"reference {args.reference}", _extract(args.reference, scratch)))
        results = []
        for backend in args.backends.split(","):
            for label, tree in trees:
                results += _run(args, backend, label, tree)
        _report(results)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


def _extract(commit: str, scratch: Path) -> Path:
    """The reference tree's `src`, as it was at `commit`."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit, "src"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(scratch)], input=archive, check=True)
    return scratch / "src"


def _run(args: argparse.Namespace, backend: str, label: str, tree: Path) -> list[dict]:
    """One child process per backend and tree: it prints one JSON line per measurement."""
    print(f"--- {backend}, {label}", flush=True)
    env = {**os.environ, "PYTHONPATH": f"{tree}{os.pathsep}{ROOT / 'bench'}"}
    command = [
        sys.executable, __file__, "--child", backend, "--sizes", args.sizes,
        "--rounds", str(args.rounds), "--pg", args.pg,
        "--reference-cap", str(args.reference_cap if "reference" in label else 1e9),
    ]  # fmt: skip
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    rows = []
    for line in child.stdout:
        if line.startswith("{"):
            row = json.loads(line)
            row.update(backend=backend, tree=label)
            rows.append(row)
            print(_line(row), flush=True)
        else:
            print("   ", line.rstrip(), flush=True)
    child.wait()
    return rows


HEADER = (
    f"{'backend':<11} {'tree':<18} {'request':<18} {'rows':>7} {'median ms':>10} "
    f"{'p99 ms':>9} {'CPU ms':>7} {'n':>4} {'KB':>8}  load (1, 5, 15 min)"
)


def _line(row: dict) -> str:
    if "error" in row:
        return (
            f"{row.get('backend', ''):<11} {row.get('tree', ''):<18} {row['request']:<18} "
            f"{row['rows']:>7} failed: {row['error']}"
        )
    return (
        f"{row.get('backend', ''):<11} {row.get('tree', ''):<18} {row['request']:<18} "
        f"{row['rows']:>7} {row['median']:>10.2f} {row['p99']:>9.2f} {row['cpu']:>7.2f} "
        f"{row['n']:>4} {row['kb']:>8.1f}  {row['load']}"
    )


def _report(results: list[dict]) -> None:
    print("\n" + HEADER)
    for row in sorted(results, key=lambda r: (r["backend"], r["request"], r["rows"], r["tree"])):
        print(_line(row))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
