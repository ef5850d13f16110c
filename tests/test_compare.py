"""`cyberdip compare`: two entries aligned field by field, a table when wide, stacked when narrow."""

import json


def view(cli, *args):
    code, out, err = cli("compare", *args, "--json")
    assert code == 0, err
    return json.loads(out)


def rows(data):
    return {r["field"]: (r["left"], r["right"]) for r in data["rows"]}


def test_nis_and_nis2_align_dates_basis_scope_and_succession(cli):
    data = view(cli, "NIS", "NIS2")
    assert (data["left"]["id"], data["right"]["id"]) == ("nis-directive", "nis2-directive")
    r = rows(data)
    assert r["Legal basis"] == ("Article 114 TFEU", "Article 114 TFEU")
    assert r["Replaced by"][0] == "NIS2 Directive" and r["Replaces"][1] == "NIS Directive"
    assert r["Since"] == ("2016-07-06", "2022-12-14")
    assert list(r)[-1] == "Sources"


def test_the_two_sanctions_regimes_compare(cli):
    data = view(cli, "sanctions", "russia-hybrid-regime")
    assert data["left"]["kind"] == data["right"]["kind"] == "sanctions"
    assert rows(data)["Since"] == ("2019-05-17", "2024-10-08")


def test_wide_is_a_table_and_narrow_is_stacked(cli):
    code, wide, _ = cli("compare", "GGE", "OEWG", columns=120, env={"FORCE_COLOR": "1"})
    assert code == 0 and "│" in wide
    code, narrow, _ = cli("compare", "GGE", "OEWG", columns=60)
    assert code == 0
    assert "UN Group of Governmental Experts (UN GGE): " in narrow
    assert all(len(line) <= 60 for line in narrow.splitlines())


def test_an_unknown_side_exits_1(cli):
    code, out, err = cli("compare", "NIS", "zzqqxx")
    assert code == 1 and out == "" and err.startswith("error: no entry matches 'zzqqxx'")
