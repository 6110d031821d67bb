"""Which form of the game's core runs: the compiled one (built by setup.py) when it is built from the
sources that are here, otherwise the Python source.

A compiled module sits beside its source and Python prefers it, so after an edit the old build
would run. The build therefore leaves a record of what it compiled: a digest of each source file.
:func:`choose_core` runs when the package is imported: if a source differs from its record, or the
build is incomplete, or ``WARGAME_PURE=1`` is set, every compiled module is loaded from its source
instead - all of them, since compiled modules call each other directly. Both forms play exactly the
same games; the test suite checks it.

This module imports nothing but the standard library: setup.py loads it on its own to learn what to
compile and to write the record.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import os
import sys
from collections.abc import Sequence
from hashlib import blake2b
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

PACKAGE = Path(__file__).resolve().parent

CORE = ("game/engine/", "game/bots/", "game/session.py", "game/runner.py", "game/scenario/conditions.py")
"""What is compiled, as paths from the project's root: every module of a folder, or one module."""

GROUP = "wargame_core"
"""The name of the shared library that holds the compiled code."""

RECORD = "core-build.json"
"""The build's record of its sources, beside the package's ``__init__.py``."""

compiled = False
"""Whether the compiled core is in use in this process."""

why_not = "not built"
"""When it is not in use, why not (for the benchmarks and ``wargame --version``)."""


def core_sources(root: Path) -> list[Path]:
    """The source files of the compiled core under the project (or install) directory ``root``."""
    files: list[Path] = []
    for path in CORE:
        files.extend(sorted((root / path).glob("*.py")) if path.endswith("/") else [root / path])
    return files


def source_digests(root: Path) -> dict[str, str]:
    """Each core source file under ``root`` (as a path from ``root``) with a digest of its contents."""
    return {source.relative_to(root).as_posix(): blake2b(source.read_bytes(), digest_size=16).hexdigest()
            for source in core_sources(root) if source.exists()}


def write_record(digests: dict[str, str], package: Path) -> None:
    """Record ``digests`` (see :func:`source_digests`) as the sources the build in ``package`` was made from."""
    (package / RECORD).write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n")


def extension_modules(package: Path = PACKAGE) -> dict[str, Path]:
    """Every compiled module of the core under ``package``, by module name, with its source file."""
    suffixes = sorted(importlib.machinery.EXTENSION_SUFFIXES, key=len, reverse=True)  # ".cpython-311-....so" first
    found: dict[str, Path] = {}
    for folder in sorted({Path(path).parent if path.endswith(".py") else Path(path) for path in CORE}):
        directory = package.parent / folder
        if not directory.is_dir():
            continue
        for entry in os.scandir(directory):
            suffix = next((s for s in suffixes if entry.name.endswith(s)), None)
            if suffix is None:
                continue
            stem = entry.name[: -len(suffix)]
            parts = (*folder.parts, *([] if stem == "__init__" else [stem]))
            found[".".join(parts)] = directory / f"{stem}.py"
    return found


def stale(package: Path = PACKAGE) -> str | None:
    """Why the compiled core under ``package`` must not run, or None when it may."""
    if not extension_modules(package):
        return "not built"
    root = package.parent
    if not any((root / f"{GROUP}__mypyc{suffix}").exists() for suffix in importlib.machinery.EXTENSION_SUFFIXES):
        return "its shared library is missing"
    try:
        recorded: dict[str, str] = json.loads((package / RECORD).read_text())
    except (OSError, ValueError):
        return f"its record of sources, {package.name}/{RECORD}, is missing or damaged"
    current = source_digests(root)
    for path in sorted(recorded.keys() | current.keys()):
        if path not in current:
            return f"{path} is gone but its build is not"
        if path not in recorded:
            return f"{path} is new since the build"
        if current[path] != recorded[path]:
            return f"{path} changed after it was compiled"
    return None


def core_description() -> str:
    """One line on which form of the core runs here (for ``--version`` and the benchmarks)."""
    return "compiled core (mypyc)" if compiled else f"Python-source core ({why_not})"


class SourceFirst:
    """Loads the named modules from their Python source even where a compiled build sits beside it
    (an import system finder, placed first on ``sys.meta_path``)."""

    def __init__(self, sources: dict[str, Path]) -> None:
        self.sources = sources
        """Module name -> its source file."""

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> ModuleSpec | None:
        source = self.sources.get(fullname)
        if source is None or not source.exists():
            return None
        package = [str(source.parent)] if source.name == "__init__.py" else None
        return importlib.util.spec_from_file_location(fullname, source, submodule_search_locations=package)


def choose_core() -> None:
    """Use the compiled core if it is built from these sources; otherwise load its modules from source."""
    global compiled, why_not
    reason = "WARGAME_PURE is set" if os.environ.get("WARGAME_PURE") == "1" else stale()
    if reason is None:
        compiled, why_not = True, ""
        return
    compiled, why_not = False, reason
    built = extension_modules()
    if not built:
        return
    sys.meta_path.insert(0, SourceFirst(built))
    if reason != "WARGAME_PURE is set":
        # One plain line (not a Python warning, which would show this file's name and line to a player).
        print(f"wargame: the compiled core is not used ({reason}), so the game runs from its Python source, "
              "slower; `pip install -e .` rebuilds it (`make` does by itself after an edit to the core)",
              file=sys.stderr)


if __name__ == "__main__":  # `python3 game/native.py`: the core's sources, for the Makefile to rebuild after
    print(" ".join(source.relative_to(PACKAGE.parent).as_posix() for source in core_sources(PACKAGE.parent)))
