"""Widgets of the terminal game: the board, the panels, the negotiation and decision controls."""
