"""The bot interface: a bot sees only its role's observation and returns one legal action."""

from __future__ import annotations

from typing import ClassVar

from mypy_extensions import mypyc_attr

from game.engine import Action, Game, Observation, Phase, SeededRandom

_PHASE_KEYS = {phase: phase.value for phase in Phase}
"""Each phase's name in a generator's key (a lookup here costs less than reading the enum's value)."""


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
        self._named = f"{self.name}:{role}"
        """The part of every generator's key that names the bot (see :meth:`rng`)."""

    def rng(self, obs: Observation, *key: object) -> SeededRandom:
        """A generator for this decision point (same observation and key, same numbers)."""
        proposals = obs.proposals
        answered = sum([len(p.answers) for p in proposals]) if proposals else 0
        material = (f"{obs.seed}:{self._named}:{obs.turn}:{_PHASE_KEYS[obs.phase]}:{len(proposals)}:{answered}:"
                    f"{self.role in obs.done}")
        # A lone string is the whole key (SeededRandom.keyed), called directly: a bot makes one per move.
        return SeededRandom(f"{material}:{':'.join(map(str, key))}" if key else material)

    def act(self, obs: Observation) -> Action:
        """Choose the next action for ``obs.role``; it must be legal in the observed state."""
        raise NotImplementedError
