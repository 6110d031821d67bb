"""Balance measurement: does a scenario leave real choices, or does one choice always win?

Three questions, each answered from seeded bot games (same seeds for every variant, so
differences come from the choices and not from the luck of the draw):

1. **Options in play** - for every role and decision, which options a score-maximising bot
   (:data:`MAXIMISER`: ``strategic``, the two-turn planner) picks, and in what share of games,
   when it plays that role against each *opponent mix*.
2. **Fixed strategies** - for every role and decision, the role holds one option for the whole
   game (its other decisions are left to the score maximiser) against each opponent mix. An
   option *dominates* when its mean score is the best (or tied for best) against every mix and
   strictly the best against at least one. Roles with few option profiles are also checked with
   every whole profile held fixed.
3. **Outcome bands** - which collective outcome bands occur.

Opponent mixes are named: a bot kind (``random``, ``hawkish``, ``cooperative``, ``reciprocal``, the
maximiser itself) puts that bot in every other seat; ``lowest`` and ``highest`` hold every other
role at the first or the last option of each of its decisions (a stubborn table at either end of
every scale).
"""

from __future__ import annotations

import itertools
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

from game.bots import BOTS, Bot
from game.engine import (
    Action, Commit, Commitment, EndNegotiation, Game, Observation, Phase, Propose, Respond, outcome, scores,
)
from game.engine.legality import commitment_holds
from game.engine.rules import DecisionRules, OptionRules
from game.runner import play

MAXIMISER = "strategic" if "strategic" in BOTS else "greedy"
"""The score-maximising bot whose choices are measured (the two-turn planner, where it exists)."""

MIXES: tuple[str, ...] = tuple(
    m for m in ("lowest", "highest", "random", "hawkish", "cooperative", "reciprocal", MAXIMISER)
    if m in BOTS or m in ("lowest", "highest")
)
"""The opponent mixes measured by default, cheapest and most different first (the maximiser itself last)."""

SeatSpec = tuple[str, tuple[tuple[str, str], ...], str | None]
"""How to build one seat's bot: (kind, pinned (decision, option) pairs, inner bot kind)."""


# --- bots -------------------------------------------------------------------------------------


class PinnedBot(Bot):
    """Holds some decisions at fixed options; an inner bot (if any) plays everything else.

    A pinned option that cannot be chosen in some turn (its ``requires`` fails) is replaced by
    the nearest option that can. The bot never agrees to terms that contradict its pins.
    """

    name = "pinned"
    description = "Holds fixed options; a score maximiser or nothing plays the rest."

    def __init__(self, game: Game, role: str, pins: Mapping[str, str], inner: Bot | None = None) -> None:
        super().__init__(game, role)
        self.pins = dict(pins)
        self.inner = inner

    def act(self, obs: Observation) -> Action:
        if obs.phase is Phase.DECISION:
            return self._commit(obs)
        waiting = [p for p in obs.proposals if self.role in p.awaiting()]
        if waiting:
            proposal = waiting[0]
            if not self._compatible((*proposal.offers, *proposal.requests)):
                return Respond(self.role, proposal.id, False)
        if self.inner is None:
            if waiting:
                return Respond(self.role, waiting[0].id, True)
            return EndNegotiation(self.role)
        action = self.inner.act(obs)
        if isinstance(action, Propose) and not self._compatible((*action.offers, *action.requests)):
            return EndNegotiation(self.role)
        return action

    def _compatible(self, commitments: Iterable[Commitment]) -> bool:
        """Whether holding the pins keeps every term of ``commitments`` on a pinned decision."""
        pinned = {self.role: self.pins}
        return all(commitment_holds(c, pinned, self.game) for c in commitments
                   if c.role == self.role and c.decision in self.pins)

    def _commit(self, obs: Observation) -> Commit:
        pinned = {dec.id: _nearest(options, dec, self.pins[dec.id]).id
                  for dec, options in obs.choices if dec.id in self.pins}
        if self.inner is not None:
            # The inner bot plans the other decisions as if the pinned ones were already held.
            restricted = tuple((dec, tuple(o for o in options if o.id == pinned[dec.id]) if dec.id in pinned
                                else options) for dec, options in obs.choices)
            held = {**obs.positions, self.role: {**obs.positions[self.role], **pinned}}
            chosen = self.inner.act(obs._replace(choices=restricted, positions=held))
            if isinstance(chosen, Commit):
                return Commit.of(self.role, {**dict(chosen.positions), **pinned})
        return Commit.of(self.role, pinned)


def _nearest(options: Sequence[OptionRules], dec: DecisionRules, wanted: str) -> OptionRules:
    target = dec.ranks[wanted]
    return min(options, key=lambda o: (abs(o.rank - target), o.rank))


def make_bot(game: Game, role: str, spec: SeatSpec) -> Bot:
    """The bot a :data:`SeatSpec` describes."""
    kind, pins, inner = spec
    if kind != PinnedBot.name:
        return BOTS[kind](game, role)
    return PinnedBot(game, role, dict(pins), BOTS[inner](game, role) if inner else None)


def end_pins(game: Game, role: str, end: str) -> tuple[tuple[str, str], ...]:
    """Every decision of ``role`` pinned at its first (``lowest``) or last (``highest``) option."""
    index = 0 if end == "lowest" else -1
    return tuple((dec.id, dec.options[index].id) for dec in game.decisions[role])


def opponents(game: Game, focal: str, mix: str) -> dict[str, SeatSpec]:
    """The seats of every role but ``focal`` in an opponent mix."""
    seats: dict[str, SeatSpec] = {}
    for role in game.roles:
        if role == focal:
            continue
        if mix in ("lowest", "highest"):
            seats[role] = (PinnedBot.name, end_pins(game, role, mix), None)
        else:
            seats[role] = (mix, (), None)
    return seats


# --- playing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Played:
    """What one game contributes: the outcome, every role's score and each role's committed options."""

    seed: int
    outcome: str
    scores: Mapping[str, float]
    picks: Mapping[str, frozenset[tuple[str, str]]]


def play_one(game: Game, seed: int, seats: Mapping[str, SeatSpec]) -> Played:
    """One seeded game with the given seats."""
    bots = {role: make_bot(game, role, spec) for role, spec in seats.items()}
    played = play(game, seed, {role: spec[0] for role, spec in seats.items()}, bots=bots)
    picks: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for action in played.actions:
        if isinstance(action, Commit):
            picks[action.role].update(action.positions)
    return Played(
        seed,
        outcome(game, played.state).id,
        {s.role: s.total for s in scores(game, played.state)},
        {role: frozenset(picks[role]) for role in game.roles},
    )


@lru_cache(maxsize=8)
def _load(path: str) -> Game:
    from game.scenario.loader import load_scenario

    return load_scenario(path).game


Job = tuple[str, tuple[tuple[str, SeatSpec], ...], int, int]
Runner = Callable[[Sequence[Job]], list[list[Played]]]


def _run_job(job: Job) -> list[Played]:
    path, seats, seed, games = job
    game = _load(path)
    return [play_one(game, seed + i, dict(seats)) for i in range(games)]


def run_jobs(jobs: Sequence[Job], workers: int = 1) -> list[list[Played]]:
    """Run batches of games (in worker processes when ``workers`` > 1), results in job order."""
    with _runner(workers) as run:
        return run(jobs)


@contextmanager
def _runner(workers: int) -> Iterator[Runner]:
    """A way to run jobs: in this process, or on one pool of ``workers`` processes kept for every call."""
    if workers <= 1:
        yield lambda jobs: [_run_job(job) for job in jobs]
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield lambda jobs: list(pool.map(_run_job, jobs))


# --- survival ---------------------------------------------------------------------------------


def rotation(game: Game, index: int, maximiser: str = MAXIMISER) -> dict[str, str]:
    """The seats of game ``index`` of a survival run: all random, all maximiser, or every bot kind mixed."""
    kinds = sorted(BOTS)
    if index % 3 == 0:
        return {role: "random" for role in game.roles}
    if index % 3 == 1:
        return {role: maximiser for role in game.roles}
    return {role: kinds[(index + i) % len(kinds)] for i, role in enumerate(game.roles)}


@dataclass(frozen=True)
class Failure:
    """A game that raised: its seed, its seats and the error."""

    seed: int
    seats: Mapping[str, str]
    error: str


def _survive(job: tuple[str, int, int]) -> list[Failure]:
    path, seed, games = job
    game = _load(path)
    failures = []
    for index in range(games):
        seats = rotation(game, seed + index)
        try:
            played = play(game, seed + index, seats)
            if not played.state.over:
                raise AssertionError("the game did not end")
            for key, value in played.state.tracks.items():
                track = game.tracks[key]
                if not track.min <= value <= track.max:
                    raise AssertionError(f"{key} = {value} is outside {track.min}..{track.max}")
        except Exception as exc:  # noqa: BLE001 - every error is what a survival run reports
            failures.append(Failure(seed + index, seats, f"{type(exc).__name__}: {exc}"))
    return failures


def survival(path: str, games: int, seed: int = 0, workers: int = 1) -> list[Failure]:
    """Play ``games`` seeded games with rotating seats (:func:`rotation`); every game that fails."""
    size = max(1, games // (max(1, workers) * 4))
    jobs = [(path, seed + start, min(size, games - start)) for start in range(0, games, size)]
    if workers <= 1:
        return [f for job in jobs for f in _survive(job)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return [f for batch in pool.map(_survive, jobs) for f in batch]


# --- the report -------------------------------------------------------------------------------


@dataclass
class Dominance:
    """Mean scores of one role holding each option (or profile) fixed, per opponent mix."""

    role: str
    label: str
    means: dict[str, dict[str, float]] = field(default_factory=dict)  # option -> mix -> mean

    def best(self, mix: str) -> list[str]:
        """The options with the highest mean against ``mix``."""
        top = max(m[mix] for m in self.means.values())
        return [o for o, m in self.means.items() if m[mix] == top]

    def mixes(self) -> list[str]:
        """The mixes measured so far."""
        return list(dict.fromkeys(mix for m in self.means.values() for mix in m))

    def unbeaten(self) -> set[str]:
        """The options that are best, or tied for best, against every mix measured so far."""
        found = set(self.means)
        for mix in self.mixes():
            found &= set(self.best(mix))
        return found

    def dominant(self) -> str | None:
        """The option that is never beaten and strictly best against at least one mix, if there is one.

        Such an option is at least as good as every alternative against every mix, and better
        against some: holding it always is a strategy no other fixed choice can improve on.
        """
        for option in sorted(self.unbeaten()):
            if any(self.best(mix) == [option] for mix in self.mixes()):
                return option
        return None


@dataclass
class BalanceReport:
    """Everything measured for one scenario."""

    scenario: str
    games: int
    mixes: tuple[str, ...]
    bands: dict[str, Counter[str]] = field(default_factory=dict)  # mix -> band -> games
    picks: dict[str, dict[str, Counter[str]]] = field(default_factory=dict)  # role.decision -> mix -> option
    dominance: list[Dominance] = field(default_factory=list)

    def pick_shares(self, key: str) -> dict[str, float]:
        """For ``role.decision``: the share of games (all mixes pooled) in which the maximiser picked each option."""
        total = self.games * len(self.picks[key])
        pooled: Counter[str] = Counter()
        for counts in self.picks[key].values():
            pooled.update(counts)
        return {option: n / total for option, n in pooled.most_common()}

    def band_totals(self) -> Counter[str]:
        """Outcome bands over every mix."""
        total: Counter[str] = Counter()
        for counts in self.bands.values():
            total.update(counts)
        return total

    def problems(self, min_share: float = 0.1) -> list[str]:
        """What makes the scenario degenerate (an empty list when it passes every check)."""
        found = []
        for key in self.picks:
            live = [o for o, share in self.pick_shares(key).items() if share >= min_share]
            if len(live) < 2:
                found.append(f"{key}: the maximiser picks only {live or 'nothing'} in {min_share:.0%} of games or more")
        for dom in self.dominance:
            winner = dom.dominant()
            if winner is not None:
                found.append(f"{dom.role} {dom.label}: holding {winner} is never beaten, against any mix")
        if len(+self.band_totals()) < 2:
            found.append(f"only one outcome band occurs: {', '.join(self.band_totals())}")
        return found


def measure(
    path: str,
    games: int = 40,
    seed: int = 1,
    mixes: Sequence[str] = MIXES,
    maximiser: str = MAXIMISER,
    workers: int = 1,
    profile_limit: int = 16,
) -> BalanceReport:
    """Measure the balance of the scenario file at ``path`` (see the module docstring)."""
    game = _load(path)  # loaded before the pool starts, so that forked workers share it
    report = BalanceReport(game.id, games, tuple(mixes))
    with _runner(workers) as run:
        _measure_picks(report, game, path, games, seed, mixes, maximiser, run)
        _measure_dominance(report, game, path, games, seed, mixes, maximiser, run, profile_limit)
    return report


def _seat_items(seats: Mapping[str, SeatSpec], game: Game) -> tuple[tuple[str, SeatSpec], ...]:
    return tuple((role, seats[role]) for role in game.roles)


def _measure_picks(
    report: BalanceReport, game: Game, path: str, games: int, seed: int, mixes: Sequence[str], maximiser: str,
    run: Runner,
) -> None:
    plan: list[tuple[str, str]] = []  # (focal role or "*", mix)
    jobs: list[Job] = []
    for mix in mixes:
        focals = ["*"] if mix == maximiser else list(game.roles)
        for focal in focals:
            seats = {r: (maximiser, (), None) for r in game.roles} if focal == "*" else {
                **opponents(game, focal, mix), focal: (maximiser, (), None)}
            plan.append((focal, mix))
            jobs.append((path, _seat_items(seats, game), seed, games))
    for (focal, mix), results in zip(plan, run(jobs)):
        for played in results:
            report.bands.setdefault(mix, Counter())[played.outcome] += 1
            roles = game.roles if focal == "*" else (focal,)
            for role in roles:
                for dec in game.decisions[role]:
                    key = f"{role}.{dec.id}"
                    counts = report.picks.setdefault(key, {}).setdefault(mix, Counter())
                    for decision, option in played.picks[role]:
                        if decision == dec.id:
                            counts[option] += 1


def _strategies(game: Game, role: str, profile_limit: int) -> Iterator[tuple[str, dict[str, tuple[tuple[str, str], ...]]]]:
    """(label, {strategy name: pins}) for each decision of ``role`` and, when small, its whole profiles."""
    decisions = game.decisions[role]
    for dec in decisions:
        yield f"{dec.id} (rest played by the maximiser)", {o.id: ((dec.id, o.id),) for o in dec.options}
    sizes = [len(d.options) for d in decisions]
    count = 1
    for n in sizes:
        count *= n
    if len(decisions) > 1 and count <= profile_limit:
        profiles = itertools.product(*[[(d.id, o.id) for o in d.options] for d in decisions])
        yield "whole profile", {"/".join(o for _, o in p): tuple(p) for p in profiles}


def _measure_dominance(
    report: BalanceReport, game: Game, path: str, games: int, seed: int, mixes: Sequence[str], maximiser: str,
    run: Runner, profile_limit: int,
) -> None:
    """Fixed strategies against one mix after another, stopping once no option wins everywhere."""
    for role in game.roles:
        # A role whose every decision is pinned has nothing left for the maximiser to play.
        single = len(game.decisions[role]) == 1
        for label, strategies in _strategies(game, role, profile_limit):
            dom = Dominance(role, label)
            focal_inner = None if single or label == "whole profile" else maximiser
            for mix in mixes:
                if dom.means and not dom.unbeaten():
                    break  # every option is beaten somewhere: none can dominate
                seats: dict[str, SeatSpec] = (
                    {r: (maximiser, (), None) for r in game.roles} if mix == maximiser else opponents(game, role, mix))
                names, jobs = [], []
                for name, pins in strategies.items():
                    seats[role] = (PinnedBot.name, pins, focal_inner)
                    names.append(name)
                    jobs.append((path, _seat_items(seats, game), seed, games))
                for name, results in zip(names, run(jobs)):
                    dom.means.setdefault(name, {})[mix] = round(statistics.fmean(p.scores[role] for p in results), 3)
            report.dominance.append(dom)


def format_report(game: Game, report: BalanceReport) -> str:
    """The report as Markdown tables: bands per mix, the maximiser's picks, fixed strategies."""
    lines = [f"### {game.scenario.title} (`{game.id}`): {report.games} games per cell", ""]
    bands = [b.id for b in game.outcomes]
    lines += ["| opponent mix | " + " | ".join(bands) + " |", "|---|" + "---|" * len(bands)]
    for mix, counts in report.bands.items():
        total = sum(counts.values()) or 1
        lines.append(f"| {mix} | " + " | ".join(f"{100 * counts.get(b, 0) / total:.0f}%" for b in bands) + " |")
    lines += ["", "| role.decision | options the maximiser picks (share of games, all mixes) |", "|---|---|"]
    for key in report.picks:
        shares = ", ".join(f"{o} {100 * s:.0f}%" for o, s in report.pick_shares(key).items())
        lines.append(f"| {key} | {shares} |")
    lines += ["", "| role | fixed | best option per mix | dominant |", "|---|---|---|---|"]
    for dom in report.dominance:
        mixes = sorted({m for means in dom.means.values() for m in means}, key=report.mixes.index)
        best = "; ".join(f"{m}: {'='.join(dom.best(m))}" for m in mixes)
        winner = dom.dominant()
        lines.append(f"| {dom.role} | {dom.label} | {best} | {'**' + winner + '**' if winner else '-'} |")
    return "\n".join(lines) + "\n"


__all__ = [
    "MIXES", "MAXIMISER", "BalanceReport", "Dominance", "Failure", "PinnedBot", "Played", "format_report",
    "make_bot", "measure", "opponents", "play_one", "rotation", "run_jobs", "survival",
]
