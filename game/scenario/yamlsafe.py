"""Safe, position-keeping YAML reading for scenario files.

Scenario files are written by hand and may come from anyone, so they are read with a
deliberately small subset of YAML, built on PyYAML's pure-Python reader, scanner, parser
and composer (never its constructors):

* **No aliases or anchors** (``&name`` / ``*name``): they are refused with their line, which
  also rules out "billion laughs" expansion.
* **No duplicate keys**: the second occurrence is reported with its own line.
* **YAML 1.2 core-style typing**, not YAML 1.1: only ``true``/``false`` (also ``True``,
  ``TRUE``, ...) are booleans, so ``no``, ``off``, ``yes`` and ``on`` stay text; integers are
  ``[-+]?(0|[1-9][0-9]*)``, so ``012`` stays the text ``"012"``; floats need a point or an
  exponent (``0.5``, ``.5``, ``1e3``, ``.inf``, ``.nan``); ``null``, ``~`` and an empty value
  are null. Dates and times stay text. Mapping keys are always text, as in JSON.
* **Core tags only**: ``!!str``, ``!!int``, ``!!float``, ``!!bool``, ``!!null``, ``!!seq`` and
  ``!!map``; anything else (``!!python/object``, ``!!binary``, ``!custom``) is refused.
* **Limits**: file size (:data:`MAX_BYTES`), nesting depth (:data:`MAX_DEPTH`) and node count
  (:data:`MAX_NODES`).

Every node's 1-based line and column are kept in a :class:`PositionMap`, so a path into the
loaded data - a tuple of keys and list indices, as in a pydantic error - can be mapped back
to the file. A path that does not exist (a missing field) maps to its nearest existing parent.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, cast

import yaml
from yaml.composer import Composer
from yaml.error import MarkedYAMLError, YAMLError
from yaml.events import AliasEvent, Event
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader, ReaderError
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "DataPath",
    "Position",
    "PositionMap",
    "YamlDocument",
    "YamlError",
    "read_text",
    "parse_yaml",
]

MAX_BYTES = 1 << 20
"""Largest file accepted (1 MiB); a full scenario is a few tens of KiB."""
MAX_DEPTH = 48
"""Deepest nesting of lists and mappings accepted."""
MAX_NODES = 100_000
"""Most scalars, lists and mappings accepted in one document."""

DataPath = tuple[str | int, ...]
"""A path into loaded data: mapping keys (text) and list indices."""

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null"))
_SEQ, _MAP = f"{_TAG}seq", f"{_TAG}map"
_CORE_TAGS = frozenset({_STR, _INT, _FLOAT, _BOOL, _NULL, _SEQ, _MAP})

_BOOL_RE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")
_INT_RE = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT_RE = re.compile(
    r"^(?:[-+]?(?:(?:0|[1-9][0-9]*)\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?(?:0|[1-9][0-9]*)[eE][-+]?[0-9]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


class YamlError(ValueError):
    """The text is not acceptable YAML; ``line`` and ``column`` are 1-based."""

    def __init__(self, message: str, line: int = 1, column: int = 1, path: DataPath = ()) -> None:
        super().__init__(f"{line}:{column}: {message}")
        self.message = message
        self.line = line
        self.column = column
        self.path = path
        """Where in the data the problem is, when known (a duplicate key, a bad tagged value)."""

    @classmethod
    def at(cls, message: str, mark: Mark | None, path: DataPath = ()) -> YamlError:
        """An error at a PyYAML mark (0-based), or at the start when there is none."""
        if mark is None:
            return cls(message, path=path)
        return cls(message, mark.line + 1, mark.column + 1, path)


class Mark(Protocol):
    """Where PyYAML found something (its pure-Python and its libyaml marks alike): 0-based."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column in the source text."""

    line: int
    column: int


class PositionMap:
    """Where each node of a loaded document starts, by its path (and where each mapping key is)."""

    def __init__(self, positions: Mapping[DataPath, Position], keys: Mapping[DataPath, Position] | None = None) -> None:
        self._positions = dict(positions)
        self._keys = dict(keys or {})

    def __contains__(self, path: object) -> bool:
        return path in self._positions

    def __len__(self) -> int:
        return len(self._positions)

    def at(self, path: DataPath) -> Position:
        """The position of ``path``, or of its nearest existing parent (the document start at worst)."""
        path = tuple(path)
        while path and path not in self._positions:
            path = path[:-1]
        return self._positions.get(path, Position(1, 1))

    def key_at(self, path: DataPath) -> Position:
        """The position of the key of the mapping entry ``path``; like :meth:`at` when there is none."""
        found = self._keys.get(tuple(path))
        return found if found is not None else self.at(path)

    def nearest(self, path: DataPath) -> DataPath:
        """The longest prefix of ``path`` that exists in the document."""
        path = tuple(path)
        while path and path not in self._positions:
            path = path[:-1]
        return path


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """Plain data (dicts, lists, text, numbers, booleans, None) and where each part came from."""

    data: Any
    positions: PositionMap


# --- resolution: YAML 1.2 core-style implicit typing -----------------------------------------


class CoreResolver(BaseResolver):
    """Resolves plain scalars the YAML 1.2 core way (see the module docstring), not YAML 1.1."""

    yaml_implicit_resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}


CoreResolver.add_implicit_resolver(_BOOL, _BOOL_RE, list("tTfF"))
CoreResolver.add_implicit_resolver(_NULL, _NULL_RE, ["~", "n", "N", ""])
CoreResolver.add_implicit_resolver(_INT, _INT_RE, list("-+0123456789"))
CoreResolver.add_implicit_resolver(_FLOAT, _FLOAT_RE, list("-+0123456789."))


# --- composition: nodes with positions, guarded --------------------------------------------------


class SafeComposer(Reader, Scanner, Parser, Composer, CoreResolver):
    """PyYAML's reader, scanner, parser and composer, refusing aliases, anchors and foreign tags."""

    def __init__(self, stream: str, max_nodes: int = MAX_NODES, max_depth: int = MAX_DEPTH) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        CoreResolver.__init__(self)
        self.max_nodes = max_nodes
        self.max_depth = max_depth
        self.node_count = 0
        self.depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        """Compose one node after checking it against the rules of this subset."""
        event = self.peek_event()  # type: ignore[no-untyped-call]  # (untyped in PyYAML's stubs)
        self._check_event(event)
        self.node_count += 1
        if self.node_count > self.max_nodes:
            raise YamlError.at(f"too many values (more than {self.max_nodes})", event.start_mark)
        self.depth += 1
        if self.depth > self.max_depth:
            raise YamlError.at(f"nested too deeply (more than {self.max_depth} levels)", event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    @staticmethod
    def _check_event(event: Event) -> None:
        if isinstance(event, AliasEvent):
            raise YamlError.at(
                f"aliases (*{event.anchor}) are not allowed: write the value out in full", event.start_mark
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise YamlError.at(f"anchors (&{anchor}) are not allowed: write the value out in full", event.start_mark)
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!" and tag not in _CORE_TAGS:
            raise YamlError.at(
                f"tag {_short_tag(tag)} is not allowed (only text, numbers, true/false, null, lists and mappings)",
                event.start_mark,
            )


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


# --- conversion: nodes to plain data ---------------------------------------------------------------


class _Builder:
    """Turns a node tree into plain data, recording each node's position by path."""

    def __init__(self) -> None:
        self.positions: dict[DataPath, Position] = {}
        self.keys: dict[DataPath, Position] = {}

    def build(self, node: Node, path: DataPath, at: Position | None = None) -> Any:
        self.positions[path] = at or _position(node)
        if isinstance(node, MappingNode):
            return self.mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return scalar_value(cast(ScalarNode, node), path)  # the only other kind of node

    def mapping(self, node: MappingNode, path: DataPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = mapping_key(key_node)
            if key in out:
                raise YamlError.at(
                    f"duplicate key {key!r} (first given on line {first_line[key]})", key_node.start_mark, path + (key,)
                )
            first_line[key] = key_node.start_mark.line + 1
            self.keys[path + (key,)] = _position(key_node)
            # A block value starting on a later line is reported at its key, where the author looks.
            same_line = value_node.start_mark.line == key_node.start_mark.line
            out[key] = self.build(value_node, path + (key,), None if same_line else _position(key_node))
        return out


def _position(node: Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def mapping_key(node: Node) -> str:
    """A mapping key as text; keys must be plain scalars."""
    if not isinstance(node, ScalarNode):
        raise YamlError.at("a mapping key must be a plain value, not a list or mapping", node.start_mark)
    return str(node.value)


def scalar_value(node: ScalarNode, path: DataPath = ()) -> Any:
    """The Python value of a scalar node, by its (resolved or explicit core) tag."""
    tag, text = node.tag, str(node.value)
    if tag == _STR:
        return text
    if tag == _NULL and _NULL_RE.match(text):
        return None
    if tag == _BOOL and _BOOL_RE.match(text):
        return text.lower() == "true"
    if tag == _INT and _INT_RE.match(text):
        return int(text)
    if tag == _FLOAT and (_FLOAT_RE.match(text) or _INT_RE.match(text)):
        return _float(text)
    raise YamlError.at(f"{text!r} is not a valid {_short_tag(tag)} value", node.start_mark, path)


def _float(text: str) -> float:
    lowered = text.lower()
    if lowered.endswith(".inf"):
        return -math.inf if lowered.startswith("-") else math.inf
    if lowered == ".nan":
        return math.nan
    return float(text)


# --- entry points -------------------------------------------------------------------------------------


def read_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """Read a UTF-8 text file of at most ``max_bytes``, raising :class:`YamlError` otherwise.

    ``OSError`` (no such file, no permission) is left to the caller.
    """
    with open(path, "rb") as handle:
        raw = handle.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise YamlError(f"file is too large (over {max_bytes // 1024} KiB)")
    return decode_text(raw)


def decode_text(raw: bytes) -> str:
    """Decode UTF-8 (with or without a byte order mark), reporting where the first bad byte is."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8-sig", errors="replace")
        line, column = _line_column(good, len(good))
        raise YamlError("not a UTF-8 text file (is it a YAML scenario at all?)", line, column) from None


def _line_column(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    line = before.count("\n") + 1
    return line, index - (before.rfind("\n") + 1) + 1


def parse_yaml(
    text: str,
    *,
    max_bytes: int = MAX_BYTES,
    max_nodes: int = MAX_NODES,
    max_depth: int = MAX_DEPTH,
) -> YamlDocument:
    """Parse one YAML document with the rules of this module, raising :class:`YamlError`.

    An empty document gives ``None`` as data.
    """
    if len(text.encode("utf-8", errors="surrogatepass")) > max_bytes:
        raise YamlError(f"file is too large (over {max_bytes // 1024} KiB)")

    def composer(stream: str) -> SafeComposer:
        return SafeComposer(stream, max_nodes, max_depth)

    try:
        # PyYAML calls Loader(stream): a factory will do, though its stubs ask for a loader class.
        node = yaml.compose(text, Loader=composer)  # type: ignore[arg-type]
    except ReaderError as exc:
        line, column = _line_column(text, exc.position)
        raise YamlError(f"character #x{exc.character:04x} is not allowed in a YAML file", line, column) from None
    except MarkedYAMLError as exc:
        raise _from_marked(exc) from None
    except YAMLError as exc:  # pragma: no cover - PyYAML raises marked errors for text input
        raise YamlError(str(exc)) from None
    builder = _Builder()
    data = None if node is None else builder.build(node, ())
    if node is None:
        builder.positions[()] = Position(1, 1)
    return YamlDocument(data, PositionMap(builder.positions, builder.keys))


def _from_marked(exc: MarkedYAMLError) -> YamlError:
    """A readable :class:`YamlError` from PyYAML's own syntax error."""
    mark = exc.problem_mark or exc.context_mark
    problem, context = exc.problem or "", exc.context or ""
    if problem.startswith("but "):
        message = f"{context} {problem}"
    elif problem and context:
        where = ""
        if exc.context_mark is not None and mark is not None and exc.context_mark.line != mark.line:
            where = f" started on line {exc.context_mark.line + 1}"
        message = f"{problem} ({context}{where})"
    else:
        message = problem or context or "not valid YAML"
    hint = next((h for phrase, h in _HINTS if phrase in message), "")
    return YamlError.at(f"YAML syntax: {message}{hint}", mark)


_HINTS = (
    ("expected <block end>", "; check the indentation of this line"),
    ("expected '<document start>'", "; is this a YAML file?"),
    ("mapping values are not allowed here", "; is there a ':' inside a value? put the value in quotes"),
    ("'\\t' that cannot start any token", "; YAML does not allow tabs for indentation"),
)
