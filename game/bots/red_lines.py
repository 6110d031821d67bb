"""Honouring red lines: would these positions make a role cross one - allowing for surprises?

A red line may name other roles' positions ("while interceptors go to both Poland and Romania")
and tracks ("while domestic support has collapsed"). A careful player does not stop at the board
it expects: it stays clear of a red line if another role moves up to :data:`REACH` options on a
decision the red line names, and - before a choice it cannot take back (a final option) - if a
track the red line names moves as far as one turn of the scenario could move it
(:func:`one_turn_swing`: every role's options, the worst event card, the scenario's drift and a
settled agreement, as the rules give them).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from game.engine import Game
from game.engine.context import Context
from game.engine.rules import CompiledEffect, DecisionRules, OptionRules, RedLineRules
from game.scenario.conditions import Predicate, names_in, parse_condition, reads, specialise

REACH = 2
"""How many options another role may plausibly move, in one turn, on a decision a red line names."""

Choices = tuple[tuple[DecisionRules, tuple[OptionRules, ...]], ...]


@dataclass(frozen=True)
class Watch:
    """One red line and what it depends on."""

    rule: RedLineRules
    named: tuple[tuple[str, str], ...]
    """Every ``role.decision`` it names (the memo key of a verdict)."""
    others: tuple[tuple[str, str, tuple[str, ...]], ...]
    """Other roles' named decisions, each with the options they might plausibly hold."""
    tracks: tuple[tuple[str, int, int, int, int], ...]
    """The tracks it names: key, how far one turn could bring it down and up (:func:`one_turn_swing`), bounds."""
    irreversible: tuple[tuple[str, str], ...]
    """The role's own (decision, final option) pairs it names that are not yet locked."""
    complete: bool = True
    """Whether every name in the condition was understood (else verdicts are remembered per guard only)."""
    simple: bool = field(init=False)
    """Whether the red line depends only on the role's own reversible positions and the board."""
    picture: Callable[[Mapping[str, Mapping[str, str]], Mapping[str, int]], object] = field(init=False)
    """What a verdict depends on, given the positions and the tracks (with :attr:`situational`, the memo key)."""
    situational: bool = field(init=False)
    """Whether the condition also reads the turn, the cards drawn, or who agreed or broke what."""
    verdicts: dict[object, bool] = field(init=False, default_factory=dict, compare=False)
    """Whether the red line is crossed, or risks being crossed, by picture (see :meth:`RedLineGuard.crossed`)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "simple", not self.others and not self.irreversible)
        object.__setattr__(self, "picture", _picture(self.named, tuple(t[0] for t in self.tracks), self.complete))
        read = reads(self.rule.when)
        object.__setattr__(self, "situational", read is None or bool(read & _SITUATION))


_SITUATION = frozenset({"turn", "drawn", "agreed", "broke"})


def _picture(
    named: tuple[tuple[str, str], ...], tracks: tuple[str, ...], complete: bool,
) -> Callable[[Mapping[str, Mapping[str, str]], Mapping[str, int]], object]:
    """The named positions' options and the named tracks' values (or, when the condition names something
    not understood, the identity of the tracks)."""
    if not complete:
        return lambda positions, board: (tuple([positions[r][d] for r, d in named]), id(board))
    # The commonest shapes get a closure without a comprehension (a picture is read at every valuation).
    if len(named) == 2 and not tracks:
        (r1, d1), (r2, d2) = named
        return lambda positions, board: (positions[r1][d1], positions[r2][d2])
    if len(named) == 3 and not tracks:
        (r1, d1), (r2, d2), (r3, d3) = named
        return lambda positions, board: (positions[r1][d1], positions[r2][d2], positions[r3][d3])
    if len(named) == 1 and len(tracks) == 1:
        (r1, d1), = named
        t1, = tracks
        return lambda positions, board: (positions[r1][d1], board[t1])
    return lambda positions, board: (tuple([positions[r][d] for r, d in named]), tuple([board[t] for t in tracks]))


class RedLineGuard:
    """Counts the red lines a role would cross, or risk crossing, with given positions (see the module)."""

    def __init__(
        self, game: Game, role: str, expected: Mapping[str, Mapping[str, str]], locked: frozenset[tuple[str, str]],
        choices_of: Callable[[str], Choices], drawn: frozenset[str],
    ) -> None:
        self.role = role
        self.drawn = drawn
        """The cards drawn so far on the board the guard watches."""
        self.watches = tuple(_watch(game, role, i, expected, locked, choices_of)
                             for i in range(len(game.red_lines[role])))

    def crossed(
        self, positions: Mapping[str, Mapping[str, str]], tracks: Mapping[str, int], turn: int,
        agreed: frozenset[frozenset[str]], broke: frozenset[str],
    ) -> int:
        """How many red lines ``positions`` would cross, or risk crossing, at a resolution from ``tracks``."""
        count = 0
        ctx = None  # built only when a condition must be read
        for watch in self.watches:
            if watch.simple:
                ctx = ctx or Context(tracks, positions, turn, self.drawn, agreed, broke)
                count += watch.rule.when(ctx)
                continue
            key = watch.picture(positions, tracks)
            if watch.situational:
                key = (key, turn, self.drawn, agreed, broke)
            risky = watch.verdicts.get(key)
            if risky is None:
                ctx = ctx or Context(tracks, positions, turn, self.drawn, agreed, broke)
                if len(watch.verdicts) >= _VERDICTS_KEPT:
                    watch.verdicts.clear()
                risky = watch.verdicts[key] = self._risky(watch, positions, ctx)
            count += risky
        return count

    def _risky(self, watch: Watch, positions: Mapping[str, Mapping[str, str]], ctx: Context) -> bool:
        if watch.rule.when(ctx):
            return True
        unknowns: list[Unknown] = []
        for r, d, options in watch.others:
            held = tuple(dict.fromkeys((positions[r][d], *options)))
            if len(held) > 1:
                unknowns.append((f"{r}.{d}", _holding(r, d), held))
        mine = positions[self.role]
        if any(mine[d] == option for d, option in watch.irreversible):
            for key, fall, rise, low, high in watch.tracks:
                now = ctx.tracks[key]
                unknowns.append((key, _at(key), tuple(range(max(low, now - fall), min(high, now + rise) + 1))))
        return bool(unknowns) and satisfiable(watch.rule.when, ctx, unknowns)


Unknown = tuple[str, Callable[[Context, Any], Context], tuple[Any, ...]]
"""A position or a track that may turn out otherwise: its name (as :func:`~game.scenario.conditions.reads`
gives it), how to set it in a context, and the values it may take (option ids, or track values)."""


def satisfiable(rule: Predicate, ctx: Context, unknowns: Sequence[Unknown]) -> bool:
    """Whether ``rule`` holds in ``ctx`` with the ``unknowns`` set to some of their values.

    One unknown at a time, whatever the rest cannot change is decided first, so a choice that rules the
    condition out is dropped with everything that would follow it.
    """
    remaining = specialise(rule, ctx, frozenset([name for name, _, _ in unknowns]))
    if isinstance(remaining, bool):
        return remaining
    if not unknowns:
        return bool(remaining(ctx))
    (_, assign, values), rest = unknowns[0], unknowns[1:]
    return any(satisfiable(remaining, assign(ctx, value), rest) for value in values)


def _holding(role: str, decision: str) -> Callable[[Context, str], Context]:
    """Sets ``role.decision`` in a context."""
    def assign(ctx: Context, option: str) -> Context:
        positions = {**ctx.positions, role: {**ctx.positions[role], decision: option}}
        return Context(ctx.tracks, positions, ctx.turn, ctx.drawn, ctx.agreed, ctx.broke)
    return assign


def _at(key: str) -> Callable[[Context, int], Context]:
    """Sets track ``key`` in a context."""
    def assign(ctx: Context, value: int) -> Context:
        return Context({**ctx.tracks, key: value}, ctx.positions, ctx.turn, ctx.drawn, ctx.agreed, ctx.broke)
    return assign


_WATCHES: OrderedDict[tuple[object, ...], Watch] = OrderedDict()
"""Watches (with their verdicts) by scenario, role, red line and what the others and the role may do;
the most recently used few are kept."""
_WATCHES_KEPT = 256
_VERDICTS_KEPT = 4096
"""At most this many verdicts are kept per watch (then it starts again)."""
_WATCHES_LOCK = threading.Lock()  # a terminal game may run bots in a worker thread


def _watch(
    game: Game, role: str, index: int, expected: Mapping[str, Mapping[str, str]],
    locked: frozenset[tuple[str, str]], choices_of: Callable[[str], Choices],
) -> Watch:
    """The watch on ``role``'s red line ``index``. A verdict depends only on the scenario's rules and the
    watch, so every guard that watches the same (in any game of the scenario) shares one - unless the
    condition names something not understood, whose verdicts are tied to one board's tracks."""
    rule = game.red_lines[role][index]
    named, tracks, complete = _names(game, role, index)
    others = []
    irreversible = []
    for who, decision in named:
        dec = game.decision(who, decision)
        if who == role:
            if (role, decision) not in locked:
                irreversible += [(decision, o.id) for o in dec.options if o.final]
            continue
        options = next((opts for d, opts in choices_of(who) if d.id == decision), ())
        held = dec.ranks[expected[who][decision]]
        others.append((who, decision, tuple(o.id for o in options if abs(o.rank - held) <= REACH)))
    if not complete:
        return _new_watch(game, rule, named, tuple(others), tracks, tuple(irreversible), complete)
    key = (game.scenario_hash, role, index, tuple(others), tuple(irreversible))
    with _WATCHES_LOCK:
        found = _WATCHES.get(key)
        if found is not None:
            _WATCHES.move_to_end(key)
            return found
        made = _WATCHES[key] = _new_watch(game, rule, named, key[3], tracks, key[4], complete)
        while len(_WATCHES) > _WATCHES_KEPT:
            _WATCHES.popitem(last=False)
        return made


def _new_watch(
    game: Game, rule: RedLineRules, named: tuple[tuple[str, str], ...],
    others: tuple[tuple[str, str, tuple[str, ...]], ...], tracks: tuple[str, ...],
    irreversible: tuple[tuple[str, str], ...], complete: bool,
) -> Watch:
    swings = tuple((key, *one_turn_swing(game, key), game.tracks[key].min, game.tracks[key].max) for key in tracks)
    return Watch(rule, named, others, swings, irreversible, complete)


_NAMES: dict[tuple[str, str, int], tuple[tuple[tuple[str, str], ...], tuple[str, ...], bool]] = {}


def _names(game: Game, role: str, index: int) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...], bool]:
    """The ``role.decision`` positions and the track keys ``role``'s red line ``index`` names, and whether
    every other name is one that needs no watching (``turn``, a role, a card, an option) - cached."""
    key = (game.scenario_hash, role, index)
    found = _NAMES.get(key)
    if found is None:
        rule_id = game.red_lines[role][index].id
        condition = next(rl.when for rl in game.briefs[role].red_lines if rl.id == rule_id)
        positions: list[tuple[str, str]] = []
        tracks: list[str] = []
        plain = {"turn", *game.roles, *game.cards,
                 *(o.id for decisions in game.decisions.values() for d in decisions for o in d.options)}
        complete = True
        for name in names_in(parse_condition(condition)):
            who, _, decision = name.partition(".")
            if who in game.decisions and any(d.id == decision for d in game.decisions[who]):
                if (who, decision) not in positions:
                    positions.append((who, decision))
                continue
            track = track_named(game, role, name)
            if track is not None:
                if track not in tracks:
                    tracks.append(track)
            elif name not in plain:
                complete = False
        found = _NAMES[key] = (tuple(positions), tuple(tracks), complete)
    return found


def track_named(game: Game, owner: str, name: str) -> str | None:
    """The track a name in ``owner``'s conditions refers to: a full key, or the owner's shorthand
    (``support`` for ``support.owner``, ``trust.russia`` for the owner's pair with Russia)."""
    if name in game.tracks:
        return name
    if f"{name}.{owner}" in game.tracks:
        return f"{name}.{owner}"
    metric, _, other = name.partition(".")
    for key in (f"{metric}.{owner}.{other}", f"{metric}.{other}.{owner}"):
        if other and key in game.tracks:
            return key
    return None


_SWINGS: dict[tuple[str, str], tuple[int, int]] = {}


def one_turn_swing(game: Game, key: str) -> tuple[int, int]:
    """How far track ``key`` could fall and rise in one resolution and card draw, by the rules: for each
    decision of each role, the option that moves it furthest; the event card that moves it furthest;
    every each-turn effect; and one agreement settled, kept or broken, whichever moves it further.
    Cached per scenario."""
    found = _SWINGS.get((game.scenario_hash, key))
    if found is not None:
        return found
    fall = rise = 0

    def worst(alternatives: list[list[int]]) -> None:
        """Add the furthest fall and the furthest rise among alternatives of which one happens."""
        nonlocal fall, rise
        fall += max((sum(-d for d in deltas if d < 0) for deltas in alternatives), default=0)
        rise += max((sum(d for d in deltas if d > 0) for deltas in alternatives), default=0)

    def on_track(effects: tuple[CompiledEffect, ...]) -> list[int]:
        return [e.delta for e in effects if e.key == key]

    for role in game.roles:
        for dec in game.decisions[role]:
            worst([on_track(o.effects) for o in dec.options])
    worst([on_track(card.effects) for card in game.cards.values()])
    worst([on_track(game.each_turn)])
    rules = game.scenario.negotiation
    kept, broken = (rules.kept_delta, rules.broken_delta) if key in game.trust_pairs.values() else (0, 0)
    worst([[kept, *on_track(game.kept_effects)], [broken, *on_track(game.broken_effects)]])
    found = _SWINGS[(game.scenario_hash, key)] = (fall, rise)
    return found
