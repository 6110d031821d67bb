"""Build of the game's core: the engine, the condition language, the bots and the session that drives them,
compiled with mypyc (what exactly: CORE in game/native.py).

Everything else about the package is in pyproject.toml. The compiled core plays exactly the games the
Python source plays, about twice as fast; tournaments and balance runs are where that shows. When
it cannot be built (no C compiler, say) the package installs as plain Python and the game runs from
its source. Set WARGAME_COMPILE=0 to install the plain Python on purpose.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


def _native() -> ModuleType:
    """game/native.py on its own (it needs only the standard library): what to compile, and the record."""
    spec = importlib.util.spec_from_file_location("_wargame_native", ROOT / "game" / "native.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


native = _native()

BUILT_FROM = native.source_digests(ROOT)
"""The core's sources as mypyc reads them below (an edit made during the build is not in it)."""


def core_extensions() -> list[Extension]:
    """The compiled core's extension modules, or none when compiling is switched off or impossible."""
    if os.environ.get("WARGAME_COMPILE", "1") == "0":
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("warning: mypyc is not installed; the game installs as plain Python", file=sys.stderr)
        return []
    # -O1: the whole build took 39 s against 54 s at mypyc's default -O3, and the games ran as fast
    # (benchmarks/engine.py, interleaved runs of both builds). One C file per module, so that
    # OptionalBuild compiles them side by side: the same code, built in about half the time on two cores.
    return mypycify(list(native.CORE), group_name=native.GROUP, opt_level="1", multi_file=True)


class OptionalBuild(build_ext):
    """Builds the compiled core and records its sources; leaves the package plain Python if that fails."""

    def build_extension(self, ext: Extension) -> None:
        """Build one extension, compiling its C files in parallel, one per core (setuptools does one at a time)."""
        compile_in_turn = self.compiler.compile

        def compile_side_by_side(sources: list[str], *args: Any, **kwargs: Any) -> list[str]:
            with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
                objects = pool.map(lambda source: compile_in_turn([source], *args, **kwargs), sources)
                return [obj for built in objects for obj in built]

        self.compiler.compile = compile_side_by_side
        try:
            super().build_extension(ext)
        finally:
            self.compiler.compile = compile_in_turn

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # a missing compiler shows up as one of several distutils errors
            for path in self.get_outputs():
                if os.path.exists(path):
                    os.remove(path)
            print(f"warning: the compiled core could not be built ({error}); the game installs as plain Python",
                  file=sys.stderr)
            return
        if not self.extensions:
            return
        # The record goes beside the sources (an editable install runs them from here) and into the
        # build's copy of the package (for a wheel).
        native.write_record(BUILT_FROM, ROOT / "game")
        built = Path(self.build_lib) / "game"
        if built.is_dir():
            native.write_record(BUILT_FROM, built)


setup(ext_modules=core_extensions(), cmdclass={"build_ext": OptionalBuild})
