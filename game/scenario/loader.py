"""Read a scenario file: safe YAML, validation, cross-reference checks, readable problems.

:func:`load_scenario` reads a file with the safe YAML subset of :mod:`game.scenario.yamlsafe`,
validates it with the pydantic models of :mod:`game.scenario.models`, and compiles it with
:func:`game.engine.rules.compile_game`, checking every citation against the source catalogue
(``sources.yaml`` next to the scenario, or else the project's ``scenarios/sources.yaml``).

Whatever goes wrong is raised as one :class:`ScenarioFileError` carrying *every* problem found
at that stage, each pointing at a line and column of the file::

    scenarios/lisbon-2010.yaml:12:17: roles.0.decisions.0.options.1.effects.0.track: unknown track 'confidense' ...
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from game.engine.rules import Game, ScenarioProblems, compile_game
from game.scenario.catalog import SOURCES_FILE, project_sources_path
from game.scenario.models import IDENT_PATTERN, Scenario, ShortText, SourceId, Strict
from game.scenario.yamlsafe import DataPath, PositionMap, YamlDocument, YamlError, parse_yaml, read_text

__all__ = [
    "FileProblem",
    "ScenarioFileError",
    "SourceEntry",
    "LoadedScenario",
    "load_scenario",
    "load_scenario_text",
    "load_sources",
    "sources_path_for",
]


# --- problems -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileProblem:
    """One problem in a file: ``file:line:column: field.path: message`` (line 0: the whole file)."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line > 0 else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ScenarioFileError(ValueError):
    """A scenario (or source catalogue) file that cannot be used; carries every problem found."""

    def __init__(self, problems: Sequence[FileProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        """The problems, one formatted line each."""
        return [str(p) for p in self.problems]


def _sorted(problems: Iterable[FileProblem]) -> list[FileProblem]:
    return sorted(problems, key=lambda p: (p.file, p.line, p.column))


def _yaml_problem(file: str, exc: YamlError) -> FileProblem:
    return FileProblem(file, exc.line, exc.column, _field_path(exc.path), exc.message)


def _field_path(loc: Iterable[str | int]) -> str:
    return ".".join(str(part) for part in loc)


# --- the source catalogue ---------------------------------------------------------------------------


class SourceEntry(Strict):
    """One source text that scenarios may cite by its id."""

    id: SourceId
    title: ShortText
    author: ShortText
    date: ShortText
    file: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=120)]


_SOURCE_LIST: TypeAdapter[list[SourceEntry]] = TypeAdapter(Annotated[list[SourceEntry], Field(min_length=1)])


def sources_path_for(scenario_path: Path) -> Path:
    """The catalogue a scenario file cites: ``sources.yaml`` next to it, else the project's own."""
    beside = Path(scenario_path).parent / SOURCES_FILE
    return beside if beside.is_file() else project_sources_path()


def load_sources(path: Path) -> tuple[SourceEntry, ...]:
    """Read and validate a source catalogue (a YAML list of id, title, author, date, file).

    Raises :class:`ScenarioFileError` with every problem, in the same format as for scenarios.
    """
    name = str(path)
    doc = _read_document(Path(path), name)
    try:
        entries = _SOURCE_LIST.validate_python(doc.data, strict=True)
    except ValidationError as exc:
        raise ScenarioFileError(_sorted(_validation_problems(exc, doc, name, _SOURCE_LIST_MODEL))) from None
    problems = _duplicate_ids([e.id for e in entries], doc.positions, name)
    if problems:
        raise ScenarioFileError(problems)
    return tuple(entries)


def _duplicate_ids(ids: list[str], positions: PositionMap, name: str) -> list[FileProblem]:
    seen: set[str] = set()
    problems = []
    for i, ident in enumerate(ids):
        if ident in seen:
            pos = positions.at((i, "id"))
            problems.append(FileProblem(name, pos.line, pos.column, f"{i}.id", f"duplicate source id {ident!r}"))
        seen.add(ident)
    return problems


# --- loading ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedScenario:
    """A scenario file that passed every check."""

    scenario: Scenario
    game: Game
    path: Path
    text: str
    sources: tuple[SourceEntry, ...] = ()


def load_scenario(path: str | Path, *, sources: Path | None = None) -> LoadedScenario:
    """Read, validate and compile the scenario file at ``path``.

    ``sources`` is the source catalogue to check citations against; by default
    :func:`sources_path_for` the file. Raises :class:`ScenarioFileError` listing every problem.
    """
    path = Path(path)
    name = str(path)
    text = _read_file(path, name)
    return _load(text, name, path, Path(sources) if sources is not None else sources_path_for(path))


def load_scenario_text(
    text: str, name: str = "<scenario>", *, sources: Path | Sequence[SourceEntry] | None = None
) -> LoadedScenario:
    """Like :func:`load_scenario`, for text in memory; ``name`` is used in problem lines.

    ``sources`` is a source catalogue file, or the catalogue's entries themselves (as a saved
    game carries them); it defaults to the project's ``scenarios/sources.yaml``.
    """
    if sources is None or isinstance(sources, (str, PathLike)):
        return _load(text, name, Path(name), Path(sources) if sources is not None else project_sources_path())
    return _load(text, name, Path(name), tuple(sources))


def _read_file(path: Path, name: str) -> str:
    try:
        return read_text(path)
    except YamlError as exc:
        raise ScenarioFileError([_yaml_problem(name, exc)]) from None
    except OSError as exc:
        raise ScenarioFileError([FileProblem(name, 0, 0, "", f"cannot read the file: {exc.strerror or exc}")]) from None


def _read_document(path: Path, name: str) -> YamlDocument:
    text = _read_file(path, name)
    try:
        return parse_yaml(text)
    except YamlError as exc:
        raise ScenarioFileError([_yaml_problem(name, exc)]) from None


def _load(text: str, name: str, path: Path, sources: Path | tuple[SourceEntry, ...]) -> LoadedScenario:
    problems: list[FileProblem] = []
    entries: tuple[SourceEntry, ...] = ()
    try:
        entries = sources if isinstance(sources, tuple) else load_sources(sources)
    except ScenarioFileError as exc:
        problems.extend(exc.problems)
    source_ids = {e.id for e in entries} if not problems else None
    try:
        doc = parse_yaml(text)
    except YamlError as exc:
        raise ScenarioFileError(problems + [_yaml_problem(name, exc)]) from None
    scenario = _validate_scenario(doc, name, problems)
    game = _compile(scenario, source_ids, doc, name, problems) if scenario is not None else None
    if scenario is None or game is None or problems:
        raise ScenarioFileError(problems)
    return LoadedScenario(scenario, game, path, text, entries)


def _compile(
    scenario: Scenario, source_ids: set[str] | None, doc: YamlDocument, name: str, problems: list[FileProblem]
) -> Game | None:
    try:
        return compile_game(scenario, source_ids)
    except ScenarioProblems as exc:
        problems.extend(_sorted(_located(p.loc, p.message, doc.positions, name) for p in exc.problems))
        return None


def _validate_scenario(doc: YamlDocument, name: str, problems: list[FileProblem]) -> Scenario | None:
    if doc.data is None:
        problems.append(FileProblem(name, 1, 1, "", "the file is empty: expected a scenario mapping"))
        return None
    try:
        return Scenario.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(_sorted(_validation_problems(exc, doc, name, Scenario)))
        return None


def _located(loc: DataPath, message: str, positions: PositionMap, name: str) -> FileProblem:
    pos = positions.at(loc)
    return FileProblem(name, pos.line, pos.column, _field_path(loc), message)


# --- pydantic errors in words an author understands ---------------------------------------------------


_SOURCE_LIST_MODEL: Any = list[SourceEntry]
"""The root type of a catalogue, for looking up field names."""


def _validation_problems(exc: ValidationError, doc: YamlDocument, name: str, root: Any) -> list[FileProblem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        on_key = error["type"] == "extra_forbidden" or (bool(loc) and loc[-1] == "[key]")
        if loc and loc[-1] == "[key]":
            loc = loc[:-1]
            message = f"bad key: {describe_error(error, root)}"
        else:
            message = describe_error(error, root)
        pos = doc.positions.key_at(loc) if on_key else doc.positions.at(loc)
        problems.append(FileProblem(name, pos.line, pos.column, _field_path(loc), message))
    return problems


def show_value(value: Any) -> str:
    """A short description of a loaded YAML value, for messages."""
    if isinstance(value, bool):
        return f"{'true' if value else 'false'}"
    if isinstance(value, int):
        return f"the whole number {value}"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"text {_short(value)}"
    if value is None:
        return "nothing (null)"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _short(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


_EXPECTED = {
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
}

_PATTERNS = {
    IDENT_PATTERN: "an identifier of lower-case letters, digits and _, starting with a letter (data_sharing)",
    r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){0,2}$": (
        "a track reference such as confidence, support.poland or trust.nato.russia"
    ),
    r"^[a-z0-9][a-z0-9-]*$": "an id of lower-case letters, digits and - (lisbon-2010)",
}

_LIMITS = {
    "greater_than_equal": ("ge", "at least"),
    "greater_than": ("gt", "greater than"),
    "less_than_equal": ("le", "at most"),
    "less_than": ("lt", "less than"),
}


def describe_error(error: ErrorDetails, root: Any = Scenario) -> str:
    """One pydantic error in plain words, with the offending value where it helps."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "missing":
        return "field required"
    if kind == "extra_forbidden":
        return _unknown_field(tuple(error["loc"]), root)
    if kind in _EXPECTED:
        return _type_message(_EXPECTED[kind], value)
    if kind == "literal_error":
        return f"expected one of {ctx.get('expected')}, got {show_value(value)}"
    if kind in _LIMITS:
        key, words = _LIMITS[kind]
        return f"must be {words} {ctx.get(key)}, got {show_value(value)}"
    return _text_or_list_message(kind, ctx, value, error["msg"])


def _type_message(expected: str, value: Any) -> str:
    message = f"expected {expected}, got {show_value(value)}"
    if expected == "text" and isinstance(value, (bool, int, float)):
        message += " (put it in quotes to make it text)"
    if expected == "true or false" and isinstance(value, str):
        message += " (only true and false are booleans)"
    return message


def _text_or_list_message(kind: str, ctx: Mapping[str, Any], value: Any, default: str) -> str:
    if kind == "string_pattern_mismatch":
        wanted = _PATTERNS.get(str(ctx.get("pattern")), f"text matching {ctx.get('pattern')}")
        return f"expected {wanted}, got {show_value(value)}"
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return "must not be empty"
        return f"too short: at least {ctx.get('min_length')} characters, got {show_value(value)}"
    if kind == "string_too_long":
        return f"too long: {len(value) if isinstance(value, str) else '?'} characters, at most {ctx.get('max_length')}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s), got {ctx.get('actual_length')}"
    if kind == "too_long":
        return f"allows at most {ctx.get('max_length')} item(s), got {ctx.get('actual_length')}"
    if kind == "value_error":
        reason = default.removeprefix("Value error, ")
        shown = f" {_short(value, 100)}" if isinstance(value, str) else ""
        return f"invalid condition{shown}: {reason}"
    return default


def _unknown_field(loc: DataPath, root: Any) -> str:
    field = str(loc[-1]) if loc else "?"
    allowed = _fields_at(root, loc[:-1])
    if not allowed:
        return f"unknown field {field!r}"
    close = difflib.get_close_matches(field, allowed, n=1)
    if close:
        return f"unknown field {field!r} (did you mean {close[0]!r}?)"
    return f"unknown field {field!r} (fields: {', '.join(allowed)})"


def _fields_at(root: Any, loc: DataPath) -> list[str]:
    """The field names of the model found at ``loc`` below ``root``, or [] if it is not a model."""
    tp: Any = root
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(str(part))
            if field is None:
                return []
            tp = field.annotation
        elif typing.get_origin(tp) in (list, dict):
            tp = typing.get_args(tp)[-1]
        else:
            return []
    tp = _unwrap(tp)
    return list(tp.model_fields) if isinstance(tp, type) and issubclass(tp, BaseModel) else []


def _unwrap(tp: Any) -> Any:
    """Strip ``Annotated[...]`` and ``X | None`` down to the type underneath."""
    while True:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            tp = next(a for a in typing.get_args(tp) if a is not type(None))
        else:
            return tp
