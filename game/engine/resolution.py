"""Resolution: reveal positions, apply effects, settle agreements, score red lines, end the turn.

Every condition of a resolution is read against the same snapshot - the tracks as they
stood when resolution began and the newly revealed positions - so the order in which
effects are listed changes nothing but clamping at the bounds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import NamedTuple

from game.engine.context import Context
from game.engine.describe import positions_text, role_names
from game.engine.effects import Journal, Step, changes_of, decided, run_steps, step_of, steps_of
from game.engine.events import Cause, Event
from game.engine.legality import commitment_holds
from game.engine.rules import DecisionRules, Game, OptionRules
from game.engine.scoring import outcome, scores
from game.engine.state import (
    Agreement, Crossing, GameState, Phase, Settlement, TurnHash, TurnRecord,
)


def _turn_context(
    game: Game, state: GameState, positions: Mapping[str, Mapping[str, str]], plan: TurnPlan | None = None,
) -> tuple[Context, tuple[Agreement, ...], tuple[Settlement, ...]]:
    plan = plan if plan is not None else TurnPlan(game, state)
    settlements = tuple([_settle(game, a, positions) for a in plan.in_force]) if plan.in_force else ()
    ctx = Context(
        tracks=state.tracks,
        positions=positions,
        turn=state.turn,
        drawn=plan.drawn,
        agreed=plan.agreed,
        broke=frozenset([r for s in settlements for r in s.breakers]) if settlements else _NOBODY,
    )
    return ctx, plan.in_force, settlements


_NOBODY: frozenset[str] = frozenset()
POSITIONS = frozenset({"positions"})
VARYING = POSITIONS | {"broke"}
"""What differs between resolutions from one state: the positions held, and so who breaks an agreement."""


class TurnPlan:
    """The steps a resolution from ``state`` would run for each option held, each agreement settled and
    the scenario's drift, whatever the positions.

    With ``decide`` (for many previews of one state) each condition is decided against the board - the
    tracks, turn, cards and agreements in force - except the parts that read positions or breakers, once
    an option's steps are asked for a second time (most options a bot weighs, it weighs once); without it
    the conditions are read as each resolution runs.

    With ``held`` the positions previewed are the ones the last turn's record shows held (a preview of
    the turn after next, the same positions kept), so no option is taken up for the first time and no
    ``once`` effect applies. Such a plan, made without ``decide``, serves every state that differs from
    ``state`` only in its tracks and in the positions that record shows.
    """

    def __init__(self, game: Game, state: GameState, decide: bool = False, held: bool = False) -> None:
        self.game = game
        self.state = state
        turn = state.turn
        agreements = state.agreements
        self.in_force = tuple([a for a in agreements if a.from_turn <= turn <= a.until_turn]) if agreements else ()
        self.drawn = frozenset(state.drawn)
        self.agreed = frozenset([frozenset(a.parties) for a in self.in_force])
        self.board = Context(state.tracks, state.positions, turn, self.drawn, self.agreed, _NOBODY)
        self.table = _table(game)
        self.slots = self.table.slots
        self.steps: list[tuple[Step, ...] | None] = list(self.table.decided if decide else self.table.fixed)
        """The steps of each option of :attr:`slots` (at the slot's offset plus the option's rank), or None
        until worked out with :meth:`fill`."""
        self._decide = decide
        self._held = held
        self._asked: list[bool] | None = [False] * len(self.table.options) if decide else None
        self._settled: dict[tuple[int, tuple[str, ...]], tuple[tuple[Step, ...], bool]] = {}
        self._drift: tuple[Step, ...] | None = None

    def fill(self, index: int) -> tuple[Step, ...]:
        """Entry ``index`` of :attr:`steps`, worked out (and kept, unless it is still to be decided)."""
        role, dec, option, steps, lasting = self.table.options[index]
        if option.has_once and (self._held or not _adopted(self.state, role, dec.id, dec.initial, option)):
            steps = lasting
        asked = self._asked
        if asked is not None:
            if not asked[index]:
                asked[index] = True
                return steps
            steps = decided(steps, self.board, VARYING)
        self.steps[index] = steps
        return steps

    @property
    def drift(self) -> tuple[Step, ...]:
        """The steps of the scenario's each-turn effects."""
        if self._drift is None:
            drift = self.table.drift
            self._drift = decided(drift, self.board, VARYING) if self._decide else drift
        return self._drift

    def settlement_steps(self, index: int, breakers: tuple[str, ...]) -> tuple[tuple[Step, ...], bool]:
        """The steps of settling agreement ``index`` of :attr:`in_force` with these ``breakers`` (none: kept),
        and whether any still waits on a condition. Trust moves come first: each pair of parties when
        kept, each breaker with each other party when broken (recorded against the breaker)."""
        found = self._settled.get((index, breakers))
        if found is None:
            found = self._settled[(index, breakers)] = self._settle(self.in_force[index], breakers)
        return found

    def _settle(self, agreement: Agreement, breakers: tuple[str, ...]) -> tuple[tuple[Step, ...], bool]:
        game, rules = self.game, self.game.scenario.negotiation
        steps: list[Step] = []
        if not breakers:
            for a, b in combinations(agreement.parties, 2):
                key = game.trust_pairs.get(frozenset((a, b)))
                if key is not None and rules.kept_delta:
                    steps.append(step_of(game, key, rules.kept_delta))
            effects = self.table.kept
        else:
            for breaker in breakers:
                for other in agreement.parties:
                    key = game.trust_pairs.get(frozenset((breaker, other)))
                    if other != breaker and key is not None and rules.broken_delta:
                        steps.append(step_of(game, key, rules.broken_delta, origin=breaker))
            effects = self.table.broken
        if self._decide:  # who agreed and who broke are fixed here: only positions may still vary
            effects = decided(effects, _agreement_context(self.board, agreement, breakers), POSITIONS)
        steps.extend(effects)
        return tuple(steps), any(step[2] is not None for step in steps)


class _Slot(NamedTuple):
    """A decision with an option that has effects, and where its options' entries start in a plan."""

    role: str
    decision: str
    entries: Mapping[str, int]
    """Where each option's entry is, by option id."""
    offset: int
    rules: DecisionRules


class _Option(NamedTuple):
    """An option with its steps, and its steps without its ``once`` effects."""

    role: str
    decision: DecisionRules
    option: OptionRules
    steps: tuple[Step, ...]
    lasting: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class _Table:
    """A scenario's effects as steps, worked out once per game."""

    game: Game
    slots: tuple[_Slot, ...]
    """Every decision with an option that has effects, in the order a resolution applies them."""
    options: tuple[_Option, ...]
    """Every option of every slot, slot by slot."""
    fixed: tuple[tuple[Step, ...] | None, ...]
    """The steps of each option without ``once`` effects (the same from every state), else None."""
    decided: tuple[tuple[Step, ...] | None, ...]
    """The same for options whose steps have no condition to decide either."""
    drift: tuple[Step, ...]
    kept: tuple[Step, ...]
    broken: tuple[Step, ...]


_TABLES: dict[str, _Table] = {}


def _table(game: Game) -> _Table:
    found = _TABLES.get(game.scenario_hash)
    if found is None or found.game is not game:
        slots: list[_Slot] = []
        options: list[_Option] = []
        for role in game.roles:
            for dec in game.decisions[role]:
                if any(o.effects for o in dec.options):
                    entries = {o.id: len(options) + o.rank for o in dec.options}
                    slots.append(_Slot(role, dec.id, entries, len(options), dec))
                    options += [_Option(role, dec, o, steps_of(game, o.effects), steps_of(game, o.effects, False))
                                for o in dec.options]
        fixed = [None if o.option.has_once else o.steps for o in options]
        unconditional = [None if steps is None or any(step[2] is not None for step in steps) else steps
                         for steps in fixed]
        found = _TABLES[game.scenario_hash] = _Table(
            game, tuple(slots), tuple(options), tuple(fixed), tuple(unconditional),
            steps_of(game, game.each_turn), steps_of(game, game.kept_effects), steps_of(game, game.broken_effects),
        )
    return found


def _agreement_context(ctx: Context, agreement: Agreement, breakers: tuple[str, ...]) -> Context:
    """What the kept/broken effects of one agreement read: ``agreed(a, b)`` holds when ``a`` and ``b`` are
    its parties, ``broke(r)`` when ``r`` broke it."""
    return Context(ctx.tracks, ctx.positions, ctx.turn, ctx.drawn, frozenset({frozenset(agreement.parties)}),
                   frozenset(breakers))


def _turn_effects(
    game: Game,
    state: GameState,
    ctx: Context,
    in_force: tuple[Agreement, ...],
    settlements: tuple[Settlement, ...],
    record: bool = True,
    plan: TurnPlan | None = None,
) -> tuple[dict[str, int], list[Event]]:
    """Options held, agreements settled, the scenario's drift: the new tracks and their events.

    Without ``record`` (a preview) the tracks move exactly the same way, but no causes,
    changes or events are built. ``plan`` (of ``state``, with ``in_force`` its agreements in force)
    may come from earlier resolutions of the same state.
    """
    plan = plan if plan is not None else TurnPlan(game, state)
    turn = state.turn
    positions = ctx.positions
    tracks = dict(state.tracks)
    events: list[Event] = []
    journal: Journal | None = [] if record else None
    known = plan.steps
    if journal is None:  # a preview: the options' steps run as one list, in the same order
        run: list[Step] = []
        for role, decision, entries, _, _ in plan.slots:
            index = entries[positions[role][decision]]
            steps = known[index]
            run += steps if steps is not None else plan.fill(index)
        run_steps(tracks, run, ctx)
    else:  # a resolution: each option's changes are reported on their own
        for role, decision, entries, offset, dec in plan.slots:
            index = entries[positions[role][decision]]
            steps = known[index]
            if steps is None:
                steps = plan.fill(index)
            run_steps(tracks, steps, ctx, journal)
            if journal:
                cause = dec.options[index - offset].cause
                events.append(Event("effects", turn, cause.label, changes=changes_of(journal, cause),
                                    data={"role": role}))
                journal.clear()

    for index, (agreement, settlement) in enumerate(zip(in_force, settlements)):
        steps, conditional = plan.settlement_steps(index, settlement.breakers)
        run_steps(tracks, steps, _agreement_context(ctx, agreement, settlement.breakers) if conditional else ctx,
                  journal)
        if journal is not None:
            events.append(_settlement_event(game, agreement, settlement, turn, journal))
            journal.clear()

    run_steps(tracks, plan.drift, ctx, journal)
    if journal:
        drift = Cause("each_turn", "each_turn", "Developments")
        events.append(Event("effects", turn, "Developments beyond the table", changes=changes_of(journal, drift)))
    return tracks, events


def _settlement_event(game: Game, agreement: Agreement, settlement: Settlement, turn: int, journal: Journal) -> Event:
    """The event that reports how one agreement was settled, with the changes noted in ``journal``."""
    if settlement.kept:
        cause = Cause("agreement_kept", str(agreement.id),
                      f"Agreement #{agreement.id} kept ({role_names(game, agreement.parties)})")
        return Event("agreement_kept", turn, cause.label, changes=changes_of(journal, cause),
                     data={"agreement": agreement.id, "parties": list(agreement.parties)})
    cause = Cause("agreement_broken", str(agreement.id),
                  f"Agreement #{agreement.id} broken by {role_names(game, settlement.breakers)}")
    return Event("agreement_broken", turn, cause.label, changes=changes_of(journal, cause),
                 data={"agreement": agreement.id, "parties": list(agreement.parties),
                       "breakers": list(settlement.breakers)})


def _adopted(state: GameState, role: str, decision: str, initial: str, option: OptionRules) -> bool:
    """Whether holding ``option`` (an option with ``once`` effects) now is the role's first adoption of it
    in the game (what ``once`` means)."""
    if option.id == initial:
        return False
    for past in state.history:
        if past.positions[role][decision] == option.id:
            return False
    return True


def preview_tracks(
    game: Game, state: GameState, positions: Mapping[str, Mapping[str, str]], plan: TurnPlan | None = None,
) -> tuple[dict[str, int], frozenset[str]]:
    """The tracks a resolution with ``positions`` would leave, and who would break an agreement.

    For bots weighing options: it uses only what it is given, so a bot passes its own
    guesses of the others' positions and a state built from its observation. Many previews of
    one state share the work of ``plan`` (a :class:`TurnPlan` of that state).
    """
    plan = plan if plan is not None else TurnPlan(game, state)
    ctx, in_force, settlements = _turn_context(game, state, positions, plan)
    tracks, _ = _turn_effects(game, state, ctx, in_force, settlements, record=False, plan=plan)
    return tracks, ctx.broke


def resolve(game: Game, state: GameState, quiet: bool = False) -> tuple[GameState, list[Event]]:
    """Resolve the turn once every role has committed (``quiet``: the same new state, and no events)."""
    turn = state.turn
    positions: Mapping[str, Mapping[str, str]] = {r: state.committed[r] for r in game.roles}
    plan = TurnPlan(game, state)
    ctx, in_force, settlements = _turn_context(game, state, positions, plan)
    tracks, effect_events = _turn_effects(game, state, ctx, in_force, settlements, record=not quiet, plan=plan)
    events = [] if quiet else [_reveal_event(game, turn, positions), *effect_events]

    crossed = []
    for role in game.roles:
        for rl in game.red_lines[role]:
            if rl.when(ctx):
                crossed.append(Crossing(turn, role, rl.id))
                if not quiet:
                    text = f"{game.role_name(role)} crossed its red line: {rl.text} (-{rl.penalty} points)"
                    events.append(Event("red_line", turn, text, frozenset({role}),
                                        data={"role": role, "red_line": rl.id}))

    locked = state.locked | {
        (role, dec.id) for role in game.roles for dec in game.decisions[role] if dec.option(positions[role][dec.id]).final
    }
    broken_ids = {s.agreement for s in settlements if not s.kept}
    remaining = tuple(a for a in state.agreements if a.until_turn > turn and a.id not in broken_ids)
    record = TurnRecord(turn, state.card, positions, dict(tracks), settlements)
    crossings = tuple(crossed)
    last = turn == game.turns
    new = state.evolve(
        turn=turn if last else turn + 1,
        phase=Phase.OVER if last else Phase.EVENT,
        tracks=tracks,
        positions=positions,
        locked=frozenset(locked),
        card=None,
        proposals=(),
        agreements=remaining,
        done=frozenset(),
        committed={},
        history=(*state.history, record),
        talks=(*state.talks, *state.proposals),
        crossings=(*state.crossings, *crossings),
        steps=state.steps + 1,
    )
    digest = TurnHash(new, state.proposals, crossings)
    new = new.evolve(chain=digest)
    if not quiet:
        events.append(Event("turn_resolved", turn, f"Turn {turn} resolved.", data={"turn": turn, "hash": str(digest)}))
        if last:
            events.append(_game_over_event(game, new))
    return new, events


def _settle(game: Game, agreement: Agreement, positions: Mapping[str, Mapping[str, str]]) -> Settlement:
    breakers = tuple(
        role for role in agreement.parties
        if any(c.role == role and not commitment_holds(c, positions, game) for c in agreement.commitments)
    )
    return Settlement(agreement.id, not breakers, breakers)


def _reveal_event(game: Game, turn: int, positions: Mapping[str, Mapping[str, str]]) -> Event:
    lines = []
    for role in game.roles:
        held = positions_text(game, role, positions[role], ", ")
        if held:
            lines.append(f"{game.role_name(role)} - {held}")
    text = "Positions revealed.\n" + "\n".join(lines)
    return Event("reveal", turn, text, data={"positions": {r: dict(p) for r, p in positions.items()}})


def _game_over_event(game: Game, state: GameState) -> Event:
    band = outcome(game, state)
    table = scores(game, state)
    ranking = ", ".join(f"{game.role_name(s.role)} {s.total:g}" for s in table)
    text = f"Game over. Outcome: {band.title}. Scores: {ranking}."
    return Event("game_over", state.turn, text,
                 data={"outcome": band.id, "scores": {s.role: s.total for s in table}})
