"""The one matcher's rules, each on content built in the test, and the near misses that
learners typed on the built-in content."""

import json

import pytest

from cyberdip_cli.kb.match import match_choice, singular, stem_key


@pytest.fixture
def pack(tmp_path):
    """A tiny standalone content set whose names exercise every rule."""
    (tmp_path / "content.yaml").write_text(
        """
topics:
  - {id: basics, title: Basics}
sources:
  - {id: s1, title: A source, issuer: Tests, type: secondary}
terms:
"""
        + "".join(
            f"""  - id: {tid}
    term: {name}
    acronym: {acronym}
    aliases: {aliases}
    topic: basics
    axis: both
    summary: A term for the matcher tests.
    definition: >-
      This definition exists only so that the validator accepts the term; it says nothing
      at all about the subject and has enough words to pass the length check, which wants
      forty words or more in a definition, so here are a few more words to reach it safely.
    eu_context: Used only by the tests.
    see_also: [norms]
    sources: [s1]
"""
            for tid, name, acronym, aliases in [
                ("csirts-network", "CSIRTs network", "null", "[]"),
                ("norms", "Norms of responsible behaviour", "null", "[]"),
                ("budapest-convention", "Budapest Convention on Cybercrime", "null", "[]"),
                ("mutual-assistance", "Mutual assistance clause", "null", "[Article 42(7) TEU]"),
                ("attribution", "Attribution", "null", "[]"),
                ("attrition", "Attrition warfare", "null", "[]"),
                ("cyber-toolbox", "Cyber Diplomacy Toolbox", "null", "[toolbox]"),
                ("hybrid-toolbox", "Hybrid Toolbox", "null", "[]"),
                ("deterrence", "Deterrence", "null", "[]"),
                ("deference", "Deference", "null", "[]"),
            ]
        ),
        encoding="utf-8",
    )
    return ["--no-builtin", "--content", str(tmp_path)]


@pytest.mark.parametrize(
    ("query", "expected", "rule_note"),
    [
        ("norms", "Norms of responsible behaviour", None),  # exact id
        ("norm", "Norms of responsible behaviour", "showing"),  # plural folded
        ("toolboxes", "Cyber Diplomacy Toolbox", "showing"),  # plural of an alias
        ("Budapest", "Budapest Convention on Cybercrime", "showing"),  # unique prefix
        ("Article 42(7)", "Mutual assistance clause", "showing"),  # prefix of an alias
        ("CSIRT", "CSIRTs network", "showing"),  # a whole word, plural folded
        ("attributon", "Attribution", "showing"),  # a typo well ahead of the next
    ],
)
def test_each_rule_shows_one_entry(cli, pack, query, expected, rule_note):
    code, out, err = cli(*pack, "define", query)
    assert code == 0, err
    assert expected in out
    if rule_note:
        assert err == f"showing {expected} for '{query}'\n"
    else:
        assert err == ""


def test_two_close_entries_exit_1_with_did_you_mean(cli, pack):
    code, out, err = cli(*pack, "define", "deferrence")  # 90 and 95: too close to choose
    assert code == 1 and out == ""
    assert "did you mean" in err and "Deterrence" in err and "Deference" in err


def test_a_word_in_several_names_is_not_a_match(cli, pack):
    code, _out, err = cli(*pack, "define", "network", "toolbox", "zz")
    assert code == 1 and err.startswith("error: no term matches")


def test_plural_folding():
    assert [singular(w) for w in ("norms", "toolboxes", "policies", "sanctions", "ransomware")] == [
        "norm",
        "toolbox",
        "policy",
        "sanction",
        "ransomware",
    ]
    assert stem_key("Sanctions") == stem_key("sanction") and singular("gas") == "gas"


def test_closed_choices_use_the_same_rules():
    assert match_choice("internatonal", ["international", "internal", "both"]).entry[1] == (
        "international"
    )
    assert match_choice("inter", ["international", "internal", "both"]).entry is None
    assert match_choice("inte", ["international", "internal", "both"]).suggestions


# The near misses seen by learners on the built-in content: each resolves in one step.
NEAR_MISSES = [
    (["define", "CSIRT"], "csirts-network"),
    (["define", "Article 42(7)"], "article-42-7-teu"),
    (["define", "Budapest"], "budapest-convention"),
    (["define", "norm"], "norms"),
    (["define", "toolboxes"], "cyber-diplomacy-toolbox"),
    (["toolbox", "sanction"], "sanctions"),
    (["toolbox", "demarche"], "demarches"),
]


@pytest.mark.parametrize(("args", "expected_id"), NEAR_MISSES)
def test_near_misses_resolve_in_one_step(cli, args, expected_id):
    code, out, err = cli(*args, "--json")
    assert code == 0, err
    assert json.loads(out)["id"] == expected_id
    assert err.startswith("showing ")


def test_timeline_topic_near_miss(cli):
    code, out, err = cli("timeline", "--topic", "sanction", "--json")
    assert code == 0, err
    assert {e["topic"] for e in json.loads(out)} == {"sanctions"}
