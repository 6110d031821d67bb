"""Saving from the terminal game, through :mod:`game.saves`: the autosave, Save as, and the menu's
list of saves. No Textual; the screens run these off the main thread.

A save is written from a :func:`snapshot` of the session, so a move made while the file is being
written cannot tear it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from game.saves import Autosave, SaveConflict, SaveError, SaveFile, SaveInfo, View, latest_autosave, list_saves
from game.scenario.loader import LoadedScenario
from game.session import Session


def snapshot(session: Session) -> Session:
    """A copy of ``session`` that later moves leave alone (the state is immutable; the logs are copied)."""
    return dataclasses.replace(session, actions=list(session.actions), events=list(session.events),
                               turn_digests=list(session.turn_digests))


class GameSaver:
    """Where one game is saved: autosaves at each new phase, and Save as under a name."""

    def __init__(self, file: SaveFile) -> None:
        self.autosave = Autosave(file)

    @classmethod
    def new(cls, loaded: LoadedScenario, directory: Path | None = None) -> GameSaver:
        """A new game's saver; nothing is written before the first autosave."""
        return cls(SaveFile.new(loaded, directory))

    @property
    def path(self) -> Path:
        return self.autosave.file.path

    def update(self, session: Session, view: View) -> Path | None:
        """Autosave ``session`` (a :func:`snapshot`) if it entered a new phase; the path written, or None."""
        return self.autosave.update(session, view)

    def save_as(self, session: Session, name: str, view: View, overwrite: bool = False) -> Path:
        """Save under ``name`` (raises SaveConflict when that name holds another game, unless ``overwrite``);
        later autosaves go there too."""
        return self.autosave.file.save_as(session, name, view=view, overwrite=overwrite)


def stands(info: SaveInfo) -> str:
    """``turn 2, negotiation`` or ``over``: where a saved game stands."""
    if info.data is None:
        return "cannot be read"
    progress = info.data.progress
    return "over" if progress.over else f"turn {progress.turn}, {progress.phase}"


def describe(info: SaveInfo) -> str:
    """One line for the Load list: scenario, where the game stands, when it was saved."""
    if info.data is None:
        return f"cannot be read: {info.error}"
    data = info.data
    when = data.updated.astimezone().strftime("%d %b %Y %H:%M")
    humans = sum(1 for spec in data.seats.values() if spec == "human")
    people = f"{humans} {'person' if humans == 1 else 'people'}"
    return f"{data.scenario.title} - {stands(info)} - {people} - saved {when}"


__all__ = ["GameSaver", "SaveConflict", "SaveError", "SaveInfo", "View", "describe", "latest_autosave", "list_saves",
           "snapshot", "stands"]
