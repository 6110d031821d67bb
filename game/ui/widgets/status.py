"""The status bar at the top of the game screen: scenario, turn, phase, the seat shown, whose move."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from game.engine import CHANCE, Phase
from game.session import Session
from game.ui.negotiation import Moves

PHASE_NAMES = {Phase.EVENT: "Event", Phase.NEGOTIATION: "Negotiation", Phase.DECISION: "Decision", Phase.OVER: "Over"}

NEXT_STEP = {
    Phase.NEGOTIATION: "propose n, answer a/x/o, finish f (Talks 3)",
    Phase.DECISION: "choose your positions, then commit c (Decide 4)",
}


class StatusBar(Static):
    """Two lines: where the game stands, and the seat shown with what happens next.

    A countdown set by the facilitator shows beside the phase (:meth:`show_clock`).
    """

    _label: Text = Text()
    """The phase, as a label on the left."""
    _rest: Text = Text()
    _clock: str = ""

    def show_clock(self, clock: str) -> None:
        """``4:32`` left to negotiate, or ``""`` when no countdown runs."""
        if clock != self._clock:
            self._clock = clock
            self._update()

    def _update(self) -> None:
        # The clock goes right after the phase label, so that a narrow terminal never cuts it off.
        clock = Text(f" {self._clock} left ", style="bold black on yellow") if self._clock else ""
        self.update(Text.assemble(self._label, clock, self._rest))

    def show(self, session: Session, role: str, moves: Moves, watching: str | None = None) -> None:
        """``watching`` describes the speed of a bots-only game (None when people play)."""
        game, state = session.game, session.state
        rules = game.scenario.turns[state.turn - 1]
        self._label = Text(f" {PHASE_NAMES[state.phase].upper()} ", style="reverse bold")
        text = Text(f" Turn {state.turn}/{game.turns}: {rules.label} ({rules.date})", style="bold")
        text.append(f" - {game.scenario.title}\n", style="dim")
        seat = game.role_name(role)
        text.append(f"{'Following ' if watching else ''}{seat}", style="bold")
        actor = session.to_act()
        if state.over:
            text.append(": the game is over.")
        elif watching is not None:
            text.append(f". {watching}", style="italic")
        elif moves.my_move:
            text.append(", your move: ", style="bold")
            text.append(NEXT_STEP.get(state.phase, ""))
        elif actor is None:  # nobody but the facilitator moves while the game is paused
            text.append(". The facilitator has paused the game: wait until it goes on.", style="italic")
        elif actor == CHANCE:
            text.append(". Drawing the event card...", style="italic")
        else:
            kind = "thinking" if not session.seats[actor].human else "to play"
            text.append(f". {game.role_name(actor)} is {kind}...", style="italic")
        self._rest = text
        self._update()
