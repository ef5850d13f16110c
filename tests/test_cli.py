"""Each command end to end (in-process through the real entry point): human output beside its
--json twin, exit codes, help and documentation."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cyberdip_cli.app import command

README = Path(__file__).resolve().parent.parent / "README.md"
ANSI = re.compile(r"\x1b\[")
COMMANDS = sorted(command().commands)


def test_every_command_has_help_with_an_example(cli):
    for name in COMMANDS:
        code, out, err = cli(name, "--help")
        assert code == 0, (name, err)
        assert "Usage: cyberdip" in out
        assert "Examples:" in out, f"{name} --help has no example"


def test_every_command_is_documented_in_the_readme():
    text = README.read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"cyberdip {name}" in text, f"README does not document `cyberdip {name}`"


def test_version_and_python_m(cli):
    code, out, _ = cli("--version")
    assert code == 0 and out.startswith("cyberdip ")


def test_no_argument_shows_the_tour(cli):
    code, out, _ = cli()
    assert code == 0
    assert "Try next" in out and "cyberdip define" in out


def test_tour_json_twin(cli):
    code, out, _ = cli("tour", "--json")
    data = json.loads(out)
    assert code == 0 and data["counts"]["terms"] >= 90
    assert next(s["command"] for s in data["next"]).startswith("cyberdip define")


@pytest.mark.parametrize(
    "query",
    ["cyber diplomacy", "Cyber-Diplomacy", "CYBER DIPLOMACY", "cyberdiplomacy", "cýber diplomäcy"],
)
def test_define_matches_case_hyphen_and_accent_insensitively(cli, query):
    code, out, _ = cli("define", *query.split(), "--json")
    assert code == 0
    assert json.loads(out)["id"] == "cyber-diplomacy"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("GGE", "un-gge"),
        ("cyber security", "cybersecurity"),
        ("NIS2", "nis2-directive"),
        ("2019/797", "decision-cfsp-2019-797"),
    ],
)
def test_define_finds_acronyms_and_aliases(cli, query, expected):
    code, out, _ = cli("define", query, "--json")
    assert code == 0 and json.loads(out)["id"] == expected


def test_define_human_and_json_show_the_same_term(cli):
    code, out, _ = cli("define", "attribution")
    assert code == 0
    _, js, _ = cli("define", "attribution", "--json")
    data = json.loads(js)
    assert data["term"] in out and data["summary"][:40] in out.replace("\n", " ").replace("│", "")
    for src in data["sources"]:
        assert f"[{src['id']}]" in out
    for rel in data["see_also"]:
        assert rel["id"] in out
    assert "Definition" in out and "In the EU context" in out


def test_define_shows_where_the_blog_post_differs(cli):
    _, js, _ = cli("define", "bundestag", "hack", "--json")
    data = json.loads(js)
    assert data["blog_notes"], "the Bundestag hack must carry the blog post's 2021 mix-up"
    _code, out, _ = cli("define", "bundestag", "hack")
    assert data["labels"]["blog_differs"] in out and "seed" not in out.lower()


@pytest.mark.parametrize(
    ("typo", "expected"), [("cyber diplomcy", "Cyber diplomacy"), ("attributon", "Attribution")]
)
def test_define_typo_shows_the_right_term(cli, typo, expected):
    code, out, err = cli("define", *typo.split())
    assert code == 0 and expected in out
    assert err == f"showing {expected} for '{typo}'\n"


def test_define_without_term_lists_by_topic_and_list_is_one_id_per_line(cli):
    code, out, _ = cli("define")
    assert code == 0 and "Core concepts" in out and "terms." in out
    code, out, _ = cli("define", "--list")
    ids = out.split()
    assert code == 0 and "cyber-diplomacy" in ids and len(ids) >= 90
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids)


def test_toolbox_overview_and_json(cli):
    code, out, _ = cli("toolbox")
    assert code == 0
    _, js, _ = cli("toolbox", "--json")
    data = json.loads(js)
    assert len(data["categories"]) == 5
    for cat in data["categories"]:
        assert cat["name"] in out
        for m in cat["measures"]:
            assert m["id"] in out
    assert "cyberdip toolbox --ladder" in out


def test_toolbox_category_and_measure_detail(cli):
    code, out, _ = cli("toolbox", "restrictive", "--json")
    data = json.loads(code == 0 and out)
    assert data["kind"] == "category" and data["measures"]
    measure = data["measures"][0]["id"]
    code, out, _ = cli("toolbox", measure)
    assert code == 0
    for heading in ("Who decides, and how", "Legal basis", "Sources"):
        assert heading in out


def test_toolbox_fuzzy_name(cli):
    code, out, _ = cli("toolbox", "preventiv", "--json")
    assert code == 1 or json.loads(out)["id"] == "preventive"


def test_toolbox_sanctions_lists_every_listing_with_totals(cli):
    code, js, _ = cli("toolbox", "sanctions", "--json")
    data = json.loads(js)
    assert code == 0 and len(data["listings"]) >= 4
    assert data["totals"]["persons"] == sum(x["persons"] for x in data["listings"])
    code, out, _ = cli("toolbox", "sanctions")
    for listing in data["listings"]:
        assert listing["date"] in out
    assert "Total" in out


def test_toolbox_ladder_orders_soft_to_hard(cli):
    code, js, _ = cli("toolbox", "--ladder", "--json")
    rungs = json.loads(js)["rungs"]
    assert code == 0 and [r["rung"] for r in rungs] == list(range(1, len(rungs) + 1))
    assert rungs[-1]["outside_toolbox"] and not rungs[0]["outside_toolbox"]
    code, out, _ = cli("toolbox", "--ladder")
    assert "outside the toolbox" in out


def test_toolbox_typo_shows_the_regime_and_a_real_miss_exits_1(cli):
    code, _, err = cli("toolbox", "sanktions")
    assert code == 0 and err.startswith("showing EU cyber sanctions regime for 'sanktions'")
    code, _out, err = cli("toolbox", "zzqqxx")
    assert code == 1 and err.startswith("error: no toolbox entry matches")


def test_axes_side_by_side_and_stacked(cli):
    code, wide, _ = cli("axes", columns=120)
    assert code == 0 and "International (outward)" in wide
    code, narrow, _ = cli("axes", columns=40)
    assert code == 0
    assert max(len(line) for line in narrow.splitlines()) <= 40


def test_axes_detail_lists_six_internal_achievements(cli):
    code, js, _ = cli("axes", "internal", "--json")
    data = json.loads(js)
    assert code == 0 and len(data["features"]) == 6 and len(data["priorities"]) == 3
    code, out, _ = cli("axes", "internal")
    assert data["features_heading"] in out and "define:" in out


def test_axes_unknown_is_a_usage_error(cli):
    code, _, err = cli("axes", "sideways")
    assert code == 2 and err.startswith("error: unknown axis")


def test_timeline_filters(cli):
    code, js, _ = cli("timeline", "--from", "2019", "--to", "2020", "--json")
    events = json.loads(js)
    assert code == 0 and events
    assert all(2019 <= int(e["date"][:4]) <= 2020 for e in events)
    _, js, _ = cli("timeline", "--axis", "internal", "--json")
    assert all(e["axis"] in ("internal", "both") for e in json.loads(js))
    code, out, _ = cli("timeline", "--from", "2019", "--to", "2019")
    assert code == 0 and "2019" in out and "events." in out


def test_timeline_bad_filters(cli):
    assert cli("timeline", "--from", "2022", "--to", "2020")[0] == 2
    assert cli("timeline", "--topic", "nope")[0] == 2
    assert cli("timeline", "--from", "1950", "--to", "1960")[0] == 1


def test_sources_list_and_detail_with_citations(cli):
    code, js, _ = cli("sources", "--json")
    assert code == 0 and len(json.loads(js)) >= 40
    code, js, _ = cli("sources", "s3", "--json")
    data = json.loads(js)
    assert data["type"] == "primary" and data["cited_by"]
    kinds = {c["kind"] for c in data["cited_by"]}
    assert "term" in kinds
    code, out, _ = cli("sources", "s3")
    assert "Cited by" in out and "Council Decision (CFSP) 2019/797" in out


def test_search_ranks_and_tells_how_to_open(cli):
    code, js, _ = cli("search", "sanctions", "--json")
    data = json.loads(js)
    assert code == 0 and data["results"]
    assert all(r["open"].startswith("cyberdip ") for r in data["results"])
    code, out, _ = cli("search", "sanctions")
    assert data["results"][0]["id"] in out


def test_search_corrects_typos_and_misses_exit_1(cli):
    code, js, _ = cli("search", "ransomwear", "--json")
    data = json.loads(js)
    assert code == 0 and data["corrected"] == "ransomware"
    code, _, err = cli("search", "qqqqzzzz")
    assert code == 1 and err.startswith("error: nothing matches")


def test_piped_output_has_no_ansi_codes_even_without_no_color(cli, monkeypatch):
    monkeypatch.delenv("NO_COLOR")
    for args in (
        ["tour"],
        ["define", "gge"],
        ["toolbox"],
        ["axes"],
        ["timeline"],
        ["search", "nis2"],
    ):
        code, out, _ = cli(*args)
        assert code == 0 and not ANSI.search(out), args


def test_plain_mode_has_no_box_drawing(cli):
    code, out, _ = cli("--plain", "define", "gge")
    assert code == 0 and "╭" not in out and "│" not in out


def test_unknown_option_is_one_clear_line_exit_2(cli):
    code, _out, err = cli("define", "--bogus")
    assert code == 2
    assert err.splitlines()[0] == "error: No such option: --bogus"
    assert "Traceback" not in err


def test_check_passes_on_builtin_content(cli):
    code, out, _ = cli("check")
    assert code == 0 and out.startswith("ok:")


def test_new_pack_is_valid_and_loads_beside_builtin(cli, tmp_path):
    pack = tmp_path / "pack"
    assert cli("new-pack", str(pack))[0] == 0
    code, out, _ = cli("check", str(pack))
    assert code == 0, out
    code, js, _ = cli("--content", str(pack), "define", "tabletop exercise", "--json")
    assert code == 0 and json.loads(js)["id"] == "pack-tabletop-exercise"  # from the folder
    assert cli("new-pack", str(pack))[0] == 1  # never over an existing pack


def test_content_pack_from_environment(cli, tmp_path):
    pack = tmp_path / "pack"
    cli("new-pack", str(pack))
    code, js, _ = cli("define", "ttx", "--json", env={"CYBERDIP_CONTENT": str(pack)})
    assert code == 0 and json.loads(js)["id"] == "pack-tabletop-exercise"


def test_pack_clash_is_reported(cli, tmp_path):
    pack = tmp_path / "pack"
    cli("new-pack", str(pack))
    terms = pack / "terms.yaml"
    terms.write_text(terms.read_text().replace("id: pack-tabletop-exercise", "id: attribution"))
    code, out, _ = cli("check", str(pack))
    assert code == 1 and "[E214]" in out
    code, _, err = cli("--content", str(pack), "define", "attribution")
    assert code == 1 and "content is invalid" in err and "cyberdip check" in err


def test_help_pages_and_man_page(cli):
    code, out, _ = cli("help", "quiz")
    assert code == 0 and "Usage: cyberdip quiz" in out
    code, out, _ = cli("help", "--man")
    assert code == 0 and out.startswith(".TH CYBERDIP 1")
    for name in COMMANDS:
        assert f".SS {name}" in out
    assert cli("help", "nonsense")[0] == 2


def test_completion_candidates_come_from_content():
    from cyberdip_cli.complete import complete_terms, complete_toolbox, complete_topics

    assert "cyber-diplomacy" in complete_terms(None, "cyber-d")
    assert "sanctions" in complete_toolbox(None, "sa")
    assert complete_topics(None, "sanc") == ["sanctions"]


@pytest.mark.parametrize(
    ("shell", "env", "expected"),
    [
        ("bash", {"COMP_WORDS": "cyberdip define cyber-dip", "COMP_CWORD": "2"}, "cyber-diplomacy"),
        ("zsh", {"_TYPER_COMPLETE_ARGS": "cyberdip toolbox sa"}, "sanctions"),
        (
            "fish",
            {
                "_TYPER_COMPLETE_ARGS": "cyberdip quiz --topic sanc",
                "_TYPER_COMPLETE_FISH_ACTION": "get-args",
            },
            "sanctions",
        ),
        ("bash", {"COMP_WORDS": "cyberdip timeline --axis inter", "COMP_CWORD": "3"}, "internal"),
        ("zsh", {"_TYPER_COMPLETE_ARGS": "cyberdip search x --kind inci"}, "incident"),
        ("zsh", {"_TYPER_COMPLETE_ARGS": "cyberdip incident notp"}, "notpetya"),
        ("zsh", {"_TYPER_COMPLETE_ARGS": "cyberdip drill drill-w"}, "drill-wannacry"),
        ("zsh", {"_TYPER_COMPLETE_ARGS": "cyberdip compare nis2"}, "nis2-directive"),
        ("zsh", {"_TYPER_COMPLETE_ARGS": "cyberdip progress --export j"}, "json"),
    ],
)
def test_shell_completion_through_typer(monkeypatch, capsys, shell, env, expected):
    """Ask Typer's completion machinery for candidates, as each shell's script does."""
    from cyberdip_cli.__main__ import main

    monkeypatch.setenv("_CYBERDIP_COMPLETE", f"complete_{shell}")
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    with pytest.raises(SystemExit):
        main([])
    assert expected in capsys.readouterr().out


def test_start_up_imports_stay_lean():
    """Regression guards for measured start-up costs (docs/PERFORMANCE.md): no pydantic (Typer
    0.29 pulls it in, +86 ms), no rich.markdown in help (+75 ms), no YAML, rapidfuzz or fsrs
    on a warm lookup."""
    import subprocess
    import sys

    code = (
        "import sys, io, contextlib\n"
        "from cyberdip_cli.__main__ import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['define', 'gge']); main(['--help'])\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)  # compiles
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    for heavy in (
        "pydantic",
        "rich.markdown",
        "markdown_it",
        "rapidfuzz",
        "fsrs",
        "genanki",
        "yaml",
    ):
        assert heavy not in out, heavy
