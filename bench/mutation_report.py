"""The report of one `mutmut run` (see bench/mutation.sh): score per module, and the survivors.

Run from the scratch directory mutmut ran in, with the modules as paths under src/accord/:

    python bench/mutation_report.py domain/ledger.py domain/visibility.py

A mutant is *caught* when a test failed (or timed out) with it in place, *survived* when every
test that reaches it passed, *untested* when no unit test reaches the mutated function at all.
Score = caught / (caught + survived + untested). A mutant is *message text* when all it changes
is a string that only words an error (the arguments of an exception, and the arguments listed in
MESSAGE_ARGUMENT): the wording of an error, not a rule. Those are shown and counted, but the
second score leaves them out; that is the figure issue 20 sets at 97 %.
"""

from __future__ import annotations

import ast
import difflib
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

CAUGHT = {1: "killed", 3: "killed", 36: "timeout", -24: "timeout", 24: "timeout"}
SURVIVED = {0: "survived"}
UNTESTED = {5: "untested", 33: "untested"}
# An exception built with these names takes only its wording as arguments.
REFUSALS = ("Error", "Violation", "Invalid", "Input", "Permitted", "NotFound")
# Calls whose one argument (by position) is only the wording of an error: the check a
# `CheckFailed` names is behaviour, its message is not; `aware(now, "now")` names the
# argument in the error it may raise.
MESSAGE_ARGUMENT = {
    "CheckFailed": 1,
    "aware": 1,
    "_need": 2,
    "_time": 1,
    "decode_b64": 2,
    "_consensus_only": 1,
}


@dataclass(frozen=True)
class Mutant:
    name: str  # the mutant function's name, e.g. x_can_see__mutmut_19
    status: str
    message_only: bool
    diff: str


def main(modules: list[str]) -> int:
    totals: Counter[str] = Counter()
    survivors: list[tuple[str, Mutant]] = []
    print(
        f"{'module':44} {'mutants':>7} {'caught':>6} {'surv.':>5} {'untest':>6} "
        f"{'score':>6} {'msg':>4} {'score w/o msg':>13}"
    )
    for module in modules:
        mutants = _mutants(Path("mutants/src/accord") / module)
        row = Counter(m.status for m in mutants)
        behaviour = Counter(m.status for m in mutants if not m.message_only)
        messages = sum(1 for m in mutants if m.message_only)
        print(
            f"{module:44} {len(mutants):7} {row['caught']:6} {row['survived']:5} "
            f"{row['untested']:6} {_score(row):>6} {messages:4} {_score(behaviour):>13}"
        )
        totals.update({f"all-{k}": v for k, v in row.items()})
        totals.update({f"beh-{k}": v for k, v in behaviour.items()})
        survivors += [(module, m) for m in mutants if m.status != "caught"]
    if len(modules) > 1:
        row = Counter({k[4:]: v for k, v in totals.items() if k.startswith("all-")})
        beh = Counter({k[4:]: v for k, v in totals.items() if k.startswith("beh-")})
        print(
            f"{'total':44} {sum(row.values()):7} {row['caught']:6} {row['survived']:5} "
            f"{row['untested']:6} {_score(row):>6} {'':4} {_score(beh):>13}"
        )
    for module, m in survivors:
        label = "message text" if m.message_only else "BEHAVIOUR"
        print(f"\n--- {m.status}: {module} {m.name} ({label})\n{m.diff}", end="")
    return 0


def _score(row: Counter[str]) -> str:
    total = row["caught"] + row["survived"] + row["untested"]
    return f"{100 * row['caught'] / total:.1f}%" if total else "-"


def _mutants(path: Path) -> list[Mutant]:
    meta = Path(f"{path}.meta")
    if not meta.exists():
        print(f"{path}: no results (did mutmut run? see run.log)", file=sys.stderr)
        return []
    exit_codes: dict[str, int | None] = json.loads(meta.read_text())["exit_code_by_key"]
    source = path.read_text()
    lines = source.splitlines()
    functions = {
        node.name: node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    out: list[Mutant] = []
    for key, code in sorted(exit_codes.items(), key=lambda kv: _order(kv[0])):
        name = key.rsplit(".", 1)[1]
        status = _status(code)
        if status is None:
            continue  # not run (interrupted): reported by mutmut itself
        mutant = functions[name]
        original = functions[name.rsplit("__mutmut_", 1)[0] + "__mutmut_orig"]
        out.append(
            Mutant(name, status, _message_only(original, mutant), _diff(lines, original, mutant))
        )
    return out


def _order(key: str) -> tuple[str, int]:
    stem, _, number = key.rpartition("__mutmut_")
    return stem, int(number) if number.isdigit() else -1


def _status(code: int | None) -> str | None:
    if code is None:
        return None
    if code in CAUGHT:
        return "caught"
    if code in UNTESTED:
        return "untested"
    if code in SURVIVED:
        return "survived"
    return "caught" if code < 0 else "survived"  # a crash (signal) stops the tests too


def _message_only(original: ast.AST, mutant: ast.AST) -> bool:
    """True when the two differ only in string constants, each inside a refusal."""
    differing: list[ast.AST] = []
    if not _same_shape(original, mutant, differing, top=True):
        return False
    parents = {child: node for node in ast.walk(mutant) for child in ast.iter_child_nodes(node)}
    return bool(differing) and all(_in_refusal(node, parents) for node in differing)


def _same_shape(a: ast.AST, b: ast.AST, differing: list[ast.AST], *, top: bool = False) -> bool:
    if type(a) is not type(b):
        # A message replaced by None (`raise X(None)`) is still only the message.
        if isinstance(b, ast.Constant) and b.value is None and isinstance(a, ast.JoinedStr):
            differing.append(b)
            return True
        return False
    if isinstance(a, ast.Constant) and isinstance(b, ast.Constant):
        if a.value == b.value:
            return True
        if isinstance(a.value, str) and (isinstance(b.value, str) or b.value is None):
            differing.append(b)
            return True
        return False
    for field in a._fields:
        if top and field == "name":
            continue  # the function's own name differs by construction
        x, y = getattr(a, field), getattr(b, field)
        if isinstance(x, list) and isinstance(y, list):
            if len(x) != len(y):
                return False
            pairs = zip(x, y, strict=True)
            if not all(_pair(p, q, differing) for p, q in pairs):
                return False
        elif not _pair(x, y, differing):
            return False
    return True


def _pair(x: object, y: object, differing: list[ast.AST]) -> bool:
    if isinstance(x, ast.AST) and isinstance(y, ast.AST):
        return _same_shape(x, y, differing)
    return x == y


def _in_refusal(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """True when `node` is (part of) an argument that only words an error."""
    while node in parents:
        child, node = node, parents[node]
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if called in MESSAGE_ARGUMENT:
            index = MESSAGE_ARGUMENT[called]
            return index < len(node.args) and node.args[index] is child
        if called.endswith(REFUSALS):
            return True
    return False


def _diff(lines: list[str], original: ast.AST, mutant: ast.AST) -> str:
    before = _body(lines, original)
    after = _body(lines, mutant)
    diff = difflib.unified_diff(before, after, lineterm="", n=1)
    return "".join(f"    {line}\n" for line in list(diff)[2:])


def _body(lines: list[str], function: ast.AST) -> list[str]:
    """The function's lines, its name written as the original's (so the `def` line compares)."""
    assert isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
    name = function.name.rsplit("__mutmut_", 1)[0]
    body = lines[function.lineno - 1 : function.end_lineno]
    return [line.replace(function.name, name) for line in body]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
