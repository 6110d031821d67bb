"""The scenario condition language: a small, safe expression language (never ``eval``).

Grammar::

    condition  := or
    or         := and ("or" and)*
    and        := not ("and" not)*
    not        := "not" not | atom
    atom       := "(" condition ")" | "true" | "false" | call | comparison | membership
    comparison := operand ("==" | "!=" | "<" | "<=" | ">" | ">=") operand
    membership := name ["not"] "in" "[" name ("," name)* "]"
    call       := "drawn" "(" card ")" | "agreed" "(" role "," role ")" | "broke" "(" role ")"
    operand    := name | integer
    name       := ident ("." ident)*

A dotted name is one of:

* ``turn`` - the current turn number (1-based);
* ``role.decision`` - that role's position; compared with an option id, ``<`` and ``>``
  follow the order in which the options are listed;
* a track reference - ``confidence``, ``support.poland``, ``trust.nato.russia``.

``drawn(card)`` holds once the card has been drawn in this game; ``agreed(a, b)`` while an
agreement binds both roles; ``broke(role)`` on the turn that role broke an agreement.

Parsing (:func:`parse_condition`) checks syntax only. :func:`compile_condition` resolves the
names against a scenario and returns a plain Python closure, so evaluation is fast.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

__all__ = [
    "ConditionSyntaxError",
    "ConditionNameError",
    "EvalContext",
    "NameResolver",
    "Node",
    "parse_condition",
    "compile_condition",
    "names_in",
    "reads",
    "specialise",
]


class ConditionSyntaxError(ValueError):
    """The text is not a well-formed condition."""


class ConditionNameError(ValueError):
    """The condition is well formed but names something the scenario does not have."""


# --- syntax tree ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Name:
    dotted: str


@dataclass(frozen=True, slots=True)
class Number:
    value: int


@dataclass(frozen=True, slots=True)
class Literal_:
    value: bool


@dataclass(frozen=True, slots=True)
class Compare:
    op: str
    left: Name | Number
    right: Name | Number


@dataclass(frozen=True, slots=True)
class Member:
    subject: Name
    choices: tuple[Name, ...]
    negated: bool


@dataclass(frozen=True, slots=True)
class Call:
    func: str
    args: tuple[Name, ...]


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node


@dataclass(frozen=True, slots=True)
class BoolOp:
    op: str  # "and" | "or"
    operands: tuple[Node, ...]


Node = Literal_ | Compare | Member | Call | Not | BoolOp

_FUNCTIONS = {"drawn": 1, "agreed": 2, "broke": 1}
_KEYWORDS = {"and", "or", "not", "in", "true", "false"}
_TOKEN = re.compile(
    r"\s*(?:(?P<num>-?\d+)|(?P<name>[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*)"
    r"|(?P<op>==|!=|<=|>=|<|>)|(?P<punct>[()\[\],]))"
)


def _tokenize(text: str) -> list[tuple[str, str, int]]:
    tokens: list[tuple[str, str, int]] = []
    pos = 0
    stripped_end = len(text.rstrip())
    while pos < stripped_end:
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            bad = text[pos:].lstrip()[:12]
            raise ConditionSyntaxError(f"unexpected {bad!r} at character {len(text) - len(text[pos:].lstrip()) + 1}")
        group = match.lastgroup or ""
        value = match.group(group)
        kind = "kw" if group == "name" and value in _KEYWORDS else group
        tokens.append((kind, value, match.start(group) + 1))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.i = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, kind: str | None = None, value: str | None = None) -> tuple[str, str, int]:
        tok = self.peek()
        if tok is None:
            want = value or kind or "more"
            raise ConditionSyntaxError(f"condition ends too early: expected {want}")
        if (kind and tok[0] != kind) or (value and tok[1] != value):
            want = repr(value) if value else (kind or "")
            raise ConditionSyntaxError(f"expected {want} at character {tok[2]}, found {tok[1]!r}")
        self.i += 1
        return tok

    def accept(self, value: str) -> bool:
        tok = self.peek()
        if tok is not None and tok[1] == value and tok[0] in ("kw", "op", "punct"):
            self.i += 1
            return True
        return False

    def parse(self) -> Node:
        if not self.tokens:
            raise ConditionSyntaxError("condition is empty")
        node = self.parse_or()
        tok = self.peek()
        if tok is not None:
            raise ConditionSyntaxError(f"unexpected {tok[1]!r} at character {tok[2]}")
        return node

    def parse_or(self) -> Node:
        operands = [self.parse_and()]
        while self.accept("or"):
            operands.append(self.parse_and())
        return operands[0] if len(operands) == 1 else BoolOp("or", tuple(operands))

    def parse_and(self) -> Node:
        operands = [self.parse_not()]
        while self.accept("and"):
            operands.append(self.parse_not())
        return operands[0] if len(operands) == 1 else BoolOp("and", tuple(operands))

    def parse_not(self) -> Node:
        if self.accept("not"):
            return Not(self.parse_not())
        return self.parse_atom()

    def parse_atom(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise ConditionSyntaxError("condition ends too early")
        kind, value, col = tok
        if self.accept("("):
            node = self.parse_or()
            self.take("punct", ")")
            return node
        if kind == "kw" and value in ("true", "false"):
            self.i += 1
            return Literal_(value == "true")
        if kind == "name" and value in _FUNCTIONS:
            self.i += 1
            return self.parse_call(value)
        left = self.parse_operand()
        if isinstance(left, Name) and (self.accept("in") or self.peek_not_in()):
            negated = self.tokens[self.i - 1][1] == "not"
            if negated:
                self.take("kw", "in")
            return Member(left, self.parse_list(), negated)
        op_tok = self.peek()
        if op_tok is None or op_tok[0] != "op":
            if isinstance(left, Name):
                found = "the end" if op_tok is None else repr(op_tok[1])
                raise ConditionSyntaxError(
                    f"expected a comparison after {left.dotted!r} at character {col}, found {found}"
                )
            raise ConditionSyntaxError(f"a number alone is not a condition (character {col})")
        self.i += 1
        right = self.parse_operand()
        return Compare(op_tok[1], left, right)

    def peek_not_in(self) -> bool:
        if self.i + 1 < len(self.tokens) and self.tokens[self.i][1] == "not" and self.tokens[self.i + 1][1] == "in":
            self.i += 1
            return True
        return False

    def parse_operand(self) -> Name | Number:
        kind, value, col = self.take()
        if kind == "num":
            return Number(int(value))
        if kind == "name":
            return Name(value)
        raise ConditionSyntaxError(f"expected a name or a number at character {col}, found {value!r}")

    def parse_list(self) -> tuple[Name, ...]:
        self.take("punct", "[")
        names = [Name(self.take("name")[1])]
        while self.accept(","):
            names.append(Name(self.take("name")[1]))
        self.take("punct", "]")
        return tuple(names)

    def parse_call(self, func: str) -> Call:
        self.take("punct", "(")
        args = [Name(self.take("name")[1])]
        while self.accept(","):
            args.append(Name(self.take("name")[1]))
        self.take("punct", ")")
        if len(args) != _FUNCTIONS[func]:
            raise ConditionSyntaxError(f"{func}() takes {_FUNCTIONS[func]} argument(s), got {len(args)}")
        return Call(func, tuple(args))


def parse_condition(text: str) -> Node:
    """Parse a condition, raising :class:`ConditionSyntaxError` with a readable message."""
    return _Parser(text).parse()


def names_in(node: Node) -> list[str]:
    """Every dotted name a condition mentions (for reference checks and tooling)."""
    if isinstance(node, Compare):
        return [side.dotted for side in (node.left, node.right) if isinstance(side, Name)]
    if isinstance(node, Member):
        return [node.subject.dotted] + [c.dotted for c in node.choices]
    if isinstance(node, Call):
        return [a.dotted for a in node.args]
    if isinstance(node, Not):
        return names_in(node.operand)
    if isinstance(node, BoolOp):
        return [n for operand in node.operands for n in names_in(operand)]
    return []


# --- compilation ----------------------------------------------------------------------------


class EvalContext(Protocol):
    """What a compiled condition reads. The engine builds one per resolution."""

    tracks: Mapping[str, int]
    positions: Mapping[str, Mapping[str, str]]
    turn: int
    drawn: frozenset[str]
    agreed: frozenset[frozenset[str]]
    broke: frozenset[str]


class NameResolver(Protocol):
    """What the compiler needs to know of a scenario."""

    def position_options(self, role: str, decision: str) -> Mapping[str, int] | None:
        """Option id -> rank, when ``role.decision`` names a decision, else None."""

    def track_key(self, dotted: str) -> str | None:
        """The canonical track key for a track reference, or None."""

    def is_role(self, name: str) -> bool: ...

    def is_card(self, name: str) -> bool: ...


Predicate = Callable[[EvalContext], bool]
_Value = Callable[[EvalContext], int]

_COMPARE: dict[str, Callable[[int, int], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def compile_condition(text: str, resolver: NameResolver) -> Predicate:
    """Compile a condition into a closure, raising :class:`ConditionNameError` for unknown names.

    The closure also says which parts of the context it reads (see :func:`reads`), so a caller
    that evaluates it many times with only some parts changing can decide the rest once
    (:func:`specialise`).
    """
    return _compile(parse_condition(text), resolver)


# The closures carry what :func:`reads` and :func:`specialise` need as function attributes: a
# wrapper object would make every evaluation slower.
_READS = "condition_reads"
_OP = "condition_op"
_PARTS = "condition_parts"


def _tagged(pred: Predicate, reads: frozenset[str], op: str | None = None, parts: tuple[Predicate, ...] = ()) -> Predicate:
    setattr(pred, _READS, reads)
    if op is not None:
        setattr(pred, _OP, op)
        setattr(pred, _PARTS, parts)
    return pred


def reads(pred: Predicate) -> frozenset[str] | None:
    """The parts of the context (``tracks``, ``positions``, ``turn``, ``drawn``, ``agreed``, ``broke``)
    a compiled condition reads, and the name of each position (``role.decision``) and track key it
    reads; None for a predicate not made by :func:`compile_condition`."""
    return getattr(pred, _READS, None)


def specialise(pred: Predicate, ctx: EvalContext, varying: frozenset[str]) -> Predicate | bool:
    """``pred`` with every part that reads none of ``varying`` (parts of the context, or the names of
    single positions and tracks: see :func:`reads`) decided against ``ctx``: True or False
    when the whole condition is decided, else a predicate that gives, for any context that agrees
    with ``ctx`` outside ``varying``, what ``pred`` gives. A predicate of unknown reads is kept whole."""
    read = reads(pred)
    if read is None:
        return pred
    if not read & varying:
        return bool(pred(ctx))
    op = getattr(pred, _OP, None)
    if op == "not":
        inner = specialise(getattr(pred, _PARTS)[0], ctx, varying)
        return (not inner) if isinstance(inner, bool) else _not(inner)
    if op in ("and", "or"):
        decider = op == "or"  # the value of a part that decides the whole
        left: list[Predicate] = []
        for part in getattr(pred, _PARTS):
            fixed = specialise(part, ctx, varying)
            if isinstance(fixed, bool):
                if fixed is decider:
                    return decider
                continue
            left.append(fixed)
        if not left:
            return not decider
        return left[0] if len(left) == 1 else _bool_op(op, tuple(left))
    return pred


def _compile(node: Node, r: NameResolver) -> Predicate:
    if isinstance(node, Literal_):
        value = node.value
        return _tagged(lambda ctx: value, frozenset())
    if isinstance(node, BoolOp):
        return _bool_op(node.op, tuple(_compile(n, r) for n in node.operands))
    if isinstance(node, Not):
        return _not(_compile(node.operand, r))
    if isinstance(node, Call):
        return _compile_call(node, r)
    if isinstance(node, Member):
        return _compile_member(node, r)
    return _compile_compare(node, r)


def _bool_op(op: str, parts: tuple[Predicate, ...]) -> Predicate:
    read = frozenset().union(*(reads(p) or () for p in parts))
    # Two or three operands (nearly every condition) get a closure without a generator: the
    # same short-circuit evaluation, several times faster for bots that weigh many options.
    if op == "and":
        if len(parts) == 2:
            a, b = parts
            pred: Predicate = lambda ctx: a(ctx) and b(ctx)
        elif len(parts) == 3:
            a, b, c = parts
            pred = lambda ctx: a(ctx) and b(ctx) and c(ctx)
        else:
            pred = lambda ctx: all(p(ctx) for p in parts)
    elif len(parts) == 2:
        a, b = parts
        pred = lambda ctx: a(ctx) or b(ctx)
    elif len(parts) == 3:
        a, b, c = parts
        pred = lambda ctx: a(ctx) or b(ctx) or c(ctx)
    else:
        pred = lambda ctx: any(p(ctx) for p in parts)
    return _tagged(pred, read, op, parts)


def _not(inner: Predicate) -> Predicate:
    read = reads(inner)
    pred: Predicate = lambda ctx: not inner(ctx)
    return pred if read is None else _tagged(pred, read, "not", (inner,))


def _compile_call(node: Call, r: NameResolver) -> Predicate:
    names = [a.dotted for a in node.args]
    if node.func == "drawn":
        if not r.is_card(names[0]):
            raise ConditionNameError(f"drawn(): unknown event card {names[0]!r}")
        card = names[0]
        return _tagged(lambda ctx: card in ctx.drawn, frozenset({"drawn"}))
    for name in names:
        if not r.is_role(name):
            raise ConditionNameError(f"{node.func}(): unknown role {name!r}")
    if node.func == "agreed":
        pair = frozenset(names)
        return _tagged(lambda ctx: any(pair <= parties for parties in ctx.agreed), frozenset({"agreed"}))
    role = names[0]
    return _tagged(lambda ctx: role in ctx.broke, frozenset({"broke"}))


def _position(name: str, r: NameResolver) -> tuple[str, str, Mapping[str, int]] | None:
    parts = name.split(".")
    if len(parts) == 2 and r.is_role(parts[0]):
        ranks = r.position_options(parts[0], parts[1])
        if ranks is None:
            raise ConditionNameError(f"{parts[0]!r} has no decision {parts[1]!r}")
        return parts[0], parts[1], ranks
    return None


def _compile_member(node: Member, r: NameResolver) -> Predicate:
    pos = _position(node.subject.dotted, r)
    if pos is None:
        raise ConditionNameError(f"'in' needs a position such as role.decision, not {node.subject.dotted!r}")
    role, decision, ranks = pos
    choices = frozenset(c.dotted for c in node.choices)
    unknown = sorted(choices - set(ranks))
    if unknown:
        raise ConditionNameError(f"{role}.{decision} has no option {unknown[0]!r} (options: {', '.join(ranks)})")
    return _holds_one_of(role, decision, frozenset(ranks) - choices if node.negated else choices)


def _holds_one_of(role: str, decision: str, options: frozenset[str]) -> Predicate:
    """Whether ``role`` holds one of ``options`` on ``decision``."""
    return _tagged(lambda ctx: ctx.positions[role][decision] in options, frozenset({"positions", f"{role}.{decision}"}))


def _track_vs_number(op: str, key: str, n: int) -> Predicate:
    """A track compared with a constant, one closure per operator: several times faster than calling
    the operator function, and these are the conditions bots evaluate most."""
    if op == "==":
        return lambda ctx: ctx.tracks[key] == n
    if op == "!=":
        return lambda ctx: ctx.tracks[key] != n
    if op == "<":
        return lambda ctx: ctx.tracks[key] < n
    if op == "<=":
        return lambda ctx: ctx.tracks[key] <= n
    if op == ">":
        return lambda ctx: ctx.tracks[key] > n
    if op == ">=":
        return lambda ctx: ctx.tracks[key] >= n
    raise ValueError(f"unknown comparison {op!r}")


def _compile_compare(node: Compare, r: NameResolver) -> Predicate:
    cmp = _COMPARE[node.op]
    left_pos = _position(node.left.dotted, r) if isinstance(node.left, Name) else None
    if left_pos is not None:
        role, decision, ranks = left_pos
        if not isinstance(node.right, Name) or node.right.dotted not in ranks:
            right = node.right.dotted if isinstance(node.right, Name) else str(node.right.value)
            raise ConditionNameError(
                f"{role}.{decision} can only be compared with one of its options ({', '.join(ranks)}), not {right!r}"
            )
        # Options are compared by their place in the list: the comparison holds for a fixed set of them.
        target = ranks[node.right.dotted]
        return _holds_one_of(role, decision, frozenset(o for o, rank in ranks.items() if cmp(rank, target)))
    if isinstance(node.right, Number) and isinstance(node.left, Name):
        number = node.right.value
        if node.left.dotted == "turn":
            return _tagged(lambda ctx: cmp(ctx.turn, number), frozenset({"turn"}))
        key = _track(node.left.dotted, r)
        return _tagged(_track_vs_number(node.op, key, number), frozenset({"tracks", key}))
    left_value, left_reads = _value(node.left, r)
    right_value, right_reads = _value(node.right, r)
    return _tagged(lambda ctx: cmp(left_value(ctx), right_value(ctx)), left_reads | right_reads)


def _value(operand: Name | Number, r: NameResolver) -> tuple[_Value, frozenset[str]]:
    """A closure giving the operand's value, and the parts of the context it reads."""
    if isinstance(operand, Number):
        value = operand.value
        return (lambda ctx: value), frozenset()
    name = operand.dotted
    if name == "turn":
        return (lambda ctx: ctx.turn), frozenset({"turn"})
    key = _track(name, r)
    return (lambda ctx: ctx.tracks[key]), frozenset({"tracks", key})


def _track(name: str, r: NameResolver) -> str:
    """The track key a name in a comparison refers to (a position or an unknown name is an error)."""
    if _position(name, r) is not None:
        raise ConditionNameError(f"{name} is a position: compare it with one of its options")
    key = r.track_key(name)
    if key is None:
        raise ConditionNameError(f"unknown name {name!r}: not turn, a role's decision or a track")
    return key
