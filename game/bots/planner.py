"""The deliberating bot: commits, answers proposals and makes its own with foresight.

:class:`Planner` is the decision procedure every personality shares; a personality is a small
subclass that says what it values (its own score, and how much it cares about each other role's
public score), what it believes the others will do, whether it keeps its word, and how it
bargains. Each turn a planner:

* **answers** each proposal sent to it on its merits - the proposal's worth to it as if accepted
  (its terms kept, the agreement settled as kept) against its best play without it; it refuses any
  that would make it cross a red line, and may counter with a proposal of its own;
* **proposes** once, to the partner whose one-step move it would gain most from, asking for that
  move and offering what the partner is likely to value most at an acceptable cost;
* **commits** its best response to what it expects the others to hold, keeping its agreements if
  its personality keeps its word - or breaking them when that pays, the broken agreement's cost
  counted (unless keeping one would cross a red line: red lines come first for every personality).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar

from mypy_extensions import mypyc_attr

from game.bots.base import Bot
from game.bots.conduct import Readings
from game.bots.foresight import (
    Outlook, Positions, Utility, allows, bound_commitments, copy_positions, in_force, own_utility, public_utility,
    satisfy,
)
from game.bots.influence import inert, utility_reads
from game.engine import (
    Action, Commit, Commitment, Counter, EndNegotiation, Game, Observation, Phase, Propose, Respond,
)
from game.engine.state import Agreement, Proposal

_EPSILON = 1e-9
_PLANS_KEPT = 4


@dataclass(frozen=True, slots=True)
class Deal:
    """A proposal a planner would make: to whom, what it offers and asks, what it expects to gain."""

    partner: str
    offers: tuple[Commitment, ...]
    requests: tuple[Commitment, ...]
    my_gain: float
    their_gain: float


# Open to subclasses in plain Python (when this module is compiled): personalities written outside the package.
@mypyc_attr(allow_interpreted_subclasses=True)
class Planner(Bot):
    """A bot that weighs its options with the engine's own preview; see the module docstring."""

    name = "planner"
    description = "Weighs its options with foresight."

    horizon: ClassVar[int] = 1
    """Turns looked ahead (2: this turn and the next, positions held)."""
    keeps_word: ClassVar[bool] = True
    """Whether it always keeps its agreements (red lines aside); if not, it breaks one when that pays."""
    values_goodwill: ClassVar[bool] = True
    """Whether a deal's worth includes what keeping the agreement itself brings (trust, confidence)."""
    concedes: ClassVar[bool] = True
    """Whether its proposals may offer moves it would not make anyway."""
    counters: ClassVar[bool] = False
    """Whether it answers a proposal it refuses with a proposal of its own."""
    insists: ClassVar[bool] = False
    """Whether it proposes even when the partner looks likely to lose by accepting."""

    def __init__(self, game: Game, role: str) -> None:
        super().__init__(game, role)
        self.readings = Readings()
        self.plans: list[tuple[tuple[object, ...], tuple[Positions, float]]] = []
        """The last few plans it worked out, each with everything it depends on (see :meth:`Mind._plan`):
        from one decision point to the next (a proposal, then the commit) most stay the same."""
        self._utility: tuple[tuple[tuple[str, float], ...], Utility] | None = None

    # -- what a personality decides ----------------------------------------------------------------

    def care(self, obs: Observation) -> Mapping[str, float]:
        """How much each other role's public score counts for this bot (none by default)."""
        return {}

    def utility(self, obs: Observation) -> Utility:
        """What it values now: its own score, and the others' public scores as much as it cares for each
        (the last one worked out is kept: most decision points of a turn care alike)."""
        care = self.care(obs)
        key = tuple(sorted(care.items()))
        if self._utility is None or self._utility[0] != key:
            self._utility = (key, own_utility(self.game, self.role, care))
        return self._utility[1]

    def beliefs(self, obs: Observation, outlook: Outlook) -> Positions:
        """The positions it expects everyone to hold (by default: as revealed, agreements kept)."""
        return outlook.expected

    def deals_with(self, obs: Observation, role: str) -> bool:
        """Whether it will negotiate with ``role`` at all this turn."""
        return True

    # -- acting ----------------------------------------------------------------------------------

    def act(self, obs: Observation) -> Action:
        """Commit, answer the first proposal waiting for it, make its proposal of the turn, or finish."""
        if obs.phase is Phase.DECISION:
            return Mind(self, obs).commit()
        waiting = [p for p in obs.proposals if self.role in p.awaiting()]
        if waiting:
            return Mind(self, obs).answer(waiting[0])
        if obs.proposals_left and not any(p.proposer == self.role and p.counter_of is None for p in obs.proposals):
            deal = Mind(self, obs).best_deal(self.partners(obs))
            if deal is not None:
                return Propose(self.role, (deal.partner,), deal.offers, deal.requests)
        return EndNegotiation(self.role)

    def partners(self, obs: Observation) -> list[str]:
        """Whom it may propose to: roles it shares a trust track with (the scenario's negotiating pairs)."""
        return [r for r in self.game.roles
                if r != self.role and frozenset((self.role, r)) in self.game.trust_pairs and self.deals_with(obs, r)]


class Mind:
    """One decision point of a :class:`Planner`: its outlook, values and beliefs, worked out once."""

    def __init__(self, bot: Planner, obs: Observation) -> None:
        self.bot = bot
        self.game = bot.game
        self.obs = obs
        self.role = bot.role
        self.outlook = Outlook.observe(bot.game, obs, horizon=bot.horizon)
        self.talks = self.outlook if bot.horizon == 1 else self.outlook.assuming(obs.agreements, horizon=1)
        """The outlook deals are weighed on: one turn ahead (a deal binds this turn)."""
        self.utility = bot.utility(obs)
        self.base = bot.beliefs(obs, self.outlook)
        self.bound = bound_commitments(obs, bot.role)

    @cached_property
    def plan(self) -> tuple[Positions, float]:
        """Its best play, as things stand, over its full horizon (looking further ahead, it starts from
        its best play one turn ahead and tries each other option once more)."""
        if self.talks is self.outlook:
            return self._plan(self.outlook)
        return self._plan(self.outlook, start=self.near_plan[0], rounds=1)

    @cached_property
    def near_plan(self) -> tuple[Positions, float]:
        """Its best play one turn ahead: what deals are weighed against (looking further ahead, one pass
        over its decisions: the pass two turns ahead follows)."""
        return self.plan if self.talks is self.outlook else self._plan(self.talks, rounds=1)

    def _plan(self, outlook: Outlook, start: Positions | None = None, rounds: int = 2) -> tuple[Positions, float]:
        """Its best response on ``outlook`` (from ``start``, by default what it expects), its agreements
        kept if it keeps its word - unless keeping them would cross a red line, while they bind, that
        breaking them avoids (red lines come first)."""
        base = self.base if start is None else start
        # Everything the answer depends on besides the bot's fixed traits: the board (its state and what
        # it foresees), where the search starts, this bot's values, word and agreements, the options open
        # to it and the red lines it watches (with what it expects the others to be able to do).
        inputs = (outlook.board, outlook.board.key(base), rounds, self.utility, self.bound, self.obs.agreements,
                  self.obs.turn, outlook.choices(self.role), outlook.guard.watches)
        for known, (positions, value) in self.bot.plans:
            if known == inputs:
                return copy_positions(positions), value
        plan = self._best_plan(outlook, base, rounds)
        self.bot.plans = [(inputs, (copy_positions(plan[0]), plan[1])), *self.bot.plans[:_PLANS_KEPT - 1]]
        return plan

    def _best_plan(self, outlook: Outlook, base: Positions, rounds: int) -> tuple[Positions, float]:
        if not self.bot.keeps_word or not self.bound:
            return outlook.best_response(self.role, self.utility, base, rounds=rounds)
        binding = max(a.until_turn for a in in_force(self.obs.agreements, self.obs.turn)) - self.obs.turn + 1
        kept = outlook.best_response(self.role, self.utility, base, self.bound, rounds=rounds)
        if not outlook.crosses_red_line(kept[0], turns=binding):
            return kept
        free = outlook.best_response(self.role, self.utility, base, rounds=rounds)
        return kept if outlook.crosses_red_line(free[0], turns=binding) else free

    # -- committing --------------------------------------------------------------------------------

    def commit(self) -> Commit:
        """Commit the positions of its plan on the decisions open now."""
        positions, _ = self.plan
        return Commit.of(self.role, {dec.id: positions[self.role][dec.id] for dec, _ in self.obs.choices})

    # -- answering ---------------------------------------------------------------------------------

    def answer(self, proposal: Proposal) -> Action:
        """Accept a proposal worth accepting; otherwise reject it, or counter if its personality does."""
        if self.accepts(proposal):
            return Respond(self.role, proposal.id, True)
        if self.bot.counters and self.obs.proposals_left and self.bot.deals_with(self.obs, proposal.proposer):
            deal = self.best_deal([proposal.proposer])
            if deal is not None:
                return Counter(self.role, proposal.id, deal.offers, deal.requests)
        return Respond(self.role, proposal.id, False)

    def accepts(self, proposal: Proposal) -> bool:
        """Whether ``proposal`` leaves it better off (by its personality's margin) without crossing a red line."""
        if not self.bot.deals_with(self.obs, proposal.proposer):
            return False
        gain = self.deal_gain(proposal.parties, (*proposal.offers, *proposal.requests), proposal.turns)
        if gain is None:
            return False
        # Goodwill counted, a deal that costs nothing is worth its kept agreement; without it, a deal
        # must pay in substance.
        return gain >= -_EPSILON if self.bot.values_goodwill else gain > _EPSILON

    def deal_gain(self, parties: Sequence[str], terms: Sequence[Commitment], turns: int = 1) -> float | None:
        """What accepting ``terms`` is worth against its plan: its plan with every term carried out (its
        own moved the least distance), the agreement kept. None if it could not keep its part (a bot
        that keeps its word: together with its other agreements) or doing so would make it cross a
        red line."""
        mine = [c for c in terms if c.role == self.role]
        # Its part must be possible - and, if it keeps its word, possible alongside its agreements.
        keeping = (*self.bound, *mine) if self.bot.keeps_word else mine
        open_now = {dec.id for dec, _ in self.talks.allowed(self.role, keeping)}
        if any(c.decision not in open_now for c in mine):
            return None
        plan, plan_value = self.near_plan
        trial = copy_positions(plan)
        for c in terms:
            if c.role == self.role or self.can_keep(c):
                satisfy(self.game, trial, c)
        outlook = self.with_agreement(parties, terms, turns)
        key = outlook.board.key(trial)
        if outlook.crosses_red_line(trial, key=key):
            return None
        return outlook.value(self.utility, trial, key) - plan_value

    def can_keep(self, c: Commitment) -> bool:
        """Whether ``c``'s role could keep it at the coming decision, as far as the board shows (a
        term on a decision it may not change, or asking an option it may not take, would be broken)."""
        held = self.base[c.role][c.decision]
        dec = self.game.decision(c.role, c.decision)
        if allows(dec, dec.ranks[held], c):
            return True
        return any(dec.id == c.decision for dec, _ in self.talks.allowed(c.role, (c,)))

    def with_agreement(self, parties: Sequence[str], terms: Sequence[Commitment], turns: int = 1) -> Outlook:
        """Its outlook as if an agreement on ``terms`` were made now (or, for a personality that does not
        count goodwill, as if the terms were simply carried out)."""
        if not self.bot.values_goodwill:
            return self.talks
        turn = self.obs.turn
        hypothetical = Agreement(0, tuple(r for r in self.game.roles if r in parties), tuple(terms), "",
                                 turn, turn + turns - 1)
        return self.talks.assuming((*self.obs.agreements, hypothetical))

    # -- proposing ---------------------------------------------------------------------------------

    def best_deal(self, partners: Iterable[str]) -> Deal | None:
        """The proposal it would make to one of ``partners``: ask the partner for the one-step move worth
        most to it, and offer the commitment the partner is likely to value most that still leaves the
        deal worth making. None when nothing is worth asking (or nothing it could offer would do)."""
        plan, plan_value = self.near_plan
        board = self.talks.board
        key = board.key(plan)
        asks: list[tuple[float, str, Commitment]] = []
        read, agreements = utility_reads(self.utility), self.talks.state.agreements
        for partner in partners:
            for request in self.requests(partner, plan):
                trial = {**plan, partner: dict(plan[partner])}  # a request moves the partner alone
                satisfy(self.game, trial, request)
                held, asked = plan[partner][request.decision], trial[partner][request.decision]
                if inert(self.game, read, agreements, partner, request.decision, held, asked, board.horizon):
                    continue  # a move that changes nothing it values gains it nothing
                moved = board.moved(key, partner, request.decision, asked)
                gain = self.talks.value(self.utility, trial, moved) - plan_value
                if gain > _EPSILON:
                    asks.append((gain, partner, request))
        asks.sort(key=lambda a: -a[0])
        refused = self.refused()
        for _, partner, request in asks[:3]:
            deal = self.offer_for(partner, request, plan, plan_value)
            if deal is not None and (partner, deal.offers, deal.requests) not in refused:
                return deal
        return None

    def requests(self, partner: str, plan: Mapping[str, Mapping[str, str]]) -> list[Commitment]:
        """The one-step moves it could ask of ``partner``: each open decision one option up ("at least")
        or one option down ("at most") from where the partner is expected to be."""
        out = []
        for dec, options in self.talks.choices(partner):
            held = dec.ranks[plan[partner][dec.id]]
            for option in options:
                if option.rank == held + 1:
                    out.append(Commitment(partner, dec.id, option.id, "ge"))
                elif option.rank == held - 1:
                    out.append(Commitment(partner, dec.id, option.id, "le"))
        return out

    def offer_for(self, partner: str, request: Commitment, plan: Positions, plan_value: float) -> Deal | None:
        """The best commitment to offer ``partner`` for ``request`` (see :meth:`best_deal`); where the
        scenario allows one commitment per proposal, the request alone."""
        theirs = public_utility(self.game, partner)
        their_before = self.talks.value(theirs, plan)
        room = self.game.scenario.negotiation.max_commitments > 1
        best: Deal | None = None
        for offer in self.offers(plan) if room else [None]:
            offers = (offer,) if offer is not None else ()
            terms = (*offers, request)
            outlook = self.with_agreement((self.role, partner), terms)
            trial = copy_positions(plan)
            for c in terms:
                satisfy(self.game, trial, c)
            key = outlook.board.key(trial)
            if outlook.crosses_red_line(trial, key=key):
                continue
            mine = outlook.value(self.utility, trial, key) - plan_value
            their = outlook.value(theirs, trial, key) - their_before
            if mine <= _EPSILON or (their < -_EPSILON and not self.bot.insists):
                continue
            if best is None or their > best.their_gain + _EPSILON:
                best = Deal(partner, offers, (request,), mine, their)
        return best

    def offers(self, plan: Mapping[str, Mapping[str, str]]) -> list[Commitment]:
        """What it could offer: to hold each open decision where it plans to be, and (if it concedes)
        to move one option either way from there - within its own agreements."""
        out = []
        for dec, options in self.talks.allowed(self.role, self.bound):
            held = dec.ranks[plan[self.role][dec.id]]
            for option in options:
                if option.rank == held or (self.bot.concedes and abs(option.rank - held) == 1):
                    out.append(Commitment(self.role, dec.id, option.id, "eq"))
        return out

    def refused(self) -> set[tuple[str, tuple[Commitment, ...], tuple[Commitment, ...]]]:
        """Proposals of its own refused this turn or the last: not worth repeating word for word."""
        recent = [p for p in (*self.obs.talks, *self.obs.proposals)
                  if p.proposer == self.role and p.turn >= self.obs.turn - 1 and p.status == "rejected"]
        return {(to, p.offers, p.requests) for p in recent for to in p.to}

