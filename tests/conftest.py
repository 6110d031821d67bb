"""Shared fixtures: the small test scenario and the shipped scenarios, loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCENARIOS = sorted(p for p in (ROOT / "scenarios").glob("*.yaml") if p.name != "sources.yaml")


@pytest.fixture(scope="session")
def mini():
    """The small, hand-checkable scenario of tests/fixtures/mini.yaml (a compiled Game)."""
    from game.scenario.loader import load_scenario

    return load_scenario(FIXTURES / "mini.yaml").game


@pytest.fixture(scope="session")
def engine():
    """tests/fixtures/engine.yaml, a scenario whose numbers the engine tests check by hand."""
    from game.scenario.loader import load_scenario

    return load_scenario(FIXTURES / "engine.yaml").game


@pytest.fixture(scope="session", params=[p.stem for p in SCENARIOS])
def shipped(request):
    """Each scenario shipped in scenarios/ (a compiled Game)."""
    from game.scenario.loader import load_scenario

    return load_scenario(ROOT / "scenarios" / f"{request.param}.yaml").game


@pytest.fixture(scope="session", params=["engine-fixture", *(p.stem for p in SCENARIOS)])
def any_game(request):
    """The engine fixture and every shipped scenario."""
    from game.scenario.loader import load_scenario

    if request.param == "engine-fixture":
        return load_scenario(FIXTURES / "engine.yaml").game
    return load_scenario(ROOT / "scenarios" / f"{request.param}.yaml").game
