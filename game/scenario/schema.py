"""The JSON Schema of scenario files, for editors (completion and checking while writing YAML).

The schema is generated from :class:`game.scenario.models.Scenario` and committed at
``schemas/scenario.schema.json``; a test checks that the committed file is up to date.
Regenerate it with ``python -m game.scenario.schema``.

The schema describes the fields; the loader checks more (cross-references, the condition
language, the safe YAML subset), so a file the schema accepts may still be refused.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from game.scenario.catalog import REPO_ROOT
from game.scenario.models import Scenario

__all__ = ["SCHEMA_PATH", "SCHEMA_DIALECT", "scenario_schema", "schema_text", "write_schema"]

SCHEMA_PATH = REPO_ROOT / "schemas" / "scenario.schema.json"
"""Where the committed schema lives."""

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect pydantic generates."""

SCHEMA_TITLE = "Wargame scenario"


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file, with ``$schema`` and ``title`` first."""
    generated = Scenario.model_json_schema()
    generated.pop("title", None)
    return {"$schema": SCHEMA_DIALECT, "title": SCHEMA_TITLE, **generated}


def schema_text() -> str:
    """The schema as committed: JSON indented by 2, with a trailing newline."""
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    """Write the schema to ``path`` (default: ``schemas/scenario.schema.json``) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_schema())
