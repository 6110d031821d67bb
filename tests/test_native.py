"""The compiled core (setup.py, game/native.py): it plays the games the Python source plays, and an
out-of-date or incomplete build is never the one that runs."""

from __future__ import annotations

import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game import native

ROOT = Path(__file__).resolve().parent.parent
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]  # the most specific: ".cpython-311-x86_64-linux-gnu.so"

# Plays a few games of every shipped scenario with a mix of personalities and prints their records.
PLAY = """
import json, sys
from pathlib import Path
import game.native, game.engine.core
from game.scenario.loader import load_scenario
from game.simulate import run_game

out = {"compiled": game.native.compiled, "core": game.engine.core.__file__, "games": {}}
kinds = ("strategic", "reciprocal", "hawkish", "cooperative", "greedy", "random")
for path in sorted(Path("scenarios").glob("*.yaml")):
    if path.name == "sources.yaml":
        continue
    played = load_scenario(path).game
    for seed in (1, 2):
        seats = {role: kinds[(i + seed) % len(kinds)] for i, role in enumerate(played.roles)}
        result = run_game(played, seed, seats, keep_record=True)
        out["games"][f"{path.stem}:{seed}"] = [result.record, result.scores, result.outcome]
json.dump(out, sys.stdout, sort_keys=True, default=str)
"""


def _play(**env: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", PLAY], cwd=ROOT, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _compiled_here() -> None:
    if not native.compiled:
        pytest.skip(f"the core is not compiled here ({native.why_not})")


def test_the_compiled_core_plays_exactly_the_games_of_the_python_source() -> None:
    _compiled_here()
    compiled, source = _play(), _play(WARGAME_PURE="1")
    assert compiled["compiled"] is True and str(compiled["core"]).endswith(SUFFIX)
    assert source["compiled"] is False and str(source["core"]).endswith("core.py")
    assert compiled["games"] == source["games"]
    assert len(source["games"]) >= 10  # type: ignore[arg-type]


def test_a_core_module_edited_after_the_build_sends_the_whole_core_back_to_its_source(tmp_path: Path) -> None:
    _compiled_here()
    shutil.copytree(ROOT / "game", tmp_path / "game", ignore=shutil.ignore_patterns("__pycache__"))
    for library in ROOT.glob(f"{native.GROUP}__mypyc*"):
        shutil.copy(library, tmp_path)  # fresh dates on every file, as an install from a wheel gives
    probe = "import game.native as n, game.engine.core as c, game.bots.base as b; print(n.compiled, c.__file__, b.__file__)"

    def imported() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(tmp_path)}, timeout=60)

    fresh = imported()
    assert fresh.stdout.split()[0] == "True", fresh.stderr
    edited = tmp_path / "game" / "engine" / "core.py"
    edited.write_text(edited.read_text() + "# an edit\n")
    stale = imported()
    is_compiled, core, bots = stale.stdout.split()
    assert is_compiled == "False"
    assert core.endswith("core.py") and bots.endswith("base.py")  # the untouched modules too
    assert "game/engine/core.py changed after it was compiled" in stale.stderr


def _fake_build(root: Path, modules: list[str], library: bool = True) -> Path:
    """Stand-ins for a compiled core under ``root``: each module's source (a path such as
    "game/engine/core"), an empty build beside it, and the record of the sources. Returns the package."""
    for module in modules:
        source = root / f"{module}.py"
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(f"# {module}\n")
        (root / f"{module}{SUFFIX}").write_bytes(b"")
    if library:
        (root / f"{native.GROUP}__mypyc{SUFFIX}").write_bytes(b"")
    native.write_record(native.source_digests(root), root / "game")
    return root / "game"


def test_compiled_modules_are_found_by_module_name(tmp_path: Path) -> None:
    package = _fake_build(tmp_path, ["game/session", "game/engine/__init__", "game/engine/core"])
    (package / "ui").mkdir()
    (package / "ui" / f"app{SUFFIX}").write_bytes(b"")  # not a folder of the core: not looked at
    found = native.extension_modules(package)
    assert sorted(found) == ["game.engine", "game.engine.core", "game.session"]
    assert found["game.engine"] == package / "engine" / "__init__.py"


def test_a_build_is_used_only_when_complete_and_built_from_the_sources_here(tmp_path: Path) -> None:
    package = tmp_path / "game"
    assert native.stale(package) == "not built"
    _fake_build(tmp_path, ["game/session", "game/engine/core", "game/bots/base"])
    assert native.stale(package) is None
    source = package / "bots" / "base.py"
    os.utime(source, (source.stat().st_mtime + 60,) * 2)
    assert native.stale(package) is None  # a date alone changes nothing (a checkout, an install)
    source.write_text("# base, edited\n")
    assert native.stale(package) == "game/bots/base.py changed after it was compiled"
    source.unlink()
    assert native.stale(package) == "game/bots/base.py is gone but its build is not"
    _fake_build(tmp_path, ["game/session", "game/engine/core", "game/bots/base"])
    (package / "bots" / "new.py").write_text("")
    assert native.stale(package) == "game/bots/new.py is new since the build"
    (package / native.RECORD).write_text("{not json")
    assert native.stale(package) == f"its record of sources, game/{native.RECORD}, is missing or damaged"
    shutil.rmtree(tmp_path)
    _fake_build(tmp_path, ["game/session"], library=False)
    assert native.stale(package) == "its shared library is missing"


def test_version_says_which_core_runs() -> None:
    pure = subprocess.run([sys.executable, "-m", "game", "--version"], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "WARGAME_PURE": "1"}, timeout=60)
    assert pure.returncode == 0 and pure.stdout.strip().endswith("Python-source core (WARGAME_PURE is set)")
    here = subprocess.run([sys.executable, "-m", "game", "--version"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert here.stdout.strip().endswith("compiled core (mypyc)" if native.compiled else f"({native.why_not})")
