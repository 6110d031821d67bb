"""The pure game engine.

No Textual, no file I/O, no clock, no global ``random``: state in, action in, new state
and events out. Chance is an action (:class:`DrawCard`) whose outcome a driver picks with
:func:`draw_card`; the log of actions, with the seed and the scenario hash, replays a game
exactly.

Typical use::

    game = compile_game(scenario)
    state = new_game(game, seed=7)
    step = apply(game, state, DrawCard(draw_card(game, state)))

Headless drivers that read only the states pass ``quiet=True`` to :func:`apply`: the same new
state, with no events built.
"""

from game.engine.actions import (
    CHANCE,
    FACILITATOR,
    FACILITATOR_ACTIONS,
    Adjust,
    ByFacilitator,
    CloseNegotiation,
    Countdown,
    Inject,
    Note,
    Pause,
    Resume,
    Reveal,
    TrackDelta,
    Action,
    ActionFormatError,
    Commit,
    Commitment,
    Counter,
    DrawCard,
    EndNegotiation,
    Propose,
    Respond,
    action_from_dict,
    action_to_dict,
)
from game.engine.chance import SeededRandom, chance_outcomes, draw_card
from game.engine.core import Step, apply, new_game
from game.engine.events import Cause, Change, Event
from game.engine.legality import IllegalAction, actors, awaiting_answer, can_propose, check, open_decisions
from game.engine.observation import Observation, observe
from game.engine.resolution import preview_tracks
from game.engine.rules import Game, Problem, ScenarioProblems, compile_game, scenario_hash
from game.engine.replay import replay_steps, turn_hashes
from game.engine.scoring import Score, outcome, score, scores
from game.engine.state import GameState, Phase, TurnHash, state_hash, state_to_dict

__all__ = [
    "FACILITATOR", "FACILITATOR_ACTIONS", "Adjust", "ByFacilitator", "CloseNegotiation", "Countdown", "Inject",
    "Note", "Pause", "Resume", "Reveal", "TrackDelta",
    "CHANCE", "Action", "ActionFormatError", "Cause", "Change", "Commit", "Commitment", "Counter", "DrawCard",
    "EndNegotiation", "Event", "Game", "GameState", "IllegalAction", "Observation", "Phase", "Problem", "Propose",
    "Respond", "ScenarioProblems", "Score", "SeededRandom", "Step", "TurnHash", "action_from_dict", "action_to_dict", "actors",
    "apply", "awaiting_answer", "can_propose", "chance_outcomes", "check", "compile_game", "draw_card",
    "new_game", "observe", "replay_steps", "turn_hashes", "open_decisions", "outcome", "preview_tracks", "scenario_hash", "score", "scores", "state_hash",
    "state_to_dict",
]
