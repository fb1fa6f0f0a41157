#!/usr/bin/env bash
# Mutation testing of the domain's rule modules with mutmut 3 (issue 20).
#
#   bench/mutation.sh                 # every rule module below, one after the other
#   bench/mutation.sh consensus       # one group (consensus, verify, revision, ledger, visibility)
#   bench/mutation.sh domain/ledger.py domain/negotiation/text.py    # any module(s) of the domain
#
# Each group runs in its own scratch copy (MUTATION_DIR, default /tmp/accord-mutation/<group>):
# mutmut copies src/ and tests/ there, mutates only that group's modules, and runs the unit
# tests (tests/unit) against each mutant, only those tests that reach the mutated function.
# Then bench/mutation_report.py prints, per module, the mutants killed and survived, the
# score, the score without message-text mutants (a changed string inside a `raise`), and the
# diff of every survivor. docs/testing.md says how to read a survivor.
#
# Slow: minutes per module on two cores, so it is not in CI. MUTATION_CHILDREN (default 2)
# sets mutmut's parallel workers; MUTATION_TIMEOUT (seconds, default 3600) bounds each group.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-python}
mutmut=${MUTMUT:-mutmut}
base=${MUTATION_DIR:-/tmp/accord-mutation}
children=${MUTATION_CHILDREN:-2}
limit=${MUTATION_TIMEOUT:-3600}

declare -A groups=(
  [consensus]="domain/consensus/procedure.py domain/consensus/acts.py"
  [verify]="domain/signing/verify.py"
  [revision]="domain/negotiation/revision.py"
  [ledger]="domain/ledger.py"
  [visibility]="domain/visibility.py"
)
order=(consensus verify revision ledger visibility)

run_group() {  # name, modules (paths under src/accord/)
  local name=$1 work="$base/$1"
  shift
  rm -rf "$work" && mkdir -p "$work"
  cp -r "$repo/src" "$repo/tests" "$work/"
  rm -rf "$work/tests/integration" "$work/tests/api" "$work/tests/e2e" "$work/tests/fidelity"
  find "$work" -name __pycache__ -prune -exec rm -rf {} +
  local only=""
  for module in "$@"; do only+="\"src/accord/$module\", "; done
  cp "$repo/pyproject.toml" "$work/pyproject.toml"
  cat >>"$work/pyproject.toml" <<EOF

[tool.mutmut]
source_paths = ["src"]
only_mutate = [${only%, }]
pytest_add_cli_args_test_selection = ["tests/unit"]
pytest_add_cli_args = ["-p", "no:cacheprovider", "-q"]
EOF
  echo "== $name: $* (work in $work)"
  # The mutated copy must be the only `accord` on the path: mutmut puts mutants/src first,
  # and a PYTHONPATH pointing at the real src/ would shadow it.
  (cd "$work" && env -u PYTHONPATH timeout "$limit" "$mutmut" run --max-children "$children" \
    >"$work/run.log" 2>&1) || echo "   mutmut stopped with status $? (see $work/run.log)"
  (cd "$work" && env -u PYTHONPATH "$python" "$repo/bench/mutation_report.py" "$@")
}

if [ $# -eq 0 ]; then
  for name in "${order[@]}"; do
    # shellcheck disable=SC2086  # the module list is meant to split
    run_group "$name" ${groups[$name]}
  done
elif [ -n "${groups[$1]:-}" ]; then
  for name in "$@"; do
    # shellcheck disable=SC2086
    run_group "$name" ${groups[$name]}
  done
else
  run_group "custom" "$@"
fi
