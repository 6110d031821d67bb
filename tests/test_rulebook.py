"""rules.md agrees with the scenario data and with the engine.

The rulebook's tables are generated (``wargame rules``); these tests regenerate them and compare,
and replay the worked example of rules.md through the engine to check every number it states.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.cli import main
from game.engine import Commit, Commitment, DrawCard, EndNegotiation, Propose, Respond, apply, new_game
from game.rulebook import BEGIN, END, RulebookError, blocks, generated_block, scenario_tables, splice, stale_blocks
from game.scenario.catalog import DEFAULT_SCENARIO, list_scenarios, resolve_scenario
from game.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules.md"


def _load(scenario_id: str):  # -> LoadedScenario
    return load_scenario(resolve_scenario(scenario_id))


def test_rules_md_carries_the_tables_of_the_default_scenario_and_the_tutorial() -> None:
    found = blocks(RULES.read_text(encoding="utf-8"))
    assert {DEFAULT_SCENARIO, "tutorial"} <= set(found)


def test_the_tables_in_rules_md_match_the_scenario_data() -> None:
    stale = stale_blocks(RULES.read_text(encoding="utf-8"), _load)
    fixes = "; ".join(f"wargame rules --scenario {sid} --into rules.md" for sid in stale)
    assert stale == [], f"rules.md is out of date with the scenario data; run: {fixes}"


@pytest.mark.parametrize("path", list_scenarios(), ids=lambda p: p.stem)
def test_the_tables_name_every_option_card_objective_and_band(path: Path) -> None:
    loaded = load_scenario(path)
    tables = scenario_tables(loaded)
    s = loaded.scenario
    names = [o.name for r in s.roles for d in r.decisions for o in d.options]
    names += [c.title for c in s.events] + [b.title for b in s.outcomes] + [m.name for m in s.metrics]
    names += [o.text for r in s.roles for o in r.brief.objectives] + [x.text for r in s.roles for x in r.brief.red_lines]
    missing = [n for n in names if n.replace("|", "\\|") not in tables]
    assert missing == []


def test_a_change_in_the_data_makes_the_block_stale(tmp_path: Path) -> None:
    source = resolve_scenario("tutorial")
    text = source.read_text(encoding="utf-8")
    assert "limit: 7\n                note: \"Russian experts judge" in text
    changed = tmp_path / "tutorial.yaml"
    changed.write_text(text.replace("limit: 7\n                note: \"Russian experts judge",
                                    "limit: 6\n                note: \"Russian experts judge"), encoding="utf-8")
    (tmp_path / "sources.yaml").write_text((source.parent / "sources.yaml").read_text(encoding="utf-8"))
    book = generated_block(load_scenario(source))
    assert stale_blocks(book, lambda sid: load_scenario(source)) == []
    assert stale_blocks(book, lambda sid: load_scenario(changed)) == ["tutorial"]


def test_splice_replaces_only_the_named_block() -> None:
    tutorial, default = _load("tutorial"), _load(DEFAULT_SCENARIO)
    old = f"{BEGIN.format(id='tutorial')}\nold tables\n{END}"
    other = f"{BEGIN.format(id=DEFAULT_SCENARIO)}\nkept as it is\n{END}"
    book = f"# Rules\n\nprose before\n\n{old}\n\nprose between\n\n{other}\n"
    spliced = splice(book, tutorial)
    assert "old tables" not in spliced and generated_block(tutorial) in spliced
    assert other in spliced and "prose before" in spliced and "prose between" in spliced
    with pytest.raises(RulebookError):
        splice("# Rules without tables\n", default)


def test_the_rules_command_prints_writes_and_splices(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--scenario", "tutorial"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(BEGIN.format(id="tutorial")) and END in printed
    out = tmp_path / "tables.md"
    assert main(["rules", "-s", "tutorial", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == printed
    book = tmp_path / "rules.md"
    book.write_text(f"intro\n{BEGIN.format(id='tutorial')}\nstale\n{END}\noutro\n", encoding="utf-8")
    assert main(["rules", "-s", "tutorial", "--into", str(book)]) == 0
    assert book.read_text(encoding="utf-8") == f"intro\n{printed.rstrip()}\noutro\n"
    bare = tmp_path / "bare.md"
    bare.write_text("no markers here\n", encoding="utf-8")
    assert main(["rules", "-s", "tutorial", "--into", str(bare)]) == 2
    assert "no '<!-- BEGIN GENERATED: tutorial -->'" in capsys.readouterr().err


# --- the worked example ---------------------------------------------------------------------------

EXAMPLE_TURN_1 = [
    DrawCard("nrc_lisbon"),
    Commit.of("nato", {"transparency": "site_visits"}),
    Commit.of("russia", {"transparency": "capabilities_shared"}),
    Commit.of("romania", {"public_case": "public_case"}),
]
EXAMPLE_TURN_2 = [
    DrawCard("new_start"),
    Propose("nato", ("russia",), (Commitment("nato", "data_sharing", "data_fusion_centre", "eq"),),
            (Commitment("russia", "data_sharing", "data_fusion_centre", "ge"),), "", 2),
    Respond("russia", 1, True),
    EndNegotiation("nato"), EndNegotiation("russia"), EndNegotiation("romania"),
    Commit.of("nato", {"transparency": "site_visits", "data_sharing": "data_fusion_centre"}),
    Commit.of("russia", {"transparency": "capabilities_shared", "data_sharing": "data_fusion_centre"}),
    Commit.of("romania", {"public_case": "brief_moscow"}),
]
_ROW = re.compile(r"^\| (?P<track>[^|]+?) \| (?P<start>\d+) \| (?P<card>\d+) \| (?P<end>\d+) \|", re.M)


def _example_rows() -> dict[str, tuple[int, int, int]]:
    text = RULES.read_text(encoding="utf-8")
    section = text.split("<!-- worked example: tracks -->", 1)[1].split("\n\n", 2)[1]
    return {m["track"]: (int(m["start"]), int(m["card"]), int(m["end"])) for m in _ROW.finditer(section)}


def test_the_worked_example_in_rules_md_is_what_the_engine_does() -> None:
    game = _load("tutorial").game
    state = new_game(game, 1)
    for action in EXAMPLE_TURN_1:
        state = apply(game, state, action).state
    start = dict(state.tracks)
    state = apply(game, state, EXAMPLE_TURN_2[0]).state
    after_card = dict(state.tracks)
    for action in EXAMPLE_TURN_2[1:]:
        state = apply(game, state, action).state
    rows = _example_rows()
    expected = {game.tracks[key].name: (start[key], after_card[key], state.tracks[key]) for key in game.tracks}
    assert rows == expected
