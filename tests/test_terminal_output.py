"""What the terminal shows: the pager, narrow and wide tables, --plain lines for grep, the
narrowest width, and plural forms.

The views render tests/fixtures/valid plus a stress pack built here: ids as long as the
schema allows in practice, a URL far wider than any terminal, a definition of some sixty
lines and thirty events, so that every view meets the widths that used to break it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO

SGR = re.compile(r"\x1b\[[0-9;]*m")
RAW_ESCAPE = re.compile(r"\x1b|ESC\[|\^\[|\[[0-9;]*m")
BOX = "╭╮╰╯│─├┤┬┴┼"
WIDTHS = (40, 80, 100, 120)

LONG_TERM = "responsible-behaviour-stress-term-x"  # 35 characters, like the longest real id
LONG_SOURCE = "s-long-url"
LONG_URL = "https://example.org/" + "/".join(
    f"segment-{n:02d}-of-a-very-long-path" for n in range(6)
)
NOTE_URL = "https://example.org/note/" + "-".join(["a-link-inside-a-note"] * 6)
EVENT_IDS = [f"stress-event-{n:02d}-long-identifier" for n in range(30)]  # as long as real ones
SENTENCE = (
    "This sentence is here to make the definition long enough to need a pager in a terminal "
    "of forty rows, at forty columns and at eighty. "
)


def _stress_pack(root: Path) -> Path:
    """A valid pack beside the fixtures: the long cases every view has to hold whole."""
    import yaml

    pack = root / "stress"
    pack.mkdir()
    data = {
        "pack": {"name": "Stress pack", "description": "Long ids, a long URL, many events."},
        "sources": [
            {
                "id": LONG_SOURCE,
                "title": "A source whose URL is wider than any terminal",
                "issuer": "Stress issuer",
                "date": "2021-06",
                "url": LONG_URL,
                "type": "secondary",
                "note": f"The same text is mirrored at {NOTE_URL}, which is as long as they come.",
            }
        ],
        "terms": [
            {
                "id": LONG_TERM,
                "term": "Responsible behaviour stress term with a long name",
                "topic": "basics",
                "axis": "both",
                "summary": "A term with an id as long as the longest real one.",
                "definition": SENTENCE * 5,  # the longest the schema allows is 150 words
                "eu_context": SENTENCE * 20,
                "see_also": ["alpha"],
                "sources": [LONG_SOURCE],
            }
        ],
        "timeline": [
            {
                "id": event_id,
                "date": f"20{10 + n % 10}-0{1 + n % 9}-1{n % 10}",
                "title": f"Stress event number {n} for the timeline",
                "text": "Something dated happened, written long enough to wrap in a narrow cell.",
                "axis": ("international", "internal", "both")[n % 3],
                "topic": "basics",
                "terms": [LONG_TERM, "alpha"] if n % 2 else [LONG_TERM],
                "sources": [LONG_SOURCE],
            }
            for n, event_id in enumerate(EVENT_IDS)
        ],
    }
    (pack / "stress.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return pack


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> list[str]:
    pack = _stress_pack(tmp_path_factory.mktemp("packs"))
    return ["--no-builtin", "--content", str(FIXTURES / "valid"), "--content", str(pack)]


def test_stress_pack_is_valid(cli, content):
    """The store refuses invalid content, so a view that opens proves the pack valid."""
    code, out, err = cli(*content, "define", LONG_TERM, "--json")
    assert code == 0, err
    assert json.loads(out)["id"] == LONG_TERM


# --------------------------------------------------------------------------- 2. widths

# Each view, and where to find in its JSON the ids it shows (they must appear whole).
VIEWS: dict[str, tuple[list[str], object]] = {
    "tour": (["tour"], lambda j: []),
    "define": (["define", LONG_TERM], lambda j: [s["id"] for s in j["see_also"]]),
    "define-short": (["define", "alpha"], lambda j: [s["id"] for s in j["see_also"]]),
    "define-list": (["define"], lambda j: [x["id"] for x in j]),
    "toolbox": (
        ["toolbox"],
        lambda j: (
            [m["id"] for c in j["categories"] for m in c["measures"]]
            + [c["id"] for c in j["categories"]]
        ),
    ),
    "toolbox-measure": (["toolbox", "dialogue-measure"], lambda j: [t["id"] for t in j["terms"]]),
    "toolbox-sanctions": (
        ["toolbox", "sanctions"],
        # The table names incidents (names may wrap at spaces); the listing ids stay whole.
        lambda j: [],
    ),
    "toolbox-ladder": (
        ["toolbox", "--ladder"],
        lambda j: [r["opens"]["id"] for r in j["rungs"] if r["opens"]],
    ),
    "axes": (["axes"], lambda j: []),
    "axes-international": (["axes", "international"], lambda j: []),
    "timeline": (["timeline"], lambda j: [e["id"] for e in j] + [x for e in j for x in e["terms"]]),
    "sources": (["sources"], lambda j: [s["id"] for s in j]),
    "source-long-url": (["sources", LONG_SOURCE], lambda j: []),  # names, not ids
    "source-s2": (["sources", "s2"], lambda j: []),  # names what cites it, not ids
    "search": (
        ["search", "stress"],
        lambda j: [r["id"] for r in j["results"] if r["id"] in r["open"]],
    ),
    "incidents": (["incident"], lambda j: []),
    "incident": (["incident", "fixture-breach"], lambda j: [t["id"] for t in j["terms"]]),
    "drill-handout": (["drill", "drill-fixture", "--read"], None),
}
URLS = {LONG_URL, NOTE_URL, "https://example.org/commentary"}


def _lines_ok(out: str, width: int) -> list[str]:
    """The lines wider than the terminal that are not a whole URL on a line of its own."""
    return [
        line
        for line in out.splitlines()
        if len(line) > width and not re.fullmatch(r"https?://\S+", line)  # nothing beside it
    ]


def _whole(out: str, ident: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(ident)}(?![\w-])", out) is not None


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("plain", [False, True], ids=["boxed", "plain"])
@pytest.mark.parametrize("name", sorted(VIEWS))
def test_every_view_holds_ids_labels_and_urls_whole(cli, content, name, plain, width):
    args, ids_of = VIEWS[name]
    js, ids = "", []
    if ids_of is not None:
        code, js, err = cli(*content, *args, "--json")
        assert code == 0, err
        ids = ids_of(json.loads(js))
    env = {} if plain else {"FORCE_COLOR": "1"}  # NO_COLOR stays: boxes without colour
    code, out, err = cli(*content, *args, *(["--plain"] if plain else []), columns=width, env=env)
    assert code == 0, err
    out = SGR.sub("", out)
    assert out.strip()
    if plain:
        assert not any(c in out for c in BOX), "--plain draws no boxes"
    assert not _lines_ok(out, width), "a line is wider than the terminal"
    assert "…" not in out, "a label was cut"
    room = width - 2 if plain else width - 6  # an id longer than its room cannot be whole
    for ident in ids:
        assert len(ident) > room or _whole(out, ident), f"id {ident!r} was split or cut"
    for url in URLS:
        if url[:24] in out:  # shown by this view: whole, on one line
            assert any(url in line for line in out.splitlines()), "a URL was wrapped or cut"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("plain", [False, True], ids=["boxed", "plain"])
def test_drill_list_holds_its_ids_whole(width, plain):
    """Drawn directly: the `drill` list command needs the progress work still in progress."""
    from rich.console import Console

    from cyberdip_cli.render.drill import render_drills
    from cyberdip_cli.runtime import Look

    rows = [
        {
            "id": f"drill-{name}",
            "title": f"A drill on {name}, with a title long enough to wrap",
            "incident": name,
            "last_score": score,
            "due": due,
        }
        for name, score, due in [
            ("operation-cloud-hopper", None, None),
            ("microsoft-exchange-2021", 0.5, "2026-03-01T10:00:00"),
        ]
    ]
    console = Console(width=width, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(render_drills(Look(plain=plain), rows))
    out = console.export_text()
    assert not _lines_ok(out, width) and "…" not in out
    for row in rows:
        assert _whole(out, row["id"]) and _whole(out, row["incident"])
    assert "2 drills" in out


@pytest.mark.parametrize("width", WIDTHS)
def test_drill_decisions_are_a_table_only_where_both_texts_get_room(width):
    from types import SimpleNamespace

    from rich.console import Console

    from cyberdip_cli.render.drill import _decisions
    from cyberdip_cli.runtime import Look

    results = [
        SimpleNamespace(
            step={"prompt": "How sure is the attribution, on what was public at the time?"},
            choice={"text": "Attribute it publicly now, with the partners who share the view"},
            score=0.5,
        )
    ]
    console = Console(width=width, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(_decisions(Look(), results))
    out = console.export_text()
    assert not _lines_ok(out, width) and "…" not in out and "defensible" in out
    assert ("┬" in out) == (width >= 80)


def test_boxed_views_are_boxed_and_tables_come_back_when_wide(cli, content):
    env = {"FORCE_COLOR": "1"}
    _, narrow, _ = cli(*content, "timeline", columns=80, env=env)
    _, wide, _ = cli(*content, "timeline", columns=120, env=env)
    assert "┬" not in narrow and "Stress event number 0" in narrow  # stacked
    assert "┬" in wide  # a table again where its columns fit
    _, axes_wide, _ = cli(*content, "axes", columns=100, env=env)
    assert "Instruments " in SGR.sub("", axes_wide)  # the row label whole, not "Instrume…"


def test_a_long_url_gets_a_line_of_its_own_outside_the_frame(cli, content):
    _, out, _ = cli(*content, "sources", LONG_SOURCE, columns=80, env={"FORCE_COLOR": "1"})
    lines = SGR.sub("", out).splitlines()
    assert LONG_URL in lines and NOTE_URL in lines  # nothing else on the line: no border
    assert all(len(line) <= 80 for line in lines if line not in (LONG_URL, NOTE_URL))
    assert "which is as long as they come." in out


def test_a_border_title_too_long_for_the_frame_moves_inside_whole(cli, content):
    _, out, _ = cli(*content, "toolbox", "--ladder", columns=40, env={"FORCE_COLOR": "1"})
    out = SGR.sub("", out)
    flat = " ".join(line.strip("│ ") for line in out.splitlines())
    assert "for the escalation ladder" in flat  # was cut to "--ladder for t─╯"
    assert all(len(line) == 40 for line in out.splitlines() if line[:1] in "╭│╰")


# --------------------------------------------------------------------------- 3. plain


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("flags", [["--plain"], []], ids=["--plain", "piped"])
def test_plain_timeline_is_one_line_per_title_and_id_for_grep(cli, content, flags, width):
    code, out, _ = cli(*flags, *content, "timeline", columns=width)
    assert code == 0
    lines = out.splitlines()
    for n, event_id in enumerate(EVENT_IDS):
        assert sum(event_id in line for line in lines) == 1, event_id  # grep -c finds it
        title = f"Stress event number {n} for the timeline"
        assert any(line.endswith(title) and line.startswith("20") for line in lines), title
    assert not any(c in out for c in BOX)


def test_piped_output_is_plain_unless_force_color(cli, content):
    _, piped, _ = cli(*content, "toolbox")
    assert not any(c in piped for c in BOX)
    _, forced, _ = cli(*content, "toolbox", env={"FORCE_COLOR": "1"})
    assert "╭" in forced


CONTENT_COMMANDS = [
    ["define", "alpha"],
    ["toolbox"],
    ["axes"],
    ["timeline"],
    ["sources"],
    ["search", "fixture"],
    ["tour"],
    ["incident"],
    ["drill", "drill-fixture", "--read"],
]


@pytest.mark.parametrize("args", CONTENT_COMMANDS, ids=lambda a: a[0])
def test_plain_after_the_command_means_what_it_means_before(cli, content, args):
    env = {"FORCE_COLOR": "1"}  # not plain by default, so only --plain can make it plain
    code, after, err = cli(*content, *args, "--plain", columns=80, env=env)
    assert code == 0, err
    _, before, _ = cli("--plain", *content, *args, columns=80, env=env)
    assert after == before
    assert not any(c in after for c in BOX) and "\x1b" not in after


# --------------------------------------------------------------------------- 4. width floor


@pytest.mark.parametrize("columns", [0, 5])
def test_a_width_below_20_is_drawn_at_20(cli, content, columns):
    code, out, err = cli(*content, "define", "alpha", columns=columns)
    assert code == 0, err
    assert "Alpha" in out and "Definition" in out
    from cyberdip_cli.console import MIN_WIDTH, make_console

    os.environ["COLUMNS"] = str(columns)
    try:
        assert make_console().width == MIN_WIDTH == 20
    finally:
        os.environ["COLUMNS"] = "100"


# --------------------------------------------------------------------------- 5. plurals


def test_plural():
    from cyberdip_cli.render.common import plural

    assert plural(1, "day") == "1 day"
    assert plural(0, "day") == "0 days"
    assert plural(2, "entity", "entities") == "2 entities"
    assert plural(1, "entity", "entities") == "1 entity"


def test_views_write_plural_forms_not_parentheses(cli, content):
    from rich.console import Console

    from cyberdip_cli.render.incident import span_text
    from cyberdip_cli.render.progress import render_progress
    from cyberdip_cli.runtime import Look

    assert span_text({"days": 1}) == "1 day" and span_text({"months": 1}) == "about 1 month"
    data = {
        "answered": 1,
        "correct": 1,
        "accuracy": 1.0,
        "questions_seen": 1,
        "questions_available": 4,
        "mastered": 0,
        "due_today": 0,
        "due_this_week": 1,
        "streak_days": 1,
        "topics": {"basics": {"answered": 1, "accuracy": 1.0}},
        "weakest_terms": [{"term": "alpha", "accuracy": 1.0, "attempts": 1}],
    }
    console = Console(width=80, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(render_progress(Look(), data))
    text = console.export_text()
    assert "1 day" in text and "(s)" not in text and "1 answer" in text
    for args in (["incident"], ["toolbox", "sanctions"], ["timeline"], ["tour"]):
        _, out, _ = cli(*content, *args)
        assert "(s)" not in out and not re.search(r"\b1 (events|sources|terms|rounds)\b", out)


# --------------------------------------------------------------------------- 1. the pager


def test_pager_is_chosen_as_git_chooses_it():
    from cyberdip_cli.console import pager_for

    base = {"PATH": os.environ.get("PATH", "")}
    if shutil.which("less"):
        pager = pager_for(base)
        assert pager.command == "less" and pager.env["LESS"] == "FRX" and pager.styles
        assert not pager_for({**base, "LESS": "-i"}).styles  # the user's LESS, kept: no -R
        assert pager_for({**base, "LESS": "-iR"}).styles
    assert pager_for({**base, "PAGER": "less -R", "LESS": "-i"}).styles
    assert not pager_for({**base, "PAGER": "more"}).styles
    assert not pager_for({**base, "PAGER": "sed s/^/x/"}).styles
    assert pager_for({**base, "PAGER": ""}) is None and pager_for({**base, "PAGER": "cat"}) is None


def test_lean_start_up_keeps_the_pager_out_of_a_plain_define():
    code = (
        "import sys, io, contextlib\n"
        "from cyberdip_cli.__main__ import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--no-builtin', '--content', sys.argv[1], 'define', 'alpha'])\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(FIXTURES / "valid")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    # The pager's own imports (shlex; pydoc is no longer used) wait until something pages,
    # and a term's panel needs no table.
    for module in ("shlex", "pydoc", "rich.table"):
        assert module not in out, module


pexpect = pytest.importorskip("pexpect")


def _spawn(args, home, rows, cols, **env):
    full = {**os.environ, "CYBERDIP_HOME": str(home), "TERM": "xterm", **env}
    for name in ("NO_COLOR", "COLUMNS", "LINES", "LESS", "LV"):
        full.pop(name, None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "cyberdip_cli", *args],
        env=full,
        encoding="utf-8",
        dimensions=(rows, cols),
        timeout=30,
    )
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, child.before


@pytest.mark.slow
def test_more_and_unknown_pagers_get_no_escape_codes(tmp_path, isolated_home, content):
    paged = tmp_path / "paged.txt"
    code, _ = _spawn(
        [*content, "define", LONG_TERM], isolated_home, 40, 40, PAGER=f"cat > '{paged}'"
    )
    assert code == 0
    text = paged.read_text(encoding="utf-8")
    assert "Responsible behaviour stress term" in text and "\x1b" not in text


def _tmux_ok() -> str | None:
    if shutil.which("tmux") is None:
        return "tmux is not installed (apt-get install -y tmux)"
    if shutil.which("less") is None:
        return "less is not installed (apt-get install -y less)"
    return None


@pytest.mark.slow
@pytest.mark.skipif(_tmux_ok() is not None, reason=str(_tmux_ok()))
@pytest.mark.parametrize("width", [40, 80])
@pytest.mark.parametrize(
    ("args", "rows", "top"),
    [
        (["toolbox"], 12, "╭─ Fixture framework"),
        (["timeline"], 40, "Stress event number 0 for the timeline"),
        (["define", LONG_TERM], 40, "Responsible behaviour stress term"),
    ],
    ids=["toolbox", "timeline", "define"],
)
def test_default_pager_in_tmux_shows_no_raw_escapes(
    tmp_path, isolated_home, content, args, rows, top, width
):
    """With PAGER and LESS unset (the usual case) the view opens in less, which is given
    LESS=FRX: the screen shows the drawn view, top first, and never ESC[1m."""
    socket = tmp_path / "tmux.sock"  # a server of its own, gone with the test's folder
    unset = " ".join(
        f"-u {name}" for name in ("PAGER", "LESS", "LV", "NO_COLOR", "COLUMNS", "LINES")
    )
    cli_args = " ".join(f"'{a}'" for a in [sys.executable, "-m", "cyberdip_cli", *content, *args])
    command = (
        f"env {unset} CYBERDIP_HOME='{isolated_home}' PYTHONPATH='{REPO}' {cli_args}; "
        "echo EXIT=$?; sleep 30"
    )
    tmux = ["tmux", "-S", str(socket), "-f", "/dev/null"]

    def screen() -> str:
        return subprocess.run(
            [*tmux, "capture-pane", "-p", "-t", "main"], capture_output=True, text=True, check=True
        ).stdout

    subprocess.run(
        [*tmux, "new-session", "-d", "-s", "main", "-x", str(width), "-y", str(rows), command],
        check=True,
    )
    try:
        shown = ""
        for _ in range(100):
            time.sleep(0.2)
            shown = screen()
            if shown.rstrip().endswith(":") or "EXIT=" in shown:
                break
        assert "EXIT=" not in shown, "the view did not page:\n" + shown
        subprocess.run([*tmux, "send-keys", "-t", "main", "q"], check=True)
        after = ""
        for _ in range(50):
            time.sleep(0.2)
            after = screen()
            if "EXIT=" in after:
                break
    finally:
        subprocess.run([*tmux, "kill-server"], check=False, capture_output=True)
    lines = shown.splitlines()
    assert not RAW_ESCAPE.search(shown), "raw escape codes on screen:\n" + shown
    assert all(len(line) <= width for line in lines), shown
    framed = [line for line in lines if line[:1] in "╭│╰├"]
    assert len({len(line) for line in framed}) <= 1, "misaligned boxes:\n" + shown
    assert top in " ".join(line.strip("│ ") for line in lines[:3]), (
        "the top scrolled away:\n" + shown
    )
    assert "EXIT=0" in after
