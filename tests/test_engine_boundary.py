"""The engine is pure: no Textual, no file I/O, no clock, no global random."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parent.parent / "game" / "engine"
FORBIDDEN_MODULES = {"random", "time", "datetime", "os", "io", "pathlib", "shutil", "socket", "tempfile",
                     "textual", "rich", "yaml", "subprocess", "threading", "asyncio"}
FORBIDDEN_CALLS = {"open", "eval", "exec", "compile", "input", "print", "__import__"}


def _engine_sources() -> list[Path]:
    """The engine, and the two scenario modules it builds on (models and the condition language)."""
    scenario = ENGINE.parent / "scenario"
    files = sorted(ENGINE.glob("*.py")) + [scenario / "models.py", scenario / "conditions.py"]
    assert files, "no engine sources found"
    return files


def test_engine_sources_import_nothing_impure() -> None:
    for path in _engine_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                assert top not in FORBIDDEN_MODULES, f"{path.name}:{node.lineno} imports {name}"
                assert not name.startswith(("game.cli", "game.ui", "game.scenario.loader", "game.saves")), (
                    f"{path.name}:{node.lineno} imports {name}"
                )


def test_engine_sources_call_no_io_or_eval() -> None:
    for path in _engine_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in FORBIDDEN_CALLS, f"{path.name}:{node.lineno} calls {node.func.id}()"


def test_importing_the_engine_loads_no_ui_or_file_layers() -> None:
    """In a fresh process, importing the engine must not pull in Textual, YAML or the loader."""
    code = "import sys, game.engine; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    loaded = set(out)
    for name in ("textual", "yaml", "game.scenario.loader", "game.cli", "game.ui", "rich"):
        assert name not in loaded, f"importing game.engine loaded {name}"
