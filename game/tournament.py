"""Tournaments, after Axelrod's: personalities set against each other in every seat of a scenario.

A *lineup* gives each role a personality. When every combination fits the budget of games, each
is played equally often; otherwise lineups are drawn from the seed in a balanced way (each
personality takes each role equally often, the combinations at random). Game ``k`` of a run with
seed ``S`` uses seed ``S + k``, and results are gathered in that order, so spreading the games over
processes gives exactly what one process gives.

What a scenario author reads from the result (:class:`Standings`): for each role and personality,
the mean score and its spread, how often that seat crossed a red line or broke an agreement, and
in which outcome bands its games ended; and for each lineup, how its games ended.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import product
from typing import Any

from game.engine import Game, SeededRandom, outcome, scores
from game.runner import play

Lineup = tuple[str, ...]
"""One personality per role, in seat order."""


# --- which games ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Schedule:
    """The lineups of a tournament and how many games each plays."""

    roles: tuple[str, ...]
    personalities: tuple[str, ...]
    lineups: tuple[Lineup, ...]
    games_each: int
    sampled: bool

    @property
    def combinations(self) -> int:
        """How many lineups there are in all."""
        return int(len(self.personalities) ** len(self.roles))

    @property
    def games(self) -> int:
        return len(self.lineups) * self.games_each

    def jobs(self, seed: int) -> Iterator[tuple[int, Lineup]]:
        """(seed, lineup) of every game, in playing order."""
        k = 0
        for lineup in self.lineups:
            for _ in range(self.games_each):
                yield seed + k, lineup
                k += 1


def schedule(roles: Sequence[str], personalities: Sequence[str], games: int, seed: int) -> Schedule:
    """Every combination of ``personalities`` over ``roles`` if ``games`` covers them all (each played
    ``games // combinations`` times), else ``games`` lineups drawn from ``seed``, one game each, with
    every personality taking every role as equally often as the number allows."""
    roles, personalities = tuple(roles), tuple(personalities)
    if not roles or not personalities or games < 1:
        raise ValueError("a tournament needs roles, personalities and at least one game")
    total = len(personalities) ** len(roles)
    if total <= games:
        lineups = tuple(product(personalities, repeat=len(roles)))
        return Schedule(roles, personalities, lineups, games // total, sampled=False)
    rng = SeededRandom(seed, "tournament", "lineups")
    columns = []
    for _ in roles:
        column = [personalities[i % len(personalities)] for i in range(games)]
        for i in range(len(column) - 1, 0, -1):  # Fisher-Yates with the seeded stream
            j = rng.below(i + 1)
            column[i], column[j] = column[j], column[i]
        columns.append(column)
    return Schedule(roles, personalities, tuple(zip(*columns)), 1, sampled=True)


# --- one game ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """What one tournament game contributes."""

    seed: int
    lineup: Lineup
    outcome: str
    scores: tuple[float, ...]
    red_lines: tuple[int, ...]
    broken: tuple[int, ...]


def play_lineup(game: Game, seed: int, lineup: Lineup) -> Result:
    """Play one game with ``lineup`` in the seats and reduce it to a :class:`Result`."""
    state = play(game, seed, dict(zip(game.roles, lineup))).state
    final = {s.role: s.total for s in scores(game, state)}
    crossed = [0] * len(game.roles)
    broke = [0] * len(game.roles)
    seat = {role: i for i, role in enumerate(game.roles)}
    for crossing in state.crossings:
        crossed[seat[crossing.role]] += 1
    for record in state.history:
        for settlement in record.settlements:
            for breaker in settlement.breakers:
                broke[seat[breaker]] += 1
    return Result(seed, lineup, outcome(game, state).id, tuple(final[r] for r in game.roles), tuple(crossed),
                  tuple(broke))


_WORKER_GAME: Game | None = None


def _init_worker(loader: Callable[[], Game]) -> None:
    global _WORKER_GAME
    _WORKER_GAME = loader()
    # The rules stay loaded for the worker's life: keep them, and the modules, out of the collector's
    # full passes, which would otherwise walk all of them again every few hundred games.
    gc.freeze()


def _play_in_worker(job: tuple[int, Lineup]) -> Result:
    assert _WORKER_GAME is not None
    return play_lineup(_WORKER_GAME, *job)


def iter_results(game: Game, loader: Callable[[], Game], plan: Schedule, seed: int, jobs: int = 1) -> Iterator[Result]:
    """The results of every game of ``plan``, in playing order, from ``jobs`` processes.

    ``loader`` must be a picklable callable that rebuilds the same game in a worker.
    """
    work = plan.jobs(seed)
    if jobs <= 1:
        for job_seed, lineup in work:
            yield play_lineup(game, job_seed, lineup)
        return
    chunk = max(1, min(32, plan.games // (jobs * 8)))
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(loader,)) as pool:
        yield from pool.map(_play_in_worker, work, chunksize=chunk)


# --- what it adds up to --------------------------------------------------------------------------


@dataclass
class Tally:
    """Running statistics of one seat (a role played by a personality): Welford's mean and spread."""

    games: int = 0
    mean: float = 0.0
    _m2: float = 0.0
    low: float = math.inf
    high: float = -math.inf
    red_lines: int = 0
    broken: int = 0
    bands: dict[str, int] = field(default_factory=dict)

    def add(self, score: float, red_lines: int, broken: int, band: str) -> None:
        self.games += 1
        delta = score - self.mean
        self.mean += delta / self.games
        self._m2 += delta * (score - self.mean)
        self.low, self.high = min(self.low, score), max(self.high, score)
        self.red_lines += red_lines
        self.broken += broken
        self.bands[band] = self.bands.get(band, 0) + 1

    @property
    def sd(self) -> float:
        """The population standard deviation of the scores."""
        return math.sqrt(self._m2 / self.games) if self.games else 0.0


@dataclass
class LineupTally:
    """How the games of one lineup ended."""

    games: int = 0
    bands: dict[str, int] = field(default_factory=dict)
    totals: list[float] = field(default_factory=list)

    def add(self, result: Result) -> None:
        self.games += 1
        self.bands[result.outcome] = self.bands.get(result.outcome, 0) + 1
        if not self.totals:
            self.totals = [0.0] * len(result.scores)
        for i, value in enumerate(result.scores):
            self.totals[i] += value

    def means(self) -> list[float]:
        return [t / self.games for t in self.totals]


@dataclass
class Standings:
    """The aggregated results of a tournament (memory grows with the lineups, not with the games)."""

    game: Game
    plan: Schedule
    seed: int
    seats: dict[tuple[str, str], Tally] = field(default_factory=dict)
    lineups: dict[Lineup, LineupTally] = field(default_factory=dict)
    bands: dict[str, int] = field(default_factory=dict)
    games: int = 0

    def add(self, result: Result) -> None:
        self.games += 1
        self.bands[result.outcome] = self.bands.get(result.outcome, 0) + 1
        for i, role in enumerate(self.game.roles):
            tally = self.seats.setdefault((role, result.lineup[i]), Tally())
            tally.add(result.scores[i], result.red_lines[i], result.broken[i], result.outcome)
        self.lineups.setdefault(result.lineup, LineupTally()).add(result)

    def seat(self, role: str, personality: str) -> Tally:
        """The tally of ``role`` played by ``personality`` (empty if it never played)."""
        return self.seats.get((role, personality), Tally())

    def band_ids(self) -> list[str]:
        return [band.id for band in self.game.outcomes]

    def to_json(self) -> dict[str, Any]:
        """Everything, JSON-ready: the run, each seat's statistics, each lineup's bands and mean scores."""
        bands = self.band_ids()
        return {
            "scenario": self.game.id,
            "seed": self.seed,
            "games": self.games,
            "roles": list(self.game.roles),
            "personalities": list(self.plan.personalities),
            "lineups_played": len(self.plan.lineups),
            "combinations": self.plan.combinations,
            "sampled": self.plan.sampled,
            "games_per_lineup": self.plan.games_each,
            "outcomes": {b: self.bands.get(b, 0) for b in bands},
            "seats": {
                role: {
                    p: _seat_json(self.seat(role, p), bands) for p in self.plan.personalities
                } for role in self.game.roles
            },
            "lineups": [
                {
                    "lineup": dict(zip(self.game.roles, lineup)),
                    "games": tally.games,
                    "outcomes": {b: tally.bands.get(b, 0) for b in bands},
                    "mean_scores": {r: round(m, 3) for r, m in zip(self.game.roles, tally.means())},
                }
                for lineup, tally in self.lineups.items()
            ],
        }

    def csv_rows(self) -> Iterator[list[str | int | float]]:
        """The table by lineup: a header, then one row per lineup (personality per role, games, the
        count of each outcome band, the mean score of each role)."""
        bands = self.band_ids()
        yield [*self.game.roles, "games", *bands, *(f"score_{r}" for r in self.game.roles)]
        for lineup, tally in self.lineups.items():
            yield [*lineup, tally.games, *(tally.bands.get(b, 0) for b in bands),
                   *(round(m, 3) for m in tally.means())]

    def ranked_lineups(self, band: str) -> list[tuple[Lineup, LineupTally]]:
        """Lineups, most often in ``band`` first (ties in playing order)."""
        return sorted(self.lineups.items(), key=lambda kv: -kv[1].bands.get(band, 0) / kv[1].games)


def _seat_json(tally: Tally, bands: Sequence[str]) -> dict[str, Any]:
    if not tally.games:
        return {"games": 0}
    return {
        "games": tally.games, "mean": round(tally.mean, 3), "sd": round(tally.sd, 3),
        "min": tally.low, "max": tally.high,
        "red_lines_per_game": round(tally.red_lines / tally.games, 4),
        "broken_per_game": round(tally.broken / tally.games, 4),
        "outcomes": {b: tally.bands.get(b, 0) for b in bands},
    }


def run_tournament(
    game: Game, loader: Callable[[], Game], personalities: Sequence[str], games: int, seed: int, jobs: int = 1,
    on_result: Callable[[Result], None] | None = None,
) -> Standings:
    """Schedule, play and tally a whole tournament (``on_result`` sees each game as it is tallied)."""
    plan = schedule(game.roles, personalities, games, seed)
    standings = Standings(game, plan, seed)
    for result in iter_results(game, loader, plan, seed, jobs):
        standings.add(result)
        if on_result is not None:
            on_result(result)
    return standings


def lineup_text(game: Game, lineup: Lineup) -> str:
    """``NATO strategic, Russia hawkish, ...``"""
    return ", ".join(f"{game.role_name(r)} {p}" for r, p in zip(game.roles, lineup))


__all__ = [
    "Lineup", "LineupTally", "Result", "Schedule", "Standings", "Tally", "iter_results", "lineup_text",
    "play_lineup", "run_tournament", "schedule",
]
