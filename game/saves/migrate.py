"""Schema migrations: bring the raw JSON of an older save up to :data:`SCHEMA_VERSION` before validation.

Each entry of :data:`MIGRATIONS` takes the raw data of version ``n`` and returns it as version
``n + 1``; :func:`migrate` chains them, so a save of any older version is read by the current
models. To change the schema: bump ``SCHEMA_VERSION`` in :mod:`game.saves.format`, add the step
from the previous version here, and keep a save written by the previous version in
``tests/fixtures/saves/`` (the tests load one fixture per version).

Schema version 1 is the first, so there is no step yet.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from game import __version__
from game.saves.errors import SaveError
from game.saves.format import SCHEMA_VERSION

Migration = Callable[[dict[str, Any]], dict[str, Any]]

MIGRATIONS: Mapping[int, Migration] = {}
"""Version ``n`` -> the function that turns version-``n`` data into version ``n + 1``."""


def migrate(
    raw: dict[str, Any],
    path: Path | str,
    *,
    current: int = SCHEMA_VERSION,
    migrations: Mapping[int, Migration] = MIGRATIONS,
) -> dict[str, Any]:
    """``raw`` brought up to version ``current`` (a new dict; ``raw`` is not changed).

    Raises :class:`SaveError` for a version that is not a whole number, one newer than
    ``current`` (written by a later wargame), or one no migration leads on from.
    """
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise SaveError(path, f"'version' must be a whole number, not {version!r}")
    if version > current:
        raise SaveError(
            path,
            f"it was written by a newer wargame (save schema version {version}); wargame {__version__} reads "
            f"versions up to {current}: update wargame to open it",
        )
    if version < 1:
        raise SaveError(path, f"unknown save schema version {version}")
    data = raw
    while version < current:
        step = migrations.get(version)
        if step is None:
            raise SaveError(path, f"save schema version {version} can no longer be read (no migration from it)")
        try:
            data = step(copy.deepcopy(data))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise SaveError(path, f"cannot upgrade it from save schema version {version}: {exc}") from None
        version += 1
        data["version"] = version
    return data
