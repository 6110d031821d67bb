"""Saves: round trips at every phase, resuming, the saves folder, autosave, Save as, conflicts, listing."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import EndNegotiation, Phase, state_hash
from game.saves import (
    ENV_VAR,
    Autosave,
    SaveConflict,
    SaveError,
    SaveFile,
    View,
    latest_autosave,
    list_saves,
    load_save,
    save_path,
    saves_dir,
)
from game.saves.folder import DEFAULT_SAVES_DIR
from game.saves.store import lock_path
from game.scenario.loader import LoadedScenario, load_scenario
from game.session import Seat, Session
from test_properties import legal_action

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROUND_TRIPS = settings(max_examples=30, deadline=None,
                       suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(autouse=True)
def _private_saves_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test writes into the project's saves/ folder, even by default."""
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "default-saves"))


@pytest.fixture(scope="module")
def loaded() -> LoadedScenario:
    return load_scenario(FIXTURES / "engine.yaml")


class Clock:
    """A clock for saves that moves one minute each time it is read."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def bots(game_roles: tuple[str, ...], kinds: Iterator[str] | None = None) -> dict[str, Seat]:
    kinds = kinds or iter(["random", "greedy"] * len(game_roles))
    return {role: Seat(role, next(kinds)) for role in game_roles}


def same_game(a: Session, b: Session) -> None:
    """Two sessions stand at exactly the same point of exactly the same game."""
    assert a.actions == b.actions
    assert a.state == b.state and state_hash(a.state) == state_hash(b.state)
    assert a.hashes == b.hashes
    assert a.seats == b.seats and a.seed == b.seed
    assert a.to_act() == b.to_act() and a.human_to_act() == b.human_to_act()


# --- round trips ---------------------------------------------------------------------------------------


def test_a_save_at_every_step_of_a_game_loads_to_the_same_point(loaded: LoadedScenario, tmp_path: Path) -> None:
    """Save after every action of a whole game (every phase of every turn, and the end) and load it back."""
    seats = {"nato": Seat("nato"), "russia": Seat("russia", "random"), "host": Seat("host", "greedy")}
    full = Session.start(loaded.game, 12, {**seats, "nato": Seat("nato", "random")})
    full.run_automatic()
    session = Session.start(loaded.game, 12, seats)
    file = SaveFile.new(loaded, tmp_path)
    phases = set()
    for position in range(len(full.actions) + 1):
        if position:
            session.submit(full.actions[position - 1])
        file.save(session, view=View(role="nato", screen=session.state.phase.value))
        saved = load_save(file.path)
        same_game(saved.session, session)
        assert saved.view == View(role="nato", screen=session.state.phase.value)
        assert saved.data.progress.phase == session.state.phase.value
        phases.add(session.state.phase)
    assert phases == set(Phase)


@ROUND_TRIPS
@given(seed=st.integers(0, 2**63 - 1), moves=st.integers(0, 60), data=st.data())
def test_save_and_load_round_trip_after_any_legal_moves(loaded: LoadedScenario, seed: int, moves: int, data) -> None:
    """Hypothesis plays any legal moves of any role (proposals, counters, commits...), saves and loads."""
    game = loaded.game
    seats = {role: Seat(role) if data.draw(st.booleans()) else Seat(role, "random") for role in game.roles}
    session = Session.start(game, seed, seats)
    for _ in range(moves):
        if session.state.over:
            break
        session.submit(legal_action(game, session.state, data.draw))
    with tempfile.TemporaryDirectory() as folder:
        file = SaveFile.new(loaded, folder)
        viewer = data.draw(st.sampled_from([None, *game.roles]))
        file.save(session, view=View(role=viewer))
        saved = load_save(file.path)
    same_game(saved.session, session)
    assert saved.view.role == viewer


@ROUND_TRIPS
@given(seed=st.integers(0, 2**31), stop=st.integers(0, 40))
def test_a_resumed_game_ends_exactly_as_an_uninterrupted_one(loaded: LoadedScenario, seed: int, stop: int) -> None:
    """Bots play on after the save exactly as they would have without it (random bots: their moves are
    always legal, so only resuming is tested here)."""
    game = loaded.game
    seats = {role: Seat(role, "random") for role in game.roles}
    whole = Session.start(game, seed, seats)
    whole.run_automatic()
    interrupted = Session.start(game, seed, seats)
    for _ in range(stop):
        if interrupted.step_automatic() is None:
            break
    with tempfile.TemporaryDirectory() as folder:
        file = SaveFile.new(loaded, folder)
        file.save(interrupted)
        resumed = load_save(file.path).session
    resumed.run_automatic()
    assert resumed.state.over
    same_game(resumed, whole)


def test_the_fixture_save_resumes_at_the_same_seat_and_screen() -> None:
    saved = load_save(FIXTURES / "saves" / "v1-engine-negotiation.json")
    session = saved.session
    assert session.state.turn == 2 and session.state.phase is Phase.NEGOTIATION
    assert session.human_to_act() == "nato" == saved.view.role
    assert saved.view.screen == "negotiation"
    assert saved.data.name == "engine negotiation"


def test_a_loaded_game_goes_on_saving_to_its_file(loaded: LoadedScenario, tmp_path: Path) -> None:
    session = Session.start(loaded.game, 3, bots(loaded.game.roles))
    for _ in range(5):
        session.step_automatic()
    file = SaveFile.new(loaded, tmp_path)
    file.save(session)
    saved = load_save(file.path)
    saved.session.run_automatic()
    assert saved.file.save(saved.session) == file.path
    again = load_save(file.path)
    assert again.session.state.over and again.data.game_id == file.game_id
    assert again.data.created == saved.data.created


# --- the file on disk ----------------------------------------------------------------------------------


def test_a_save_is_readable_json_with_the_header_first_and_one_action_per_line(loaded: LoadedScenario,
                                                                               tmp_path: Path) -> None:
    session = Session.start(loaded.game, 5, bots(loaded.game.roles))
    session.run_automatic()
    file = SaveFile.new(loaded, tmp_path, clock=Clock())
    text = file.save(session).read_text(encoding="utf-8")
    data = json.loads(text)
    assert list(data)[:3] == ["format", "version", "game_id"] and list(data)[-1] == "scenario"
    assert data["format"] == "wargame-save" and data["seed"] == 5
    assert data["scenario"]["text"] == loaded.text
    assert data["created"] == "2026-11-21T09:01:00Z" and data["updated"] == "2026-11-21T09:02:00Z"
    assert [t["hash"] for t in data["turns"]] == session.hashes
    action_lines = [line for line in text.splitlines() if line.startswith('  {"kind": ')]
    assert len(action_lines) == len(session.actions)


def test_times_are_metadata_and_never_change_the_game(loaded: LoadedScenario, tmp_path: Path) -> None:
    session = Session.start(loaded.game, 5, bots(loaded.game.roles))
    session.run_automatic()
    early = SaveFile.new(loaded, tmp_path / "a", clock=Clock()).save(session)
    late_clock = Clock()
    late_clock.now += timedelta(days=400)
    late = SaveFile.new(loaded, tmp_path / "b", clock=late_clock).save(session)
    first, second = json.loads(early.read_text()), json.loads(late.read_text())
    assert first["updated"] != second["updated"]
    for key in ("actions", "turns", "final_hash", "progress"):
        assert first[key] == second[key]


def test_each_save_keeps_the_previous_version_as_a_backup(loaded: LoadedScenario, tmp_path: Path) -> None:
    session = Session.start(loaded.game, 5, bots(loaded.game.roles))
    file = SaveFile.new(loaded, tmp_path)
    file.save(session)
    first = file.path.read_bytes()
    session.run_automatic()
    file.save(session)
    backup = file.path.with_name(file.path.name + ".bak")
    assert backup.read_bytes() == first
    assert load_save(backup).session.actions == []
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_game_resumed_from_its_backup_saves_to_its_own_file(loaded: LoadedScenario, tmp_path: Path) -> None:
    session = Session.start(loaded.game, 5, bots(loaded.game.roles))
    file = SaveFile.new(loaded, tmp_path)
    file.save(session)
    session.step_automatic()
    file.save(session)
    file.path.write_bytes(file.path.read_bytes()[:100])  # the save is damaged; its backup is not
    saved = load_save(file.path.with_name(file.path.name + ".bak"))
    assert saved.session.actions == [] and saved.file.path == file.path
    with pytest.raises(SaveConflict, match="not a save this wargame can read"):
        saved.file.save(saved.session)
    saved.file.save(saved.session, overwrite=True)
    assert load_save(file.path).session.actions == []


def test_a_save_replays_after_its_scenario_file_and_catalogue_change_or_vanish(tmp_path: Path) -> None:
    folder = tmp_path / "authoring"
    folder.mkdir()
    scenario = folder / "engine.yaml"
    scenario.write_text((FIXTURES / "engine.yaml").read_text())
    (folder / "sources.yaml").write_text((FIXTURES / "sources.yaml").read_text())
    mine = load_scenario(scenario)
    session = Session.start(mine.game, 8, bots(mine.game.roles))
    session.run_automatic()
    path = SaveFile.new(mine, tmp_path / "saves").save(session)
    scenario.write_text(scenario.read_text().replace("start: 5", "start: 1"))
    (folder / "sources.yaml").unlink()
    saved = load_save(path)
    same_game(saved.session, session)
    assert saved.loaded.text == mine.text and saved.data.scenario.file == str(scenario)
    scenario.unlink()
    assert load_save(path).session.state == session.state


def test_facilitator_interventions_are_saved_and_replayed(loaded: LoadedScenario, tmp_path: Path) -> None:
    from game.engine import Adjust, Inject, Note, TrackDelta

    session = Session.start(loaded.game, 21, bots(loaded.game.roles))
    session.step_automatic()
    session.submit(Inject(title="A leak", text="Talks leak.", effects=(TrackDelta("support.host", -1),), reason="x"))
    session.submit(Note("Russia asked for more time"))
    session.submit(Adjust("cooperation", 1, "credit for a joint paper"))
    session.run_automatic()
    saved = load_save(SaveFile.new(loaded, tmp_path).save(session))
    same_game(saved.session, session)
    assert {type(a).__name__ for a in saved.session.actions} >= {"Inject", "Note", "Adjust"}


def test_a_save_file_only_takes_its_own_game(loaded: LoadedScenario, tmp_path: Path) -> None:
    other = load_scenario(FIXTURES / "mini.yaml")
    file = SaveFile.new(loaded, tmp_path)
    with pytest.raises(SaveError, match="another scenario"):
        file.save(Session.start(other.game, 1, bots(other.game.roles)))
    with pytest.raises(SaveError, match="'france', which is not a role"):
        file.save(Session.start(loaded.game, 1, bots(loaded.game.roles)), view=View(role="france"))
    assert not file.path.exists()


def test_a_file_too_large_to_be_a_save_is_not_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as out:
        out.truncate(65 * 1024 * 1024)  # sparse: no disk used
    with pytest.raises(SaveError, match="too large to be a save"):
        load_save(huge)


def test_saves_dir_comes_from_the_option_then_the_environment_then_the_project(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env"))
    assert saves_dir(tmp_path / "flag") == tmp_path / "flag"
    assert saves_dir() == tmp_path / "env"
    monkeypatch.delenv(ENV_VAR)
    assert saves_dir() == DEFAULT_SAVES_DIR
    assert DEFAULT_SAVES_DIR.name == "saves" and (DEFAULT_SAVES_DIR / ".gitkeep").exists()


def test_a_new_game_is_saved_in_the_saves_dir_under_its_id(loaded: LoadedScenario, tmp_path: Path) -> None:
    file = SaveFile.new(loaded)
    assert file.path.parent == tmp_path / "default-saves"
    assert file.path.name == f"{file.game_id}.json" and file.game_id.startswith("engine-test-")
    assert not file.path.exists()  # nothing is written before the first save


@pytest.mark.parametrize("name", ["../up", "a/b", ".hidden", "", "x" * 81, "game.bak", "tab\there", "what?"])
def test_save_names_that_cannot_be_file_names_are_refused(name: str, tmp_path: Path) -> None:
    with pytest.raises(SaveError, match="a save name must"):
        save_path(name, tmp_path)


def test_save_names_may_have_spaces_and_letters_of_any_language(tmp_path: Path) -> None:
    assert save_path("Seminar group 2", tmp_path) == tmp_path / "Seminar group 2.json"
    assert save_path("Kürecik.json", tmp_path) == tmp_path / "Kürecik.json"


# --- autosave and Save as ------------------------------------------------------------------------------


def test_autosave_writes_once_per_phase(loaded: LoadedScenario, tmp_path: Path) -> None:
    session = Session.start(loaded.game, 9, bots(loaded.game.roles))
    autosave = Autosave(SaveFile.new(loaded, tmp_path))
    phases_seen = []
    written = 0
    assert autosave.update(session) is not None  # the first call always saves
    phases_seen.append((session.state.turn, session.state.phase))
    while session.step_automatic() is not None:
        key = (session.state.turn, session.state.phase)
        path = autosave.update(session)
        if key != phases_seen[-1]:
            assert path is not None
            phases_seen.append(key)
            written += 1
            assert load_save(path).session.state == session.state
        else:
            assert path is None
    assert written == len(phases_seen) - 1 >= 3 * loaded.game.turns - 1


def test_save_as_moves_the_game_to_a_named_file(loaded: LoadedScenario, tmp_path: Path) -> None:
    session = Session.start(loaded.game, 9, bots(loaded.game.roles))
    file = SaveFile.new(loaded, tmp_path)
    autosave = Autosave(file)
    autosave.update(session)
    old = file.path
    new = file.save_as(session, "Seminar group 2")
    assert new == tmp_path / "Seminar group 2.json" and file.path == new
    session.run_automatic()
    autosave.update(session)
    assert load_save(new).session.state.over
    assert load_save(new).data.name == "Seminar group 2"
    assert load_save(old).session.actions == []  # the old file stays as it was


def test_save_as_over_another_game_needs_overwrite_and_keeps_it_as_backup(loaded: LoadedScenario,
                                                                          tmp_path: Path) -> None:
    first = Session.start(loaded.game, 1, bots(loaded.game.roles))
    SaveFile.new(loaded, tmp_path, name="mine").save(first)
    second = Session.start(loaded.game, 2, bots(loaded.game.roles))
    second.run_automatic()
    other = SaveFile.new(loaded, tmp_path)
    before = (tmp_path / "mine.json").read_bytes()
    with pytest.raises(SaveConflict, match="another game"):
        other.save_as(second, "mine")
    assert (tmp_path / "mine.json").read_bytes() == before and other.path != tmp_path / "mine.json"
    other.save_as(second, "mine", overwrite=True)
    assert load_save(tmp_path / "mine.json").session.state.over
    assert (tmp_path / "mine.json.bak").read_bytes() == before


def test_a_game_that_moved_on_in_another_process_is_not_overwritten(loaded: LoadedScenario, tmp_path: Path) -> None:
    """Two terminals continue the same save differently: the second to save is told, and nothing is lost."""
    session = Session.start(loaded.game, 4, {r: Seat(r) for r in loaded.game.roles})
    session.step_automatic()
    file = SaveFile.new(loaded, tmp_path)
    file.save(session)
    here, there = load_save(file.path), load_save(file.path)
    here.session.submit(EndNegotiation("nato"))
    there.session.submit(EndNegotiation("russia"))
    assert here.session.actions != there.session.actions
    here.file.save(here.session)
    saved = file.path.read_bytes()
    with pytest.raises(SaveConflict, match="another process"):
        there.file.save(there.session)
    assert file.path.read_bytes() == saved
    there.file.save_as(there.session, "the other branch")
    assert load_save(tmp_path / "the other branch.json").session.actions == there.session.actions


def test_the_lock_file_keeps_a_second_writer_out(loaded: LoadedScenario, tmp_path: Path) -> None:
    from filelock import FileLock

    session = Session.start(loaded.game, 4, bots(loaded.game.roles))
    file = SaveFile.new(loaded, tmp_path)
    file.save(session)
    before = file.path.read_bytes()
    file.lock_timeout = 0.2
    with FileLock(lock_path(file.path), thread_local=False):
        session.step_automatic()
        with pytest.raises(SaveError, match="another process has been writing"):
            file.save(session)
    assert file.path.read_bytes() == before
    file.save(session)
    assert len(load_save(file.path).session.actions) == 1


# --- Continue and Load -----------------------------------------------------------------------------------


def test_list_saves_newest_first_then_the_damaged_ones(loaded: LoadedScenario, tmp_path: Path) -> None:
    clock = Clock()
    games = []
    for seed in range(3):
        session = Session.start(loaded.game, seed, bots(loaded.game.roles))
        if seed == 1:
            session.run_automatic()
        file = SaveFile.new(loaded, tmp_path, name=f"game {seed}", clock=clock)
        file.save(session)
        games.append(file)
    (tmp_path / "broken.json").write_text("{not json")
    (tmp_path / "notes.txt").write_text("not a save")
    record = json.loads((FIXTURES / "saves" / "record-v1-engine.json").read_text())
    (tmp_path / "a-record.json").write_text(json.dumps(record))
    listed = list_saves(tmp_path)
    assert [info.name for info in listed] == ["game 2", "game 1", "game 0", "broken"]
    assert listed[-1].data is None and "not valid JSON" in (listed[-1].error or "")
    assert [info.path.name for info in listed].count("game 0.json.bak") == 0
    latest = latest_autosave(tmp_path)
    assert latest is not None and latest.name == "game 2"
    games[2].save(_finished(loaded, 2))
    latest = latest_autosave(tmp_path)
    assert latest is not None and latest.name == "game 0"  # game 1 and game 2 are over


def test_continue_skips_the_file_a_game_left_by_save_as(loaded: LoadedScenario, tmp_path: Path) -> None:
    clock = Clock()
    other = SaveFile.new(loaded, tmp_path, name="another game", clock=clock)
    other.save(Session.start(loaded.game, 5, bots(loaded.game.roles)))
    session = Session.start(loaded.game, 4, bots(loaded.game.roles))
    file = SaveFile.new(loaded, tmp_path, name="autosaved", clock=clock)
    file.save(session)
    file.save_as(session, "seminar group 2")
    latest = latest_autosave(tmp_path)
    assert latest is not None and latest.name == "seminar group 2"
    session.run_automatic()
    file.save(session)  # the game ends in its new file; the old one still says it is going on
    latest = latest_autosave(tmp_path)
    assert latest is not None and latest.name == "another game"


def _finished(loaded: LoadedScenario, seed: int) -> Session:
    session = Session.start(loaded.game, seed, bots(loaded.game.roles))
    session.run_automatic()
    return session


def test_a_listed_save_tells_its_scenarios_turns_and_roles_and_a_finished_games_outcome(
        loaded: LoadedScenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the lists show beyond a header: the scenario copy is compiled once per version, however many saves
    carry it, and a finished game is replayed once per final state."""
    from game.engine import outcome
    from game.saves import finished_outcome, know_scenario, listing, scenario_facts
    from game.saves.read import scenario_of_copy
    from game.saves.verify import replay_log

    compiled, replayed = [], []
    monkeypatch.setattr(listing, "_scenarios", {})
    monkeypatch.setattr(listing, "_outcomes", {})
    monkeypatch.setattr(listing, "scenario_of_copy", lambda *a: compiled.append(a) or scenario_of_copy(*a))
    monkeypatch.setattr(listing, "replay_log", lambda *a: replayed.append(a) or replay_log(*a))
    going = Session.start(loaded.game, 1, bots(loaded.game.roles))
    for name in ("one", "two"):
        SaveFile.new(loaded, tmp_path, name=name).save(going)
    done = _finished(loaded, 2)
    SaveFile.new(loaded, tmp_path, name="done").save(done)
    saves = {info.name: info for info in list_saves(tmp_path)}
    facts = [scenario_facts(saves[name]) for name in ("one", "two", "done")]
    assert facts[0] == facts[1] == facts[2] and facts[0] is not None
    assert facts[0].turns == loaded.game.turns and len(compiled) == 1
    assert dict(facts[0].role_names) == {role: loaded.game.role_name(role) for role in loaded.game.roles}
    band = outcome(loaded.game, done.state).title
    assert finished_outcome(saves["done"]) == finished_outcome(saves["done"]) == band and len(replayed) == 1
    assert finished_outcome(saves["one"]) is None and len(replayed) == 1  # not over: nothing to replay

    monkeypatch.setattr(listing, "_scenarios", {})
    know_scenario(loaded)  # already loaded (the scenarios of New game): no compiling
    assert scenario_facts(saves["one"]) == facts[0] and len(compiled) == 1


def test_a_listed_save_whose_copy_or_log_was_tampered_with_shows_no_facts_or_outcome(
        loaded: LoadedScenario, tmp_path: Path) -> None:
    from game.saves import finished_outcome, scenario_facts

    done = _finished(loaded, 3)
    path = SaveFile.new(loaded, tmp_path, name="done").save(done)
    data = json.loads(path.read_text())
    data["scenario"]["text"] += "\n# edited"
    path.with_name("copy.json").write_text(json.dumps(data))
    data = json.loads(path.read_text())
    data["actions"] = data["actions"][:-1]
    path.with_name("log.json").write_text(json.dumps(data))
    saves = {info.path.stem: info for info in list_saves(tmp_path)}
    assert scenario_facts(saves["done"]) is not None and finished_outcome(saves["done"]) is not None
    assert saves["copy"].data is not None and scenario_facts(saves["copy"]) is None
    assert finished_outcome(saves["copy"]) is None and finished_outcome(saves["log"]) is None


def test_an_empty_or_missing_saves_dir_lists_nothing(tmp_path: Path) -> None:
    assert list_saves(tmp_path / "nowhere") == []
    assert latest_autosave(tmp_path) is None


def test_a_save_with_a_bot_this_wargame_lacks_replays_but_does_not_resume(loaded: LoadedScenario,
                                                                          tmp_path: Path) -> None:
    from game.saves import open_replay

    session = Session.start(loaded.game, 4, bots(loaded.game.roles))
    session.run_automatic()
    path = SaveFile.new(loaded, tmp_path).save(session)
    data = json.loads(path.read_text())
    data["seats"]["host"] = "bot:clairvoyant"
    path.write_text(json.dumps(data))
    assert len(open_replay(path)) == len(session.actions)
    with pytest.raises(SaveError, match="'clairvoyant', which this wargame does not have"):
        load_save(path)



def test_every_name_the_saves_package_lists_is_found_in_its_module() -> None:
    """game.saves imports its modules on first use: each name in ``__all__`` must have a home there,
    and that home must hold it (a name missing from the table would fail only when first used)."""
    import importlib

    import game.saves as package

    assert sorted(package._HOMES) == sorted(package.__all__)
    for name, module in package._HOMES.items():
        assert getattr(package, name) is getattr(importlib.import_module(f"game.saves.{module}"), name)
    with pytest.raises(AttributeError):
        package.no_such_name  # noqa: B018
