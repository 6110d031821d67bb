"""A principled bot: maximises its role's score one turn ahead, keeps its word, honours red lines."""

from __future__ import annotations

from game.bots.base import Bot
from game.bots.foresight import Evaluator, believed_state, expected_positions, honours
from game.engine import (
    Action, Commit, Commitment, EndNegotiation, Observation, Phase, Propose, Respond, open_decisions,
)
from game.engine.rules import DecisionRules, OptionRules
from game.engine.state import Proposal


class GreedyBot(Bot):
    name = "greedy"
    description = "Maximises its role's score one turn ahead; keeps its agreements and never crosses a red line."

    def act(self, obs: Observation) -> Action:
        evaluator = Evaluator(self.game, obs)
        if obs.phase is Phase.DECISION:
            return self._commit(obs, evaluator)
        waiting = [p for p in obs.proposals if self.role in p.awaiting()]
        if waiting:
            return Respond(self.role, waiting[0].id, self._worth_accepting(obs, evaluator, waiting[0]))
        if obs.proposals_left and not any(p.proposer == self.role for p in obs.proposals):
            proposal = self._proposal(obs, evaluator)
            if proposal is not None:
                return proposal
        return EndNegotiation(self.role)

    def _my_bound(self, obs: Observation) -> list[Commitment]:
        return [c for a in obs.agreements if a.from_turn <= obs.turn <= a.until_turn
                for c in a.commitments if c.role == self.role]

    def _commit(self, obs: Observation, evaluator: Evaluator) -> Commit:
        positions = expected_positions(self.game, obs)
        positions, _ = evaluator.best_response(positions, obs.choices, bound=self._my_bound(obs))
        open_ids = {dec.id for dec, _ in obs.choices}
        return Commit.of(self.role, {d: o for d, o in positions[self.role].items() if d in open_ids})

    def _choices_now(self, obs: Observation) -> tuple[tuple[DecisionRules, tuple[OptionRules, ...]], ...]:
        """The decisions this role may change at the coming decision step (as things stand)."""
        return open_decisions(self.game, believed_state(self.game, obs), self.role)

    def _worth_accepting(self, obs: Observation, evaluator: Evaluator, proposal: Proposal) -> bool:
        terms = (*proposal.offers, *proposal.requests)
        choices = self._choices_now(obs)
        free, free_value = evaluator.best_response(expected_positions(self.game, obs), choices,
                                                   bound=self._my_bound(obs))
        bound_positions = expected_positions(self.game, obs, extra=terms)
        if not all(honours(self.game, bound_positions, c) for c in terms if c.role == self.role):
            return False
        _, bound_value = evaluator.best_response(bound_positions, choices, bound=[*self._my_bound(obs), *terms])
        if not all(honours(self.game, bound_positions, c) for c in terms if c.role == self.role):
            return False
        trust_bonus = self.game.scenario.negotiation.kept_delta * 0.5
        return bound_value + trust_bonus >= free_value

    def _proposal(self, obs: Observation, evaluator: Evaluator) -> Propose | None:
        """Ask the partner for the single change that helps this role most, offering this role's plan."""
        choices = self._choices_now(obs)
        base = expected_positions(self.game, obs)
        plan, plan_value = evaluator.best_response(base, choices, bound=self._my_bound(obs))
        best: tuple[float, Commitment] | None = None
        for other in self.game.roles:
            if other == self.role or frozenset((self.role, other)) not in self.game.trust_pairs:
                continue
            for dec in self.game.decisions[other]:
                if (other, dec.id) in obs.locked:
                    continue
                for option in dec.options:
                    if option.id == plan[other][dec.id]:
                        continue
                    trial = {r: dict(p) for r, p in plan.items()}
                    trial[other][dec.id] = option.id
                    gain = evaluator.value(trial) - plan_value
                    if gain > 0 and (best is None or gain > best[0]):
                        best = (gain, Commitment(other, dec.id, option.id, "eq"))
        if best is None:
            return None
        request = best[1]
        offer_dec = next((d for d, _ in choices), None)
        if offer_dec is None:
            return None
        offer = Commitment(self.role, offer_dec.id, plan[self.role][offer_dec.id], "eq")
        return Propose(self.role, (request.role,), (offer,), (request,))

