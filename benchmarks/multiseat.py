"""Multi-seat play: how soon one seat's move shows on the other seats' screens, and how many games one
machine hosts at once before that passes one second.

    python benchmarks/multiseat.py [--games 1,2,4,6,8] [--seconds 30] [--think 0.5] [--mode ui|api]

Each game is lisbon-2010 (seven roles and the facilitator: eight seats), hosted by its own
``wargame host`` process, with eight seat processes. In ``ui`` mode (the default) each seat is the
real seat app (the game screen fixed to its role, or the facilitator's screen) running headless,
and a bot plays the role through the screen, taking ``--think`` seconds per move; in ``api`` mode
each seat is a headless bot on the seat API (``wargame join --bot``'s loop), cheaper per process.

The latency of a move at a seat is the time from the move's commit (the time stamped in the
game's record just before the commit) to the end of that seat's redraw showing it - the seat's
own moves excluded. Measuring starts once every seat of every game has joined (start-up is not
counted) and lasts ``--seconds``. Games are added until the 95th percentile passes one second.
The load column is the machine's one-minute load average at the end of a round: other work on the
machine lengthens the latencies. Everything runs on this machine and talks through files only;
every process is stopped at the end of each round. Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCENARIO = "lisbon-2010"
LIMIT = 1.0
"""The latency (95th percentile, seconds) past which a machine holds no more games."""


# --- a seat process ----------------------------------------------------------------------------------


class Recorder:
    """Writes, for each move another seat made, how long after its commit this seat had drawn it."""

    def __init__(self, session, out: Path, go: Path) -> None:  # session: LiveSession
        self.session = session
        self.out = out.open("a", encoding="utf-8")
        self.go = go
        self.drawn = len(session.actions)

    def shown(self, count: int) -> None:
        now = time.time()
        if count <= self.drawn:
            return
        rows = self.session.live.store.conn.execute(
            "SELECT seq, at, by FROM actions WHERE seq > ? AND seq <= ?", (self.drawn, count)).fetchall()
        self.drawn = count
        if not self.go.exists():
            return
        for seq, at, by in rows:
            if by != self.session.seat:
                self.out.write(json.dumps({"seq": seq, "latency": now - at}) + "\n")
        self.out.flush()


def seat(args: argparse.Namespace) -> int:
    """One seat of one game: join, then play (a bot) or watch (the facilitator), recording latencies."""
    from game.bots import BOTS
    from game.live import LiveGame

    live = LiveGame.open(args.code, args.live_dir)
    session = live.join(args.seat, args.pin, via="bot")
    go = Path(args.go)
    recorder = Recorder(session, Path(args.out), go)
    print("joined", flush=True)
    bot = BOTS["random"](live.loaded.game, args.seat) if args.seat in live.loaded.game.roles else None
    if args.mode == "api":
        from game.live.seatbot import play_seat

        def refreshed(s, before: int) -> None:
            recorder.shown(len(s.actions))

        if bot is None:
            while not session.state.over:
                if session.refresh():
                    recorder.shown(len(session.actions))
                session.beat()
                time.sleep(0.05)
            return 0
        thinking = Thinker(args.think)

        class Slow:
            def act(self, obs):  # a bot that waits its think time, then plays
                thinking.wait()
                return bot.act(obs)

        while not go.exists():
            session.refresh()
            session.beat()
            time.sleep(0.05)
        play_seat(session, Slow(), on_refresh=refreshed)  # type: ignore[arg-type]
        return 0
    return ui_seat(session, bot, recorder, go, args.think)


class Thinker:
    """A bot's pause before each move (people take far longer)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def wait(self) -> None:
        time.sleep(self.seconds)


def ui_seat(session, bot, recorder: Recorder, go: Path, think: float) -> int:
    """The real seat app, headless; the bot plays through the screen after ``think`` seconds."""
    from game.live.tui.app import SeatApp
    from game.live.tui.seat import SeatScreen

    class BenchApp(SeatApp):
        def open_seat(self, live_session) -> None:
            super().open_seat(live_session)
            self.screen_stack[-1].on_shown = recorder.shown
            self.set_interval(0.05, self.play)
            self._due: float | None = None
            self._busy = False

        async def play(self) -> None:
            screen = self.screen
            if bot is None or self._busy or not go.exists() or not isinstance(screen, SeatScreen):
                return
            if session.state.over:
                self.exit(0)
                return
            if session.to_act() != session.seat:
                self._due = None
                return
            if self._due is None:
                self._due = time.monotonic() + think
            if time.monotonic() < self._due:
                return
            self._busy = True
            try:
                await screen.submit(bot.act(session.view(session.seat)))
            finally:
                self._busy, self._due = False, None

    app = BenchApp(session)
    app.run(headless=True, size=(120, 40))
    return 0


# --- the rounds ---------------------------------------------------------------------------------------


def start(args: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    with log.open("w") as out:
        return subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, text=True,
                                stdin=subprocess.DEVNULL, start_new_session=True)


def wait_for(condition, what: str, timeout: float) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.1)


def one_round(games: int, seconds: float, think: float, mode: str, seed: int) -> dict:
    """Host ``games`` games with eight seats each; the latencies seen over ``seconds``."""
    folder = Path(tempfile.mkdtemp(prefix="wargame-multiseat-"))
    live_dir = folder / "live"
    env = {**os.environ, "WARGAME_SAVES_DIR": str(folder / "saves"), "PYTHONUNBUFFERED": "1"}
    go = folder / "go"
    procs: list[subprocess.Popen[str]] = []
    try:
        seats = []
        for g in range(games):
            pins_file = folder / f"pins-{g}.txt"
            procs.append(start([sys.executable, "-m", "game", "host", "--scenario", SCENARIO, "--seed", str(seed + g),
                                "--pins", str(pins_file), "--live-dir", str(live_dir)], folder / f"host-{g}.log", env))
            wait_for(lambda pins_file=pins_file: pins_file.exists() and "facilitator" in pins_file.read_text(),
                     "a host", 60)
            pins = dict(line.split() for line in pins_file.read_text().splitlines() if not line.startswith("#"))
            code = pins.pop("code")
            for name, pin in pins.items():
                log = folder / f"seat-{g}-{name}.log"
                out = folder / f"latency-{g}-{name}.jsonl"
                procs.append(start([sys.executable, __file__, "--seat-process", "--code", code, "--seat", name,
                                    "--pin", pin, "--live-dir", str(live_dir), "--out", str(out), "--go", str(go),
                                    "--think", str(think), "--mode", mode], log, env))
                seats.append(log)
        wait_for(lambda: all("joined" in log.read_text() for log in seats), "every seat to join", 60 + 15 * games)
        go.touch()
        started = time.monotonic()
        time.sleep(seconds)
        elapsed = time.monotonic() - started
        latencies = []
        for path in folder.glob("latency-*.jsonl"):
            latencies += [json.loads(line)["latency"] for line in path.read_text().splitlines() if line.strip()]
        moves = 0
        from game.live import LiveGame

        for db in live_dir.glob("*.sqlite"):
            live = LiveGame.open(db.stem, live_dir)
            moves += live.store.action_count()
            live.close()
        return {"games": games, "seats": games * 8, "seconds": round(elapsed, 1), "moves": moves,
                "samples": len(latencies), **summary(latencies), "load": round(os.getloadavg()[0], 1)}
    finally:
        for proc in procs:
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


def summary(latencies: list[float]) -> dict:
    if not latencies:
        return {"median_ms": None, "p95_ms": None, "max_ms": None}
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return {"median_ms": round(statistics.median(ordered) * 1000, 1), "p95_ms": round(p95 * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--games", default="1,2,4,6,8,12", help="numbers of games at once, tried in order")
    parser.add_argument("--seconds", type=float, default=30.0, help="measuring time of each round")
    parser.add_argument("--think", type=float, default=0.5, help="seconds a bot takes per move")
    parser.add_argument("--mode", choices=("ui", "api"), default="ui", help="real seat screens, or the seat API")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, default=None, help="also write the rounds as JSON")
    # the seat processes this script starts
    parser.add_argument("--seat-process", action="store_true", help=argparse.SUPPRESS)
    for name in ("code", "seat", "pin", "live-dir", "out", "go"):
        parser.add_argument(f"--{name}", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seat_process:
        return seat(args)
    rounds = []
    print(f"{SCENARIO}, 8 seats per game, {args.mode} seats, bots think {args.think:g} s, {args.seconds:g} s per "
          f"round, {os.cpu_count()} cores")
    print(f"{'games':>5} {'seats':>5} {'moves':>6} {'samples':>7} {'median ms':>9} {'p95 ms':>7} {'max ms':>7} "
          f"{'load':>5}")
    held = 0
    for games in (int(n) for n in args.games.split(",")):
        result = one_round(games, args.seconds, args.think, args.mode, args.seed)
        rounds.append(result)
        print(f"{result['games']:>5} {result['seats']:>5} {result['moves']:>6} {result['samples']:>7} "
              f"{result['median_ms']!s:>9} {result['p95_ms']!s:>7} {result['max_ms']!s:>7} {result['load']:>5}",
              flush=True)
        if result["p95_ms"] is None or result["p95_ms"] > LIMIT * 1000:
            break
        held = games
    print(f"Held at once with the 95th percentile under {LIMIT:g} s: {held} game(s) ({held * 8} seats).")
    if args.json is not None:
        args.json.write_text(json.dumps({"mode": args.mode, "think": args.think, "rounds": rounds, "held": held},
                                        indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
