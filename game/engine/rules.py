"""Compile a validated :class:`~game.scenario.models.Scenario` into the rules the engine runs.

Compiling is also where the whole-scenario checks happen: every name a condition, an
effect or a score weight mentions must exist. All problems are collected (with the
location of the field) and raised together as :class:`ScenarioProblems`, so an author
sees every mistake in one run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from game.engine.events import Cause
from game.scenario.conditions import (
    ConditionNameError,
    ConditionSyntaxError,
    Predicate,
    compile_condition,
)
from game.scenario.models import Brief, Citation, Effect, Metric, Role, Scenario

Loc = tuple[str | int, ...]

RESERVED_NAMES = frozenset({"turn", "drawn", "agreed", "broke", "and", "or", "not", "in", "true", "false", "chance"})


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a scenario, at a location inside it."""

    loc: Loc
    message: str


class ScenarioProblems(ValueError):
    """A scenario that cannot be compiled; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{'.'.join(map(str, p.loc))}: {p.message}" for p in problems))


@dataclass(frozen=True, slots=True)
class Track:
    """One track: a global metric, a metric of one role, or a metric of one pair of roles."""

    key: str
    metric: str
    name: str
    min: int
    max: int
    start: int
    higher_is_better: bool
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CompiledEffect:
    """An effect ready to apply: a canonical track key, a delta, an optional predicate and limit."""

    key: str
    delta: int
    when: Predicate | None
    once: bool
    note: str | None
    limit: int | None = None
    sources: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class OptionRules:
    """An option of a decision, with its rank (its place in the list, from 0)."""

    id: str
    name: str
    description: str
    rank: int
    effects: tuple[CompiledEffect, ...]
    requires: Predicate | None
    final: bool
    sources: tuple[Citation, ...]
    cause: Cause
    """The cause a resolution records for the changes its effects make."""
    has_once: bool = False
    """Whether any effect applies only on adoption (then resolution must read the history)."""


@dataclass(frozen=True, slots=True)
class DecisionRules:
    """A decision of one role."""

    role: str
    id: str
    area: str
    name: str
    description: str
    asset: str | None
    options: tuple[OptionRules, ...]
    ranks: Mapping[str, int]
    initial: str
    available: Predicate | None
    conditional: bool = False
    """Whether some option may be chosen only when a condition holds."""

    def option(self, option_id: str) -> OptionRules:
        """The option with this id (KeyError when absent)."""
        return self.options[self.ranks[option_id]]


@dataclass(frozen=True, slots=True)
class CardRules:
    """An event card."""

    id: str
    title: str
    text: str
    turns: frozenset[int] | None
    when: Predicate | None
    weight: int
    effects: tuple[CompiledEffect, ...]
    sources: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class ObjectiveRules:
    id: str
    text: str
    when: Predicate
    points: int


@dataclass(frozen=True, slots=True)
class RedLineRules:
    id: str
    text: str
    when: Predicate
    penalty: int


@dataclass(frozen=True, slots=True)
class OutcomeRules:
    id: str
    title: str
    description: str
    when: Predicate | None


@dataclass(frozen=True)
class Game:
    """The compiled, immutable rules of one scenario. Pure data plus compiled predicates."""

    scenario: Scenario
    scenario_hash: str
    roles: tuple[str, ...]
    tracks: Mapping[str, Track]
    decisions: Mapping[str, tuple[DecisionRules, ...]]
    cards: Mapping[str, CardRules]
    each_turn: tuple[CompiledEffect, ...]
    objectives: Mapping[str, tuple[ObjectiveRules, ...]]
    red_lines: Mapping[str, tuple[RedLineRules, ...]]
    weights: Mapping[str, tuple[tuple[str, float], ...]]
    outcomes: tuple[OutcomeRules, ...]
    kept_effects: tuple[CompiledEffect, ...]
    broken_effects: tuple[CompiledEffect, ...]
    trust_pairs: Mapping[frozenset[str], str] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)
    briefs: Mapping[str, Brief] = field(default_factory=dict)
    _decision_index: Mapping[tuple[str, str], DecisionRules] = field(init=False, repr=False, compare=False)
    _rotations: Mapping[str | None, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {(role, d.id): d for role, decisions in self.decisions.items() for d in decisions}
        object.__setattr__(self, "_decision_index", MappingProxyType(index))
        roles = self.roles
        rotations = {role: roles[i + 1:] + roles[:i + 1] for i, role in enumerate(roles)}
        object.__setattr__(self, "_rotations", MappingProxyType(rotations))

    @property
    def id(self) -> str:
        return self.scenario.id

    @property
    def turns(self) -> int:
        return len(self.scenario.turns)

    def role(self, role_id: str) -> Role:
        """The scenario's model of a role."""
        return self.scenario.roles[self.roles.index(role_id)]

    def role_name(self, role_id: str) -> str:
        """The display name of a role."""
        return self.names[role_id]

    def seats_after(self, role: str | None) -> tuple[str, ...]:
        """Every role in seat order, starting with the one after ``role`` and ending with ``role``
        (from the first seat when ``role`` is None or not a role)."""
        return self._rotations.get(role, self.roles)

    def decision(self, role: str, decision: str) -> DecisionRules:
        """The decision ``role.decision`` (KeyError when absent)."""
        try:
            return self._decision_index[(role, decision)]
        except KeyError:
            raise KeyError(f"{role}.{decision}") from None


class _OwnedNames:
    """Name resolution inside one role's part of a scenario: a bare role metric means the role's own."""

    def __init__(self, compiler: _Compiler, owner: str) -> None:
        self.compiler = compiler
        self.owner = owner

    def position_options(self, role: str, decision: str) -> Mapping[str, int] | None:
        return self.compiler.position_options(role, decision)

    def track_key(self, dotted: str) -> str | None:
        return self.compiler.track_key(dotted, self.owner)

    def is_role(self, name: str) -> bool:
        return self.compiler.is_role(name)

    def is_card(self, name: str) -> bool:
        return self.compiler.is_card(name)


def scenario_hash(scenario: Scenario) -> str:
    """sha256 of the scenario's canonical JSON (formatting and comments of the YAML do not count)."""
    data = json.dumps(scenario.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(data.encode("ascii")).hexdigest()


class _Compiler:
    """Builds a :class:`Game`, collecting problems instead of stopping at the first."""

    def __init__(self, scenario: Scenario, source_ids: Iterable[str] | None) -> None:
        self.s = scenario
        self.source_ids = frozenset(source_ids) if source_ids is not None else None
        self.problems: list[Problem] = []
        self.role_ids = tuple(r.id for r in scenario.roles)
        self.card_ids = frozenset(e.id for e in scenario.events)
        self.metrics: dict[str, Metric] = {m.id: m for m in scenario.metrics}
        self.tracks: dict[str, Track] = {}
        self.ranks: dict[tuple[str, str], dict[str, int]] = {}

    def problem(self, loc: Loc, message: str) -> None:
        self.problems.append(Problem(loc, message))

    # -- name resolution (the NameResolver protocol of the condition language) -----------

    def position_options(self, role: str, decision: str) -> Mapping[str, int] | None:
        return self.ranks.get((role, decision))

    def is_role(self, name: str) -> bool:
        return name in self.role_ids

    def is_card(self, name: str) -> bool:
        return name in self.card_ids

    def track_key(self, dotted: str, owner: str | None = None) -> str | None:
        parts = dotted.split(".")
        metric = self.metrics.get(parts[0])
        if metric is None:
            return None
        rest = parts[1:]
        if metric.scope == "global":
            return metric.id if not rest else None
        if metric.scope == "role":
            if not rest and owner is not None:
                rest = [owner]
            key = f"{metric.id}.{rest[0]}" if len(rest) == 1 else None
            return key if key in self.tracks else None
        if len(rest) == 1 and owner is not None:
            rest = [owner, rest[0]]
        if len(rest) != 2:
            return None
        for key in (f"{metric.id}.{rest[0]}.{rest[1]}", f"{metric.id}.{rest[1]}.{rest[0]}"):
            if key in self.tracks:
                return key
        return None

    def describe_tracks(self) -> str:
        return ", ".join(self.tracks)

    # -- pieces ----------------------------------------------------------------------

    def condition(self, text: str | None, loc: Loc, owner: str | None = None) -> Predicate | None:
        """Compile a condition; inside a role's own part of the file, ``support`` means its own track."""
        if text is None:
            return None
        try:
            return compile_condition(text, self if owner is None else _OwnedNames(self, owner))
        except (ConditionNameError, ConditionSyntaxError) as exc:
            self.problem(loc, str(exc))
            return None

    def effects(self, effects: list[Effect], loc: Loc, owner: str | None = None) -> tuple[CompiledEffect, ...]:
        out = []
        for i, eff in enumerate(effects):
            key = self.track_key(eff.track, owner)
            if key is None:
                self.problem(loc + (i, "track"), f"unknown track {eff.track!r} (tracks: {self.describe_tracks()})")
                continue
            when = self.condition(eff.when, loc + (i, "when"), owner)
            if eff.when is not None and when is None:
                continue
            if eff.limit is not None and not self.tracks[key].min <= eff.limit <= self.tracks[key].max:
                track = self.tracks[key]
                self.problem(loc + (i, "limit"), f"limit {eff.limit} is outside {track.min}..{track.max}")
            sources = self.citations(eff.sources, loc + (i, "sources"))
            out.append(CompiledEffect(key, eff.delta, when, eff.once, eff.note, eff.limit, sources))
        return tuple(out)

    def citations(self, sources: Iterable[Citation], loc: Loc) -> tuple[Citation, ...]:
        sources = tuple(sources)
        if self.source_ids is not None:
            for i, cite in enumerate(sources):
                if cite.text not in self.source_ids:
                    known = ", ".join(sorted(self.source_ids))
                    self.problem(loc + (i, "text"), f"unknown source {cite.text!r} (sources: {known})")
        return sources

    def check_unique(self, ids: list[str], loc: Loc, what: str) -> None:
        seen: set[str] = set()
        for i, ident in enumerate(ids):
            if ident in seen:
                self.problem(loc + (i, "id"), f"duplicate {what} id {ident!r}")
            seen.add(ident)

    def build_tracks(self) -> None:
        s = self.s
        for mi, metric in enumerate(s.metrics):
            loc: Loc = ("metrics", mi)
            if metric.min >= metric.max:
                self.problem(loc + ("max",), f"max ({metric.max}) must be greater than min ({metric.min})")
                continue
            keys: list[tuple[str, tuple[str, ...]]] = []
            if metric.scope == "global":
                if metric.roles is not None or metric.pairs is not None:
                    self.problem(loc + ("scope",), "a global metric takes neither roles nor pairs")
                keys.append((metric.id, ()))
            elif metric.scope == "role":
                if not metric.roles:
                    self.problem(loc + ("roles",), "a metric of scope role needs a list of roles")
                for ri, role in enumerate(metric.roles or []):
                    if role not in self.role_ids:
                        self.problem(loc + ("roles", ri), f"unknown role {role!r}")
                    else:
                        keys.append((f"{metric.id}.{role}", (role,)))
            else:
                if not metric.pairs:
                    self.problem(loc + ("pairs",), "a metric of scope pair needs a list of pairs")
                seen: set[frozenset[str]] = set()
                for pi, (a, b) in enumerate(metric.pairs or []):
                    bad = [r for r in (a, b) if r not in self.role_ids]
                    if bad:
                        self.problem(loc + ("pairs", pi), f"unknown role {bad[0]!r}")
                    elif a == b or frozenset((a, b)) in seen:
                        self.problem(loc + ("pairs", pi), f"pair {a}/{b} is repeated or not a pair")
                    else:
                        seen.add(frozenset((a, b)))
                        keys.append((f"{metric.id}.{a}.{b}", (a, b)))
            for key, roles in keys:
                start = metric.start
                for name, value in metric.start_overrides.items():
                    if name == key.partition(".")[2] or (
                        len(roles) == 2 and frozenset(name.split(".")) == frozenset(roles)
                    ):
                        start = value
                self.tracks[key] = Track(
                    key, metric.id, self.track_label(metric.name, roles), metric.min, metric.max, start,
                    metric.higher_is_better, roles,
                )
            if not metric.min <= metric.start <= metric.max:
                self.problem(loc + ("start",), f"start {metric.start} is outside {metric.min}..{metric.max}")
            suffixes = {k.partition(".")[2] for k, _ in keys}
            pair_sets = {frozenset(r) for _, r in keys if len(r) == 2}
            for name, value in metric.start_overrides.items():
                if name not in suffixes and frozenset(name.split(".")) not in pair_sets:
                    self.problem(loc + ("start_overrides", name), f"{metric.id} has no track for {name!r}")
                elif not metric.min <= value <= metric.max:
                    self.problem(loc + ("start_overrides", name), f"{value} is outside {metric.min}..{metric.max}")

    def track_label(self, metric_name: str, roles: tuple[str, ...]) -> str:
        names = {r.id: r.name for r in self.s.roles}
        if not roles:
            return metric_name
        return f"{metric_name} ({'-'.join(names.get(r, r) for r in roles)})"

    def compile(self) -> Game:
        s = self.s
        self.check_unique([m.id for m in s.metrics], ("metrics",), "metric")
        self.check_unique([r.id for r in s.roles], ("roles",), "role")
        self.check_unique([e.id for e in s.events], ("events",), "event")
        self.check_unique([o.id for o in s.outcomes], ("outcomes",), "outcome")
        for ri, role in enumerate(s.roles):
            if role.id in RESERVED_NAMES or role.id in self.metrics:
                self.problem(("roles", ri, "id"), f"role id {role.id!r} is reserved or is also a metric id")
        for mi, metric in enumerate(s.metrics):
            if metric.id in RESERVED_NAMES:
                self.problem(("metrics", mi, "id"), f"metric id {metric.id!r} is reserved")
        self.build_tracks()

        # Decisions first, so conditions anywhere can name any role's options.
        for ri, role in enumerate(s.roles):
            self.check_unique([d.id for d in role.decisions], ("roles", ri, "decisions"), "decision")
            for di, dec in enumerate(role.decisions):
                self.check_unique([o.id for o in dec.options], ("roles", ri, "decisions", di, "options"), "option")
                self.ranks[(role.id, dec.id)] = {o.id: i for i, o in enumerate(dec.options)}

        decisions: dict[str, tuple[DecisionRules, ...]] = {}
        objectives: dict[str, tuple[ObjectiveRules, ...]] = {}
        red_lines: dict[str, tuple[RedLineRules, ...]] = {}
        weights: dict[str, tuple[tuple[str, float], ...]] = {}
        for ri, role in enumerate(s.roles):
            rloc: Loc = ("roles", ri)
            decs = []
            for di, dec in enumerate(role.decisions):
                dloc = rloc + ("decisions", di)
                options = []
                for oi, opt in enumerate(dec.options):
                    oloc = dloc + ("options", oi)
                    effects = self.effects(opt.effects, oloc + ("effects",), owner=role.id)
                    sources = self.citations(opt.sources, oloc + ("sources",))
                    cause = Cause("option", f"{role.id}.{dec.id}.{opt.id}", f"{role.name}: {dec.name} - {opt.name}",
                                  role.id, sources=sources)
                    options.append(
                        OptionRules(
                            opt.id, opt.name, opt.description, oi, effects,
                            self.condition(opt.requires, oloc + ("requires",), role.id),
                            opt.final, sources, cause, any(e.once for e in effects),
                        )
                    )
                ranks = self.ranks[(role.id, dec.id)]
                initial = dec.initial or dec.options[0].id
                if initial not in ranks:
                    self.problem(dloc + ("initial",), f"{initial!r} is not one of the options ({', '.join(ranks)})")
                    initial = dec.options[0].id
                decs.append(
                    DecisionRules(
                        role.id, dec.id, dec.area, dec.name, dec.description, dec.asset, tuple(options),
                        MappingProxyType(dict(ranks)), initial,
                        self.condition(dec.available, dloc + ("available",), role.id),
                        any(o.requires is not None for o in options),
                    )
                )
            decisions[role.id] = tuple(decs)
            self.check_unique([o.id for o in role.brief.objectives], rloc + ("brief", "objectives"), "objective")
            self.check_unique([r.id for r in role.brief.red_lines], rloc + ("brief", "red_lines"), "red line")
            objectives[role.id] = tuple(
                ObjectiveRules(o.id, o.text, pred, o.points)
                for oi, o in enumerate(role.brief.objectives)
                if (pred := self.condition(o.when, rloc + ("brief", "objectives", oi, "when"), role.id)) is not None
            )
            red_lines[role.id] = tuple(
                RedLineRules(r.id, r.text, pred, r.penalty)
                for li, r in enumerate(role.brief.red_lines)
                if (pred := self.condition(r.when, rloc + ("brief", "red_lines", li, "when"), role.id)) is not None
            )
            self.citations(role.brief.sources, rloc + ("brief", "sources"))
            role_weights = []
            for ref, weight in role.score.items():
                key = self.track_key(ref, role.id)
                if key is None:
                    self.problem(rloc + ("score", ref), f"unknown track {ref!r} (tracks: {self.describe_tracks()})")
                else:
                    role_weights.append((key, weight))
            weights[role.id] = tuple(role_weights)

        cards = {}
        for ei, card in enumerate(s.events):
            eloc: Loc = ("events", ei)
            for ti, t in enumerate(card.turns or []):
                if not 1 <= t <= len(s.turns):
                    self.problem(eloc + ("turns", ti), f"turn {t} is outside 1..{len(s.turns)}")
            cards[card.id] = CardRules(
                card.id, card.title, card.text, frozenset(card.turns) if card.turns is not None else None,
                self.condition(card.when, eloc + ("when",)), card.weight,
                self.effects(card.effects, eloc + ("effects",)),
                self.citations(card.sources, eloc + ("sources",)),
            )

        for mi, metric in enumerate(s.metrics):
            self.citations(metric.sources, ("metrics", mi, "sources"))
        self.citations(s.sources, ("sources",))

        neg = s.negotiation
        trust = self.metrics.get(neg.trust_metric)
        trust_pairs: dict[frozenset[str], str] = {}
        if trust is None or trust.scope != "pair":
            self.problem(("negotiation", "trust_metric"), f"{neg.trust_metric!r} is not a metric of scope pair")
        else:
            trust_pairs = {frozenset(t.roles): t.key for t in self.tracks.values() if t.metric == trust.id}

        outcomes = []
        for oi, band in enumerate(s.outcomes):
            last = oi == len(s.outcomes) - 1
            if last and band.when is not None:
                self.problem(("outcomes", oi, "when"), "the last outcome band is the fallback: leave out 'when'")
            if not last and band.when is None:
                self.problem(("outcomes", oi, "when"), "only the last outcome band may leave out 'when'")
            outcomes.append(
                OutcomeRules(band.id, band.title, band.description, self.condition(band.when, ("outcomes", oi, "when")))
            )

        game = Game(
            scenario=s,
            scenario_hash=scenario_hash(s),
            roles=self.role_ids,
            tracks=MappingProxyType(self.tracks),
            decisions=MappingProxyType(decisions),
            cards=MappingProxyType(cards),
            each_turn=self.effects(s.each_turn, ("each_turn",)),
            objectives=MappingProxyType(objectives),
            red_lines=MappingProxyType(red_lines),
            weights=MappingProxyType(weights),
            outcomes=tuple(outcomes),
            kept_effects=self.effects(neg.kept_effects, ("negotiation", "kept_effects")),
            broken_effects=self.effects(neg.broken_effects, ("negotiation", "broken_effects")),
            trust_pairs=MappingProxyType(trust_pairs),
            names=MappingProxyType({r.id: r.name for r in s.roles}),
            briefs=MappingProxyType({r.id: r.brief for r in s.roles}),
        )
        if self.problems:
            raise ScenarioProblems(self.problems)
        return game


def compile_game(scenario: Scenario, source_ids: Iterable[str] | None = None) -> Game:
    """Check every cross-reference of ``scenario`` and compile it.

    ``source_ids`` are the ids of the source catalogue; when given, every citation must use one.
    Raises :class:`ScenarioProblems` listing every problem found.
    """
    return _Compiler(scenario, source_ids).compile()
