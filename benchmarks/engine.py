"""Engine speed: games per second with random and with strategic bots, on one core and on all
cores, the engine alone (the same games' recorded actions replayed with no bots), and peak memory
over many games.

    python benchmarks/engine.py [--scenario lisbon-2010] [--bots random,strategic] [--seconds 10]
                                [--repeat 3] [--memory-games 100000] [--memory-bots random]

Throughput: a pool of worker processes (one per core used), started and warmed up before the
clock starts, plays games for about --seconds; each figure is the best of --repeat runs, because
other processes on the machine may be using the cores too. Games per CPU-second (CPU time the
workers used) shows what a core does when nothing else competes for it. Memory: the workers split
--memory-games between them and report their resident memory as their share goes by; flat
figures mean nothing accumulates from game to game. The engine alone is the ceiling of a core's
games per second whatever the bots cost: rules checks and state changes, without choosing a move,
observations or turn order. Prints the figures; asserts nothing.
(``benchmarks/bots.py`` measures each personality's decision time.)
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import sys
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.engine import Action, DrawCard, Game, apply, new_game  # noqa: E402
from game.native import core_description  # noqa: E402
from game.runner import play  # noqa: E402
from game.scenario.catalog import resolve_scenario  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402

CORES = os.cpu_count() or 1

# --- worker side -----------------------------------------------------------------------------------

_GAME: Game | None = None


def _load(path: str) -> None:
    global _GAME
    _GAME = load_scenario(path).game
    gc.freeze()  # as the simulation's workers do: the rules stay loaded, out of the collector's full passes


def _play_many(job: tuple[Mapping[str, str], int, int]) -> tuple[int, int]:
    """Play ``count`` games from ``first_seed``; returns (games, bot decisions)."""
    seats, first_seed, count = job
    assert _GAME is not None
    decisions = 0
    for seed in range(first_seed, first_seed + count):
        actions = play(_GAME, seed, seats).actions
        decisions += sum(not isinstance(a, DrawCard) for a in actions)
    return count, decisions


def _play_for(job: tuple[Mapping[str, str], int, float]) -> tuple[int, int, float]:
    """Play games from ``first_seed`` until ``seconds`` have passed; returns (games, decisions, CPU seconds)."""
    seats, first_seed, seconds = job
    started, cpu = time.perf_counter(), time.process_time()
    games = decisions = 0
    while time.perf_counter() - started < seconds:
        _, made = _play_many((seats, first_seed + games, 1))
        games += 1
        decisions += made
    return games, decisions, time.process_time() - cpu


REPLAYED_GAMES = 200
"""Games each engine-alone run plays first, then replays in turn for as long as the run lasts."""


def _replay_for(job: tuple[Mapping[str, str], int, float]) -> tuple[int, int, float]:
    """Play :data:`REPLAYED_GAMES` games from ``first_seed`` (untimed), then replay their actions through the
    engine alone until ``seconds`` have passed; returns (games replayed, actions applied, seconds)."""
    seats, first_seed, seconds = job
    assert _GAME is not None
    game = _GAME
    logs: list[tuple[int, list[Action]]] = [(seed, play(game, seed, seats).actions)
                                            for seed in range(first_seed, first_seed + REPLAYED_GAMES)]
    games = actions = 0
    started = time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        seed, log = logs[games % len(logs)]
        state = new_game(game, seed)
        for action in log:
            state = apply(game, state, action, quiet=True).state
        assert state.over
        games += 1
        actions += len(log)
    return games, actions, elapsed


def rss_mb() -> float:
    """This process's resident memory now, in MB (Linux; elsewhere its peak so far)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return peak_mb()


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def _memory_share(job: tuple[Mapping[str, str], int, int, Sequence[float]]) -> list[tuple[int, float, float]]:
    """Play a share of the memory run, noting (games played, resident MB, peak MB) at each fraction."""
    seats, first_seed, count, fractions = job
    marks = sorted({max(1, round(count * f)) for f in fractions})
    notes = [(0, rss_mb(), peak_mb())]
    played = 0
    for mark in marks:
        _play_many((seats, first_seed + played, mark - played))
        played = mark
        notes.append((played, rss_mb(), peak_mb()))
    return notes


# --- driver side -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Throughput:
    """Games and bot decisions per second with ``jobs`` processes (best of several runs), and games per
    second of CPU time used (what one core does when nothing else competes for it)."""

    jobs: int
    games_per_s: float
    decisions_per_s: float
    games: int
    games_per_cpu_s: float


def throughput(path: str, seats: Mapping[str, str], jobs: int, seconds: float, repeat: int) -> Throughput:
    """Games per second with ``jobs`` warmed-up worker processes playing for about ``seconds``."""
    best: Throughput | None = None
    with ProcessPoolExecutor(max_workers=jobs, initializer=_load, initargs=(path,)) as pool:
        list(pool.map(_play_many, [(dict(seats), 10**6 + i, 1) for i in range(jobs)]))  # start and warm up
        for run in range(repeat):
            jobs_now = [(dict(seats), 1 + run * 10**5 + i * 10**4, seconds) for i in range(jobs)]
            started = time.perf_counter()
            done = list(pool.map(_play_for, jobs_now))
            wall = time.perf_counter() - started
            games = sum(g for g, _, _ in done)
            cpu = sum(c for _, _, c in done)
            result = Throughput(jobs, games / wall, sum(d for _, d, _ in done) / wall, games, games / max(cpu, 1e-9))
            if best is None or result.games_per_s > best.games_per_s:
                best = result
    assert best is not None
    return best


def engine_alone(path: str, seats: Mapping[str, str], seconds: float, repeat: int) -> tuple[float, float]:
    """Games per second, and microseconds per action, of one process replaying recorded games through
    the engine alone (best of ``repeat`` runs)."""
    best = (0.0, 0.0)
    with ProcessPoolExecutor(max_workers=1, initializer=_load, initargs=(path,)) as pool:
        for run in range(repeat):
            games, actions, elapsed = pool.submit(_replay_for, (dict(seats), 1 + run * 10**4, seconds)).result()
            if games / elapsed > best[0]:
                best = (games / elapsed, elapsed / actions * 1e6)
    return best


def memory(path: str, seats: Mapping[str, str], games: int, jobs: int,
           fractions: Sequence[float] = (0.01, 0.1, 0.5, 1.0)) -> list[tuple[int, float, float]]:
    """Resident and peak memory (the largest over the workers) after each fraction of ``games``."""
    share, extra = divmod(games, jobs)
    work = []
    seed = 1
    for i in range(jobs):
        count = share + (i < extra)
        work.append((dict(seats), seed, count, tuple(fractions)))
        seed += count
    with ProcessPoolExecutor(max_workers=jobs, initializer=_load, initargs=(path,)) as pool:
        reports = list(pool.map(_memory_share, work))
    rows = []
    for step in range(len(reports[0])):
        played = sum(r[step][0] for r in reports)
        rows.append((played, max(r[step][1] for r in reports), max(r[step][2] for r in reports)))
    return rows


THROUGHPUT_HEADER = (f"  {'bots':<11} {'jobs':>4} {'games/s':>10} {'per core':>10} {'speed-up':>9} "
                     f"{'decisions/s':>12} {'games/CPU-s':>12}")


def print_throughput(label: str, one: Throughput, many: Sequence[Throughput]) -> None:
    """One row per pool size: games/s, per core, speed-up over one process, decisions/s, games per CPU second."""
    for t in (one, *many):
        print(f"  {label:<11} {t.jobs:>4} {t.games_per_s:>10,.1f} {t.games_per_s / t.jobs:>10,.1f} "
              f"{t.games_per_s / one.games_per_s:>8.2f}x {t.decisions_per_s:>12,.0f} {t.games_per_cpu_s:>12,.1f}")


def print_memory(rows: Sequence[tuple[int, float, float]]) -> None:
    print(f"  {'games':>9} {'resident MB':>12} {'peak MB':>9}")
    for played, rss, peak in rows:
        print(f"  {played:>9,} {rss:>12.1f} {peak:>9.1f}")
    growth = rows[-1][1] - rows[1][1] if len(rows) > 2 else 0.0
    print(f"  growth after the first {rows[1][0]:,} games: {growth:+.1f} MB")


def report_throughput(path: str, roles: Sequence[str], kinds: Sequence[str], seconds: float, repeat: int) -> None:
    """The throughput table: each bot kind in every seat, on one process and on each pool size."""
    print(THROUGHPUT_HEADER)
    for kind in kinds:
        seats = dict.fromkeys(roles, kind)
        one = throughput(path, seats, 1, seconds, repeat)
        print_throughput(kind, one, [throughput(path, seats, n, seconds, repeat) for n in pool_sizes()])


def report_engine_alone(path: str, roles: Sequence[str], kinds: Sequence[str], seconds: float, repeat: int) -> None:
    """The ceiling of one core: each bot kind's games replayed through the engine alone."""
    print(f"\nThe engine alone, one process: {REPLAYED_GAMES} games of each kind replayed from their recorded actions")
    print(f"  {'bots':<11} {'games/s':>10} {'us/action':>10}")
    for kind in kinds:
        games_per_s, per_action = engine_alone(path, dict.fromkeys(roles, kind), seconds, repeat)
        print(f"  {kind:<11} {games_per_s:>10,.1f} {per_action:>10.2f}")


def report_memory(path: str, roles: Sequence[str], kind: str, games: int) -> None:
    """Resident and peak memory while ``games`` games of ``kind`` bots are played over every core."""
    print(f"\nMemory: {games:,} games with {kind} bots over {CORES} processes")
    started = time.perf_counter()
    print_memory(memory(path, dict.fromkeys(roles, kind), games, CORES))
    print(f"  ({time.perf_counter() - started:,.0f} s)")


def pool_sizes() -> list[int]:
    """2 processes (the --jobs 2 figure) and every core, once each."""
    return sorted({n for n in (2, CORES) if n > 1})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="lisbon-2010")
    parser.add_argument("--bots", default="random,strategic", help="bot kinds to time, every seat the same")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each timed run")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per figure (the best is shown)")
    parser.add_argument("--memory-games", type=int, default=100_000, help="games of the memory run (0: skip it)")
    parser.add_argument("--memory-bots", default="random", help="bot kind of the memory run")
    args = parser.parse_args()

    path = str(resolve_scenario(args.scenario))
    game = load_scenario(path).game
    print(f"{game.id}: {len(game.roles)} roles, {game.turns} turns; Python {sys.version.split()[0]}, "
          f"{core_description()}, {CORES} cores")
    print(f"best of {args.repeat} runs of {args.seconds:g} s each (other processes may share the cores)\n")
    kinds = [k.strip() for k in args.bots.split(",") if k.strip()]
    report_throughput(path, game.roles, kinds, args.seconds, args.repeat)
    report_engine_alone(path, game.roles, kinds, args.seconds, args.repeat)
    if args.memory_games > 0:
        report_memory(path, game.roles, args.memory_bots, args.memory_games)


if __name__ == "__main__":
    main()
