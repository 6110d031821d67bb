"""The hawkish personality: relative gains, hard bargains, agreements kept only while they pay."""

from __future__ import annotations

from collections.abc import Mapping

from game.bots.planner import Planner
from game.engine import Observation

SPITE = 0.5
"""Weight (negative) of the other roles' average public score: a gain for them is a loss for a hawk."""


class HawkishBot(Planner):
    name = "hawkish"
    description = ("Plays for relative gains: concedes nothing it would not do anyway, accepts only deals that "
                   "pay in substance, breaks agreements when breaking pays.")

    keeps_word = False
    values_goodwill = False
    concedes = False
    counters = True
    insists = True

    def care(self, obs: Observation) -> Mapping[str, float]:
        others = [r for r in self.game.roles if r != self.role]
        return {r: -SPITE / len(others) for r in others}
