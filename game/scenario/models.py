"""Pydantic models of a scenario file.

These models describe *what a scenario may say*; they check each field on its own
(types, identifiers, the syntax of conditions). Checks that need the whole scenario -
an effect naming an unknown metric, a condition naming an unknown option - live in
:mod:`game.scenario.crossref`, so that every problem in a file is reported at once.

Conventions an author meets everywhere:

* Identifiers are lower-case ``snake_case`` (``data_sharing``, ``kurecik_radar``).
* A **track reference** names one track: ``confidence`` (a global metric),
  ``support.poland`` (a metric kept per role; inside a role's own option ``support``
  alone means that role's track) or ``trust.nato.russia`` (a metric kept per pair).
* A **condition** is a small expression, e.g.
  ``russia.data_sharing >= data_fusion_centre and confidence < 4``; see
  :mod:`game.engine.conditions` for the grammar.
* Options of a decision are listed from the least to the most forthcoming, so that
  ``>=`` in conditions and commitments means "at least this far".
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from game.scenario.conditions import ConditionSyntaxError, parse_condition

IDENT_PATTERN = r"^[a-z][a-z0-9_]*$"

Ident = Annotated[str, StringConstraints(pattern=IDENT_PATTERN, max_length=48)]
"""A lower-case identifier such as ``data_fusion_centre``."""

TrackRef = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){0,2}$", max_length=120),
]
"""``metric``, ``metric.role`` or ``metric.role_a.role_b``."""

ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]


def _check_condition(text: str) -> str:
    try:
        parse_condition(text)
    except ConditionSyntaxError as exc:
        raise ValueError(str(exc)) from None
    return text


Condition = Annotated[str, StringConstraints(min_length=1, max_length=500), AfterValidator(_check_condition)]
"""A condition in the scenario condition language (checked for syntax here, for names later)."""


class Strict(BaseModel):
    """Base for every scenario model: unknown fields are errors, no silent coercion."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


SourceId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=48)]


class Citation(Strict):
    """A short verbatim quote from one of the source texts."""

    text: SourceId = Field(description="Id of a source text in scenarios/sources.yaml, e.g. vershbow-2012.")
    quote: Annotated[str, StringConstraints(min_length=3, max_length=240)] = Field(
        description="A short verbatim quote (under about 25 words) from that text."
    )


Sources = Annotated[list[Citation], Field(min_length=1)]


class Effect(Strict):
    """Move one track by a whole number, optionally only when a condition holds."""

    track: TrackRef = Field(description="The track to move: metric, metric.role or metric.role_a.role_b.")
    delta: int = Field(ge=-20, le=20, description="How far to move it (clamped to the track's bounds).")
    when: Condition | None = Field(default=None, description="Apply only when this condition holds.")
    once: bool = Field(
        default=False,
        description="For an option's effect: apply only the first time in the game the role adopts the option.",
    )
    limit: int | None = Field(
        default=None,
        description="Move the track no further than this value (a ceiling for a rise, a floor for a fall).",
    )
    note: ShortText | None = Field(default=None, description="Why this effect happens, shown in the log.")
    sources: list[Citation] = Field(
        default_factory=list, description="Citations for this effect (options and cards carry their own)."
    )


class Metric(Strict):
    """A track with bounds. Scope says whether there is one track, one per role or one per pair."""

    id: Ident
    name: ShortText
    description: Text
    scope: Literal["global", "role", "pair"] = "global"
    roles: list[Ident] | None = Field(default=None, description="For scope role: which roles keep this track.")
    pairs: list[Annotated[list[Ident], Field(min_length=2, max_length=2)]] | None = Field(
        default=None, description="For scope pair: which pairs of roles keep this track."
    )
    min: int = 0
    max: int = 10
    start: int = Field(description="Starting value of every track of this metric.")
    start_overrides: dict[str, int] = Field(
        default_factory=dict,
        description="Starting values for single tracks, keyed by role (poland) or pair (nato.russia).",
    )
    higher_is_better: bool = True
    sources: Sources


class Option(Strict):
    """One choice within a decision."""

    id: Ident
    name: ShortText
    description: Text
    effects: list[Effect] = Field(default_factory=list)
    requires: Condition | None = Field(default=None, description="The option can be chosen only when this holds.")
    final: bool = Field(default=False, description="Once revealed, the decision stays at this option for good.")
    sources: Sources


class Decision(Strict):
    """A question a role answers every turn (its position persists until changed)."""

    id: Ident
    area: Literal["transparency", "data_sharing", "basing", "lever"]
    name: ShortText
    description: Text
    asset: ShortText | None = Field(default=None, description="For basing: the asset concerned.")
    options: Annotated[list[Option], Field(min_length=2, max_length=12)]
    initial: Ident | None = Field(default=None, description="Starting option (default: the first).")
    available: Condition | None = Field(default=None, description="The decision is open only when this holds.")


class Objective(Strict):
    """A private goal, checked at the end of the game."""

    id: Ident
    text: ShortText
    when: Condition
    points: int = Field(ge=-100, le=100)


class RedLine(Strict):
    """A position the role must not accept; each turn it is crossed costs the penalty."""

    id: Ident
    text: ShortText
    when: Condition = Field(description="Holds when the red line is crossed.")
    penalty: int = Field(ge=0, le=100)


class Brief(Strict):
    """What only the role itself (and a facilitator) may read."""

    summary: Text
    objectives: list[Objective] = Field(default_factory=list)
    red_lines: list[RedLine] = Field(default_factory=list)
    sources: Sources


class Role(Strict):
    """A party at the table."""

    id: Ident
    name: ShortText
    kind: Literal["alliance", "state", "host"]
    public: Text = Field(description="What everyone knows about the role.")
    brief: Brief
    score: dict[TrackRef, float] = Field(
        description="Weights of the tracks this role is scored on (metric alone means the role's own track)."
    )
    decisions: list[Decision] = Field(default_factory=list)


class EventCard(Strict):
    """A card of the event deck."""

    id: Ident
    title: ShortText
    text: Text
    turns: list[int] | None = Field(default=None, description="Turns in which the card can be drawn (default: any).")
    when: Condition | None = Field(default=None, description="The card can be drawn only when this holds.")
    weight: int = Field(default=1, ge=1, le=20, description="Copies of the card in the deck.")
    effects: list[Effect] = Field(default_factory=list)
    sources: Sources


class Turn(Strict):
    """One turn of the scenario calendar."""

    label: ShortText
    date: ShortText
    negotiation: bool = Field(default=True, description="Whether this turn has a negotiation phase.")
    history: Text | None = Field(default=None, description="What actually happened in this period.")


class NegotiationRules(Strict):
    """Limits that keep negotiation finite, and what keeping or breaking an agreement does."""

    max_proposals: int = Field(default=2, ge=0, le=10, description="Proposals (and counters) per role per turn.")
    max_commitments: int = Field(default=4, ge=1, le=12, description="Commitments in one proposal.")
    max_note_chars: int = Field(default=280, ge=0, le=2000)
    max_agreement_turns: int = Field(default=1, ge=1, le=12, description="Longest an agreement may bind.")
    trust_metric: Ident = Field(description="The pair metric that keeping and breaking agreements moves.")
    kept_delta: int = Field(default=1, ge=0, le=10, description="Pair trust gained per pair, per agreement kept.")
    broken_delta: int = Field(default=-2, ge=-10, le=0, description="Pair trust lost by a breaker with each party.")
    kept_effects: list[Effect] = Field(
        default_factory=list,
        description="Applied once per agreement kept; in their conditions agreed(a, b) means this agreement's parties.",
    )
    broken_effects: list[Effect] = Field(
        default_factory=list,
        description="Applied once per agreement broken; in their conditions broke(r) means r broke this agreement.",
    )


class Outcome(Strict):
    """A collective outcome band; the first whose condition holds at the end applies."""

    id: Ident
    title: ShortText
    description: Text
    when: Condition | None = Field(default=None, description="Leave out on the last band (the fallback).")


class Scenario(Strict):
    """A complete scenario."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=48)]
    title: ShortText
    period: ShortText
    situation: Text
    teaching_aims: Annotated[list[ShortText], Field(min_length=1)]
    turns: Annotated[list[Turn], Field(min_length=1, max_length=24)]
    metrics: Annotated[list[Metric], Field(min_length=1)]
    roles: Annotated[list[Role], Field(min_length=2, max_length=12)]
    events: list[EventCard] = Field(default_factory=list)
    each_turn: list[Effect] = Field(default_factory=list, description="Effects applied at every resolution.")
    negotiation: NegotiationRules
    outcomes: Annotated[list[Outcome], Field(min_length=1)]
    discussion: list[ShortText] = Field(
        default_factory=list, description="Questions for the debrief (in the facilitator's pack and the report)."
    )
    sources: Sources
