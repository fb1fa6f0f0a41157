"""The import-linter layers contract (issue 16) names every package of `accord`, so that a
new app is placed in a layer when it is added instead of escaping the contract."""

from __future__ import annotations

import tomllib
from pathlib import Path

import accord

ROOT = Path(accord.__file__).parent


def test_every_package_of_accord_stands_in_a_layer() -> None:
    config = tomllib.loads((ROOT.parents[1] / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    (layers,) = [c["layers"] for c in contracts if c["type"] == "layers"]
    named = {part.strip() for layer in layers for part in layer.replace(":", "|").split("|")}
    packages = {f"accord.{path.name}" for path in ROOT.iterdir() if (path / "__init__.py").exists()}
    assert packages == named
