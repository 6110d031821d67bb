"""Saved games: the save file, atomic writes, migrations, loading, and verifying replays.

* :mod:`game.saves.format` - the JSON of a save (and of a simulation record), as pydantic models.
* :mod:`game.saves.store` - the saves folder, :class:`SaveFile` (save, Save as), :class:`Autosave`,
  :func:`load_save`, :func:`list_saves`, :func:`latest_autosave`.
* :mod:`game.saves.listing` - what the lists of saves show beyond a header: turns, role names, outcome.
* :mod:`game.saves.read` - reading a save or a record into a checked :class:`GameLog`.
* :mod:`game.saves.verify` - replaying a log and comparing every turn's hash.
* :mod:`game.saves.replay` - a replayed game to step through, for the replay viewer; branching.
* :mod:`game.saves.atomic`, :mod:`game.saves.migrate` - the file-system and schema machinery.

Every failure is a :class:`SaveError` whose message names the file and what is wrong.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.saves.errors import SaveConflict, SaveError
    from game.saves.folder import ENV_VAR, saves_dir
    from game.saves.format import SAVE_FORMAT, SCHEMA_VERSION, Origin, SaveData, View
    from game.saves.listing import ScenarioFacts, finished_outcome, know_scenario, scenario_facts
    from game.saves.read import GameLog, read_log
    from game.saves.replay import Replay, open_replay
    from game.saves.store import (
        Autosave,
        SavedGame,
        SaveFile,
        SaveInfo,
        latest_autosave,
        list_saves,
        load_save,
        save_path,
    )
    from game.saves.verify import Divergence, Verification, verify_log

# Each module's names, imported when one is first used: a command that only needs the saves folder
# (game.saves.folder) must not wait for the save format, pydantic and the engine before its first screen.
_HOMES = {name: module for module, names in {
    "errors": ("SaveConflict", "SaveError"),
    "folder": ("ENV_VAR", "saves_dir"),
    "format": ("Origin", "SAVE_FORMAT", "SCHEMA_VERSION", "SaveData", "View"),
    "listing": ("ScenarioFacts", "finished_outcome", "know_scenario", "scenario_facts"),
    "read": ("GameLog", "read_log"),
    "replay": ("Replay", "open_replay"),
    "store": ("Autosave", "SaveFile", "SaveInfo", "SavedGame", "latest_autosave", "list_saves", "load_save",
              "save_path"),
    "verify": ("Divergence", "Verification", "verify_log"),
}.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _HOMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"game.saves.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "ENV_VAR", "SAVE_FORMAT", "SCHEMA_VERSION", "Autosave", "Divergence", "GameLog", "Origin", "Replay", "SaveConflict",
    "SaveData", "SaveError", "SaveFile", "SaveInfo", "SavedGame", "ScenarioFacts", "Verification", "View",
    "finished_outcome", "know_scenario", "latest_autosave", "list_saves", "load_save", "open_replay", "read_log", "save_path",
    "saves_dir", "scenario_facts", "verify_log",
]
