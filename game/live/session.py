"""A seat's session of a live game: a :class:`~game.session.Session` whose log is the shared database.

Each process replays the game's log into its own session and keeps it current with
:meth:`LiveSession.refresh` (a few times a second: when nothing was committed meanwhile it costs
one ``PRAGMA``). A move goes through :meth:`LiveSession.submit`, which in one ``BEGIN IMMEDIATE``
transaction catches up with every move committed so far, checks that this process holds the seat
and that it is the seat's move, has the engine check and apply the action, and appends it. So the
one authority is the log in the database; two moves are never both based on the same position,
and a refused move writes nothing.

Front ends use a live session exactly like a hot-seat one (``state``, ``view``, ``submit``,
``to_act``, ``events`` ...). Only the host process plays the card draws and the bots' seats, so
:meth:`LiveSession.automatic_action` offers nothing to the others.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from game.bots import BOTS, DEFAULT_BOT
from game.engine import (
    CHANCE,
    FACILITATOR,
    FACILITATOR_ACTIONS,
    Action,
    ActionFormatError,
    DrawCard,
    Event,
    GameState,
    IllegalAction,
    Observation,
    Step,
    action_from_dict,
    action_to_dict,
    new_game,
)
from game.live.codes import token_digest
from game.live.errors import BadRequest, Damaged, LiveError, NotAllowed, Stale
from game.live.store import BEAT_INTERVAL, HOST, SeatRow
from game.session import HUMAN, Session

if TYPE_CHECKING:
    from game.live.game import LiveGame


OBSERVER = ":observer"
"""The seat of a read-only session (``wargame live status``, ``export``): it holds no claim and makes no move."""


class Unavailable(LiveError, IllegalAction):
    """The database could not take the move now (busy for too long, or a disk error); nothing was written."""


@dataclass(frozen=True)
class SeatStatus:
    """A seat as the host and the facilitator see it: who plays it and whether anyone is there."""

    seat: str
    name: str
    kind: str
    screens: tuple[str, ...]
    last_seen: float | None
    shared: bool
    locked: bool

    @property
    def bot(self) -> str | None:
        return None if self.kind == HUMAN else self.kind.removeprefix("bot:")

    @property
    def present(self) -> bool:
        """Someone is at the seat: a screen is open on it, or a bot plays it."""
        return self.bot is not None or bool(self.screens)

    def describe(self) -> str:
        """``joined (terminal)``, ``absent``, ``played by the greedy bot`` ..."""
        if self.bot is not None:
            text = f"played by the {self.bot} bot"
        elif self.screens:
            text = f"joined ({', '.join(self.screens)})"
        else:
            text = "absent" if self.last_seen is None else "left or cut off"
        if self.shared:
            text += "; may be open on several screens"
        if self.locked:
            text += "; locked after wrong PINs"
        return text


class _Mark(NamedTuple):
    state: GameState
    actions: int
    events: int
    turn_digests: int


class LiveSession(Session):
    """One process's session of a live game, playing ``seat`` (a role, ``facilitator`` or the host)."""

    def __init__(self, live: LiveGame, seat: str, token: str) -> None:
        game = live.loaded.game
        super().__init__(game, live.header.seed, live.role_seats(), new_game(game, live.header.seed))
        self.live = live
        self.seat = seat
        self._digest = token_digest(token)
        self._version: tuple[int, int] | None = None
        self._seats_version: int | None = None
        self._last_beat = float("-inf")
        self.released = False
        """True once this process's hold on the seat has gone (the facilitator released it)."""
        self.times: list[float] = []
        """When each action was recorded (``time.time()`` of the process that recorded it)."""
        self.refresh()

    def recorded_at(self) -> list[float]:
        """When each action was recorded: every screen of the game reads the same times from the log."""
        return self.times

    # -- who this is ---------------------------------------------------------------------------

    @property
    def code(self) -> str:
        return self.live.code

    @property
    def is_host(self) -> bool:
        return self.seat == HOST

    @property
    def is_facilitator(self) -> bool:
        return self.seat == FACILITATOR

    @property
    def role(self) -> str | None:
        """The role this seat plays (None for the facilitator and the host)."""
        return self.seat if self.seat in self.game.roles else None

    @property
    def humans(self) -> tuple[str, ...]:
        """The human roles at this screen: the seat's own role, if it plays one."""
        return (self.seat,) if self.seat in self.game.roles and self.seats[self.seat].human else ()

    # -- keeping up ------------------------------------------------------------------------------

    def refresh(self) -> bool:
        """Take in what the other seats did since the last call; whether anything changed.

        Cheap when nothing did (one ``PRAGMA data_version``): call it a few times a second.
        """
        store = self.live.store
        try:
            version = store.version()
            if version == self._version:
                return False
            self._version = version
            with store.snapshot():
                changed = self._catch_up()
                changed = self._read_seats() or changed
        except sqlite3.Error as exc:
            raise Unavailable(f"cannot read game {self.code}: {exc}") from None
        return changed

    def _catch_up(self) -> bool:
        entries = self.live.store.actions_after(len(self.actions))
        for entry in entries:
            try:
                action = action_from_dict(entry.data)
                Session.submit(self, action)
                self.times.append(entry.at)
            except (ActionFormatError, IllegalAction) as exc:
                raise Damaged(f"game {self.code}: action {entry.seq} of the record does not replay: {exc}") from None
        return bool(entries)

    def _read_seats(self) -> bool:
        store = self.live.store
        version = store.seats_version()
        if version == self._seats_version:
            return False
        self._seats_version = version
        seats = self.live.role_seats()
        for role, seat in seats.items():
            if self.seats[role] != seat:
                self._bots.pop(role, None)  # a new kind of bot, or none
        self.seats = seats
        if self.seat not in (HOST, OBSERVER):
            self.released = store.claim_of(self._digest) is None
        return True

    def beat(self, force: bool = False) -> bool:
        """Say this process is still here (writes at most every few seconds unless ``force``).

        Returns False once the seat is no longer held (released by the facilitator).
        """
        now = self.live.store.clock()
        if self.seat == OBSERVER or (not force and now - self._last_beat < BEAT_INTERVAL):
            return not self.released
        self._last_beat = now
        store = self.live.store
        try:
            held = store.beat_host(self._digest) if self.is_host else store.beat(self._digest)
        except sqlite3.Error:
            return not self.released  # busy: the next beat will do
        self.released = not held
        return held

    def leave(self) -> None:
        """Give the seat up (the screen closes); the game goes on and the seat may be joined again."""
        if self.seat not in (HOST, OBSERVER) and not self.released:
            with contextlib.suppress(sqlite3.Error):  # if it fails, the claim goes stale by itself
                self.live.store.drop_claim(self._digest)
            self.released = True

    # -- moves ---------------------------------------------------------------------------------

    def submit(self, action: Action, *, based_on: int | None = None) -> Step:
        """Play ``action`` for this seat, checked against the whole log, and record it; returns the step.

        Raises :class:`~game.engine.IllegalAction` (the engine's objection, or :class:`NotAllowed`
        when it is not this seat's move to make) and writes nothing. ``based_on`` is the number of
        actions the move was chosen on: :class:`Stale` if the log has grown since.
        """
        if not isinstance(action, Action):
            raise BadRequest(f"not an action: {type(action).__name__}")
        store = self.live.store
        mark: _Mark | None = None
        try:
            with store.transaction() as conn:
                self._catch_up()
                self._read_seats()
                if based_on is not None and len(self.actions) != based_on:
                    raise Stale(f"the game moved on ({len(self.actions) - based_on} new moves); choose again")
                self._authorise(action)
                mark = _Mark(self.state, len(self.actions), len(self.events), len(self.turn_digests))
                step = Session.submit(self, action)
                self.times.append(store.append(conn, len(self.actions), action_to_dict(action), action.role, self.seat))
        except sqlite3.Error as exc:
            self._undo(mark)
            raise Unavailable(f"the move was not recorded: {exc}; try again") from None
        except BaseException:
            self._undo(mark)
            raise
        return step

    def submit_dict(self, data: object, *, based_on: int | None = None) -> Step:
        """:meth:`submit` for an action in its JSON form; :class:`BadRequest` when it is malformed."""
        try:
            action = action_from_dict(data)
        except ActionFormatError as exc:
            raise BadRequest(f"malformed action: {exc}") from None
        return self.submit(action, based_on=based_on)

    def _undo(self, mark: _Mark | None) -> None:
        if mark is None or len(self.actions) == mark.actions:
            return
        self.state = mark.state
        del self.actions[mark.actions:]
        del self.events[mark.events:]
        del self.turn_digests[mark.turn_digests:]
        del self.times[mark.actions:]

    def _authorise(self, action: Action) -> None:
        """Refuse (with :class:`NotAllowed`) a move this process may not make now; the engine checks the rest."""
        store, live = self.live.store, self.live
        if self.is_host:
            if store.host_token() != self._digest:
                raise NotAllowed(f"another host process has taken over game {self.code}")
        elif self.seat == OBSERVER:
            raise NotAllowed("a read-only view of the game makes no moves")
        elif store.claim_of(self._digest) is None:
            self.released = True
            raise NotAllowed(f"this screen no longer holds {live.seat_name(self.seat)}: join again with the PIN")
        if isinstance(action, FACILITATOR_ACTIONS):
            if not self.is_facilitator:
                raise NotAllowed("only the facilitator's seat makes facilitator moves")
            return
        if self.is_facilitator:
            raise NotAllowed("the facilitator's seat makes facilitator moves only")
        if isinstance(action, DrawCard):
            if not self.is_host:
                raise NotAllowed("the host draws the event cards")
            return
        role = action.role
        if role not in self.game.roles:
            raise NotAllowed(f"game {self.code} has no role {role!r}")
        name = self.game.role_name(role)
        if self.is_host:
            if self.seats[role].human:
                raise NotAllowed(f"{name} is played by people now")
        else:
            if role != self.seat:
                raise NotAllowed(f"this seat plays {live.seat_name(self.seat)}, not {name}")
            if not self.seats[role].human:
                raise NotAllowed(f"{name} is played by the {self.seats[role].bot} bot now: the facilitator handed "
                                 "it over; join again to take it back")
        actor = self.to_act()
        if actor != role:
            raise NotAllowed(f"it is not {name}'s move ({self._whose(actor)})")

    def _whose(self, actor: str | None) -> str:
        if actor is None:
            return "the game is over" if self.state.over else "the game is paused"
        if actor == CHANCE:
            return "the event card is being drawn"
        return f"{self.game.role_name(actor)} is to play"

    # -- what this seat may see and do -------------------------------------------------------------

    def view(self, role: str) -> Observation:
        """``role``'s observation; a role's seat may look only at its own (the facilitator and host at any)."""
        if self.role is not None and role != self.role:
            raise NotAllowed(f"this seat plays {self.game.role_name(self.role)} and sees only its own view")
        return super().view(role)

    def automatic_action(self) -> Action | None:
        """The card draw or bot move due now - for the host only; None in every other process."""
        if not self.is_host:
            return None
        return super().automatic_action()

    def visible_events(self) -> list[Event]:
        """The events this seat may see (all of them for the facilitator and the host)."""
        viewer = self.role
        return [e for e in self.events if e.visible(viewer)]

    # -- seats ----------------------------------------------------------------------------------

    def presence(self) -> list[SeatStatus]:
        """Every seat (the roles, then the facilitator): who plays it and who is there now."""
        return statuses(self.live, self.live.store.seats())

    def host_running(self) -> bool:
        """Whether the host process is there (it beats like a seat): without it no card is drawn, no bot plays."""
        return self.live.store.host_present()

    def waiting_for_host(self) -> bool:
        """Whether the game waits for the host: a card to draw or a bot to play, and no host running."""
        actor = self.to_act()
        due = actor == CHANCE or (actor is not None and not self.seats[actor].human)
        return due and not self.host_running()

    def waiting_for(self, statuses: list[SeatStatus] | None = None) -> str | None:
        """The absent seat the game waits for now, if any (a human role whose move it is, with no screen)."""
        actor = self.to_act()
        if actor is None or actor == CHANCE or not self.seats[actor].human:
            return None
        status = next(s for s in (statuses or self.presence()) if s.seat == actor)
        return None if status.screens else actor

    def control(self) -> Control:
        """The facilitator's seat controls (hand a seat to a bot, share it, release it)."""
        if not (self.is_facilitator or self.is_host):
            raise NotAllowed("only the facilitator's seat controls the seats")
        return Control(self.live, self.live.seat_name(self.seat))

    # -- export ----------------------------------------------------------------------------------

    def export(self, path: Path | str | None = None, *, overwrite: bool = False) -> Path:
        """Write the game as it stands as an ordinary save file (default: ``saves/<game id>.json``)."""
        return export(self, path, overwrite=overwrite)


class Control:
    """What the facilitator does to seats (never to the game: those are facilitator actions in the log)."""

    def __init__(self, live: LiveGame, by: str) -> None:
        self.live = live
        self.by = by

    def _row(self, seat: str) -> SeatRow:
        seat = self.live.seat_id(seat)
        row = self.live.store.seat(seat)
        if row is None:  # pragma: no cover - seat_id knows the seats
            raise BadRequest(f"no seat {seat}")
        return row

    def hand_to_bot(self, role: str, bot: str = DEFAULT_BOT) -> None:
        """Let a bot play ``role`` (its people absent); they take it back by joining again."""
        row = self._row(role)
        if row.seat == FACILITATOR:
            raise BadRequest("the facilitator's seat cannot be handed to a bot")
        if bot not in BOTS:
            raise BadRequest(f"unknown bot {bot!r} (bots: {', '.join(BOTS)})")
        self._change(row.seat, f"handed to the {bot} bot by the {self.by}", kind=f"bot:{bot}")

    def hand_to_people(self, role: str) -> None:
        """Give ``role`` back to its people: the game waits for them again."""
        row = self._row(role)
        if row.kind == HUMAN:
            return
        self._change(row.seat, f"given back to its people by the {self.by}", kind=HUMAN)

    def share(self, seat: str, allowed: bool = True) -> None:
        """Allow (or stop allowing) a seat to be open on more than one screen at once."""
        row = self._row(seat)
        what = "may be open on several screens" if allowed else "may be open on one screen only"
        self._change(row.seat, f"{what} ({self.by})", shared=allowed)

    def release(self, seat: str) -> int:
        """Free a seat: every screen holding it loses it (and must join again with the PIN). Returns how many."""
        row = self._row(seat)
        store = self.live.store
        with store.transaction() as conn:
            dropped = store.drop_claims(conn, row.seat, only_absent=False)
            store.note(conn, row.seat, f"released by the {self.by} ({dropped} screen{'s' if dropped != 1 else ''})")
        return dropped

    def _change(self, seat: str, what: str, *, kind: str | None = None, shared: bool | None = None) -> None:
        store = self.live.store
        with store.transaction() as conn:
            if kind is not None:
                store.set_kind(conn, seat, kind)
            if shared is not None:
                store.set_shared(conn, seat, shared)
            store.note(conn, seat, what)


def statuses(live: LiveGame, rows: Iterable[SeatRow]) -> list[SeatStatus]:
    """The seats' statuses from their stored rows, as of now."""
    store = live.store
    now = store.clock()
    out = []
    for row in rows:
        present = [c for c in row.claims if c.present(now, store.machine)]
        last = max((c.beat for c in row.claims), default=None)
        out.append(SeatStatus(row.seat, live.seat_name(row.seat), row.kind, tuple(c.via for c in present), last,
                              row.shared, row.locked_until > now))
    return out


def export(session: LiveSession, path: Path | str | None = None, *, overwrite: bool = False) -> Path:
    """Write a live game's session as an ordinary save (see :mod:`game.saves`); returns its path."""
    from game.saves import SaveError, SaveFile, saves_dir
    from game.saves.format import ScenarioCopy
    from game.saves.store import SUFFIX

    header = session.live.header
    target = Path(path) if path is not None else saves_dir() / f"{header.game_id}{SUFFIX}"
    file = SaveFile(target, header.game_id, datetime.fromisoformat(header.created),
                    ScenarioCopy.model_validate(header.scenario), name=f"live game {header.code}")
    try:
        return file.save(session, overwrite=overwrite)
    except SaveError as exc:
        raise LiveError(str(exc)) from None
