"""A bot that plays uniformly random legal moves (a baseline and a fuzzer of the rules)."""

from __future__ import annotations

from game.bots.base import Bot
from game.engine import (
    Action, Commit, Commitment, EndNegotiation, Game, Observation, Phase, Propose, Respond, SeededRandom,
)
from game.engine.rules import DecisionRules


class RandomBot(Bot):
    name = "random"
    description = "Plays random legal moves: a baseline, and a fuzzer of the rules (it ignores red lines)."

    propose_chance = 0.3

    def __init__(self, game: Game, role: str) -> None:
        super().__init__(game, role)
        self._partners = [r for r in game.roles if r != role and game.decisions[r]]
        """The roles it may ask something of: every other role with a decision."""
        self._end = EndNegotiation(role)
        """Its move to end its negotiation (an immutable value, made once)."""

    def act(self, obs: Observation) -> Action:
        rng = self.rng(obs)
        if obs.phase is Phase.DECISION:
            return Commit.of(self.role, {dec.id: rng.pick(options).id for dec, options in obs.choices})
        waiting = [p for p in obs.proposals if self.role in p.awaiting()]
        if waiting:
            return Respond(self.role, waiting[0].id, rng.random() < 0.5)
        if obs.proposals_left and rng.random() < self.propose_chance:
            proposal = self._proposal(rng)
            if proposal is not None:
                return proposal
        return self._end

    def _proposal(self, rng: SeededRandom) -> Propose | None:
        mine = self.game.decisions[self.role]
        if not self._partners or not mine:
            return None
        other = rng.pick(self._partners)
        offer = self._commitment(self.role, mine, rng)
        request = self._commitment(other, self.game.decisions[other], rng)
        return Propose(self.role, (other,), (offer,), (request,))

    @staticmethod
    def _commitment(role: str, decisions: tuple[DecisionRules, ...], rng: SeededRandom) -> Commitment:
        dec = rng.pick(decisions)
        return Commitment(role, dec.id, rng.pick(dec.options).id, rng.pick(("eq", "ge", "le")))
