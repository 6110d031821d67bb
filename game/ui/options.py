"""What a seat knows about an option before it commits: the scenario's public rules for it. No Textual."""

from __future__ import annotations

from game.describe_rules import effect_text
from game.engine import Game
from game.scenario.models import Option


def option_model(game: Game, role: str, decision: str, option: str) -> Option:
    """The scenario's model of ``role.decision.option`` (KeyError when absent)."""
    for dec in game.role(role).decisions:
        if dec.id == decision:
            for opt in dec.options:
                if opt.id == option:
                    return opt
    raise KeyError(f"{role}.{decision}.{option}")


def option_effects(game: Game, role: str, decision: str, option: str) -> list[str]:
    """The effects of choosing ``option`` in words, as the rulebook words them, with arrows and notes."""
    return [effect_text(game, effect, role, marked=True) for effect in option_model(game, role, decision, option).effects]
