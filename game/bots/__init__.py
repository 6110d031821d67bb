"""Bots that fill seats: each a small class with a name and a one-line description."""

from __future__ import annotations

from game.bots.base import Bot
from game.bots.greedy import GreedyBot
from game.bots.random_bot import RandomBot
from game.engine import Game

BOTS: dict[str, type[Bot]] = {cls.name: cls for cls in (RandomBot, GreedyBot)}
DEFAULT_BOT = "greedy"


class BotSpecError(ValueError):
    """A ``--bots`` value that does not name known bots and roles."""


def parse_bot_spec(spec: str | None, roles: tuple[str, ...]) -> dict[str, str]:
    """``random`` (every seat) or ``nato=random,russia=greedy`` (the rest get the default)."""
    seats = {role: DEFAULT_BOT for role in roles}
    if spec is None or not spec.strip():
        return seats
    known = ", ".join(BOTS)
    if "=" not in spec:
        kind = spec.strip()
        if kind not in BOTS:
            raise BotSpecError(f"unknown bot {kind!r} (bots: {known})")
        return {role: kind for role in roles}
    for part in spec.split(","):
        role, sep, kind = (x.strip() for x in part.partition("="))
        if not sep or not role or not kind:
            raise BotSpecError(f"expected role=bot, got {part.strip()!r}")
        if role not in roles:
            raise BotSpecError(f"unknown role {role!r} (roles: {', '.join(roles)})")
        if kind not in BOTS:
            raise BotSpecError(f"unknown bot {kind!r} (bots: {known})")
        seats[role] = kind
    return seats


def make_bots(game: Game, seats: dict[str, str]) -> dict[str, Bot]:
    """One bot per role, from a role -> bot kind mapping."""
    return {role: BOTS[kind](game, role) for role, kind in seats.items()}


__all__ = ["BOTS", "DEFAULT_BOT", "Bot", "BotSpecError", "make_bots", "parse_bot_spec"]
