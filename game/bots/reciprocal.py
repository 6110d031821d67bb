"""The reciprocal personality: tit-for-tat on confidence, role by role."""

from __future__ import annotations

from collections.abc import Mapping

from game.bots.conduct import standing
from game.bots.foresight import own_utility
from game.bots.planner import Planner
from game.engine import Game, Observation

CARE = 1.0
"""Weight of the average public score of the roles in good standing (as for a cooperative bot)."""
RETALIATION = 1.0
"""Weight (negative) of the public score of each role in bad standing: what hurts it now helps."""


class ReciprocalBot(Planner):
    name = "reciprocal"
    description = ("Tit-for-tat on confidence: starts friendly, then answers each role's last move or broken "
                   "promise in kind - withdrawing from and refusing to deal with those who hurt it.")

    def __init__(self, game: Game, role: str) -> None:
        super().__init__(game, role)
        self._standing: tuple[object, object, dict[str, int]] | None = None
        """The last standing read, with the record and talks it was read from."""

    def standing(self, obs: Observation) -> Mapping[str, int]:
        """+1 for each role whose last telling act towards it was friendly, -1 if hostile (read once per
        turn: it reads the past turns' record and its own past talks, which stay the same objects through
        a turn)."""
        if self._standing is not None:
            history, talks, marks = self._standing
            if history is obs.history and talks is obs.talks:
                return marks
        marks = standing(self.game, obs, own_utility(self.game, self.role), self.readings)
        self._standing = (obs.history, obs.talks, marks)
        return marks

    def care(self, obs: Observation) -> Mapping[str, float]:
        marks = self.standing(obs)
        friendly = CARE / len(marks)
        return {r: friendly if mark > 0 else -RETALIATION for r, mark in marks.items()}

    def deals_with(self, obs: Observation, role: str) -> bool:
        return self.standing(obs).get(role, 1) > 0
