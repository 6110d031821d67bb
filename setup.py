"""Build of the game's core: the engine, the bots and the session that drives them, compiled with mypyc.

Everything else about the package is in pyproject.toml. The compiled core plays exactly the games the
Python source plays, about twice as fast; tournaments and balance runs are where that shows. When
it cannot be built (no C compiler, say) the package installs as plain Python and a warning says so.
Set WARGAME_COMPILE=0 to install the plain Python on purpose.
"""

from __future__ import annotations

import os
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

# Kept in step with game/native.py, which checks at import time that what was built is current.
CORE = ["game/engine/", "game/bots/", "game/session.py", "game/runner.py"]
GROUP = "wargame_core"


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
    return mypycify(CORE, group_name=GROUP, opt_level="1")


class OptionalBuild(build_ext):
    """Builds the compiled core, and leaves the package plain Python if that fails."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # a missing compiler shows up as one of several distutils errors
            for path in self.get_outputs():
                if os.path.exists(path):
                    os.remove(path)
            print(f"warning: the compiled core could not be built ({error}); the game installs as plain Python",
                  file=sys.stderr)

    def build_extension(self, ext: Extension) -> None:
        super().build_extension(ext)
        # Dated now, even when it was up to date: game/native.py compares these dates with the sources',
        # and a module's small extension is left as it was when only the shared code changed.
        # (Copies into the source tree, for an editable install, keep the date.)
        os.utime(self.get_ext_fullpath(ext.name))


setup(ext_modules=core_extensions(), cmdclass={"build_ext": OptionalBuild})
