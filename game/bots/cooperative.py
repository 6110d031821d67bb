"""The cooperative personality: the table's gains count as its own."""

from __future__ import annotations

from collections.abc import Mapping

from game.bots.planner import Planner
from game.engine import Observation

CARE = 1.0
"""Weight of the other roles' average public score next to its own score."""


class CooperativeBot(Planner):
    name = "cooperative"
    description = ("Counts the others' scores with its own: accepts any fair proposal, offers concessions, "
                   "keeps its word.")

    def care(self, obs: Observation) -> Mapping[str, float]:
        others = [r for r in self.game.roles if r != self.role]
        return {r: CARE / len(others) for r in others}
