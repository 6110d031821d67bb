"""Chance, OpenSpiel-style: the engine lists outcomes with weights; a driver picks one.

The pick is recorded as a :class:`~game.engine.actions.DrawCard` action, so a replay
needs no generator. Picks come from :class:`SeededRandom`, a SplitMix64 stream
keyed with BLAKE2b: the same seed and key give the same number on every machine and
Python version, and nothing global is touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from hashlib import blake2b
from typing import TypeVar

from game.engine.context import context_of
from game.engine.rules import Game
from game.engine.state import GameState, Phase


_MASK64 = (1 << 64) - 1
T = TypeVar("T")


class SeededRandom:
    """A reproducible stream of uniform numbers in [0, 1), keyed by a seed and a name.

    The key is digested once with BLAKE2b; the stream is SplitMix64, plain integer arithmetic,
    so the numbers are the same on every machine and Python version.
    """

    __slots__ = ("_state",)

    def __init__(self, seed: int | str, *key: object) -> None:
        """The stream of ``seed`` and ``key``; a lone string is taken as a whole key already joined."""
        self._state = _digest(":".join(map(str, (seed, *key))) if key else str(seed))

    @classmethod
    def keyed(cls, material: str) -> SeededRandom:
        """The stream of ``SeededRandom(seed, *key)`` from its key already joined: ``"seed:key1:key2..."``
        (the same as ``SeededRandom(material)``, named for readers)."""
        return cls(material)

    def random(self) -> float:
        """The next number of the stream."""
        self._state = z = (self._state + 0x9E3779B97F4A7C15) & _MASK64
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
        return ((z ^ (z >> 31)) >> 11) / 9007199254740992.0

    def below(self, n: int) -> int:
        """A whole number in ``range(n)``."""
        return min(int(self.random() * n), n - 1)

    def pick(self, items: Sequence[T]) -> T:
        """One item of a non-empty sequence, uniformly."""
        return items[self.below(len(items))]

    def weighted(self, items: Sequence[T], weights: Sequence[int]) -> T:
        """One item, with probability proportional to its (positive, whole) weight."""
        target = self.random() * sum(weights)
        for item, weight in zip(items, weights):
            target -= weight
            if target < 0:
                return item
        return items[-1]


_BLAKE2B_8 = blake2b(digest_size=8)
"""BLAKE2b set up for 8-byte digests: a copy of it digests a key in half the time a new one takes."""


def _digest(material: str) -> int:
    hashing = _BLAKE2B_8.copy()
    hashing.update(material.encode())
    return int.from_bytes(hashing.digest(), "big")


Outcomes = tuple[tuple[str | None, int], ...]

_last_outcomes: tuple[Game, GameState, Outcomes] | None = None
"""The last answer of :func:`chance_outcomes`, with the game and state it was worked out for: a draw
asks twice about one state (the driver to pick a card, then the legality check)."""


def chance_outcomes(game: Game, state: GameState) -> Outcomes:
    """The cards that may be drawn now, with their weights; ``((None, 1),)`` when none is eligible."""
    global _last_outcomes
    if state.phase is not Phase.EVENT:
        return ()
    last = _last_outcomes
    if last is not None and last[1] is state and last[0] is game:
        return last[2]
    outcomes = _eligible(game, state)
    _last_outcomes = (game, state, outcomes)
    return outcomes


def _eligible(game: Game, state: GameState) -> Outcomes:
    ctx = context_of(state)
    drawn = set(state.drawn)
    eligible = tuple(
        (card.id, card.weight)
        for card in game.cards.values()
        if card.id not in drawn
        and (card.turns is None or state.turn in card.turns)
        and (card.when is None or card.when(ctx))
    )
    return eligible or ((None, 1),)


def draw_card(game: Game, state: GameState) -> str | None:
    """The card this turn's draw gives, from the game's seed (deterministic)."""
    outcomes = chance_outcomes(game, state)
    rng = SeededRandom(state.seed, "event", state.turn)
    return rng.weighted([c for c, _ in outcomes], [w for _, w in outcomes])
