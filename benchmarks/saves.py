"""Saves: file size, save time, load time and verify time for a full game of the longest scenario.

    python benchmarks/saves.py [--scenario ID|PATH] [--repeat 20]

The game measured is the longest log found: bots that propose whenever they may (every role
spends every proposal of every turn) next to the longest of a few random and greedy games.
"Cold" times include compiling the scenario copy (the first load in a process); "warm" ones
reuse it (a second load of the same scenario). Writes only to a temporary folder. Prints the
figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.bots.random_bot import RandomBot  # noqa: E402
from game.runner import PlayedGame  # noqa: E402
from game.saves import SaveFile, load_save, read_log, verify_log  # noqa: E402
from game.saves.read import _compile_copy, _load_file  # noqa: E402
from game.scenario.catalog import list_scenarios, resolve_scenario  # noqa: E402
from game.scenario.loader import LoadedScenario, ScenarioFileError, load_scenario  # noqa: E402
from game.session import Seat, Session  # noqa: E402
from game.simulate import write_record  # noqa: E402


class Chatty(RandomBot):
    """A random bot that proposes whenever it still may: the longest negotiations the rules allow."""

    name = "chatty"
    propose_chance = 1.0


def longest_scenario() -> LoadedScenario:
    """The shipped scenario with the most turns times roles (then the longest text)."""
    candidates = []
    for path in list_scenarios():
        try:
            candidates.append(load_scenario(path))
        except ScenarioFileError:
            continue
    return max(candidates, key=lambda s: (s.game.turns * len(s.game.roles), len(s.text)))


def longest_game(loaded: LoadedScenario) -> Session:
    game = loaded.game
    sessions = []
    chatty = {role: Chatty(game, role) for role in game.roles}
    for seed in range(5):
        sessions.append(Session.start(game, seed, {r: Seat(r, "random") for r in game.roles}, bots=chatty))
    for seed in range(10):
        sessions.append(Session.start(game, seed, {r: Seat(r, "random") for r in game.roles}))
    sessions.append(Session.start(game, 1, {r: Seat(r, "greedy") for r in game.roles}))
    for session in sessions:
        session.run_automatic()
    return max(sessions, key=lambda s: len(s.actions))


def timed(action: Callable[[], object], repeat: int, before: Callable[[], None] = lambda: None) -> list[float]:
    """Seconds taken by ``action``, ``repeat`` times (``before`` runs untimed ahead of each)."""
    times = []
    for _ in range(repeat):
        before()
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def ms(times: list[float]) -> str:
    low, mid, high = (1000 * f(times) for f in (min, statistics.median, max))
    return f"median {mid:7.1f} ms   (min {low:.1f}, max {high:.1f})"


def cold() -> None:
    _compile_copy.cache_clear()
    _load_file.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default=None, help="default: the longest shipped scenario")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    loaded = load_scenario(resolve_scenario(args.scenario)) if args.scenario else longest_scenario()
    session = longest_game(loaded)
    game = loaded.game
    seats = {r: s.bot or "human" for r, s in session.seats.items()}
    with tempfile.TemporaryDirectory() as folder:
        file = SaveFile.new(loaded, folder)
        path = file.save(session)
        size = path.stat().st_size
        text_size = len(loaded.text.encode())
        record = write_record(Path(folder) / "records",
                              PlayedGame(game, session.seed, seats, session.state, session.actions,
                                         session.hashes).record())
        save_times = timed(lambda: file.save(session), args.repeat)
        load_cold = timed(lambda: load_save(path), args.repeat, before=cold)
        load_warm = timed(lambda: load_save(path), args.repeat)
        verify_cold = timed(lambda: verify_log(read_log(path)), args.repeat, before=cold)
        verify_warm = timed(lambda: verify_log(read_log(path)), args.repeat)
        record_warm = timed(lambda: verify_log(read_log(record)), args.repeat)
        record_size = record.stat().st_size
        if not (verify_log(read_log(path)).ok and verify_log(read_log(record)).ok):
            raise SystemExit("the measured game does not verify")

    print(f"scenario {game.id}: {game.turns} turns, {len(game.roles)} roles, scenario text {text_size / 1024:.1f} KiB")
    print(f"longest game: seed {session.seed}, {len(session.actions)} actions, {len(session.hashes)} turns resolved")
    print(f"save file          {size / 1024:7.1f} KiB  ({(size - text_size) / 1024:.1f} KiB besides the scenario text)")
    print(f"record file        {record_size / 1024:7.1f} KiB  (no scenario copy)")
    print(f"save (atomic, fsync, backup)   {ms(save_times)}")
    print(f"load, cold         {ms(load_cold)}")
    print(f"load, warm         {ms(load_warm)}")
    print(f"verify save, cold  {ms(verify_cold)}")
    print(f"verify save, warm  {ms(verify_warm)}")
    print(f"verify record      {ms(record_warm)}   (scenario from scenarios/, loaded once)")


if __name__ == "__main__":
    main()
