"""The bot interface: a bot sees only its role's observation and returns one legal action."""

from __future__ import annotations

from typing import ClassVar

from mypy_extensions import mypyc_attr

from game.engine import Action, Game, Observation, SeededRandom


# Open to subclasses in plain Python (when this module is compiled): new personalities, and bots made for a task.
@mypyc_attr(allow_interpreted_subclasses=True)
class Bot:
    """Base class of every bot. Subclasses set ``name`` and ``description`` and implement :meth:`act`.

    A bot's randomness comes from :meth:`rng`, keyed by the game's seed and what the bot
    has seen so far, so a bot needs no hidden state and a resumed game plays on identically.
    """

    name: ClassVar[str] = "bot"
    description: ClassVar[str] = ""

    def __init__(self, game: Game, role: str) -> None:
        self.game = game
        self.role = role

    def rng(self, obs: Observation, *key: object) -> SeededRandom:
        """A generator for this decision point (same observation and key, same numbers)."""
        proposals = obs.proposals
        answered = sum([len(p.answers) for p in proposals]) if proposals else 0
        material = (f"{obs.seed}:{self.name}:{self.role}:{obs.turn}:{obs.phase.value}:{len(proposals)}:{answered}:"
                    f"{self.role in obs.done}")
        return SeededRandom.keyed(f"{material}:{':'.join(map(str, key))}" if key else material)

    def act(self, obs: Observation) -> Action:
        """Choose the next action for ``obs.role``; it must be legal in the observed state."""
        raise NotImplementedError
