"""Schema versions: a fixture per version loads, older versions migrate, newer ones are refused."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from game.saves import SaveData, SaveError, load_save
from game.saves.format import SCHEMA_VERSION
from game.saves.migrate import MIGRATIONS, migrate

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "saves"
VERSION_FILE = re.compile(r"^v(\d+)-.+\.json$")


def fixtures_by_version() -> dict[int, list[Path]]:
    found: dict[int, list[Path]] = {}
    for path in sorted(FIXTURES.glob("v*.json")):
        match = VERSION_FILE.match(path.name)
        if match:
            found.setdefault(int(match.group(1)), []).append(path)
    return found


def test_there_is_a_fixture_for_every_schema_version_and_a_migration_from_every_older_one() -> None:
    assert sorted(fixtures_by_version()) == list(range(1, SCHEMA_VERSION + 1))
    assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION))
    assert SaveData.model_fields["version"].annotation.__args__ == (SCHEMA_VERSION,)  # type: ignore[union-attr]


@pytest.mark.parametrize("path", [p for paths in fixtures_by_version().values() for p in paths], ids=lambda p: p.name)
def test_a_save_of_every_schema_version_loads_and_replays(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["version"] == int(VERSION_FILE.match(path.name).group(1))  # type: ignore[union-attr]
    before = path.read_bytes()
    saved = load_save(path)
    assert saved.data.version == SCHEMA_VERSION
    assert saved.session.actions and saved.session.hashes
    assert path.read_bytes() == before  # loading migrates in memory only


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    data["seats"] = [{"role": role, "seat": spec} for role, spec in data["seats"].items()]
    return data


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    data["seats"] = {item["role"]: item["seat"] for item in data["seats"]}
    data["note"] = "migrated"
    return data


def test_migrations_run_in_order_from_the_file_version_on_a_copy() -> None:
    raw = {"version": 1, "seats": {"nato": "human"}}
    steps = {1: _v1_to_v2, 2: _v2_to_v3}
    assert migrate(raw, "x.json", current=3, migrations=steps) == {"version": 3, "seats": {"nato": "human"},
                                                                   "note": "migrated"}
    assert raw == {"version": 1, "seats": {"nato": "human"}}
    assert migrate({"version": 2, "seats": [{"role": "r", "seat": "human"}]}, "x.json", current=3,
                   migrations=steps)["seats"] == {"r": "human"}
    assert migrate({"version": 3}, "x.json", current=3, migrations=steps) == {"version": 3}


def test_a_migration_that_cannot_read_the_old_data_says_so() -> None:
    with pytest.raises(SaveError, match="x.json: cannot upgrade it from save schema version 1"):
        migrate({"version": 1}, "x.json", current=2, migrations={1: _v1_to_v2})
    with pytest.raises(SaveError, match="no migration from it"):
        migrate({"version": 1}, "x.json", current=2, migrations={})


@pytest.mark.parametrize("version, message", [
    (SCHEMA_VERSION + 1, "written by a newer wargame"),
    (0, "unknown save schema version 0"),
    (True, "must be a whole number"),
    (None, "must be a whole number"),
])
def test_versions_that_cannot_be_read(version: object, message: str) -> None:
    with pytest.raises(SaveError, match=message):
        migrate({"version": version}, "x.json")
