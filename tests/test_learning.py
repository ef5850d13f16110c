"""Learning from every answer: partial credit and per-choice marks, practice, renamed
questions, content fingerprints and `changes`, leeches, one rounding, and the counts the
quiz opens with matching `progress`."""

import json
import random
from pathlib import Path

import pytest

from cyberdip_cli.quiz.scoring import Mark, grade
from cyberdip_cli.quiz.select import present

MULTI = {
    "id": "q-m",
    "type": "multi",
    "topic": "basics",
    "choices": ["A", "B", "C", "D"],
    "answer": ["A", "B", "C"],
}
ORDER = {"id": "q-o", "type": "order", "topic": "basics", "choices": ["1", "2", "3", "4"]}


def presented(question):
    return present(question, random.Random(1))


def test_multi_partial_credit_and_marks():
    p = presented(MULTI)
    right = [p.shown.index(c) for c in ("A", "B")]
    wrong = p.shown.index("D")
    assert grade(p, tuple(right)).score == pytest.approx(2 / 3)  # two of the three right
    g = grade(p, (*right, wrong))
    assert g.score == 0  # and the one wrong choice picked: 2/3 - 1/1
    assert g.marks[p.shown.index("C")] is Mark.MISSED
    assert g.marks[wrong] is Mark.WRONG and g.marks[right[0]] is Mark.RIGHT
    assert grade(p, tuple(range(4))).score == 0  # picking everything earns nothing
    assert grade(p, tuple(p.correct)).correct


def test_order_credit_is_the_share_in_place():
    p = presented(ORDER)
    picks = list(p.correct)
    picks[0], picks[1] = picks[1], picks[0]
    g = grade(p, tuple(picks))
    assert g.score == 0.5 and g.in_place == 2
    assert [m is Mark.WRONG for m in g.marks] == [True, True, False, False]


def write_pack(folder: Path, prompt: str = "Which letter is first?", rename: bool = False):
    folder.mkdir(exist_ok=True)
    qid = "q-pack-new" if rename else "q-pack-1"
    renamed = "    renamed_from: [q-pack-1]\n" if rename else ""
    (folder / "pack.yaml").write_text(
        f"""pack:
  name: Letters
questions:
  - id: {qid}
{renamed}    type: multi
    topic: concepts
    difficulty: 1
    prompt: {prompt}
    choices: [Alpha, Beta, Gamma, Delta]
    answer: [Alpha, Beta]
    explanation: Alpha and Beta come first.
    hint: Think of the Greek alphabet.
    terms: [cyber-diplomacy]
    sources: [s92]
""",
        encoding="utf-8",
    )
    return ["--content", str(folder)]


def letters_for(out: str, wanted: list[str]) -> str:
    """The letters the quiz showed for these choices (it shuffles them)."""
    letters = []
    for line in out.splitlines():
        for w in wanted:
            if line.strip().endswith(f") {w}"):
                letters.append(line.strip()[0])
    return ",".join(letters)


def play_pack(cli, args, answer_for: list[str], practice: bool = False):
    extra = ["--practice"] if practice else []
    _, shown, _ = cli(*args, "quiz", "--topic", "Letters", "--seed", "3", *extra, input="q\n")
    answer = letters_for(shown, answer_for)
    return cli(*args, "quiz", "--topic", "Letters", "--seed", "3", *extra, input=answer + "\n")


def test_a_partly_right_multi_answer_is_marked_choice_by_choice(cli, tmp_path):
    args = write_pack(tmp_path / "pack")
    code, out, err = play_pack(cli, args, ["Alpha", "Gamma"])
    assert code == 0, err
    assert "Partly right: 0% credit" not in out  # one right, one slip: 0 credit says "Not right"
    assert "[picked, right]" in out and "[picked, wrong]" in out and "[missed]" in out


def test_practice_saves_answers_but_schedules_nothing(cli, tmp_path):
    args = write_pack(tmp_path / "pack")
    code, _, err = play_pack(cli, args, ["Alpha", "Beta"], practice=True)
    assert code == 0, err
    data = json.loads(cli(*args, "progress", "--json")[1])
    assert data["answered"] == 1 and data["questions_seen"] == 0


def test_a_renamed_question_keeps_its_history(cli, tmp_path):
    folder = tmp_path / "pack"
    args = write_pack(folder)
    play_pack(cli, args, ["Alpha", "Beta"])
    write_pack(folder, rename=True)
    code, out, err = cli(*args, "progress", "--export", "json")
    assert code == 0, err
    assert "q-pack-new" in out and "q-pack-1" not in out


def test_changed_content_is_listed_and_served_again(cli, tmp_path):
    folder = tmp_path / "pack"
    args = write_pack(folder)
    play_pack(cli, args, ["Alpha", "Beta"])
    assert json.loads(cli(*args, "changes", "--json")[1]) == []
    write_pack(folder, prompt="Which two letters open the Greek alphabet?")
    changed = json.loads(cli(*args, "changes", "--json")[1])
    assert [c["id"] for c in changed] == ["q-pack-1"]
    assert [c["id"] for c in json.loads(cli(*args, "progress", "--json")[1])["changed"]] == [
        "q-pack-1"
    ]
    _, out, _ = cli(*args, "quiz", "--topic", "Letters", "--count", "1", input="q\n")
    assert "1 changed since you studied them" in out and "Greek alphabet" in out


def test_a_leech_is_listed_and_announced(cli, tmp_path):
    args = write_pack(tmp_path / "pack")
    _, shown, _ = cli(*args, "quiz", "--question", "q-pack-1", "--seed", "5", input="q\n")
    wrong = letters_for(shown, ["Gamma", "Delta"])
    for _ in range(8):
        cli(*args, "quiz", "--question", "q-pack-1", "--seed", "5", input=wrong + "\n")
    data = json.loads(cli(*args, "progress", "--json")[1])
    assert [q["id"] for q in data["leeches"]] == ["q-pack-1"]
    _, out, _ = cli(*args, "quiz", "--question", "q-pack-1", input="q\n")
    assert "A leech" in out


def test_quiz_opening_counts_match_progress(cli, tmp_path):
    args = write_pack(tmp_path / "pack")
    _, out, _ = cli(*args, "quiz", "--topic", "Letters", input="q\n")
    assert "This session: 0 due now, 1 new." in out
    play_pack(cli, args, ["Delta"])  # wrong: due again within minutes, later today
    data = json.loads(cli(*args, "progress", "--json")[1])
    assert (data["due_now"], data["due_later_today"]) == (0, 1)
    code, _, err = cli(*args, "quiz", "--topic", "Letters", input="q\n")
    assert code == 1 and "nothing is due now" in err and "1 more fall due later today" in err


def test_one_rounding_everywhere():
    from cyberdip_cli.render.common import percent

    assert percent(7, 9) == "78%" and percent(1, 8) == "13%" and percent(0, 0) == "n/a"
