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
from pathlib import Path
from types import ModuleType

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


def core_extensions() -> list[Extension]:
    """The compiled core's extension modules, or none when compiling is switched off or impossible."""
    if os.environ.get("WARGAME_COMPILE", "1") == "0":
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("warning: mypyc is not installed; the game installs as plain Python", file=sys.stderr)
        return []
    # -O1: gcc takes about half as long as at mypyc's default -O3 on the one large C file, and the
    # games run as fast (benchmarks/engine.py, interleaved runs of both builds).
    return mypycify(list(native.CORE), group_name=native.GROUP, opt_level="1")


class OptionalBuild(build_ext):
    """Builds the compiled core and records its sources; leaves the package plain Python if that fails."""

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
        native.write_record(ROOT, ROOT / "game")
        built = Path(self.build_lib) / "game"
        if built.is_dir():
            native.write_record(ROOT, built)


setup(ext_modules=core_extensions(), cmdclass={"build_ext": OptionalBuild})
