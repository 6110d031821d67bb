"""Briefing packs: a role's pack holds its own brief and never another's; the facilitator's holds all."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.cli import main
from game.handouts import facilitator_pack, role_pack
from game.scenario.loader import LoadedScenario, load_scenario

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "engine.yaml"


@pytest.fixture(scope="module")
def loaded() -> LoadedScenario:
    return load_scenario(FIXTURE)


def test_a_role_pack_has_its_brief_decisions_and_effects_but_no_other_brief(loaded: LoadedScenario) -> None:
    game = loaded.game
    for role in game.scenario.roles:
        pack = role_pack(loaded, role.id)
        assert role.brief.summary.strip() in pack
        for objective in role.brief.objectives:
            assert objective.text in pack
        for dec in role.decisions:
            assert dec.name in pack and all(o.name in pack for o in dec.options)
        for other in game.scenario.roles:
            if other.id != role.id:
                assert other.brief.summary.strip() not in pack
                assert all(o.text not in pack for o in other.brief.objectives)
                assert all(r.text not in pack for r in other.brief.red_lines)
    nato = role_pack(loaded, "nato")
    assert "Confidence +2, when Russia's Transparency is at least Open" in nato
    assert "Trust (NATO-Russia) +1, the first time only" in nato


def test_the_facilitator_pack_has_every_brief_card_and_band(loaded: LoadedScenario) -> None:
    pack = facilitator_pack(loaded)
    s = loaded.scenario
    assert all(r.brief.summary.strip() in pack for r in s.roles)
    assert all(card.title in pack for card in s.events)
    assert all(band.title in pack for band in s.outcomes)
    assert all(aim in pack for aim in s.teaching_aims)


def test_brief_command_writes_packs_and_refuses_unknown_roles(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brief", "--scenario", str(FIXTURE), "--role", "russia"]) == 0
    assert "briefing for Russia" in capsys.readouterr().out
    out = tmp_path / "packs"
    assert main(["brief", "--scenario", str(FIXTURE), "--all", "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["facilitator.md", "host.md", "nato.md", "russia.md"]
    assert main(["brief", "--scenario", str(FIXTURE), "--role", "france"]) == 2
    assert "unknown role 'france'" in capsys.readouterr().err
    assert main(["brief", "--scenario", str(FIXTURE)]) == 2
