"""Which form of the game's core runs: the compiled one (see setup.py) when it is built and current,
otherwise the Python source.

A compiled module sits beside its source and Python prefers it, so after an edit the old build
would run. :func:`choose_core` runs when the package is imported: if any compiled module is older
than its source, or the build is incomplete, or ``WARGAME_PURE=1`` is set, every compiled module is
loaded from its source instead - all of them, since compiled modules call each other directly.
Both forms play exactly the same games; the test suite checks it.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

PACKAGE = Path(__file__).resolve().parent
CORE_FOLDERS = ("", "engine", "bots")
"""The folders of the package that setup.py compiles modules in (kept in step with its CORE)."""

GROUP = "wargame_core"
"""The name of the shared library that holds the compiled code (setup.py's group)."""

compiled = False
"""Whether the compiled core is in use in this process."""

why_not = "not built"
"""When it is not in use, why not (for the benchmarks and ``wargame --version``)."""


def extension_modules(package: Path = PACKAGE) -> dict[str, tuple[Path, Path]]:
    """Every compiled module of the core under ``package``, by module name, with its source and its build."""
    suffixes = sorted(importlib.machinery.EXTENSION_SUFFIXES, key=len, reverse=True)  # ".cpython-311-....so" first
    found: dict[str, tuple[Path, Path]] = {}
    for folder in CORE_FOLDERS:
        directory = package / folder
        if not directory.is_dir():
            continue
        for entry in os.scandir(directory):
            suffix = next((s for s in suffixes if entry.name.endswith(s)), None)
            if suffix is None:
                continue
            stem = entry.name[: -len(suffix)]
            parts = (package.name, *Path(folder).parts, *([] if stem == "__init__" else [stem]))
            found[".".join(parts)] = directory / f"{stem}.py", Path(entry.path)
    return found


def stale(package: Path = PACKAGE) -> str | None:
    """Why the compiled core under ``package`` must not run, or None when it may."""
    built = extension_modules(package)
    if not built:
        return "not built"
    if not any((package.parent / f"{GROUP}__mypyc{suffix}").exists() for suffix in importlib.machinery.EXTENSION_SUFFIXES):
        return "its shared library is missing"
    for source, binary in sorted(built.values()):
        if not source.exists():
            return f"{source.relative_to(package.parent)} is gone but its build is not"
        if source.stat().st_mtime > binary.stat().st_mtime:
            return f"{source.relative_to(package.parent)} changed after it was compiled"
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
        if source is None:
            return None
        package = [str(source.parent)] if source.name == "__init__.py" else None
        return importlib.util.spec_from_file_location(fullname, source, submodule_search_locations=package)


def choose_core() -> None:
    """Use the compiled core if it is built and current; otherwise load its modules from source."""
    global compiled, why_not
    reason = "WARGAME_PURE is set" if os.environ.get("WARGAME_PURE") == "1" else stale()
    if reason is None:
        compiled, why_not = True, ""
        return
    compiled, why_not = False, reason
    built = extension_modules()
    if not built:
        return
    sys.meta_path.insert(0, SourceFirst({name: source for name, (source, _) in built.items()}))
    if reason != "WARGAME_PURE is set":
        # One plain line (not a Python warning, which would show this file's name and line to a player).
        print(f"wargame: the compiled core is out of date ({reason}), so the game runs from its Python source, "
              "slower; `make` or `pip install -e .` rebuilds it", file=sys.stderr)
