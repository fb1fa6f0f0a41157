"""Is every guard of a rule module pinned? Remove each in turn and run the unit tests.

    python bench/guard_removal.py src/accord/domain/negotiation/revision.py [more modules]

A *guard* is an `if` whose body refuses or stops (`raise`, `return`, `continue`, `break`)
and has no `else`. For each one, the module is rewritten in a scratch copy of src/ with that
`if`'s test replaced by `False` (the guard deleted), and `pytest -x tests/unit` runs against
the copy. A guard whose removal no test notices is listed: either a test is missing, or the
guard is unreachable (defence in depth, to be said so). mutmut (bench/mutation.sh) does not
delete statements, so this is its complement. Run from the repository root; ~5 s per guard.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

STOPS = (ast.Raise, ast.Return, ast.Continue, ast.Break)
TESTS = os.environ.get("GUARD_TESTS", "tests/unit").split()


def guards(source: str) -> list[ast.If]:
    """The `if` statements that refuse or stop, in source order."""
    found = [
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.If)
        and not node.orelse
        and any(isinstance(statement, STOPS) for statement in node.body)
    ]
    return sorted(found, key=lambda node: node.lineno)


def without(source: str, guard: ast.If) -> str:
    """`source` with the guard's condition replaced by `False` (its span, not its line)."""
    lines = source.splitlines(keepends=True)
    test = guard.test
    assert test.end_lineno is not None and test.end_col_offset is not None
    start = sum(len(line) for line in lines[: test.lineno - 1]) + _byte_to_char(
        lines[test.lineno - 1], test.col_offset
    )
    end = sum(len(line) for line in lines[: test.end_lineno - 1]) + _byte_to_char(
        lines[test.end_lineno - 1], test.end_col_offset
    )
    return source[:start] + "False" + source[end:]


def _byte_to_char(line: str, offset: int) -> int:
    return len(line.encode()[:offset].decode())


def main(modules: list[str]) -> int:
    repo = Path.cwd()
    survivors = 0
    with tempfile.TemporaryDirectory(prefix="accord-guards-") as scratch:
        copy = Path(scratch) / "src"
        shutil.copytree(repo / "src", copy, ignore=shutil.ignore_patterns("__pycache__"))
        env = {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}
        for module in modules:
            target = copy / Path(module).relative_to("src")
            source = target.read_text()
            found = guards(source)
            pinned = 0
            for guard in found:
                target.write_text(without(source, guard))
                run = subprocess.run(
                    [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *TESTS],
                    env=env,
                    capture_output=True,
                    check=False,
                )
                if run.returncode == 0:
                    survivors += 1
                    condition = ast.get_source_segment(source, guard.test)
                    print(f"  NOT PINNED {module}:{guard.lineno}: if {condition}:")
                else:
                    pinned += 1
            target.write_text(source)
            print(f"{module}: {pinned} of {len(found)} guards pinned")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
