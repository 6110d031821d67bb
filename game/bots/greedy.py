"""The one-turn-ahead maximiser: the plainest planner, and the yardstick for the others."""

from __future__ import annotations

from mypy_extensions import mypyc_attr

from game.bots.planner import Planner


# Open to subclasses in plain Python (when this module is compiled): variants of the yardstick, a test's say.
@mypyc_attr(allow_interpreted_subclasses=True)
class GreedyBot(Planner):
    name = "greedy"
    description = "Maximises its own score one turn ahead; keeps its word and never crosses a red line."
