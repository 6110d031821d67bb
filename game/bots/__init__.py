"""Bots that fill seats: each a small class with a name and a one-line description.

Every bot sees only its role's observation and the scenario's public rules (plus its own brief),
and is reproducible: the same observation always gives the same action. Besides ``random`` (a
baseline and a fuzzer of the rules), each personality is a :class:`~game.bots.planner.Planner`
that honours its role's red lines and negotiates on the merits of each proposal.
"""

from __future__ import annotations

from game.bots.base import Bot
from game.bots.cooperative import CooperativeBot
from game.bots.greedy import GreedyBot
from game.bots.hawkish import HawkishBot
from game.bots.random_bot import RandomBot
from game.bots.reciprocal import ReciprocalBot
from game.bots.strategic import StrategicBot
from game.engine import Game
from game.role_spec import role_assignments

BOTS: dict[str, type[Bot]] = {
    cls.name: cls for cls in (CooperativeBot, HawkishBot, ReciprocalBot, StrategicBot, GreedyBot, RandomBot)
}
PERSONALITIES: tuple[str, ...] = ("cooperative", "hawkish", "reciprocal", "strategic", "random")
"""The personalities a tournament sets against each other (``greedy`` is the yardstick ``strategic`` builds on)."""
DEFAULT_BOT = "strategic"
"""The bot that fills a seat when nobody says which."""
DEFAULT_MIX: tuple[str, ...] = ("strategic", "reciprocal", "cooperative", "hawkish")
"""The personalities that take the seats in turn, in seat order, when a simulation names none."""


def default_seats(roles: tuple[str, ...]) -> dict[str, str]:
    """The default mix: :data:`DEFAULT_MIX` dealt round the table in seat order."""
    return {role: DEFAULT_MIX[i % len(DEFAULT_MIX)] for i, role in enumerate(roles)}


class BotSpecError(ValueError):
    """A ``--bots`` value that does not name known bots and roles."""


def parse_bot_spec(spec: str | None, roles: tuple[str, ...], default: str | None = None) -> dict[str, str]:
    """``random`` (every seat) or ``nato=random,russia=greedy`` (the rest get ``default``, or the
    default mix of :func:`default_seats` when ``default`` is None)."""
    seats = default_seats(roles) if default is None else {role: default for role in roles}
    if spec is None or not spec.strip():
        return seats
    known = ", ".join(BOTS)
    if "=" not in spec:
        kind = spec.strip()
        if kind not in BOTS:
            raise BotSpecError(f"unknown bot {kind!r} (bots: {known})")
        return {role: kind for role in roles}
    for role, kind in role_assignments(spec, roles, "role=bot", BotSpecError, "bot"):
        if kind not in BOTS:
            raise BotSpecError(f"unknown bot {kind!r} (bots: {known})")
        seats[role] = kind
    return seats


def make_bots(game: Game, seats: dict[str, str]) -> dict[str, Bot]:
    """One bot per role, from a role -> bot kind mapping."""
    return {role: BOTS[kind](game, role) for role, kind in seats.items()}


__all__ = [
    "BOTS", "DEFAULT_BOT", "DEFAULT_MIX", "PERSONALITIES", "Bot", "BotSpecError", "default_seats", "make_bots",
    "parse_bot_spec",
]
