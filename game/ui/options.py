"""What a seat knows about an option before it commits: the scenario's public rules for it.

Effects are read from the scenario model (for the author's condition text) alongside the
compiled rules (for the canonical track each effect moves). No Textual.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine import Game
from game.engine.describe import signed
from game.scenario.models import Option
from game.text import arrow


@dataclass(frozen=True, slots=True)
class EffectText:
    """One effect of an option, in words: ``Trust (NATO-Russia) +1 ▲`` with its condition and notes."""

    track: str
    delta: int
    when: str | None
    once: bool
    limit: int | None
    note: str | None

    def __str__(self) -> str:
        text = f"{self.track} {signed(self.delta)} {arrow(self.delta)}"
        if self.limit is not None:
            text += f" (no {'higher' if self.delta > 0 else 'lower'} than {self.limit})"
        if self.when:
            text += f" if {self.when}"
        if self.once:
            text += " - the first time only"
        if self.note:
            text += f" - {self.note}"
        return text


def option_model(game: Game, role: str, decision: str, option: str) -> Option:
    """The scenario's model of ``role.decision.option`` (KeyError when absent)."""
    for dec in game.role(role).decisions:
        if dec.id == decision:
            for opt in dec.options:
                if opt.id == option:
                    return opt
    raise KeyError(f"{role}.{decision}.{option}")


def option_effects(game: Game, role: str, decision: str, option: str) -> list[EffectText]:
    """The effects of choosing ``option``, each with the track's display name and its condition."""
    model = option_model(game, role, decision, option)
    compiled = game.decision(role, decision).option(option).effects
    return [
        EffectText(game.tracks[rule.key].name, rule.delta, effect.when, rule.once, rule.limit, effect.note)
        for effect, rule in zip(model.effects, compiled, strict=True)
    ]
