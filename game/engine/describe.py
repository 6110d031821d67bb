"""Plain-English descriptions of rules objects, for event texts and every front end."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from game.engine.actions import Commitment
from game.engine.rules import Game

_OPS = {"eq": "", "ge": "at least ", "le": "at most "}


def role_names(game: Game, roles: Iterable[str]) -> str:
    """``NATO, Russia and Poland``."""
    names = [game.role_name(r) for r in roles]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def commitment_text(game: Game, c: Commitment) -> str:
    """``Russia: Data-sharing at least Data Fusion Centre``."""
    dec = game.decision(c.role, c.decision)
    return f"{game.role_name(c.role)}: {dec.name} {_OPS[c.op]}{dec.option(c.option).name}"


def terms_text(game: Game, offers: Iterable[Commitment], requests: Iterable[Commitment]) -> str:
    """The terms of a proposal on one line."""
    parts = []
    offers, requests = list(offers), list(requests)
    if offers:
        parts.append("offers " + "; ".join(commitment_text(game, c) for c in offers))
    if requests:
        parts.append("asks " + "; ".join(commitment_text(game, c) for c in requests))
    return " / ".join(parts)


def positions_text(game: Game, role: str, positions: Mapping[str, str], sep: str = "; ") -> str:
    """``Transparency: Site visits; Data sharing: Dialogue only``: a role's option in each of its decisions."""
    return sep.join(f"{d.name}: {d.option(positions[d.id]).name}" for d in game.decisions[role])


def signed(n: float) -> str:
    """A number with its sign always shown: ``+2``, ``-1``, ``0``."""
    if isinstance(n, float) and not n.is_integer():
        return f"{n:+.1f}"
    return f"{int(n):+d}" if n else "0"
