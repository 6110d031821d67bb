"""A live game as a whole: creating it, opening it by code, checking PINs, joining seats, the host's key.

:class:`LiveGame` is one process's handle on a game's database (:mod:`game.live.store`) with
the scenario rebuilt from the copy the database carries, so every process plays exactly the rules
the host started with, whatever happens to the scenario files meanwhile. Joining a seat with its
PIN gives a :class:`~game.live.session.LiveSession`; so does the host's key.

Seats are the scenario's roles plus the facilitator's (``facilitator``), each with its own PIN.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from game import __version__
from game.engine import FACILITATOR
from game.live.codes import BadInput, PinDigest, new_code, new_pin, new_token, read_code, read_pin, token_digest
from game.live.directory import game_path, live_dir
from game.live.errors import BadRequest, Damaged, LiveError, SeatLocked, SeatTaken, WrongPin
from game.live.store import HOST, SUFFIX, Header, SeatRow, Store
from game.scenario.loader import LoadedScenario
from game.session import HUMAN, Seat, SeatError, parse_seats

if TYPE_CHECKING:
    from game.live.session import LiveSession

VIAS = ("terminal", "browser", "bot", "command")
"""How a seat was joined, as the host's status shows it."""


@dataclass(frozen=True)
class NewGame:
    """A game just created: its handle, its code, one PIN per seat (shown once, never stored) and the host key."""

    live: LiveGame
    code: str
    pins: Mapping[str, str]
    host_token: str


class LiveGame:
    """One live game, opened by this process."""

    def __init__(self, store: Store, header: Header, loaded: LoadedScenario) -> None:
        self.store = store
        self.header = header
        self.loaded = loaded

    # -- making and opening --------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        loaded: LoadedScenario,
        seed: int,
        seats: Mapping[str, Seat],
        directory: Path | str | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> NewGame:
        """Start a live game of ``loaded``: a new database under a fresh code, a PIN for each seat."""
        from game.saves.read import scenario_copy
        from game.saves.store import new_game_id

        roles = loaded.game.roles
        if FACILITATOR in roles:
            raise BadRequest(f"the scenario has a role named {FACILITATOR!r}, the name of the facilitator's seat")
        missing = [r for r in roles if r not in seats]
        if missing:
            raise BadRequest(f"no seat for {', '.join(missing)}")
        folder = live_dir(directory)
        now = datetime.fromtimestamp(clock(), UTC).replace(microsecond=0)
        for _ in range(100):
            code = new_code()
            path = folder / f"{code}{SUFFIX}"
            if not path.exists():
                break
        else:  # pragma: no cover - 31**6 codes
            raise LiveError(f"could not find a free game code in {folder}")
        pins: dict[str, str] = {}
        for seat in (*roles, FACILITATOR):
            pin = new_pin()
            while pin in pins.values():  # distinct, so that no team's PIN opens another seat
                pin = new_pin()
            pins[seat] = pin
        host_token = new_token()
        header = Header(code, new_game_id(loaded.game.id, now), __version__, seed,
                        scenario_copy(loaded).model_dump(mode="json"), now.isoformat())
        rows = [(role, seats[role].spec(), PinDigest.of(pins[role])) for role in roles]
        rows.append((FACILITATOR, HUMAN, PinDigest.of(pins[FACILITATOR])))
        try:
            store = Store.create(path, header, rows, token_digest(host_token), clock)
        except FileExistsError:  # pragma: no cover - a race for the same fresh code
            raise LiveError(f"game code {code} was taken meanwhile; try again") from None
        except OSError as exc:
            raise LiveError(f"cannot create the game in {folder}: {exc.strerror or exc}") from None
        return NewGame(cls(store, header, loaded), code, pins, host_token)

    @classmethod
    def open(
        cls, code: str, directory: Path | str | None = None, *, clock: Callable[[], float] = time.time
    ) -> LiveGame:
        """Open the game ``code`` (as typed); :class:`UnknownGame` or :class:`BadRequest` with a clear message."""
        try:
            path = game_path(code, directory)
        except BadInput as exc:
            raise BadRequest(str(exc)) from None
        store = Store.open(path, read_code(code), clock)
        try:
            header = store.header()
            loaded = _scenario_of(header, path)
        except BaseException:
            store.close()
            raise
        return cls(store, header, loaded)

    def close(self) -> None:
        self.store.close()

    # -- seats ---------------------------------------------------------------------------------

    @property
    def code(self) -> str:
        return self.header.code

    @property
    def seat_ids(self) -> tuple[str, ...]:
        """The roles, then the facilitator's seat."""
        return (*self.loaded.game.roles, FACILITATOR)

    def seat_name(self, seat: str) -> str:
        """``Russia``, ``Facilitator``."""
        return "Facilitator" if seat == FACILITATOR else self.loaded.game.role_name(seat)

    def seat_id(self, text: str) -> str:
        """The seat a person named (its id or its name, any case); :class:`BadRequest` if none."""
        wanted = text.strip().lower()
        for seat in self.seat_ids:
            if wanted in (seat.lower(), self.seat_name(seat).lower()):
                return seat
        raise BadRequest(f"game {self.code} has no seat {text.strip()[:40]!r} (seats: {', '.join(self.seat_ids)})")

    def role_seats(self, rows: list[SeatRow] | None = None) -> dict[str, Seat]:
        """Who plays each role now, as a :class:`~game.session.Session` wants it."""
        rows = self.store.seats() if rows is None else rows
        kinds = {row.seat: row.kind for row in rows}
        spec = ",".join(f"{role}={kinds.get(role, HUMAN)}" for role in self.loaded.game.roles)
        try:
            return parse_seats(spec, self.loaded.game.roles)
        except SeatError as exc:
            raise Damaged(f"game {self.code}: {exc}") from None

    def check_pin(self, seat: str, pin: str) -> str:
        """Check ``pin`` for ``seat`` (an id or name); returns the seat id, or raises with a clear message.

        A wrong PIN is counted: after a few in a row the seat refuses every PIN for a minute. Nothing
        else is written and nothing in the game changes.
        """
        seat = self.seat_id(seat)
        try:
            pin = read_pin(pin)
        except BadInput as exc:
            raise BadRequest(str(exc)) from None
        row = self.store.seat(seat)
        if row is None:
            raise Damaged(f"game {self.code}: the seat {seat} is missing from its record")
        wait = row.locked_until - self.store.clock()
        if wait > 0:
            raise SeatLocked(f"too many wrong PINs for {self.seat_name(seat)}: try again in {math.ceil(wait)} s")
        if not row.pin.matches(pin):
            self.store.record_failure(seat)
            raise WrongPin(f"wrong PIN for {self.seat_name(seat)} in game {self.code}")
        return seat

    def join(self, seat: str, pin: str, via: str = "terminal") -> LiveSession:
        """Take ``seat`` with its PIN; the session plays it. Refused, changing nothing, when the PIN is
        wrong or the seat is open on another screen (unless the facilitator shared it).

        A seat whose earlier screen has gone (closed, killed, cut off) is taken over: that is a rejoin.
        A role the facilitator handed to a bot comes back to its people.
        """
        from game.live.session import LiveSession

        if via not in VIAS:
            raise BadRequest(f"unknown way of joining {via!r}")
        seat = self.check_pin(seat, pin)
        token = new_token()
        store = self.store
        with store.transaction() as conn:
            row = next(r for r in store.seats() if r.seat == seat)
            now = store.clock()
            present = [c for c in row.claims if c.present(now, store.machine)]
            if present and not row.shared:
                seen = max(0, round(now - max(c.beat for c in present)))
                raise SeatTaken(
                    f"{self.seat_name(seat)} is already open on another screen ({present[0].via}, seen {seen} s ago); "
                    "the facilitator can allow a second screen or release the seat"
                )
            rejoin = store.drop_claims(conn, seat, only_absent=True) > 0
            store.add_claim(conn, token_digest(token), seat, via)
            store.reset_failures(conn, seat)
            what = f"rejoined ({via})" if rejoin else f"joined ({via})"
            if row.kind != HUMAN:
                store.set_kind(conn, seat, HUMAN)
                what += f", taking the seat back from the {row.kind.removeprefix('bot:')} bot"
            store.note(conn, seat, what)
        return LiveSession(self, seat, token)

    def observe(self) -> LiveSession:
        """A read-only session of the game as it stands (no seat, no moves): for status and export."""
        from game.live.session import OBSERVER, LiveSession

        return LiveSession(self, OBSERVER, "")

    # -- the host ------------------------------------------------------------------------------

    def host_session(self, host_token: str) -> LiveSession:
        """The session of the host process (it draws the cards and plays the bots' seats)."""
        from game.live.session import LiveSession

        if self.store.host_token() != token_digest(host_token):
            raise WrongPin(f"this is not the host key of game {self.code}")
        session = LiveSession(self, HOST, host_token)
        session.beat()
        return session

    def take_over_host(self, facilitator_pin: str) -> tuple[LiveSession, str]:
        """Host the game again from a new process (after the host stopped), with the facilitator's PIN.

        Refused while the host process is still running. Returns the session and the new host key.
        """
        self.check_pin(FACILITATOR, facilitator_pin)
        token = new_token()
        with self.store.transaction() as conn:  # one check and take-over at a time: two new hosts cannot both win
            if self.store.host_present():
                pid = self.store.host_beat()[0]
                raise SeatTaken(f"game {self.code} is still hosted (process {pid}); stop that host first")
            self.store.set_host_token(conn, token_digest(token))
            self.store.note(conn, FACILITATOR, "handed the game to a new host process")
        return self.host_session(token), token


def _scenario_of(header: Header, path: Path) -> LoadedScenario:
    """The scenario a live game was started with, rebuilt from its copy and checked against its hashes."""
    from game.saves import SaveError
    from game.saves.format import ScenarioCopy
    from game.saves.read import scenario_of_copy

    try:
        copy = ScenarioCopy.model_validate(header.scenario)
        return scenario_of_copy(copy, path)
    except ValidationError as exc:
        raise Damaged(f"{path.name}: the scenario copy is malformed ({exc.error_count()} problems)") from None
    except SaveError as exc:
        raise Damaged(str(exc)) from None
