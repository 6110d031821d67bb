"""The strategic personality: predicts the others, then looks two turns ahead on its own score."""

from __future__ import annotations

from functools import partial

from game.bots.conduct import follows_interest
from game.bots.foresight import Outlook, Positions, bound_commitments, copy_positions, public_utility, satisfy
from game.bots.planner import Planner
from game.engine import Game, Observation

FOLLOWS = 0.5
"""A role whose record shows it plays to its own public score at least this often is expected to do so now."""


class StrategicBot(Planner):
    name = "strategic"
    description = ("Predicts each other role's best move on its public score and record, then plays its best "
                   "answer two turns ahead; keeps its word.")

    horizon = 2
    counters = True

    def __init__(self, game: Game, role: str) -> None:
        super().__init__(game, role)
        self._predicted: tuple[tuple[object, ...], Positions] | None = None

    def beliefs(self, obs: Observation, outlook: Outlook) -> Positions:
        """Everyone else's predicted positions (see :func:`predict`), worked out once per board."""
        key = (obs.history, obs.tracks, obs.turn, obs.agreements, tuple(sorted(obs.revealed)))
        cached = self._predicted
        if cached is not None and len(cached[0]) == len(key) and all(a is b or a == b for a, b in zip(cached[0], key)):
            return copy_positions(cached[1])
        predicted = self.predict(obs, outlook)
        self._predicted = (key, predicted)
        return copy_positions(predicted)

    def predict(self, obs: Observation, outlook: Outlook) -> Positions:
        """Each other role's best response (one pass over its decisions), on its public score one turn
        ahead, to the positions last revealed - worked out from public knowledge alone (so every bot
        shares the work), then held to the agreements this bot knows bind it. A role whose record
        shows it does not play to its public score is expected to hold still; one whose commitment
        the facilitator has revealed, to hold what it committed."""
        others = [r for r in self.game.roles if r != self.role]
        public = Outlook.observe(self.game, obs, agreements=())
        # How each role has played reads the public record alone: every bot on the board shares it.
        fit = public.board.remember(("follows interest",), partial(follows_interest, self.game, obs, self.game.roles))
        start = public.expected
        start_key = public.board.key(start)
        predicted = copy_positions(outlook.expected)
        for role in others:
            if role in obs.revealed or fit[role] < FOLLOWS:
                continue
            predicted[role] = dict(public.board.remember(
                ("public best response", role, start_key),
                partial(_public_best_response, public, role, start),
            ))
            for c in bound_commitments(obs, role):
                satisfy(self.game, predicted, c)
        return predicted


def _public_best_response(public: Outlook, role: str, start: Positions) -> dict[str, str]:
    """``role``'s best response to ``start`` on its public score, one pass over its decisions."""
    return public.best_response(role, public_utility(public.game, role), start, rounds=1)[0][role]
