"""What a facilitator types, read into facilitator actions (no Textual here, so it is easy to test).

Parsing is forgiving about spaces, signs and case of track names, and strict about everything
else: a mistake is a :class:`ValueError` whose message says what to type instead. Whether the
action is allowed now (a track that exists, a card not yet played) is the engine's to decide.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from game.engine import Action, Adjust, Countdown, DrawCard, GameState, Inject, Pause, Phase, Resume
from game.engine.actions import TrackDelta


def parse_seconds(text: str) -> int:
    """``5`` (minutes), ``2:30`` (minutes and seconds) or ``90s``: a countdown in seconds."""
    text = text.strip().lower()
    try:
        if text.endswith("s"):
            return int(text[:-1])
        if ":" in text:
            minutes, seconds = text.split(":", 1)
            return int(minutes) * 60 + int(seconds)
        return round(float(text) * 60)
    except ValueError:
        raise ValueError(f"{text!r} is not a time: give minutes (5), minutes:seconds (2:30) or seconds (90s)") from None


def clock(seconds: float) -> str:
    """``272`` -> ``4:32``: time left, rounded up to the second."""
    whole = max(0, int(-(-seconds // 1)))
    return f"{whole // 60}:{whole % 60:02d}"


class NegotiationClock:
    """The facilitator's countdown as a screen times it (the engine keeps no clock).

    Every screen - each seat's and the facilitator's - keeps one, fed the session's moves
    (:meth:`follow`) and the time (:meth:`tick`); it stops while the game is paused. Where the
    session knows when each move was recorded (a live game's log), the countdown runs from the
    moment it was set, so a screen opened late or reopened shows the same time as the others;
    otherwise it starts in full when the screen first sees it.
    """

    def __init__(self) -> None:
        self.deadline: float | None = None
        """When the time runs out (on the ``now`` scale given), or None when no countdown runs."""
        self._set_at: int | None = None
        self._ticked: float | None = None

    def follow(
        self, state: GameState, actions: Sequence[Action], now: float, recorded_at: Sequence[float] | None = None,
    ) -> None:
        """Catch up with the game after a move: start the clock for a countdown just set, drop a finished one.

        ``recorded_at`` gives when each action was recorded, on the scale of ``now``.
        """
        if not state.countdown or state.phase is not Phase.NEGOTIATION:
            self.deadline = self._set_at = None
            return
        set_at = next((i for i in range(len(actions) - 1, -1, -1) if isinstance(actions[i], (Countdown, DrawCard))),
                      None)
        if set_at == self._set_at:
            return
        self._set_at = set_at
        if set_at is None or recorded_at is None or len(recorded_at) != len(actions):
            self.deadline = now + state.countdown
            return
        start = recorded_at[set_at]
        self.deadline = min(start + state.countdown + _paused_for(actions, recorded_at, start, now), now + state.countdown)
        self._ticked = now  # the pause up to now is counted: ticks count it from here

    def tick(self, paused: bool, now: float) -> None:
        """Let time pass: a paused game does not use up its countdown."""
        if self.deadline is not None and paused and self._ticked is not None:
            self.deadline += now - self._ticked
        self._ticked = now

    def left(self, now: float) -> str:
        """``0:42`` left, or ``""`` when no countdown runs."""
        return "" if self.deadline is None else clock(self.deadline - now)

    def run_out(self, paused: bool, now: float) -> bool:
        """Whether the countdown has just run out (once: the clock stops after saying so)."""
        if self.deadline is None or paused or now < self.deadline:
            return False
        self.deadline = None
        return True


def _paused_for(actions: Sequence[Action], recorded_at: Sequence[float], start: float, now: float) -> float:
    """How long the game has been paused since ``start`` (by the recorded times of Pause and Resume)."""
    total, since = 0.0, None
    for action, at in zip(actions, recorded_at):
        if isinstance(action, Pause):
            since = at
        elif isinstance(action, Resume) and since is not None:
            total += max(0.0, at - max(since, start))
            since = None
    if since is not None:
        total += max(0.0, now - max(since, start))
    return total


def parse_adjustment(text: str) -> Adjust:
    """``mutual_confidence -1 a press leak`` -> an :class:`Adjust` (the engine checks the track and the reason)."""
    parts = text.split(maxsplit=2)
    if len(parts) < 3:
        raise ValueError("give the track, the change and the reason: mutual_confidence -1 a press leak")
    return Adjust(parts[0], _whole(parts[1]), parts[2])


def parse_injection(text: str) -> Inject:
    """``card_id the reason`` -> an :class:`Inject` of that deck card."""
    parts = text.split(maxsplit=1)
    if not parts:
        raise ValueError("give the card and the reason")
    return Inject(card=parts[0], reason=parts[1] if len(parts) > 1 else "")


def parse_effects(text: str, tracks: Iterable[str] = ()) -> tuple[TrackDelta, ...]:
    """``confidence -1, trust.nato.russia +2`` -> track moves (commas or semicolons between them).

    With ``tracks``, a track not among them is refused here, naming the ones there are.
    """
    known = tuple(tracks)
    moves: list[TrackDelta] = []
    for part in text.replace(";", ",").split(","):
        if not part.strip():
            continue
        words = part.split()
        if len(words) != 2:
            raise ValueError(f"{part.strip()!r}: write each effect as TRACK +N or TRACK -N, e.g. confidence -1")
        track, delta = words
        if known and track not in known:
            raise ValueError(f"{track!r} is not a track of this game (tracks: {', '.join(known)})")
        moves.append(TrackDelta(track, _whole(delta)))
    return tuple(moves)


def custom_event(title: str, text: str, effects: str, reason: str, tracks: Iterable[str] = ()) -> Inject:
    """The fields of the custom-event form -> an :class:`Inject` of an event of the facilitator's own."""
    if not title.strip():
        raise ValueError("a custom event needs a title")
    return Inject(title=title.strip(), text=text.strip(), effects=parse_effects(effects, tracks),
                  reason=reason.strip())


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a whole number like +1 or -2") from None
