"""How fast the terminal game starts and answers keys, measured in a real pseudo-terminal.

Three figures, printed with the command that produced them:

1. Launch to first screen: the time from starting the process to the moment the first screen's
   text reaches the terminal, for ``wargame play`` (the main menu) and, in the same run and
   alternating with it, for a bare Textual app with a header, a label and a footer. The ratio of
   the medians is the figure to watch (target: at most 1.3).
2. Key press to next frame on the game screen: keys that switch tabs and move the cursor on the
   board, each timed from writing the key to the end of the frame it causes (target: under 50 ms).
3. Peak memory (VmHWM) of the game process after those keys, and of the bare app.

Run: ``python benchmarks/startup.py [--runs N] [--keys N]`` (Linux: it uses a pty and /proc).
"""

from __future__ import annotations

import argparse
import os
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path

import fcntl

ROOT = Path(__file__).resolve().parent.parent
COLUMNS, LINES = 100, 30
QUIET = 0.05
"""A frame has ended when the terminal receives nothing more for this long (seconds)."""

BARE_APP = '''
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Label


class Bare(App):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("bare app ready")
        yield Footer()


Bare().run()
'''


@dataclass
class Terminal:
    """A child process on a pseudo-terminal of COLUMNS x LINES, whose output we read."""

    argv: list[str]
    started: float = 0.0
    output: bytearray = field(default_factory=bytearray)

    def __post_init__(self) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(COLUMNS), "LINES": str(LINES)}
        env.pop("TEXTUAL", None)
        self.started = time.perf_counter()
        self.process = subprocess.Popen(self.argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                        cwd=ROOT, start_new_session=True, close_fds=True)
        os.close(slave)

    def read(self, timeout: float) -> bytes:
        """What arrives within ``timeout`` seconds (empty when nothing does)."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return b""
        try:
            chunk = os.read(self.master, 1 << 16)
        except OSError:
            return b""
        self.output.extend(chunk)
        return chunk

    def wait_for(self, text: str, timeout: float = 20.0) -> float:
        """Seconds from launch until ``text`` has appeared on the terminal."""
        needle = text.encode()
        deadline = time.perf_counter() + timeout
        while needle not in self.output:
            if time.perf_counter() > deadline:
                tail = bytes(self.output[-400:]).decode(errors="replace")
                raise TimeoutError(f"{text!r} never appeared; last output: {tail!r}")
            self.read(0.05)
        return time.perf_counter() - self.started

    def drain(self, quiet: float = 0.5, timeout: float = 15.0) -> None:
        """Read until nothing has arrived for ``quiet`` seconds."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline and self.read(quiet):
            pass

    def key_to_frame(self, key: bytes) -> tuple[float, float]:
        """Seconds from writing ``key`` to the next frame reaching the terminal, and to the last frame
        it causes (animations, such as the tab underline sliding, add frames after the first)."""
        self.drain(0.3)
        sent = time.perf_counter()
        os.write(self.master, key)
        if not self.read(5.0):
            raise TimeoutError(f"no frame after key {key!r}")
        first = last = time.perf_counter()
        while self.read(QUIET):
            last = time.perf_counter()
        return first - sent, last - sent

    def peak_memory_mb(self) -> float:
        """The process's peak resident memory (VmHWM), in MiB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def close(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        os.close(self.master)


def wargame() -> list[str]:
    """The installed ``wargame`` command next to this interpreter, else ``python -m game``."""
    script = Path(sys.executable).with_name("wargame")
    found = script if script.exists() else shutil.which("wargame")
    return [str(found)] if found else [sys.executable, "-m", "game"]


def first_frames(runs: int, bare_script: Path) -> tuple[list[float], list[float], float]:
    """Launch-to-first-screen times of ``wargame play`` and the bare app, alternating; bare app's memory."""
    game, bare, bare_memory = [], [], float("nan")
    for _ in range(runs):
        term = Terminal([*wargame(), "play"])
        try:
            game.append(term.wait_for("New game"))
        finally:
            term.close()
        term = Terminal([sys.executable, str(bare_script)])
        try:
            bare.append(term.wait_for("bare app ready"))
            term.drain(0.3)
            bare_memory = term.peak_memory_mb()
        finally:
            term.close()
    return game, bare, bare_memory


KEYS: tuple[tuple[str, bytes], ...] = (
    ("tab Board (1)", b"1"), ("cursor down", b"\x1b[B"), ("cursor down", b"\x1b[B"), ("cursor up", b"\x1b[A"),
    ("tab Event (2)", b"2"), ("tab Talks (3)", b"3"), ("tab Decide (4)", b"4"), ("tab Result (5)", b"5"),
    ("tab Brief (6)", b"6"), ("tab Log (7)", b"7"),
)


def key_latencies(rounds: int) -> tuple[dict[str, list[tuple[float, float]]], float]:
    """Key-to-frame times on the game screen (lisbon-2010, NATO against bots), and peak memory."""
    argv = [*wargame(), "play", "--scenario", "lisbon-2010", "--seed", "1", "--seats", "nato=human"]
    term = Terminal(argv)
    times: dict[str, list[tuple[float, float]]] = {}
    try:
        term.wait_for("your move", timeout=30)
        term.drain(1.0)
        for _ in range(rounds):
            for name, key in KEYS:
                times.setdefault(name, []).append(term.key_to_frame(key))
        memory = term.peak_memory_mb()
    finally:
        term.close()
    return times, memory


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="launches of each app (default 7)")
    parser.add_argument("--keys", type=int, default=3, help="rounds of the key sequence (default 3)")
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux"):
        print("this benchmark needs Linux (a pty and /proc)", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory() as tmp:
        bare_script = Path(tmp) / "bare_app.py"
        bare_script.write_text(BARE_APP, encoding="utf-8")
        first_frames(1, bare_script)  # one launch of each, not counted: byte-code and file caches warm up
        game, bare, bare_memory = first_frames(args.runs, bare_script)
    times, memory = key_latencies(args.keys)

    print(f"Terminal {COLUMNS}x{LINES}, {args.runs} launches each, alternating; python {sys.version.split()[0]}")
    print("\nLaunch to first screen (s)     median     min     max")
    for name, values in (("wargame play (main menu)", game), ("bare Textual app", bare)):
        print(f"  {name:<28} {statistics.median(values):6.3f}  {min(values):6.3f}  {max(values):6.3f}")
    ratio = statistics.median(game) / statistics.median(bare)
    print(f"  ratio of medians: {ratio:.2f} (target: at most 1.3)")

    firsts = [first for values in times.values() for first, _ in values]
    print(f"\nKey press to next frame on the game screen (ms; lisbon-2010, {args.keys} rounds)")
    print("                      next frame: median    max   all frames: median")
    for name, values in times.items():
        first = [1000 * f for f, _ in values]
        settled = [1000 * s for _, s in values]
        print(f"  {name:<18} {statistics.median(first):16.1f} {max(first):6.1f} {statistics.median(settled):20.1f}")
    print(f"  every key: next frame median {1000 * statistics.median(firsts):.1f} ms, "
          f"max {1000 * max(firsts):.1f} ms (target: under 50 ms)")
    print(f"\nPeak memory: wargame game screen {memory:.1f} MiB; bare Textual app {bare_memory:.1f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
