"""The package passes its type check: every function annotated, and every annotation consistent
with its use (the settings are ``[tool.mypy]`` in pyproject.toml)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_package_passes_its_type_check() -> None:
    from mypy import api

    report, errors, status = api.run([
        "--config-file", str(ROOT / "pyproject.toml"),
        "--cache-dir", str(ROOT / ".mypy_cache"),  # where mypy run by hand keeps it too
        str(ROOT / "game"),
    ])
    assert status == 0, f"mypy found problems:\n{report}{errors}"
