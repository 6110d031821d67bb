"""The one-turn-ahead maximiser: the plainest planner, and the yardstick for the others."""

from __future__ import annotations

from game.bots.planner import Planner


class GreedyBot(Planner):
    name = "greedy"
    description = "Maximises its own score one turn ahead; keeps its word and never crosses a red line."
