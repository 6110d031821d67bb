"""What a save file and a simulation record hold: pydantic models of their JSON, and the writer's layout.

A **save** (``"format": "wargame-save"``) is self-contained: a header (game id, engine version,
seed, seats, times, a hint of what the player was looking at), the action log with the state
hash of every resolved turn and of the last state, and a copy of the scenario with its sha256.
The times and the view hint are metadata: they never enter the game state or its hashes.

A **record** (``"format": "wargame-record"``, written by ``wargame simulate --save-dir``) names its
scenario by id and rules hash instead of carrying a copy; it is read, never written, here.

Both are validated strictly (unknown fields are errors, nothing is coerced). Actions stay plain
objects in the models: :func:`game.engine.action_from_dict` is the authority on their form.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any, Final, Literal

from pydantic import AfterValidator, AwareDatetime, Field, StringConstraints, field_validator

from game.engine import Phase
from game.scenario.loader import SourceEntry
from game.scenario.models import Strict

SAVE_FORMAT: Final = "wargame-save"
SCHEMA_VERSION: Final = 1
"""The schema version this code writes; older versions are migrated (:mod:`game.saves.migrate`)."""

RECORD_FORMAT: Final = "wargame-record"
RECORD_VERSION: Final = 1

MAX_SEED = 2**63 - 1

Hash = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
"""A sha256 digest in lower-case hex."""

GameId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
RoleId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=48)]
SeatSpec = Annotated[str, StringConstraints(pattern=r"^(human|bot:[a-z][a-z0-9_]*)$", max_length=60)]
Label = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Timestamp = Annotated[AwareDatetime, Field(strict=False)]
"""ISO 8601 with a time zone (``2026-11-21T19:35:02Z``); JSON has no date type, hence not strict."""


_PHASES = frozenset(p.value for p in Phase)


def _phase(value: str) -> str:
    if value not in _PHASES:
        raise ValueError(f"unknown phase {value!r} (phases: {', '.join(p.value for p in Phase)})")
    return value


PhaseName = Annotated[str, AfterValidator(_phase)]


class View(Strict):
    """What the player was looking at when the game was saved: a hint for resuming, not game state.

    ``role`` is the seat whose screen was shown last; ``screen`` is the front end's own name for it.
    """

    role: str | None = None
    screen: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_.-]*$", max_length=64)] | None = None


class Progress(Strict):
    """Where the game stood when saved, for listing saves without replaying them (checked on load)."""

    turn: Annotated[int, Field(ge=1)]
    phase: PhaseName
    steps: Annotated[int, Field(ge=0)]
    over: bool


class TurnHash(Strict):
    """The state hash after turn ``turn`` resolved."""

    turn: Annotated[int, Field(ge=1)]
    hash: Hash


class Origin(Strict):
    """The game a branched game started from, and the number of its actions the branch kept."""

    game: Label
    step: Annotated[int, Field(ge=0)]


class ScenarioCopy(Strict):
    """The scenario as it was when the game began: its YAML text, its source catalogue, and their hashes.

    ``sha256`` digests the text (UTF-8), so it equals ``sha256sum`` of the original file;
    ``rules_hash`` is :attr:`game.engine.Game.scenario_hash` of the compiled rules, which every
    state hash of the game includes; ``sources_sha256`` digests the catalogue's entries (their
    canonical JSON), which name the texts the scenario cites.
    """

    id: Label
    title: Label
    file: Annotated[str, StringConstraints(max_length=1000)]
    sha256: Hash
    rules_hash: Hash
    text: Annotated[str, StringConstraints(min_length=1, max_length=4_000_000)]
    sources: list[SourceEntry]
    sources_sha256: Hash

    @field_validator("sources")
    @classmethod
    def _unique_sources(cls, entries: list[SourceEntry]) -> list[SourceEntry]:
        seen: set[str] = set()
        for entry in entries:
            if entry.id in seen:
                raise ValueError(f"duplicate source id {entry.id!r}")
            seen.add(entry.id)
        return entries


class SaveData(Strict):
    """A save file of the current schema version."""

    format: Literal["wargame-save"]
    version: Literal[1]  # SCHEMA_VERSION
    game_id: GameId
    name: Label | None = None
    engine: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    created: Timestamp
    updated: Timestamp
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)]
    seats: dict[RoleId, SeatSpec]
    facilitator: bool = False
    """Whether a facilitator sits at the table (written only when one does)."""
    view: View
    progress: Progress
    branched_from: Origin | None = None
    actions: list[dict[str, Any]]
    turns: list[TurnHash]
    final_hash: Hash
    scenario: ScenarioCopy


class RecordData(Strict):
    """A simulation record, as :meth:`game.runner.PlayedGame.record` writes it (version 1)."""

    format: Literal["wargame-record"]
    version: Literal[1]
    engine: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    scenario: Label
    scenario_hash: Hash
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)]
    seats: dict[RoleId, SeatSpec]
    actions: list[dict[str, Any]]
    turn_hashes: list[Hash]
    outcome: str | None
    scores: dict[RoleId, int | float]


_ONE_PER_LINE = ("actions", "turns")


def encode(data: SaveData) -> bytes:
    """The file's bytes: UTF-8 JSON, one header field per line, one action per line, the scenario last.

    One action per line keeps a save readable and diff-able; ``json.loads`` reads it like any JSON.
    """
    fields = data.model_dump(mode="json", exclude_none=False)
    scenario = fields.pop("scenario")
    lines = []
    if not fields["facilitator"]:
        del fields["facilitator"]  # a game without one reads as before, also in older versions
    for key, value in [*fields.items(), ("scenario", scenario)]:
        if key in _ONE_PER_LINE and value:
            items = ",\n".join(f"  {_compact(item)}" for item in value)
            lines.append(f"{_compact(key)}: [\n{items}\n ]")
        elif key == "scenario":
            nested = json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n ")
            lines.append(f"{_compact(key)}: {nested}")
        else:
            lines.append(f"{_compact(key)}: {_compact(value)}")
    return ("{\n " + ",\n ".join(lines) + "\n}\n").encode("utf-8")


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def timestamp(moment: datetime) -> datetime:
    """A time as saves keep it: to the second."""
    return moment.replace(microsecond=0)
