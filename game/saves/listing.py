"""What the lists of saved games show of a save beyond its header: how many turns its scenario has, what its
roles are called, and how a finished game came out.

A header (:class:`~game.saves.store.SaveInfo`) says where a game stands, but not the rest. The turns and
the role names come from compiling the scenario copy the save carries, once per version of a scenario
however many saves carry it (not at all for a version already loaded: :func:`know_scenario`). A finished
game's outcome comes from replaying its log, once per version of each file (its path, the time it was
saved and its final hash). Both are remembered for as long as the process runs, so listing a folder again
reads only the headers. Like the header, what is shown is not a check of the save: opening it replays and
checks everything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypeVar

from game.engine import Game, outcome
from game.saves.errors import SaveError
from game.saves.read import copy_damage, log_of_save, scenario_of_copy, sha256_text, sources_sha256
from game.saves.store import SaveInfo
from game.saves.verify import replay_log
from game.scenario.loader import LoadedScenario

REMEMBERED = 4096
"""Scenario versions and outcomes remembered, each (far more than a saves folder holds)."""

K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True)
class ScenarioFacts:
    """A save's scenario as the lists show it: its number of turns and its roles' names."""

    turns: int
    role_names: Mapping[str, str]


_scenarios: dict[tuple[str, str, str], ScenarioFacts] = {}
_outcomes: dict[tuple[str, str, str], str] = {}


def scenario_facts(info: SaveInfo) -> ScenarioFacts | None:
    """The number of turns and the roles' names of the scenario ``info``'s save carries; None when the save
    cannot be read, or its scenario copy does not match its hashes or does not compile (opening it says why)."""
    if info.data is None:
        return None
    copy = info.data.scenario
    if copy_damage(copy) is not None:  # its facts are remembered by its hashes: they must be its own
        return None
    key = (copy.sha256, copy.sources_sha256, copy.rules_hash)
    facts = _scenarios.get(key)
    if facts is None:
        try:
            game = scenario_of_copy(copy, info.path).game
        except SaveError:
            return None
        facts = _facts_of(game)
        _remember(_scenarios, key, facts)
    return facts


def know_scenario(loaded: LoadedScenario) -> None:
    """Remember the facts of a scenario already loaded (the scenarios a new game can be played on, say): the
    saves that carry a copy of that very version need no compiling."""
    key = (sha256_text(loaded.text), sources_sha256(loaded.sources), loaded.game.scenario_hash)
    if key not in _scenarios:
        _remember(_scenarios, key, _facts_of(loaded.game))


def _facts_of(game: Game) -> ScenarioFacts:
    return ScenarioFacts(game.turns, MappingProxyType({role: game.role_name(role) for role in game.roles}))


def finished_outcome(info: SaveInfo) -> str | None:
    """The title of the outcome band ``info``'s game ended in, found by replaying its log (once per version of
    the file); None when the game is not over, or the save cannot be read or does not replay to the final
    state its header gives.

    Replaying takes a few milliseconds a game: call it off the main thread, after the list is shown.
    """
    data = info.data
    if data is None or not data.progress.over:
        return None
    key = (str(info.path), data.updated.isoformat(), data.final_hash)
    title = _outcomes.get(key)
    if title is not None:
        return title
    try:
        log = log_of_save(info.path, data)
    except SaveError:
        return None
    replayed = replay_log(log)
    state = replayed.session.state
    if not replayed.verification.ok or not state.over:
        return None
    title = outcome(log.game, state).title
    _remember(_outcomes, key, title)
    return title


def _remember(memory: dict[K, V], key: K, value: V) -> None:
    if len(memory) >= REMEMBERED:
        memory.clear()
    memory[key] = value
