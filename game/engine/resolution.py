"""Resolution: reveal positions, apply effects, settle agreements, score red lines, end the turn.

Every condition of a resolution is read against the same snapshot - the tracks as they
stood when resolution began and the newly revealed positions - so the order in which
effects are listed changes nothing but clamping at the bounds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from itertools import combinations

from game.engine.context import Context
from game.engine.describe import positions_text, role_names
from game.engine.effects import apply_effects, move, shift, shift_effects
from game.engine.events import Cause, Change, Event
from game.engine.legality import commitment_holds
from game.engine.rules import Game, OptionRules
from game.engine.scoring import outcome, scores
from game.engine.state import (
    Agreement, Crossing, GameState, Phase, Settlement, TurnRecord, turn_hash,
)


def _turn_context(
    game: Game, state: GameState, positions: Mapping[str, Mapping[str, str]]
) -> tuple[Context, tuple[Agreement, ...], tuple[Settlement, ...]]:
    turn = state.turn
    in_force = tuple(a for a in state.agreements if a.from_turn <= turn <= a.until_turn)
    settlements = tuple(_settle(game, a, positions) for a in in_force)
    ctx = Context(
        tracks=state.tracks,
        positions=positions,
        turn=turn,
        drawn=frozenset(state.drawn),
        agreed=frozenset(frozenset(a.parties) for a in in_force),
        broke=frozenset(r for s in settlements for r in s.breakers),
    )
    return ctx, in_force, settlements


def _turn_effects(
    game: Game,
    state: GameState,
    ctx: Context,
    in_force: tuple[Agreement, ...],
    settlements: tuple[Settlement, ...],
    record: bool = True,
) -> tuple[dict[str, int], list[Event]]:
    """Options held, agreements settled, the scenario's drift: the new tracks and their events.

    Without ``record`` (a preview) the tracks move exactly the same way, but no causes,
    changes or events are built.
    """
    turn = state.turn
    positions = ctx.positions
    tracks = dict(state.tracks)
    events: list[Event] = []
    for role in game.roles:
        held = positions[role]
        for dec in game.decisions[role]:
            option = dec.options[dec.ranks[held[dec.id]]]
            if not option.effects:
                continue
            adopted = not option.has_once or _adopted(state, role, dec.id, dec.initial, option)
            if not record:
                shift_effects(game, tracks, option.effects, ctx, adopted)
                continue
            cause = option.cause
            changes = apply_effects(game, tracks, option.effects, ctx, cause, adopted)
            if changes:
                events.append(Event("effects", turn, cause.label, changes=changes, data={"role": role}))

    agreements = {a.id: a for a in in_force}
    for settlement in settlements:
        event = _settle_tracks(game, tracks, ctx, agreements[settlement.agreement], settlement, turn, record)
        if event is not None:
            events.append(event)

    drift = Cause("each_turn", "each_turn", "Developments") if record else None
    changes = apply_effects(game, tracks, game.each_turn, ctx, drift)
    if changes:
        events.append(Event("effects", turn, "Developments beyond the table", changes=changes))
    return tracks, events


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
    game: Game, state: GameState, positions: Mapping[str, Mapping[str, str]]
) -> tuple[dict[str, int], frozenset[str]]:
    """The tracks a resolution with ``positions`` would leave, and who would break an agreement.

    For bots weighing options: it uses only what it is given, so a bot passes its own
    guesses of the others' positions and a state built from its observation.
    """
    ctx, in_force, settlements = _turn_context(game, state, positions)
    tracks, _ = _turn_effects(game, state, ctx, in_force, settlements, record=False)
    return tracks, ctx.broke


def resolve(game: Game, state: GameState) -> tuple[GameState, list[Event]]:
    """Resolve the turn once every role has committed."""
    turn = state.turn
    positions: Mapping[str, Mapping[str, str]] = {r: state.committed[r] for r in game.roles}
    ctx, in_force, settlements = _turn_context(game, state, positions)
    tracks, effect_events = _turn_effects(game, state, ctx, in_force, settlements)
    events = [_reveal_event(game, turn, positions), *effect_events]

    crossed = []
    for role in game.roles:
        for rl in game.red_lines[role]:
            if rl.when(ctx):
                crossed.append(Crossing(turn, role, rl.id))
                text = f"{game.role_name(role)} crossed its red line: {rl.text} (-{rl.penalty} points)"
                events.append(Event("red_line", turn, text, frozenset({role}), data={"role": role, "red_line": rl.id}))

    locked = state.locked | {
        (role, dec.id) for role in game.roles for dec in game.decisions[role] if dec.option(positions[role][dec.id]).final
    }
    broken_ids = {s.agreement for s in settlements if not s.kept}
    remaining = tuple(a for a in state.agreements if a.until_turn > turn and a.id not in broken_ids)
    record = TurnRecord(turn, state.card, positions, dict(tracks), settlements)
    crossed = tuple(crossed)
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
        crossings=(*state.crossings, *crossed),
        steps=state.steps + 1,
    )
    digest = turn_hash(new, state.proposals, crossed)
    new = new.evolve(chain=digest)
    events.append(Event("turn_resolved", turn, f"Turn {turn} resolved.", data={"turn": turn, "hash": digest}))
    if last:
        events.append(_game_over_event(game, new))
    return new, events


def _settle(game: Game, agreement: Agreement, positions: Mapping[str, Mapping[str, str]]) -> Settlement:
    breakers = tuple(
        role for role in agreement.parties
        if any(c.role == role and not commitment_holds(c, positions, game) for c in agreement.commitments)
    )
    return Settlement(agreement.id, not breakers, breakers)


def _settle_tracks(
    game: Game, tracks: dict[str, int], ctx: Context, agreement: Agreement, settlement: Settlement, turn: int,
    record: bool = True,
) -> Event | None:
    """Move pair trust (and the scenario's kept/broken effects) for one settled agreement.

    The kept/broken effects' conditions see this agreement alone: ``agreed(a, b)`` holds when
    ``a`` and ``b`` are its parties, ``broke(r)`` when ``r`` broke it. Returns the event that
    reports it, or None without ``record`` (a preview).
    """
    rules = game.scenario.negotiation
    changes: list[Change] = []
    ctx = replace(ctx, agreed=frozenset({frozenset(agreement.parties)}), broke=frozenset(settlement.breakers))
    if settlement.kept:
        label = f"Agreement #{agreement.id} kept ({role_names(game, agreement.parties)})" if record else ""
        cause = Cause("agreement_kept", str(agreement.id), label) if record else None
        for a, b in combinations(agreement.parties, 2):
            key = game.trust_pairs.get(frozenset((a, b)))
            if key is not None and rules.kept_delta:
                if cause is None:
                    shift(game, tracks, key, rules.kept_delta)
                else:
                    changes.append(move(game, tracks, key, rules.kept_delta, cause))
        changes.extend(apply_effects(game, tracks, game.kept_effects, ctx, cause))
        if cause is None:
            return None
        return Event("agreement_kept", turn, cause.label, changes=tuple(changes),
                     data={"agreement": agreement.id, "parties": list(agreement.parties)})
    cause = Cause("agreement_broken", str(agreement.id),
                  f"Agreement #{agreement.id} broken by {role_names(game, settlement.breakers)}") if record else None
    for breaker in settlement.breakers:
        for other in agreement.parties:
            key = game.trust_pairs.get(frozenset((breaker, other)))
            if other != breaker and key is not None and rules.broken_delta:
                if cause is None:
                    shift(game, tracks, key, rules.broken_delta)
                else:
                    changes.append(move(game, tracks, key, rules.broken_delta, cause._replace(role=breaker)))
    changes.extend(apply_effects(game, tracks, game.broken_effects, ctx, cause))
    if cause is None:
        return None
    return Event("agreement_broken", turn, cause.label, changes=tuple(changes),
                 data={"agreement": agreement.id, "parties": list(agreement.parties),
                       "breakers": list(settlement.breakers)})


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
