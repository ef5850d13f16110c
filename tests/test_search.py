"""Search ranking: the entry named by the query first, then entries, then questions and
sources; a typo is corrected only when the correction names an entry; --kind and --limit."""

import json

import pytest


def results(cli, *args):
    code, out, err = cli("search", *args, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize(
    ("query", "kind", "entry"),
    [
        ("toolbox", "term", "cyber-diplomacy-toolbox"),
        ("sanctions", "sanctions", "sanctions"),
        ("nis2", "term", "nis2-directive"),
        ("cyber diplomacy", "term", "cyber-diplomacy"),
        ("Microsoft Exchange", "incident", "microsoft-exchange-2021"),
    ],
)
def test_the_main_entry_ranks_first(cli, query, kind, entry):
    top = results(cli, *query.split())["results"][0]
    assert (top["kind"], top["id"]) == (kind, entry)


def test_questions_and_sources_come_after_entries(cli):
    kinds = [r["kind"] for r in results(cli, "sanctions", "--limit", "100")["results"]]
    tail = {"question", "source"}
    first_tail = next(i for i, k in enumerate(kinds) if k in tail)
    assert all(k in tail for k in kinds[first_tail:]), kinds


def test_kind_and_limit_filter(cli):
    data = results(cli, "ransomware", "--kind", "incident", "--limit", "2")
    assert 0 < len(data["results"]) <= 2
    assert {r["kind"] for r in data["results"]} == {"incident"}


def test_unknown_kind_is_a_usage_error(cli):
    code, _, err = cli("search", "sanctions", "--kind", "gadget")
    assert code == 2 and "unknown kind" in err


def test_a_typo_is_corrected_when_the_correction_names_an_entry(cli):
    data = results(cli, "ransomwear")
    assert data["corrected"] == "ransomware" and data["results"][0]["id"] == "ransomware"


def test_a_correction_that_names_no_entry_is_not_used(cli):
    code, out, err = cli("search", "wether", "forecst")  # corrected words that name nothing
    assert code == 1 and out == ""
    assert err.startswith("error: nothing matches")


def test_two_typos_that_name_an_entry_are_corrected(cli):
    data = results(cli, "microsfot", "exchnge")
    assert data["corrected"] == "microsoft exchange"
    assert data["results"][0]["id"] == "microsoft-exchange-2021"
