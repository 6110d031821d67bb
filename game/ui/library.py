"""The scenarios a new game can be played on, loaded once and kept (safe to fill from a worker thread).

Loading a scenario validates and compiles it, which takes a noticeable fraction of a second,
so the app fills the library in the background after its first screen is up.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from game.scenario.catalog import DEFAULT_SCENARIO, list_scenarios
from game.scenario.loader import LoadedScenario, ScenarioFileError, load_scenario


@dataclass(frozen=True, slots=True)
class Entry:
    """One scenario file: loaded, or the first line of what is wrong with it."""

    path: Path
    loaded: LoadedScenario | None
    problem: str | None = None

    @property
    def id(self) -> str:
        return self.loaded.scenario.id if self.loaded else self.path.stem

    @property
    def title(self) -> str:
        return self.loaded.scenario.title if self.loaded else f"{self.path.stem} (cannot be loaded)"


class Library:
    """The project's scenarios (or those of ``directory``), loaded on first use."""

    def __init__(self, directory: Path | None = None) -> None:
        self._directory = directory
        self._entries: list[Entry] | None = None
        self._lock = threading.Lock()

    def entries(self) -> list[Entry]:
        """Every scenario, the default first, then by file name."""
        with self._lock:
            if self._entries is None:
                entries = [_load(path) for path in list_scenarios(self._directory)]
                entries.sort(key=lambda e: (e.path.stem != DEFAULT_SCENARIO, e.path.stem))
                self._entries = entries
            return list(self._entries)

    def add(self, loaded: LoadedScenario) -> None:
        """Keep an already loaded scenario (one named on the command line, say) for the next new game."""
        entries = self.entries()
        with self._lock:
            if all(e.path.resolve() != loaded.path.resolve() for e in entries):
                assert self._entries is not None
                self._entries.append(Entry(loaded.path, loaded))


def _load(path: Path) -> Entry:
    try:
        return Entry(path, load_scenario(path))
    except ScenarioFileError as exc:
        return Entry(path, None, exc.lines()[0] if exc.problems else str(exc))
