"""Reading a save or a simulation record into a :class:`GameLog`, with a clear error for every kind of damage.

Reading checks everything that can be checked without replaying: the bytes are UTF-8 JSON
(no duplicate keys, no NaN), the format and schema version are known (older saves are migrated
first), every field has its type, every action is well-formed, the scenario copy matches its
hashes and compiles (a record's scenario is found in ``scenarios/`` and must have the recorded
rules hash), and the seats fit the scenario's roles. Replaying and comparing the hashes is
:mod:`game.saves.verify`'s part.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from game.engine import Action, ActionFormatError, Game, action_from_dict
from game.saves.errors import SaveError
from game.saves.format import RECORD_FORMAT, RECORD_VERSION, SAVE_FORMAT, RecordData, SaveData, ScenarioCopy
from game.saves.migrate import migrate
from game.scenario.loader import (
    LoadedScenario,
    ScenarioFileError,
    SourceEntry,
    describe_error,
    load_scenario,
    load_scenario_text,
    show_value,
)
from game.session import HUMAN, Seat

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Larger files are refused unread: the longest real game is a fraction of a megabyte."""

Kind = Literal["save", "record"]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class TurnCheck:
    """What the file says about one resolved turn: the state hash after it."""

    turn: int
    hash: str


@dataclass(frozen=True)
class GameLog:
    """A save or a record, read and checked but not yet replayed: enough to replay and verify the game."""

    path: Path
    kind: Kind
    loaded: LoadedScenario
    seed: int
    seats: Mapping[str, Seat]
    actions: tuple[Action, ...]
    turns: tuple[TurnCheck, ...]
    engine: str
    final_hash: str | None = None
    facilitator: bool = False
    save: SaveData | None = None
    record: RecordData | None = None

    @property
    def game(self) -> Game:
        return self.loaded.game


# --- the bytes ----------------------------------------------------------------------------------------


def read_json(path: Path) -> dict[str, Any]:
    """The JSON object in ``path``; :class:`SaveError` saying what is wrong with it otherwise."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SaveError(path, f"the file is too large to be a save ({size / 2**20:.0f} MiB)")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SaveError(path, "no such file") from None
    except IsADirectoryError:
        raise SaveError(path, "this is a folder, not a save file") from None
    except OSError as exc:
        raise SaveError(path, f"cannot read the file: {exc.strerror or exc}") from None
    if not raw.strip():
        raise SaveError(path, "the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SaveError(path, f"not a save: the file is not UTF-8 text (bad byte at offset {exc.start})") from None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            raise SaveError(
                path, f"the file ends too early (line {exc.lineno}, column {exc.colno}): it was cut short"
            ) from None
        raise SaveError(path, f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except _JsonProblem as exc:
        raise SaveError(path, f"not valid JSON for a save: {exc}") from None
    except RecursionError:
        raise SaveError(path, "not a save: the JSON is nested too deeply") from None
    if not isinstance(data, dict):
        raise SaveError(path, f"not a save: expected a JSON object, got {show_value(data)}")
    return data


class _JsonProblem(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _JsonProblem(f"the key {key!r} appears twice in one object")
            seen.add(key)
    return data


def _no_constants(name: str) -> Any:
    raise _JsonProblem(f"{name} is not a number JSON allows")


# --- the structure --------------------------------------------------------------------------------------


def file_kind(data: Mapping[str, Any], path: Path) -> Kind:
    """``"save"`` or ``"record"`` from the ``format`` field; :class:`SaveError` for anything else."""
    fmt = data.get("format")
    if fmt == SAVE_FORMAT:
        return "save"
    if fmt == RECORD_FORMAT:
        return "record"
    if fmt is None:
        raise SaveError(path, "not a wargame save: it has no 'format' field")
    raise SaveError(path, f"not a wargame save: its format is {fmt!r} (expected {SAVE_FORMAT!r})")


def validate(model: type[M], data: Mapping[str, Any], path: Path) -> M:
    """``model`` validated from ``data``, or :class:`SaveError` naming the first bad field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = errors[0]
        where = ".".join(str(part) for part in first["loc"])
        more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
        raise SaveError(path, f"{where or 'the file'}: {describe_error(first, model)}{more}") from None


def read_save_data(path: Path, data: Mapping[str, Any] | None = None) -> SaveData:
    """The validated content of a save (migrated from an older schema if need be); nothing compiled or replayed."""
    raw = read_json(path) if data is None else dict(data)
    if file_kind(raw, path) != "save":
        raise SaveError(path, "this is a simulation record, not a save: open it with 'wargame replay'")
    return validate(SaveData, migrate(raw, path), path)


def read_record_data(path: Path, data: Mapping[str, Any]) -> RecordData:
    """The validated content of a simulation record."""
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > RECORD_VERSION:
        raise SaveError(
            path, f"it is a record of a newer wargame (record version {version}): update wargame to open it"
        )
    return validate(RecordData, data, path)


def parse_actions(raw: list[dict[str, Any]], path: Path) -> tuple[Action, ...]:
    """The action log, each entry parsed strictly; the error names the first bad entry."""
    actions = []
    for i, item in enumerate(raw, 1):
        try:
            actions.append(action_from_dict(item))
        except ActionFormatError as exc:
            raise SaveError(path, f"action {i} of the log is malformed: {exc}") from None
    return tuple(actions)


def parse_seats_of(specs: Mapping[str, str], game: Game, path: Path) -> dict[str, Seat]:
    """The seats of a file, which must name every role of its scenario and no other.

    A bot this wargame does not know is kept as named: replaying needs no bots (the log holds
    every move); resuming does, and :func:`game.saves.store.load_save` checks for it.
    """
    if set(specs) != set(game.roles):
        raise SaveError(
            path, f"its seats name {', '.join(sorted(specs)) or 'no role'}, but the scenario's roles are "
            f"{', '.join(game.roles)}",
        )
    return {role: Seat(role) if specs[role] == HUMAN else Seat(role, specs[role].removeprefix("bot:"))
            for role in game.roles}


# --- the scenario ------------------------------------------------------------------------------------------


def sha256_text(text: str) -> str:
    """sha256 of ``text`` as UTF-8: what ``sha256sum`` prints for the file it came from."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sources_sha256(sources: tuple[SourceEntry, ...] | list[SourceEntry]) -> str:
    """sha256 of the canonical JSON of a source catalogue's entries."""
    data = json.dumps([s.model_dump(mode="json") for s in sources], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def scenario_copy(loaded: LoadedScenario) -> ScenarioCopy:
    """The copy of a loaded scenario that a save carries."""
    return ScenarioCopy(
        id=loaded.game.id,
        title=loaded.scenario.title,
        file=str(loaded.path),
        sha256=sha256_text(loaded.text),
        rules_hash=loaded.game.scenario_hash,
        text=loaded.text,
        sources=list(loaded.sources),
        sources_sha256=sources_sha256(loaded.sources),
    )


def copy_damage(copy: ScenarioCopy) -> str | None:
    """What is wrong with a save's scenario copy by its own hashes (text, then sources), or None."""
    if sha256_text(copy.text) != copy.sha256:
        return "the scenario copy does not match its sha256: the file was edited or damaged"
    if sources_sha256(copy.sources) != copy.sources_sha256:
        return "the scenario's source catalogue does not match its sha256: the file was edited or damaged"
    return None


def scenario_of_copy(copy: ScenarioCopy, path: Path) -> LoadedScenario:
    """Compile a save's scenario copy after checking it against its hashes."""
    damage = copy_damage(copy)
    if damage is not None:
        raise SaveError(path, damage)
    try:
        loaded = _compile_copy(copy.text, tuple(copy.sources))
    except ScenarioFileError as exc:
        first = exc.lines()[0] if exc.problems else str(exc)
        raise SaveError(path, f"the scenario copy is not a valid scenario: {first}") from None
    if loaded.game.scenario_hash != copy.rules_hash:
        raise SaveError(
            path, f"the scenario copy compiles to rules {loaded.game.scenario_hash[:12]}, not to the "
            f"{copy.rules_hash[:12]} the game was played with: this wargame reads the scenario differently",
        )
    if loaded.game.id != copy.id or loaded.scenario.title != copy.title:
        raise SaveError(path, f"the header names scenario {copy.id!r} but the copy is {loaded.game.id!r}")
    return loaded


@functools.lru_cache(maxsize=8)
def _compile_copy(text: str, sources: tuple[SourceEntry, ...]) -> LoadedScenario:
    return load_scenario_text(text, "scenario copy", sources=sources)


def scenario_of_record(record: RecordData, path: Path, scenario: str | Path | None = None) -> LoadedScenario:
    """The scenario a record was played on: ``scenario`` if given, else the record's id in ``scenarios/``.

    The scenario must have the record's rules hash: a record carries no copy to fall back on.
    """
    from game.scenario.catalog import UnknownScenarioError, resolve_scenario

    ref = scenario if scenario is not None else record.scenario
    try:
        scenario_path = resolve_scenario(ref)
    except UnknownScenarioError as exc:
        raise SaveError(path, f"cannot find the scenario it was played on: {exc} (give it with --scenario)") from None
    try:
        stat = scenario_path.stat()
        loaded = _load_file(str(scenario_path.resolve()), stat.st_mtime_ns, stat.st_size)
    except (ScenarioFileError, OSError) as exc:
        first = exc.lines()[0] if isinstance(exc, ScenarioFileError) and exc.problems else str(exc)
        raise SaveError(path, f"its scenario {scenario_path} does not load: {first}") from None
    if loaded.game.scenario_hash != record.scenario_hash:
        raise SaveError(
            path, f"it was played on other rules than {scenario_path} has now (rules {record.scenario_hash[:12]}, "
            f"the file gives {loaded.game.scenario_hash[:12]}): records carry no copy of their scenario, so they "
            "replay only on the version they were played on",
        )
    return loaded


@functools.lru_cache(maxsize=8)
def _load_file(path: str, mtime_ns: int, size: int) -> LoadedScenario:
    """A scenario file, loaded once per version of it (the stat is part of the key)."""
    return load_scenario(path)


# --- the whole file -------------------------------------------------------------------------------------------


def read_log(path: Path | str, *, scenario: str | Path | None = None) -> GameLog:
    """Read a save or a record, checked as far as possible without replaying it.

    ``scenario`` names the scenario of a record (id or file) when it is not its id in
    ``scenarios/``; a save carries its own and ignores it. Raises :class:`SaveError`.
    """
    path = Path(path)
    data = read_json(path)
    if file_kind(data, path) == "save":
        return log_of_save(path, read_save_data(path, data))
    record = read_record_data(path, data)
    loaded = scenario_of_record(record, path, scenario)
    return GameLog(
        path=path,
        kind="record",
        loaded=loaded,
        seed=record.seed,
        seats=parse_seats_of(record.seats, loaded.game, path),
        actions=parse_actions(record.actions, path),
        turns=tuple(TurnCheck(turn, digest) for turn, digest in enumerate(record.turn_hashes, 1)),
        engine=record.engine,
        record=record,
    )


def log_of_save(path: Path, save: SaveData) -> GameLog:
    """The game log of validated save data (compiles its scenario copy)."""
    loaded = scenario_of_copy(save.scenario, path)
    if save.view.role is not None and save.view.role not in loaded.game.roles:
        raise SaveError(path, f"view.role: {save.view.role!r} is not a role of the scenario")
    return GameLog(
        path=path,
        kind="save",
        loaded=loaded,
        seed=save.seed,
        seats=parse_seats_of(save.seats, loaded.game, path),
        actions=parse_actions(save.actions, path),
        turns=tuple(TurnCheck(t.turn, t.hash) for t in save.turns),
        engine=save.engine,
        final_hash=save.final_hash,
        facilitator=save.facilitator,
        save=save,
    )
