"""Every citation quotes its source text verbatim (whitespace and quote-mark style folded)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from game.scenario.loader import load_scenario
from game.scenario.models import Citation

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = ROOT.parent / "shared" / "sources"
FILES = sorted(p for p in (ROOT / "scenarios").glob("*.yaml") if p.name != "sources.yaml")
FILES += sorted((ROOT / "tests" / "fixtures").glob("*.yaml"))
FILES = [p for p in FILES if p.name != "sources.yaml"]

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def fold(text: str) -> str:
    """Fold quote-mark style and runs of whitespace, so only the words themselves must match."""
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip()


def citations(obj: object, path: str = "") -> Iterator[tuple[str, Citation]]:
    """Every citation inside a scenario model, with where it sits."""
    if isinstance(obj, Citation):
        yield path, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from citations(getattr(obj, name), f"{path}.{name}" if path else name)
    elif isinstance(obj, (list, tuple)):
        for i, item in enumerate(obj):
            yield from citations(item, f"{path}.{i}")
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from citations(item, f"{path}.{key}")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_quote_is_verbatim_in_its_source(path: Path) -> None:
    if not SOURCE_DIR.is_dir():
        pytest.skip(f"the source texts are not at {SOURCE_DIR}; quotes cannot be checked here")
    loaded = load_scenario(path)
    files = {entry.id: entry.file for entry in loaded.sources}
    texts = {sid: fold((SOURCE_DIR / name).read_text(encoding="utf-8")) for sid, name in files.items()}
    found = list(citations(loaded.scenario))
    assert found, "a scenario without citations"
    wrong = [f"{where}: {c.text}: {c.quote!r}" for where, c in found if fold(c.quote) not in texts[c.text]]
    assert not wrong, "quotes not found verbatim in their source:\n" + "\n".join(wrong)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_quotes_are_short(path: Path) -> None:
    for where, c in citations(load_scenario(path).scenario):
        assert len(c.quote.split()) <= 30, f"{where}: quote of {len(c.quote.split())} words"
