"""A negotiation and policy wargame about missile defence in Europe."""

from game.native import choose_core

__version__ = "0.1.0"

choose_core()
