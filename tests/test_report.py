"""The after-action report: checked against a game played with bots and a facilitator."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.engine import Adjust, Game, Inject, Note, TrackDelta
from game.report import Report, build_report, report_html, report_markdown
from game.session import Seat, Session


@pytest.fixture(scope="module")
def played(engine: Game) -> tuple[Session, Report]:
    session = Session.start(engine, 21, {r: Seat(r, "greedy") for r in engine.roles})
    session.step_automatic()  # the first card
    session.submit(Inject(title="A leak", text="Talks leak to the press.", effects=(TrackDelta("support.host", -1),),
                          reason="to raise the stakes"))
    session.submit(Note("Russia asked for more time"))
    for _ in range(6):
        session.step_automatic()
    session.submit(Adjust("cooperation", 1, "credit for a joint paper"))
    session.run_automatic()
    assert session.state.over
    seats = {r: s.spec() for r, s in session.seats.items()}
    return session, build_report(engine, session.seed, session.actions, seats=seats)


def test_the_report_tells_every_turn_card_proposal_and_settlement(played: tuple[Session, Report]) -> None:
    session, report = played
    game = session.game
    md = report_markdown(report)
    for i, turn in enumerate(game.scenario.turns, 1):
        assert f"### Turn {i}: {turn.label}" in md
    for record in session.state.history:
        if record.card:
            assert game.cards[record.card].title in md
    for proposal in session.state.talks:
        assert re.search(rf"^\| {proposal.id} \|", md, re.M)
    settlements = [s for r in session.state.history for s in r.settlements]
    assert settlements, "the fixture game should settle at least one agreement"
    for s in settlements:
        assert f"- Agreement #{s.agreement} {'kept' if s.kept else 'broken'}" in md
    assert "A leak" in md and "Russia asked for more time" in md and "credit for a joint paper" in md


def test_the_report_has_scores_outcome_tracks_and_turning_points(played: tuple[Session, Report]) -> None:
    session, report = played
    game = session.game
    md = report_markdown(report)
    assert report.outcome_title in md
    for score in report.scores:
        assert re.search(rf"^\| {game.role_name(score.role)} \| {score.total:g} \|", md, re.M)
    for key, track in game.tracks.items():
        values = [track.start, *(r.tracks[key] for r in session.state.history)]
        assert report.series[key] == values
        assert f"| {track.name} | " + " | ".join(map(str, values)) in md
    biggest = max(abs(tp.delta) for tp in report.turning_points)
    assert biggest == max(abs(sum(c.delta for c in t.changes if c.track == k)) for t in report.turns for k in game.tracks)


def test_the_html_report_is_one_self_contained_page(played: tuple[Session, Report]) -> None:
    session, report = played
    html = report_html(report)
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert html.count("<svg") == len(session.game.tracks)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)
    assert "&lt;" not in report.title and report.outcome_title in html


def test_report_command_writes_markdown_and_html_and_refuses_bad_input(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from game.cli import main

    assert main(["simulate", "--scenario", "tutorial", "--games", "1", "--seed", "3",
                 "--save-dir", str(tmp_path)]) == 0
    record = next(tmp_path.glob("*.json"))
    capsys.readouterr()
    assert main(["report", str(record)]) == 0
    assert capsys.readouterr().out.startswith("# After-action report:")
    assert main(["report", str(record), "-o", str(tmp_path / "r.html")]) == 0
    assert (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")
    assert main(["report", str(record), "-o", str(tmp_path / "r.pdf")]) == 2
    (tmp_path / "broken.json").write_text("{not json")
    assert main(["report", str(tmp_path / "broken.json")]) == 2
    err = capsys.readouterr().err
    assert "broken.json" in err and "Traceback" not in err


def test_report_command_makes_the_missing_folders_of_its_file(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    from game.cli import main

    assert main(["simulate", "--scenario", "tutorial", "--games", "1", "--seed", "3",
                 "--save-dir", str(tmp_path)]) == 0
    record = next(tmp_path.glob("*.json"))
    capsys.readouterr()
    target = tmp_path / "debriefs" / "week 3" / "report.md"
    assert main(["report", str(record), "-o", str(target)]) == 0
    assert target.read_text().startswith("# After-action report:")
    assert capsys.readouterr().err == f"wrote {target}\n"
    notes = tmp_path / "notes"
    notes.write_text("a file")
    assert main(["report", str(record), "-o", str(notes / "report.md")]) == 2
    err = capsys.readouterr().err
    assert err == f"wargame: error: cannot write {notes / 'report.md'}: {notes} is a file, not a folder\n"
