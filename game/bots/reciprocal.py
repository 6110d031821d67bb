"""The reciprocal personality: tit-for-tat on confidence, role by role."""

from __future__ import annotations

from collections.abc import Mapping

from game.bots.conduct import standing
from game.bots.foresight import own_utility
from game.bots.planner import Planner
from game.engine import Observation

CARE = 1.0
"""Weight of the average public score of the roles in good standing (as for a cooperative bot)."""
RETALIATION = 1.0
"""Weight (negative) of the public score of each role in bad standing: what hurts it now helps."""


class ReciprocalBot(Planner):
    name = "reciprocal"
    description = ("Tit-for-tat on confidence: starts friendly, then answers each role's last move or broken "
                   "promise in kind - withdrawing from and refusing to deal with those who hurt it.")

    def standing(self, obs: Observation) -> dict[str, int]:
        """+1 for each role whose last telling act towards it was friendly, -1 if hostile."""
        return standing(self.game, obs, own_utility(self.game, self.role), self.readings)

    def care(self, obs: Observation) -> Mapping[str, float]:
        marks = self.standing(obs)
        friendly = CARE / len(marks)
        return {r: friendly if mark > 0 else -RETALIATION for r, mark in marks.items()}

    def deals_with(self, obs: Observation, role: str) -> bool:
        return self.standing(obs).get(role, 1) > 0
