"""The security suite reuses the API tests' world: one secret of every kind that rule 5
can hide, restricted to KAZ and KGZ, each carrying the word SECRETWALK."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest


def world_module() -> Any:
    """tests/api/conftest.py under a name of its own (`conftest` is not importable)."""
    name = "accord_api_tests_world"
    if name not in sys.modules:
        path = Path(__file__).parent.parent / "api" / "conftest.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture
def world(region: Any) -> Any:
    return world_module().build_world(region)


