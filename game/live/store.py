"""The record of one live game: an SQLite database in WAL mode, shared by every process of the game.

One file per game (``<live dir>/<CODE>.sqlite``) holds the scenario copy, the seed, the seats with
their PIN digests, the claims of the processes that joined them (with heartbeats), and the action
log. Every process of the game (the host, each seat's terminal or browser app) opens the same
file; SQLite serialises the writers (``BEGIN IMMEDIATE`` with a busy timeout), so an action is
checked against the whole log and appended in one transaction, or not at all.

This module is storage only: rows in, rows out. Who may write what, and the engine's check of
every action, are :mod:`game.live.session`'s part. Times here are wall-clock seconds; they decide
who is present and never enter the game.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.request import pathname2url

from game.live.codes import PinDigest
from game.live.errors import Damaged, LiveError, UnknownGame

SCHEMA_VERSION = 1
APPLICATION_ID = 0x57474C56  # "WGLV": marks the file as a live wargame
SUFFIX = ".sqlite"
BUSY_TIMEOUT = 10.0
"""Seconds a process waits for another's write transaction before giving up (writes take milliseconds)."""

BEAT_INTERVAL = 2.0
"""Seconds between a seat's heartbeats."""
STALE_AFTER = 10.0
"""A claim whose heartbeat is older than this (or whose process on this machine has gone) is absent."""
MAX_FAILURES = 5
"""Wrong PINs in a row after which a seat refuses joins for :data:`LOCKOUT` seconds."""
LOCKOUT = 60.0

HOST = ":host"
"""The ``by`` of actions the host process took (card draws and bots' moves)."""

_SCHEMA = """
CREATE TABLE game (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    code TEXT NOT NULL,
    game_id TEXT NOT NULL,
    engine TEXT NOT NULL,
    seed INTEGER NOT NULL,
    scenario TEXT NOT NULL,
    created TEXT NOT NULL,
    seats_version INTEGER NOT NULL DEFAULT 0,
    host_token BLOB NOT NULL,
    host_pid INTEGER NOT NULL DEFAULT 0,
    host_machine TEXT NOT NULL DEFAULT '',
    host_beat REAL NOT NULL DEFAULT 0
);
CREATE TABLE seats (
    seat TEXT PRIMARY KEY,
    position INTEGER NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    salt BLOB NOT NULL,
    iterations INTEGER NOT NULL,
    digest BLOB NOT NULL,
    shared INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0,
    locked_until REAL NOT NULL DEFAULT 0
);
CREATE TABLE claims (
    token BLOB PRIMARY KEY,
    seat TEXT NOT NULL REFERENCES seats(seat),
    via TEXT NOT NULL,
    pid INTEGER NOT NULL,
    machine TEXT NOT NULL,
    joined REAL NOT NULL,
    beat REAL NOT NULL
);
CREATE TABLE actions (
    seq INTEGER PRIMARY KEY,
    data TEXT NOT NULL,
    actor TEXT NOT NULL,
    by TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE TABLE journal (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    seat TEXT NOT NULL,
    what TEXT NOT NULL
);
"""


def machine_id() -> str:
    """This machine, as claims record it (a claim's process is checked for life only on its own machine)."""
    return socket.gethostname()


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists on this machine."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class Header:
    """What never changes in a live game: its code, ids, seed, scenario copy (JSON) and start time."""

    code: str
    game_id: str
    engine: str
    seed: int
    scenario: dict[str, Any]
    created: str


@dataclass(frozen=True)
class Claim:
    """One process's hold on a seat: how it joined, its process, and its last heartbeat."""

    seat: str
    via: str
    pid: int
    machine: str
    joined: float
    beat: float

    def present(self, now: float, here: str) -> bool:
        """Whether the claim is alive: a fresh heartbeat, and on this machine a running process."""
        if now - self.beat > STALE_AFTER:
            return False
        return self.machine != here or process_alive(self.pid)


@dataclass(frozen=True)
class SeatRow:
    """A seat as stored: ``kind`` is ``human`` or ``bot:KIND``; ``shared`` allows several screens."""

    seat: str
    position: int
    kind: str
    pin: PinDigest
    shared: bool
    failures: int
    locked_until: float
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class LoggedAction:
    """One entry of the action log: its number (from 1), the action's JSON, who took it and when."""

    seq: int
    data: dict[str, Any]
    actor: str
    by: str
    at: float


@dataclass(frozen=True)
class Entry:
    """A line of the game's journal: joins, departures, hand-overs (not game moves)."""

    at: float
    seat: str
    what: str


def _connect(path: Path, *, create: bool) -> sqlite3.Connection:
    mode = "rwc" if create else "rw"
    uri = f"file:{pathname2url(str(path))}?mode={mode}"
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


class Store:
    """An open connection to one live game's database (one per process; use it from one thread)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.conn = conn
        self.path = path
        self.clock = clock
        self.machine = machine_id()
        self.commits = 0
        """Write transactions committed through this connection (``data_version`` counts only others')."""

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        header: Header,
        seats: list[tuple[str, str, PinDigest]],
        host_token: bytes,
        clock: Callable[[], float] = time.time,
    ) -> Store:
        """Make the database of a new game; ``seats`` are (seat, kind, PIN digest) in display order.

        The file must not exist yet. It is readable by its owner only: it holds the PIN digests.
        """
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        try:
            conn = _connect(path, create=True)
            conn.execute("PRAGMA journal_mode = WAL")
            store = cls(conn, path, clock)
            with store.transaction():
                for statement in _SCHEMA.split(";"):  # not executescript: it would commit first
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(
                    "INSERT INTO game (id, code, game_id, engine, seed, scenario, created, host_token)"
                    " VALUES (1, ?, ?, ?, ?, ?, ?, ?)",
                    (header.code, header.game_id, header.engine, header.seed,
                     json.dumps(header.scenario, ensure_ascii=False), header.created, host_token),
                )
                conn.executemany(
                    "INSERT INTO seats (seat, position, kind, salt, iterations, digest) VALUES (?, ?, ?, ?, ?, ?)",
                    [(seat, i, kind, pin.salt, pin.iterations, pin.digest)
                     for i, (seat, kind, pin) in enumerate(seats)],
                )
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return store

    @classmethod
    def open(cls, path: Path, code: str = "", clock: Callable[[], float] = time.time) -> Store:
        """Open an existing game's database; :class:`UnknownGame` if there is none or it is not one."""
        what = code or path.name
        if not path.is_file():
            raise UnknownGame(f"there is no live game {what} here: check the code the host printed")
        if not (os.access(path, os.R_OK | os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)):
            raise LiveError(f"cannot read and write game {what} in {path.parent}: every process of a game runs as "
                            "the account that hosts it (see docs/multiseat.md)")
        try:
            conn = _connect(path, create=False)
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as exc:
            raise UnknownGame(f"{what} is not a live game ({exc})") from None
        if app_id != APPLICATION_ID:
            conn.close()
            raise UnknownGame(f"{what} is not a live game")
        if version != SCHEMA_VERSION:
            conn.close()
            raise Damaged(f"{what} was made by another version of wargame (live schema {version}, "
                          f"this one reads {SCHEMA_VERSION})")
        return cls(conn, path, clock)

    def close(self) -> None:
        self.conn.close()

    # -- transactions --------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT`` (``ROLLBACK`` on any exception): one writer at a time."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:  # the work failed, or the commit itself did
                self.conn.execute("ROLLBACK")
            raise
        self.commits += 1

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: several queries see one consistent state of the database.

        Inside a transaction already open (a write), it adds nothing: that one is consistent too.
        """
        if self.conn.in_transaction:
            yield self.conn
            return
        self.conn.execute("BEGIN")
        try:
            yield self.conn
        finally:
            self.conn.execute("COMMIT")

    def version(self) -> tuple[int, int]:
        """A value that changes whenever anything is committed, by any connection (cheap: no table is read)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0]), self.commits

    # -- reading -------------------------------------------------------------------------------

    def header(self) -> Header:
        row = self.conn.execute("SELECT code, game_id, engine, seed, scenario, created FROM game").fetchone()
        if row is None:
            raise Damaged(f"{self.path.name}: the game's header is missing")
        try:
            scenario = json.loads(row[4])
        except ValueError:
            raise Damaged(f"{self.path.name}: the scenario copy is not JSON") from None
        return Header(row[0], row[1], row[2], int(row[3]), scenario, row[5])

    def seats_version(self) -> int:
        """Changes whenever a seat is joined, left, released, handed to a bot or back."""
        return int(self.conn.execute("SELECT seats_version FROM game").fetchone()[0])

    def seats(self) -> list[SeatRow]:
        """Every seat with its claims, in display order."""
        with self.snapshot() as conn:
            claims: dict[str, list[Claim]] = {}
            for row in conn.execute("SELECT seat, via, pid, machine, joined, beat FROM claims ORDER BY joined"):
                claims.setdefault(row[0], []).append(Claim(*row))
            rows = conn.execute(
                "SELECT seat, position, kind, salt, iterations, digest, shared, failures, locked_until"
                " FROM seats ORDER BY position"
            ).fetchall()
        return [
            SeatRow(r[0], r[1], r[2], PinDigest(r[3], r[4], r[5]), bool(r[6]), r[7], r[8], tuple(claims.get(r[0], ())))
            for r in rows
        ]

    def seat(self, seat: str) -> SeatRow | None:
        return next((row for row in self.seats() if row.seat == seat), None)

    def action_count(self) -> int:
        return int(self.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM actions").fetchone()[0])

    def actions_after(self, seq: int) -> list[LoggedAction]:
        """The log entries after number ``seq`` (all of them for 0), in order."""
        out = []
        for row in self.conn.execute("SELECT seq, data, actor, by, at FROM actions WHERE seq > ? ORDER BY seq", (seq,)):
            try:
                data = json.loads(row[1])
            except ValueError:
                raise Damaged(f"{self.path.name}: action {row[0]} of the log is not JSON") from None
            out.append(LoggedAction(row[0], data, row[2], row[3], row[4]))
        expected = seq + 1
        for entry in out:
            if entry.seq != expected:
                raise Damaged(f"{self.path.name}: the log skips from action {expected - 1} to {entry.seq}")
            expected += 1
        return out

    def claim_of(self, token: bytes) -> Claim | None:
        row = self.conn.execute("SELECT seat, via, pid, machine, joined, beat FROM claims WHERE token = ?",
                                (token,)).fetchone()
        return Claim(*row) if row else None

    def host_token(self) -> bytes:
        return bytes(self.conn.execute("SELECT host_token FROM game").fetchone()[0])

    def host_beat(self) -> tuple[int, str, float]:
        """The host process's id, machine and last heartbeat."""
        row = self.conn.execute("SELECT host_pid, host_machine, host_beat FROM game").fetchone()
        return int(row[0]), row[1], float(row[2])

    def host_present(self) -> bool:
        """Whether the host process is there: a fresh heartbeat, and on this machine a running process."""
        pid, machine, beat = self.host_beat()
        if self.clock() - beat > STALE_AFTER:
            return False
        return machine != self.machine or process_alive(pid)

    def journal(self, after: int = 0) -> list[tuple[int, Entry]]:
        return [(r[0], Entry(r[1], r[2], r[3])) for r in
                self.conn.execute("SELECT id, at, seat, what FROM journal WHERE id > ? ORDER BY id", (after,))]

    # -- writing (each inside a transaction of the caller's) -----------------------------------------

    def append(self, conn: sqlite3.Connection, seq: int, data: dict[str, Any], actor: str, by: str) -> float:
        """Add action number ``seq`` to the log (the primary key refuses a second action of one number);
        returns the time it is recorded at."""
        at = self.clock()
        conn.execute("INSERT INTO actions (seq, data, actor, by, at) VALUES (?, ?, ?, ?, ?)",
                     (seq, json.dumps(data, ensure_ascii=False, sort_keys=True), actor, by, at))
        return at

    def note(self, conn: sqlite3.Connection, seat: str, what: str) -> None:
        """A journal line (a join, a departure, a hand-over); bumps the seats' version."""
        conn.execute("INSERT INTO journal (at, seat, what) VALUES (?, ?, ?)", (self.clock(), seat, what))
        conn.execute("UPDATE game SET seats_version = seats_version + 1")

    def add_claim(self, conn: sqlite3.Connection, token: bytes, seat: str, via: str) -> None:
        now = self.clock()
        conn.execute("INSERT INTO claims (token, seat, via, pid, machine, joined, beat) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (token, seat, via, os.getpid(), self.machine, now, now))

    def drop_claims(self, conn: sqlite3.Connection, seat: str, *, only_absent: bool) -> int:
        """Remove a seat's claims (only the absent ones, or all); returns how many went."""
        now = self.clock()
        rows = conn.execute("SELECT token, seat, via, pid, machine, joined, beat FROM claims WHERE seat = ?",
                            (seat,)).fetchall()
        gone = [r[0] for r in rows if not only_absent or not Claim(*r[1:]).present(now, self.machine)]
        conn.executemany("DELETE FROM claims WHERE token = ?", [(t,) for t in gone])
        return len(gone)

    def drop_claim(self, token: bytes) -> bool:
        """Remove one claim (a seat leaving); whether it was there."""
        with self.transaction() as conn:
            row = conn.execute("SELECT seat FROM claims WHERE token = ?", (token,)).fetchone()
            if row is None:
                return False
            conn.execute("DELETE FROM claims WHERE token = ?", (token,))
            self.note(conn, row[0], "left")
        return True

    def beat(self, token: bytes) -> bool:
        """Refresh a claim's heartbeat; False when the claim is gone (released by the facilitator)."""
        with self.transaction() as conn:
            cursor = conn.execute("UPDATE claims SET beat = ? WHERE token = ?", (self.clock(), token))
        return cursor.rowcount == 1

    def beat_host(self, token: bytes) -> bool:
        """The host's heartbeat; False if ``token`` is not the host's (another host took over)."""
        with self.transaction() as conn:
            cursor = conn.execute("UPDATE game SET host_pid = ?, host_machine = ?, host_beat = ? WHERE host_token = ?",
                                  (os.getpid(), self.machine, self.clock(), token))
        return cursor.rowcount == 1

    def set_host_token(self, conn: sqlite3.Connection, token: bytes) -> None:
        conn.execute("UPDATE game SET host_token = ?, host_pid = ?, host_machine = ?, host_beat = ?",
                     (token, os.getpid(), self.machine, self.clock()))

    def record_failure(self, seat: str) -> int:
        """Count a wrong PIN for ``seat``; after :data:`MAX_FAILURES` in a row the seat locks. Returns the count."""
        with self.transaction() as conn:
            failures: int = conn.execute("SELECT failures FROM seats WHERE seat = ?", (seat,)).fetchone()[0] + 1
            if failures >= MAX_FAILURES:
                conn.execute("UPDATE seats SET failures = 0, locked_until = ? WHERE seat = ?",
                             (self.clock() + LOCKOUT, seat))
            else:
                conn.execute("UPDATE seats SET failures = ? WHERE seat = ?", (failures, seat))
        return failures

    def set_kind(self, conn: sqlite3.Connection, seat: str, kind: str) -> None:
        conn.execute("UPDATE seats SET kind = ? WHERE seat = ?", (kind, seat))

    def set_shared(self, conn: sqlite3.Connection, seat: str, shared: bool) -> None:
        conn.execute("UPDATE seats SET shared = ? WHERE seat = ?", (int(shared), seat))

    def reset_failures(self, conn: sqlite3.Connection, seat: str) -> None:
        conn.execute("UPDATE seats SET failures = 0 WHERE seat = ?", (seat,))
