"""Tests of the scenario loader: safe YAML, readable problems with positions, catalogue, schema.

Every file in ``tests/fixtures/broken/`` is a small change of ``tests/fixtures/mini.yaml`` and
says in its header which problems the loader must report::

    # expect: 51: roles.0.brief.objectives.0.points: expected a whole number

(line, dotted field path or ``-`` for none, and a piece of the message).
"""

from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path

import pytest

from game.scenario import catalog
from game.scenario.catalog import (
    DEFAULT_SCENARIO,
    UnknownScenarioError,
    list_scenarios,
    resolve_scenario,
    scenario_ids,
)
from game.scenario.loader import (
    FileProblem,
    LoadedScenario,
    ScenarioFileError,
    load_scenario,
    load_scenario_text,
    load_sources,
    sources_path_for,
)
from game.scenario.schema import SCHEMA_PATH, scenario_schema, schema_text, write_schema
from game.scenario.yamlsafe import MAX_BYTES, Position, YamlError, parse_yaml

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"
SOURCES = FIXTURES / "sources.yaml"
BROKEN = sorted((FIXTURES / "broken").glob("*.yaml"))
SHARED_SOURCES = Path("/work/shared/sources")

EXPECT = re.compile(r"^# expect: (\d+): (\S+): (.+)$")


def expectations(path: Path) -> list[tuple[int, str, str]]:
    """The ``# expect:`` lines of a fixture's header: (line, field path or '', message piece)."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = EXPECT.match(line)
        if match:
            field = "" if match.group(2) == "-" else match.group(2)
            found.append((int(match.group(1)), field, match.group(3).strip()))
    return found


def problems_of(path: Path, **kwargs: object) -> list[FileProblem]:
    """The problems the loader reports for ``path`` (failing the test if it loads)."""
    with pytest.raises(ScenarioFileError) as info:
        load_scenario(path, **kwargs)  # type: ignore[arg-type]
    return info.value.problems


# --- the valid base scenario ---------------------------------------------------------------------


def test_mini_loads_with_the_catalogue_next_to_it() -> None:
    loaded = load_scenario(MINI)
    assert isinstance(loaded, LoadedScenario)
    assert loaded.scenario.id == "mini"
    assert loaded.path == MINI
    assert loaded.text == MINI.read_text(encoding="utf-8")
    assert {s.id for s in loaded.sources} == {"vershbow-2012", "rasmussen-2011"}
    assert set(loaded.game.tracks) == {"confidence", "security.nato", "security.russia", "trust.nato.russia"}
    assert loaded.game.roles == ("nato", "russia")
    assert sources_path_for(MINI) == SOURCES


def test_mini_has_what_engine_tests_need() -> None:
    scenario = load_scenario(MINI).scenario
    assert [r.id for r in scenario.roles] == ["nato", "russia"]
    assert len(scenario.turns) == 2 and len(scenario.events) == 2 and len(scenario.outcomes) == 2
    pair = next(m for m in scenario.metrics if m.id == "trust")
    assert pair.scope == "pair" and pair.pairs == [["nato", "russia"]]
    for role in scenario.roles:
        assert len(role.decisions) == 1 and len(role.decisions[0].options) == 3
        assert role.brief.objectives and role.brief.red_lines
    effects = [e for r in scenario.roles for o in r.decisions[0].options for e in o.effects]
    assert any(e.once for e in effects) and any(e.when for e in effects)


def _citations(node: object) -> list[dict[str, str]]:
    if isinstance(node, dict):
        own = [node] if set(node) == {"text", "quote"} else []
        return own + [c for value in node.values() for c in _citations(value)]
    if isinstance(node, list):
        return [c for item in node for c in _citations(item)]
    return []


@pytest.mark.skipif(not SHARED_SOURCES.is_dir(), reason="source texts not available")
def test_mini_quotes_are_verbatim() -> None:
    files = {entry.id: entry.file for entry in load_sources(SOURCES)}
    data = parse_yaml(MINI.read_text(encoding="utf-8")).data
    citations = _citations(data)
    assert citations
    for cite in citations:
        text = " ".join((SHARED_SOURCES / files[cite["text"]]).read_text(encoding="utf-8").split())
        assert " ".join(cite["quote"].split()) in text, cite
        assert len(cite["quote"].split()) <= 25


# --- broken fixtures ---------------------------------------------------------------------------------


REQUIRED_CASES = {
    "alias", "duplicate_key", "bool_no", "int_leading_zero", "unknown_field", "missing_field",
    "unknown_metric", "bad_condition", "unknown_option", "bad_source", "not_yaml", "python_tag",
    "several", "several_references",
}


def test_every_required_case_has_a_fixture() -> None:
    assert REQUIRED_CASES <= {p.stem for p in BROKEN}


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_fixture_reports_expected_problems(path: Path) -> None:
    expected = expectations(path)
    assert expected, f"{path.name} has no '# expect:' lines"
    problems = problems_of(path, sources=SOURCES)
    assert [(p.line, p.field) for p in problems] == [(line, field) for line, field, _ in expected], "\n".join(
        map(str, problems)
    )
    for problem, (_, _, piece) in zip(problems, expected):
        assert piece in problem.message, str(problem)
        assert problem.file == str(path)
        assert problem.column >= 1


def test_several_problems_are_all_reported_in_line_order() -> None:
    problems = problems_of(FIXTURES / "broken" / "several.yaml", sources=SOURCES)
    assert len(problems) == 6
    assert [p.line for p in problems] == sorted(p.line for p in problems)
    references = problems_of(FIXTURES / "broken" / "several_references.yaml", sources=SOURCES)
    assert len(references) == 4


def test_problem_lines_have_the_documented_format() -> None:
    path = FIXTURES / "broken" / "unknown_metric.yaml"
    with pytest.raises(ScenarioFileError) as info:
        load_scenario(path, sources=SOURCES)
    line = str(info.value).splitlines()[0]
    assert line.startswith(f"{path}:73:24: roles.0.decisions.0.options.1.effects.0.track: unknown track 'confidense'")
    assert info.value.lines() == [line]


# --- the safe YAML subset ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("no", "no"), ("off", "off"), ("yes", "yes"), ("on", "on"), ("y", "y"), ("NO", "NO"),
        ("true", True), ("True", True), ("TRUE", True), ("false", False), ("FALSE", False),
        ("012", "012"), ("0", 0), ("-3", -3), ("+7", 7), ("12", 12), ("1_000", "1_000"), ("0x1f", "0x1f"),
        ("1.5", 1.5), (".5", 0.5), ("-2.", -2.0), ("1e3", 1000.0), ("1:30", "1:30"), ("2012-05-03", "2012-05-03"),
        ("~", None), ("null", None), ("NULL", None), ("", None), ("'012'", "012"), ('"true"', "true"),
        ("!!str 12", "12"), ("!!float 3", 3.0), ("none", "none"),
    ],
)
def test_core_schema_typing(text: str, value: object) -> None:
    data = parse_yaml(f"x: {text}\n").data
    assert data == {"x": value} and type(data["x"]) is type(value)


def test_special_floats() -> None:
    data = parse_yaml("a: .inf\nb: -.Inf\nc: .nan\n").data
    assert data["a"] == math.inf and data["b"] == -math.inf and math.isnan(data["c"])


def test_keys_are_text() -> None:
    assert parse_yaml("1: a\ntrue: b\n~: c\n").data == {"1": "a", "true": "b", "~": "c"}


@pytest.mark.parametrize(
    ("text", "line", "piece"),
    [
        ("a: 1\nb: *x\n", 2, "aliases (*x) are not allowed"),
        ("a: &x [1]\nb: 2\n", 1, "anchors (&x) are not allowed"),
        ("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a' (first given on line 1)"),
        ("m: {k: 1, k: 2}\n", 1, "duplicate key 'k'"),
        ("a:\n  b: !!python/name:os.system x\n", 2, "tag !!python/name:os.system is not allowed"),
        ("a: !!binary aGk=\n", 1, "tag !!binary is not allowed"),
        ("a: !!timestamp 2001-12-14\n", 1, "tag !!timestamp is not allowed"),
        ("a: !local x\n", 1, "tag !local is not allowed"),
        ("a: !!int 012\n", 1, "not a valid !!int"),
        ("? [a]\n: 1\n", 1, "a mapping key must be a plain value"),
        ("a: 1\n---\nb: 2\n", 2, "single document"),
        ("a: 1\nb: \x00\n", 2, "not allowed in a YAML file"),
        ("a:\n\tb: 1\n", 2, "tabs"),
    ],
)
def test_refused_yaml(text: str, line: int, piece: str) -> None:
    with pytest.raises(YamlError) as info:
        parse_yaml(text)
    assert info.value.line == line
    assert piece in info.value.message


def test_billion_laughs_is_refused_at_the_first_anchor() -> None:
    text = 'a: &a ["lol","lol"]\nb: &b [*a,*a,*a]\nc: &c [*b,*b,*b]\n'
    with pytest.raises(YamlError, match="anchors"):
        parse_yaml(text)


def test_nesting_and_node_count_are_capped() -> None:
    with pytest.raises(YamlError, match="nested too deeply"):
        parse_yaml("[" * 200 + "]" * 200)
    with pytest.raises(YamlError, match="too many values"):
        parse_yaml("[" + ",".join(["1"] * 200) + "]", max_nodes=100)


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text(MINI.read_text(encoding="utf-8") + "# padding\n" * (MAX_BYTES // 10 + 1), encoding="utf-8")
    problems = problems_of(big, sources=SOURCES)
    assert len(problems) == 1 and "too large" in problems[0].message
    with pytest.raises(ScenarioFileError, match="too large"):
        load_scenario_text("#" * (MAX_BYTES + 1), "big", sources=SOURCES)


def test_binary_file_is_refused(tmp_path: Path) -> None:
    blob = tmp_path / "picture.yaml"
    blob.write_bytes(b"id: mini\n\x89PNG\r\n\x1a\n\xff\xfe")
    (problem,) = problems_of(blob, sources=SOURCES)
    assert problem.line == 2 and "not a UTF-8 text file" in problem.message


def test_positions_map_paths_and_missing_paths_to_nearest_parent() -> None:
    doc = parse_yaml("a:\n  - x: 1\n    y: [2, 3]\nb: text\n")
    assert doc.positions.at(("a",)) == Position(1, 1)  # a block value is reported at its key
    assert doc.positions.at(("a", 0)) == Position(2, 5)
    assert doc.positions.at(("a", 0, "y", 1)) == Position(3, 12)
    assert doc.positions.at(("a", 0, "missing")) == Position(2, 5)
    assert doc.positions.nearest(("a", 0, "missing", 3)) == ("a", 0)
    assert doc.positions.key_at(("a", 0, "y")) == Position(3, 5)
    assert doc.positions.at(("b",)) == Position(4, 4)
    assert doc.positions.at(("nope",)) == Position(1, 1)


# --- loading from text and other whole-file problems ----------------------------------------------


def test_load_scenario_text_matches_load_scenario() -> None:
    loaded = load_scenario_text(MINI.read_text(encoding="utf-8"), "mini-text", sources=SOURCES)
    assert loaded.scenario == load_scenario(MINI).scenario
    assert loaded.game.scenario_hash == load_scenario(MINI).game.scenario_hash


@pytest.mark.parametrize(
    ("text", "piece"),
    [("", "the file is empty"), ("# nothing\n", "the file is empty"), ("- a\n- b\n", "expected a mapping of fields")],
)
def test_not_a_scenario_mapping(text: str, piece: str) -> None:
    with pytest.raises(ScenarioFileError) as info:
        load_scenario_text(text, "x.yaml", sources=SOURCES)
    (problem,) = info.value.problems
    assert piece in problem.message and problem.line == 1


def test_missing_file_is_a_scenario_file_error(tmp_path: Path) -> None:
    (problem,) = problems_of(tmp_path / "absent.yaml", sources=SOURCES)
    assert problem.line == 0 and "cannot read the file" in problem.message
    assert str(problem).startswith(f"{tmp_path / 'absent.yaml'}: cannot read")


def test_falls_back_to_the_project_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(SOURCES, project / "sources.yaml")
    monkeypatch.setattr(catalog, "SCENARIO_DIR", project)
    alone = tmp_path / "elsewhere" / "mini.yaml"
    alone.parent.mkdir()
    shutil.copy(MINI, alone)
    assert sources_path_for(alone) == project / "sources.yaml"
    assert load_scenario(alone).scenario.id == "mini"
    (project / "sources.yaml").unlink()
    (problem,) = problems_of(alone)
    assert problem.file == str(project / "sources.yaml") and "cannot read the file" in problem.message


def test_broken_catalogue_is_reported_with_the_scenario(tmp_path: Path) -> None:
    catalogue = tmp_path / "sources.yaml"
    catalogue.write_text(
        "- id: vershbow-2012\n  title: Vershbow\n  author: Vershbow\n  date: 2012\n  file: 003.txt\n"
        "- id: vershbow-2012\n  title: Again\n  author: Vershbow\n  date: May 2012\n  file: 003.txt\n  url: x\n",
        encoding="utf-8",
    )
    scenario = tmp_path / "mini.yaml"
    scenario.write_text(MINI.read_text(encoding="utf-8").replace("id: mini\n", "id: Mini\n", 1), encoding="utf-8")
    lines = [str(p) for p in problems_of(scenario)]
    assert lines == [
        f"{catalogue}:4:9: 0.date: expected text, got the whole number 2012 (put it in quotes to make it text)",
        f"{catalogue}:11:3: 1.url: unknown field 'url' (fields: id, title, author, date, file)",
        f"{scenario}:3:5: id: expected an id of lower-case letters, digits and - (lisbon-2010), got text 'Mini'",
    ]
    catalogue.write_text(catalogue.read_text().replace("date: 2012", "date: '2012'").replace("  url: x\n", ""))
    with pytest.raises(ScenarioFileError, match=r"sources.yaml:6:7: 1.id: duplicate source id 'vershbow-2012'"):
        load_sources(catalogue)


def test_project_catalogue_is_valid_when_present() -> None:
    path = catalog.project_sources_path()
    if not path.is_file():
        pytest.skip("the project has no scenarios/sources.yaml yet")
    assert load_sources(path)


# --- finding scenarios ---------------------------------------------------------------------------------


def test_catalog_lists_and_resolves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("b-game.yaml", "a-game.yaml", "sources.yaml", "notes.txt"):
        (tmp_path / name).write_text("x: 1\n")
    monkeypatch.setattr(catalog, "SCENARIO_DIR", tmp_path)
    assert list_scenarios() == [tmp_path / "a-game.yaml", tmp_path / "b-game.yaml"]
    assert scenario_ids() == ["a-game", "b-game"]
    assert resolve_scenario("a-game") == tmp_path / "a-game.yaml"
    assert resolve_scenario(MINI) == MINI
    assert resolve_scenario(str(MINI)) == MINI
    with pytest.raises(UnknownScenarioError, match=r"unknown scenario 'c-game'; known scenarios: a-game, b-game"):
        resolve_scenario("c-game")
    with pytest.raises(UnknownScenarioError, match="unknown scenario 'sources'"):
        resolve_scenario("sources")
    with pytest.raises(UnknownScenarioError, match="no scenario file '../x.yaml'"):
        resolve_scenario("../x.yaml")


def test_catalog_defaults() -> None:
    assert DEFAULT_SCENARIO == "lisbon-2010"
    assert catalog.SCENARIO_DIR == Path(catalog.__file__).resolve().parents[2] / "scenarios"
    assert all(p.suffix == ".yaml" and p.name != "sources.yaml" for p in list_scenarios())
    assert MINI in list_scenarios(FIXTURES) and SOURCES not in list_scenarios(FIXTURES)


# --- the JSON Schema --------------------------------------------------------------------------------------


def test_committed_schema_is_up_to_date() -> None:
    assert SCHEMA_PATH.is_file(), "run: python -m game.scenario.schema"
    committed = SCHEMA_PATH.read_text(encoding="utf-8")
    assert json.loads(committed) == scenario_schema(), "schema is stale; run: python -m game.scenario.schema"
    assert committed == schema_text()


def test_schema_header_and_write(tmp_path: Path) -> None:
    schema = scenario_schema()
    assert list(schema)[:2] == ["$schema", "title"]
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["additionalProperties"] is False and "roles" in schema["required"]
    written = write_schema(tmp_path / "s.json")
    assert written.read_text(encoding="utf-8").endswith("}\n")
