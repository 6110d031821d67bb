"""Where scenarios live, and how a name on the command line becomes a scenario file.

The project's scenarios are the ``*.yaml`` files of the ``scenarios/`` folder at the repository
root (the parent directory of the ``game`` package), except ``sources.yaml``, which is the
catalogue of source texts that scenarios cite.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = [
    "DEFAULT_SCENARIO",
    "REPO_ROOT",
    "SCENARIO_DIR",
    "SOURCES_FILE",
    "UnknownScenarioError",
    "list_scenarios",
    "scenario_ids",
    "resolve_scenario",
    "project_sources_path",
]

REPO_ROOT = Path(__file__).resolve().parents[2]
"""The repository root: the parent directory of the ``game`` package."""

SCENARIO_DIR = REPO_ROOT / "scenarios"
"""The project's own scenarios."""

SOURCES_FILE = "sources.yaml"
"""File name of a source catalogue; it sits next to the scenarios that cite it."""

DEFAULT_SCENARIO = "lisbon-2010"
"""The scenario played when none is named."""

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class UnknownScenarioError(LookupError):
    """No scenario file or scenario id matches what was asked for."""


def project_sources_path() -> Path:
    """The project's own source catalogue, ``scenarios/sources.yaml``."""
    return SCENARIO_DIR / SOURCES_FILE


def list_scenarios(directory: Path | None = None) -> list[Path]:
    """The scenario files of ``directory`` (default: the project's ``scenarios/``), sorted by name."""
    folder = SCENARIO_DIR if directory is None else Path(directory)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.yaml") if p.is_file() and p.name != SOURCES_FILE)


def scenario_ids(directory: Path | None = None) -> list[str]:
    """The ids (file names without ``.yaml``) of :func:`list_scenarios`."""
    return [p.stem for p in list_scenarios(directory)]


def resolve_scenario(id_or_path: str | Path) -> Path:
    """The scenario file meant by ``id_or_path``.

    An existing file is used as it is; otherwise the text must be the id of a scenario of the
    project (``lisbon-2010`` for ``scenarios/lisbon-2010.yaml``). Raises
    :class:`UnknownScenarioError`, listing the known ids, when neither matches.
    """
    given = Path(id_or_path)
    if given.is_file():
        return given
    name = str(id_or_path)
    if _ID_RE.match(name) and name != Path(SOURCES_FILE).stem:
        candidate = SCENARIO_DIR / f"{name}.yaml"
        if candidate.is_file():
            return candidate
    raise UnknownScenarioError(_unknown_message(name))


def _unknown_message(name: str) -> str:
    known = scenario_ids()
    listing = ", ".join(known) if known else f"none found in {SCENARIO_DIR}"
    looks_like_path = "/" in name or "\\" in name or name.endswith((".yaml", ".yml"))
    what = "no scenario file" if looks_like_path else "unknown scenario"
    return f"{what} {name!r}; known scenarios: {listing}"
