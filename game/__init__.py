"""A negotiation and policy wargame about missile defence in Europe."""

__version__ = "0.1.0"
