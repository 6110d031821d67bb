"""Monte Carlo simulation: many seeded bot games, optionally over several processes.

Game ``i`` of a run with seed ``S`` uses seed ``S + i``; results are gathered in that
order, so ``--jobs 4`` gives exactly what ``--jobs 1`` gives.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.engine import Game, outcome, scores
from game.runner import play

_WORKER_GAME: Game | None = None


@dataclass(frozen=True)
class GameResult:
    """What one simulated game contributes to the summary."""

    seed: int
    outcome: str
    scores: Mapping[str, float]
    tracks: Mapping[str, int]
    choices: tuple[tuple[str, str, str], ...]
    actions: int
    record: Mapping[str, Any] | None = None


@dataclass
class Summary:
    """Aggregated results of a simulation run."""

    scenario: str
    games: int
    seed: int
    seats: Mapping[str, str]
    outcomes: Counter[str] = field(default_factory=Counter)
    scores: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    tracks: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    choices: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    actions: int = 0

    def add(self, result: GameResult) -> None:
        self.outcomes[result.outcome] += 1
        for role, value in result.scores.items():
            self.scores[role].append(value)
        for key, value in result.tracks.items():
            self.tracks[key].append(value)
        self.choices.update(result.choices)
        self.actions += result.actions

    def score_stats(self, role: str) -> dict[str, float]:
        values = self.scores[role]
        return {
            "mean": round(statistics.fmean(values), 3),
            "sd": round(statistics.pstdev(values), 3),
            "min": min(values),
            "max": max(values),
        }

    def choice_shares(self) -> dict[str, dict[str, float]]:
        """For each ``role.decision``: the share of turns each option was held."""
        totals: Counter[str] = Counter()
        for (role, decision, _), n in self.choices.items():
            totals[f"{role}.{decision}"] += n
        shares: dict[str, dict[str, float]] = defaultdict(dict)
        for (role, decision, option), n in sorted(self.choices.items()):
            key = f"{role}.{decision}"
            shares[key][option] = round(n / totals[key], 4)
        return dict(shares)

    def to_json(self, game: Game) -> dict[str, Any]:
        """The JSON summary: ``outcomes`` maps each band to its game count."""
        return {
            "scenario": self.scenario,
            "games": self.games,
            "seed": self.seed,
            "seats": dict(self.seats),
            "outcomes": {band.id: self.outcomes.get(band.id, 0) for band in game.outcomes},
            "scores": {role: self.score_stats(role) for role in game.roles},
            "mean_tracks": {k: round(statistics.fmean(v), 3) for k, v in self.tracks.items()},
            "choices": self.choice_shares(),
            "actions": self.actions,
        }


def run_game(game: Game, seed: int, seats: Mapping[str, str], keep_record: bool = False) -> GameResult:
    """Play one game with bots and reduce it to a :class:`GameResult`."""
    played = play(game, seed, seats)
    state = played.state
    choices = tuple(
        (role, decision, option)
        for record in state.history
        for role, held in record.positions.items()
        for decision, option in held.items()
    )
    return GameResult(
        seed=seed,
        outcome=outcome(game, state).id,
        scores={s.role: s.total for s in scores(game, state)},
        tracks=dict(state.tracks),
        choices=choices,
        actions=len(played.actions),
        record=played.record() if keep_record else None,
    )


def load_game(path: str) -> Game:
    """Load and compile a scenario file (a picklable way to rebuild a game in a worker process)."""
    from game.scenario.loader import load_scenario

    return load_scenario(path).game


def _init_worker(loader: Callable[[], Game]) -> None:
    global _WORKER_GAME
    _WORKER_GAME = loader()
    # The rules stay loaded for the worker's life: keep them, and the modules, out of the collector's
    # full passes, which would otherwise walk all of them again every few hundred games.
    gc.freeze()


def _run_in_worker(job: tuple[int, Mapping[str, str], bool]) -> GameResult:
    assert _WORKER_GAME is not None
    seed, seats, keep = job
    return run_game(_WORKER_GAME, seed, seats, keep)


def iter_results(
    game: Game,
    loader: Callable[[], Game],
    games: int,
    seed: int,
    seats: Mapping[str, str],
    jobs: int = 1,
    keep_records: bool = False,
) -> Iterator[GameResult]:
    """Results of games ``seed .. seed + games - 1``, in seed order, from ``jobs`` processes.

    ``loader`` must be a picklable callable that rebuilds the same game in a worker.
    """
    work = ((seed + i, dict(seats), keep_records) for i in range(games))
    if jobs <= 1:
        for s, st, keep in work:
            yield run_game(game, s, st, keep)
        return
    chunk = max(1, min(64, games // (jobs * 8)))
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(loader,)) as pool:
        yield from pool.map(_run_in_worker, work, chunksize=chunk)


def write_record(directory: Path, record: Mapping[str, Any]) -> Path:
    """Write one game record as JSON, atomically (a temp file, then a rename)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{record['scenario']}-seed{record['seed']}.json"
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(record, out, indent=1, sort_keys=True)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
