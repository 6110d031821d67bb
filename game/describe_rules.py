"""Rules in plain English: conditions and effects as a player reads them in briefs and tables.

``russia.data_sharing >= data_fusion_centre and confidence < 4`` reads as
"Russia's Data sharing is at least Data Fusion Centre and Mutual confidence is below 4".
"""

from __future__ import annotations

from game.engine import Game
from game.engine.describe import signed
from game.scenario.conditions import BoolOp, Call, Compare, Literal_, Member, Name, Node, Not, Number, parse_condition
from game.scenario.models import Effect
from game.text import arrow

_POSITION_OPS = {"==": "is", "!=": "is not", ">=": "is at least", "<=": "is at most", ">": "is beyond",
                 "<": "is short of"}
_VALUE_OPS = {"==": "is", "!=": "is not", ">=": "is at least", "<=": "is at most", ">": "is above", "<": "is below"}


def possessive(name: str) -> str:
    """``Russia's``, ``the Netherlands'``."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def condition_text(game: Game, text: str, owner: str | None = None) -> str:
    """A condition in words (falls back to the expression itself for anything unexpected)."""
    try:
        return _node(game, parse_condition(text), owner)
    except (KeyError, ValueError):
        return text


def _node(game: Game, node: Node, owner: str | None) -> str:
    if isinstance(node, Literal_):
        return "always" if node.value else "never"
    if isinstance(node, BoolOp):
        parts = [_node(game, n, owner) for n in node.operands]
        joined = f" {node.op} ".join(f"({p})" if " and " in p or " or " in p else p for p in parts)
        return joined
    if isinstance(node, Not):
        return f"not ({_node(game, node.operand, owner)})"
    if isinstance(node, Call):
        args = [a.dotted for a in node.args]
        if node.func == "drawn":
            card = game.cards.get(args[0])
            return f"the card \"{card.title if card else args[0]}\" has been played"
        if node.func == "agreed":
            return f"{game.role_name(args[0])} and {game.role_name(args[1])} have an agreement in force"
        return f"{game.role_name(args[0])} broke an agreement this turn"
    if isinstance(node, Member):
        role, decision = node.subject.dotted.split(".")
        dec = game.decision(role, decision)
        names = " or ".join(dec.option(c.dotted).name for c in node.choices)
        verb = "is not" if node.negated else "is"
        return f"{possessive(game.role_name(role))} {dec.name} {verb} {names}"
    return _compare(game, node, owner)


def _compare(game: Game, node: Compare, owner: str | None) -> str:
    left = node.left
    if isinstance(left, Name) and _is_position(game, left.dotted):
        role, decision = left.dotted.split(".")
        dec = game.decision(role, decision)
        assert isinstance(node.right, Name)
        return f"{possessive(game.role_name(role))} {dec.name} {_POSITION_OPS[node.op]} {dec.option(node.right.dotted).name}"
    return f"{_operand(game, node.left, owner)} {_VALUE_OPS[node.op]} {_operand(game, node.right, owner)}"


def _is_position(game: Game, dotted: str) -> bool:
    parts = dotted.split(".")
    return len(parts) == 2 and parts[0] in game.roles


def _operand(game: Game, operand: Name | Number, owner: str | None) -> str:
    if isinstance(operand, Number):
        return str(operand.value)
    if operand.dotted == "turn":
        return "the turn"
    key = track_key(game, operand.dotted, owner)
    return game.tracks[key].name if key else operand.dotted


def track_key(game: Game, ref: str, owner: str | None = None) -> str | None:
    """The track a reference names, resolving a role's own shorthand (``support`` -> ``support.poland``)."""
    if ref in game.tracks:
        return ref
    parts = ref.split(".")
    candidates = []
    if owner is not None:
        candidates.append(".".join([parts[0], owner, *parts[1:]]))
    if len(parts) == 3:
        candidates.append(f"{parts[0]}.{parts[2]}.{parts[1]}")
    if owner is not None and len(parts) == 2:
        candidates.append(f"{parts[0]}.{parts[1]}.{owner}")
    return next((c for c in candidates if c in game.tracks), None)


def effect_text(game: Game, effect: Effect, owner: str | None = None, *, marked: bool = False) -> str:
    """``Cooperation +2 (no higher than 7), when Russia's Data sharing is at least Data Fusion Centre``.

    ``marked`` adds an arrow after the change and the author's note at the end, as a seat weighing
    its options sees them.
    """
    key = track_key(game, effect.track, owner)
    name = game.tracks[key].name if key else effect.track
    text = f"{name} {signed(effect.delta)}"
    if marked:
        text += f" {arrow(effect.delta)}"
    if effect.limit is not None:
        text += f" (no {'higher' if effect.delta > 0 else 'lower'} than {effect.limit})"
    if effect.once:
        text += ", the first time only"
    if effect.when:
        text += f", when {condition_text(game, effect.when, owner)}"
    if marked and effect.note:
        text += f" - {effect.note}"
    return text
