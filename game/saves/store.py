"""Saving and loading games: the saves folder, one file per game, autosave, Save as, Continue and Load.

A front end holds one :class:`SaveFile` per game (made by :meth:`SaveFile.new` for a new game,
or by :func:`load_save` for a loaded one) and an :class:`Autosave` that writes it whenever the
game enters a new phase::

    file = SaveFile.new(loaded)                 # saves/<scenario>-<date>-<time>-<id>.json
    autosave = Autosave(file)
    ...after every move...  autosave.update(session, View(role=seat, screen="negotiation"))
    file.save_as(session, "seminar group 2")    # now saves/seminar group 2.json
    saved = load_save(path)                     # saved.session continues; saved.file goes on saving

Every write holds a lock file beside the save (``.NAME.lock``, so two processes never write one
game at once), is atomic and keeps the previous version as ``NAME.bak`` (:mod:`game.saves.atomic`).
Before writing, the file on disk is read: if it holds another game, or a version of this game
that moved on elsewhere (its log is not the start of ours), nothing is written and
:class:`~game.saves.errors.SaveConflict` says so, unless ``overwrite=True``.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from game import __version__
from game.bots import BOTS
from game.engine import action_to_dict, state_hash
from game.saves.atomic import BACKUP_SUFFIX, TEMP_SUFFIX, remove_stale_temps, write_atomic
from game.saves.errors import SaveConflict, SaveError
from game.saves.folder import saves_dir
from game.saves.format import SAVE_FORMAT, SCHEMA_VERSION, Origin, Progress, SaveData, ScenarioCopy, TurnHash, View
from game.saves.format import encode, timestamp
from game.saves.migrate import migrate
from game.saves.read import file_kind, log_of_save, read_json, read_save_data, scenario_copy
from game.saves.verify import replay_log
from game.scenario.loader import LoadedScenario
from game.session import Session

SUFFIX = ".json"
LOCK_TIMEOUT = 10.0
"""Seconds to wait for another process's write of the same file before giving up."""

_NAME = re.compile(r"^\w[\w .-]{0,79}$")


def save_path(name: str, directory: Path | str | None = None) -> Path:
    """``saves/NAME.json`` for a name a player typed (letters, digits, spaces, ``-``, ``_``, ``.``)."""
    folder = saves_dir(directory)
    stem = name.strip().removesuffix(SUFFIX)
    if not _NAME.match(stem) or stem.endswith((BACKUP_SUFFIX, TEMP_SUFFIX, ".lock")):
        raise SaveError(
            folder / name, "a save name must start with a letter or digit and use only letters, digits, spaces, "
            "- _ and . (at most 80)",
        )
    return folder / f"{stem}{SUFFIX}"


def lock_path(path: Path) -> Path:
    """The lock file that writers of ``path`` hold: ``.NAME.lock`` beside it."""
    return path.with_name(f".{path.name}.lock")


def utc_now() -> datetime:
    """The current time in UTC (the default clock of :class:`SaveFile`)."""
    return datetime.now(UTC)


def new_game_id(scenario_id: str, now: datetime) -> str:
    """``lisbon-2010-20261121-193502-4f1c``: readable, sortable, unique enough for one person's saves."""
    return f"{scenario_id}-{now:%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


@dataclass
class SaveFile:
    """Where one game is saved, and what stays the same across its saves: id, start time, scenario copy.

    :meth:`save` writes the session's current game to :attr:`path`; :meth:`save_as` moves the game
    to a named file, where later saves go.
    """

    path: Path
    game_id: str
    created: datetime
    scenario: ScenarioCopy
    name: str | None = None
    branched_from: Origin | None = None
    view: View = field(default_factory=View)
    clock: Callable[[], datetime] = utc_now
    lock_timeout: float = LOCK_TIMEOUT

    @classmethod
    def new(
        cls,
        loaded: LoadedScenario,
        directory: Path | str | None = None,
        *,
        name: str | None = None,
        branched_from: Origin | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> SaveFile:
        """The file of a new game of ``loaded``: named ``name``, or after the scenario and the time.

        Nothing is written until :meth:`save`.
        """
        now = timestamp(clock())
        game_id = new_game_id(loaded.game.id, now)
        path = save_path(name or game_id, directory)
        return cls(path, game_id, now, scenario_copy(loaded), name, branched_from, clock=clock)

    def data(self, session: Session, view: View | None = None) -> SaveData:
        """The save of ``session`` as it stands (``view`` defaults to the last one given)."""
        if session.game.scenario_hash != self.scenario.rules_hash:
            raise SaveError(self.path, "this session plays another scenario than the file was made for")
        state = session.state
        view = view if view is not None else self.view
        if view.role is not None and view.role not in session.game.roles:
            raise SaveError(self.path, f"the view names {view.role!r}, which is not a role of this scenario")
        return SaveData(
            format=SAVE_FORMAT,
            version=SCHEMA_VERSION,
            game_id=self.game_id,
            name=self.name,
            engine=__version__,
            created=self.created,
            updated=max(timestamp(self.clock()), self.created),
            seed=session.seed,
            seats={role: session.seats[role].spec() for role in session.game.roles},
            facilitator=session.facilitator,
            view=view,
            progress=Progress(turn=state.turn, phase=state.phase.value, steps=state.steps, over=state.over),
            branched_from=self.branched_from,
            actions=[action_to_dict(a) for a in session.actions],
            turns=[TurnHash(turn=e.data["turn"], hash=e.data["hash"]) for e in session.events
                   if e.kind == "turn_resolved"],
            final_hash=state_hash(state),
            scenario=self.scenario,
        )

    def save(
        self,
        session: Session,
        *,
        view: View | None = None,
        overwrite: bool = False,
        before_replace: Callable[[], None] | None = None,
    ) -> Path:
        """Write the game to :attr:`path` (atomically, under the lock, keeping ``.bak``); returns the path.

        Raises :class:`SaveConflict` (nothing written) when the file holds another game or a version
        of this one with moves this session lacks, unless ``overwrite``; :class:`SaveError` when the
        file cannot be written (the previous version is then untouched).
        """
        data = self.data(session, view)
        payload = encode(data)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with FileLock(lock_path(self.path), timeout=self.lock_timeout):
                remove_stale_temps(self.path)
                keep_backup = self._check_target(data.actions, overwrite)
                write_atomic(self.path, payload, keep_backup=keep_backup, before_replace=before_replace)
        except Timeout:
            raise SaveError(
                self.path, f"another process has been writing this file for {self.lock_timeout:g} s "
                f"(lock {lock_path(self.path).name}); try again",
            ) from None
        except OSError as exc:
            raise SaveError(self.path, f"cannot write the file: {exc.strerror or exc}") from None
        self.view = data.view
        return self.path

    def save_as(
        self, session: Session, name: str, *, directory: Path | str | None = None, overwrite: bool = False,
        view: View | None = None,
    ) -> Path:
        """Save the game as ``saves/NAME.json`` and make that its file from now on; returns the new path.

        ``directory`` defaults to the folder of the current file. On any error nothing changes.
        """
        target = save_path(name, self.path.parent if directory is None else directory)
        moved = SaveFile(target, self.game_id, self.created, self.scenario, name.strip().removesuffix(SUFFIX),
                         self.branched_from, self.view, self.clock, self.lock_timeout)
        moved.save(session, view=view, overwrite=overwrite)
        self.path, self.name, self.view = moved.path, moved.name, moved.view
        return self.path

    def _check_target(self, actions: list[dict[str, Any]], overwrite: bool) -> bool:
        """Whether the current file may be replaced (raises :class:`SaveConflict` if not) and is worth a backup."""
        if not self.path.exists():
            return False
        try:
            existing = read_json(self.path)
            theirs = _comparable(existing, self.path)
        except SaveError as exc:
            if overwrite:
                return False  # a damaged file: the .bak, if any, is better than it
            raise SaveConflict(self.path, f"the file exists and is not a save this wargame can read ({exc.reason}); "
                                          "overwrite it, or save under another name") from None
        if overwrite:
            return True
        game_id, logged = theirs
        if game_id != self.game_id:
            raise SaveConflict(self.path, f"the file holds another game ({game_id}); overwrite it, or save under "
                                          "another name")
        if actions[: len(logged)] != logged:
            raise SaveConflict(
                self.path, f"the game was saved here by another process since it was loaded, with moves this one "
                f"does not have ({len(logged)} actions logged there); save under another name to keep both",
            )
        return True


def _comparable(raw: dict[str, Any], path: Path) -> tuple[str, list[Any]]:
    """The game id and raw action log of a file on disk, for the conflict check (no full validation)."""
    if file_kind(raw, path) != "save":
        raise SaveError(path, "it is a simulation record")
    data = migrate(raw, path)
    game_id, actions = data.get("game_id"), data.get("actions")
    if not isinstance(game_id, str) or not isinstance(actions, list):
        raise SaveError(path, "its game id or action log is missing")
    return game_id, actions


@dataclass
class SavedGame:
    """A save, loaded and replayed: :attr:`session` continues the game where it stood, :attr:`file` saves it
    (to the file it came from; for a backup ``NAME.json.bak``, to ``NAME.json``).

    :attr:`view` says which seat and screen were shown when it was saved (a hint for the front end:
    the seat whose move it is comes from ``session.to_act()``).
    """

    path: Path
    data: SaveData
    loaded: LoadedScenario
    session: Session
    file: SaveFile

    @property
    def view(self) -> View:
        return self.data.view


def load_save(path: Path | str, *, clock: Callable[[], datetime] = utc_now) -> SavedGame:
    """Read, check and replay a save; raises :class:`SaveError` naming what is wrong.

    Every turn hash, the final hash and the header's progress must agree with the replayed log.
    The file is only read.
    """
    path = Path(path)
    data = read_save_data(path)
    log = log_of_save(path, data)
    replayed = replay_log(log)
    divergence = replayed.verification.divergence
    if divergence is not None:
        raise SaveError(path, f"the log does not replay to what was saved: {divergence} (the file was edited or "
                              f"damaged, or wargame {data.engine} that wrote it plays differently)")
    for seat in log.seats.values():
        if seat.bot is not None and seat.bot not in BOTS:
            raise SaveError(path, f"{seat.role} is played by the bot {seat.bot!r}, which this wargame does not have "
                                  f"(bots: {', '.join(BOTS)}); it can be replayed but not continued")
    # A game resumed from its backup goes on in its own file (a save there of a later or damaged
    # version is a SaveConflict, so the player chooses), not in NAME.json.bak.bak.
    from_backup = path.name.endswith(SUFFIX + BACKUP_SUFFIX)
    target = path.with_name(path.name.removesuffix(BACKUP_SUFFIX)) if from_backup else path
    file = SaveFile(target, data.game_id, data.created, data.scenario, data.name, data.branched_from, data.view,
                    clock=clock)
    return SavedGame(path, data, log.loaded, replayed.session, file)


@dataclass(frozen=True)
class SaveInfo:
    """One entry of the Load menu: a save's header, or why it cannot be read."""

    path: Path
    data: SaveData | None = None
    error: str | None = None

    @property
    def name(self) -> str:
        return self.data.name if self.data is not None and self.data.name else self.path.stem

    @property
    def updated(self) -> datetime | None:
        return self.data.updated if self.data is not None else None


def list_saves(directory: Path | str | None = None) -> list[SaveInfo]:
    """Every save in the folder, newest first, then the damaged ones (with their error); records are skipped.

    Only headers are read (fast): a save listed as fine may still fail :func:`load_save`'s replay.
    """
    folder = saves_dir(directory)
    if not folder.is_dir():
        return []
    good: list[tuple[datetime, SaveInfo]] = []
    bad: list[SaveInfo] = []
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        if path.name.startswith(".") or not path.is_file():
            continue
        try:
            raw = read_json(path)
            if file_kind(raw, path) == "record":
                continue
            data = read_save_data(path, raw)
        except SaveError as exc:
            bad.append(SaveInfo(path, error=exc.reason))
            continue
        good.append((data.updated, SaveInfo(path, data)))
    good.sort(key=lambda pair: pair[0], reverse=True)
    return [info for _, info in good] + bad


def latest_autosave(directory: Path | str | None = None) -> SaveInfo | None:
    """The most recently saved game that is not over (what the main menu's Continue resumes), if any.

    Only the newest file of each game counts: after *Save as*, the file the game was saved in before
    stays where it stood, and the game may have gone on, or ended, in the new one.
    """
    seen: set[str] = set()
    for info in list_saves(directory):
        if info.data is None or info.data.game_id in seen:
            continue
        seen.add(info.data.game_id)
        if not info.data.progress.over:
            return info
    return None


class Autosave:
    """Saves a game each time it enters a new phase (and the first time it is asked).

    Call :meth:`update` after every move the front end makes or shows; it writes only when the
    (turn, phase) differs from the last save. After :meth:`SaveFile.save_as` it goes on saving to
    the new file. To save at once (on quitting, say), call ``autosave.file.save(session)``.
    A :class:`SaveConflict` from :meth:`update` repeats until the game is saved under another
    name (or with ``overwrite=True``).
    """

    def __init__(self, file: SaveFile) -> None:
        self.file = file
        self._saved: tuple[int, str] | None = None

    def update(self, session: Session, view: View | None = None) -> Path | None:
        """Save if the phase changed since the last autosave; returns the path written, or None."""
        key = (session.state.turn, session.state.phase.value)
        if key == self._saved:
            return None
        path = self.file.save(session, view=view)
        self._saved = key
        return path
