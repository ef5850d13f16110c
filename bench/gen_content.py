"""Generate a valid synthetic content pack for benchmarks.

    python bench/gen_content.py DIR --terms 10000 --questions 10000

writes DIR/00-pack.yaml (the `pack:` section and the synthetic sources), DIR/terms/*.yaml
and DIR/questions/*.yaml. The pack layers on the built-in content: its terms use the
built-in topics (concepts, toolbox, ...), point `see_also` at other synthetic terms and
cite the synthetic sources; its questions mix the four types (single, multi, true_false,
order) with answers among their choices. Every id starts with `syn-` so nothing collides
with built-in content. The output is deterministic for a given --seed and validates with
`cyberdip check DIR`.

Only the standard library and PyYAML are used.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

import yaml

# The built-in topics (content/topics.yaml); a pack may file entries under them.
TOPICS = (
    "concepts",
    "law-norms",
    "forums",
    "actors",
    "toolbox",
    "sanctions",
    "legislation",
    "crisis",
    "threats",
    "incidents",
    "axes",
    "timeline",
    "eipa-blog",
)
AXES = ("international", "internal", "both")
QUESTION_TYPES = ("single", "multi", "true_false", "order")

# fmt: off
# Real domain words, so that search and the glossary look like a real pack's...
DOMAIN = [
    "cyber", "diplomacy", "norms", "sanctions", "attribution", "toolbox", "council", "union",
    "member", "states", "resilience", "deterrence", "dialogue", "capacity", "building",
    "incident", "response", "framework", "international", "law", "confidence", "measures",
    "restrictive", "listing", "regime", "strategy", "agency", "cooperation", "partners",
    "network", "information", "systems", "security", "threat", "actors", "espionage",
    "ransomware", "infrastructure", "critical", "operators", "certification", "coordination",
    "crisis", "declaration", "statement", "condemnation", "proportionality", "sovereignty",
    "governance", "rights", "internet", "economy", "digital", "services", "supply", "chain",
    "vulnerability", "disclosure", "forum", "treaty", "convention", "expert", "group", "open",
    "ended", "working", "process", "programme", "action"
]
# ...and invented ones, so the vocabulary grows with the pack as a real one would.
SYLLABLES = [
    "ka", "ri", "to", "ne", "mu", "sa", "li", "vo", "de", "pa", "ga", "fe", "zu", "lo", "mi",
    "te", "ra", "no", "si", "be", "cu", "da", "ho", "ju", "ke", "la", "ma", "ni", "po", "qu",
    "re", "su", "ti", "va", "we", "xi", "yo", "za", "bo", "ge"
]
# fmt: on

PER_FILE = 500  # entries per YAML file; the loader refuses files over 5 MB


def coined(n: int, length: int = 3) -> str:
    """A pronounceable word that is unique for each n < len(SYLLABLES) ** length."""
    parts = []
    for _ in range(length):
        n, r = divmod(n, len(SYLLABLES))
        parts.append(SYLLABLES[r])
    return "".join(parts)


class Writer:
    """Deterministic prose from a seeded generator."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.vocab = list(DOMAIN) + [coined(i * 7919 % len(SYLLABLES) ** 3) for i in range(400)]

    def words(self, count: int) -> list[str]:
        return self.rng.choices(self.vocab, k=count)

    def sentence(self, count: int) -> str:
        w = self.words(count)
        return " ".join(w).capitalize() + "."

    def prose(self, total: int) -> str:
        """About `total` words in sentences of 6 to 16 words; exactly `total` words."""
        out, left = [], total
        while left > 0:
            n = min(left, self.rng.randint(6, 16))
            out.append(self.sentence(n))
            left -= n
        return " ".join(out)

    def line(self, max_chars: int) -> str:
        text = self.sentence(self.rng.randint(8, 20))
        if len(text) <= max_chars:
            return text
        cut = text[: max_chars - 1].rsplit(" ", 1)[0]
        return cut + "."


def make_sources(count: int) -> list[dict]:
    return [
        {
            "id": f"syn-s{i + 1}",
            "title": f"Synthetic benchmark source {i + 1}",
            "issuer": "cyberdip benchmark generator",
            "date": f"20{10 + i % 15:02d}-{1 + i % 12:02d}",
            "url": f"https://example.org/cyberdip-bench/source-{i + 1}",
            "type": "primary" if i % 3 else "secondary",
        }
        for i in range(count)
    ]


def term_id(i: int) -> str:
    return f"syn-term-{i + 1:05d}"


def make_terms(w: Writer, count: int, source_ids: list[str]) -> list[dict]:
    rng = w.rng
    terms = []
    for i in range(count):
        name_word = coined((i * 104729 + 12345) % len(SYLLABLES) ** 4, 4)
        name = f"{name_word.capitalize()} {rng.choice(DOMAIN)}"
        others = [term_id(j) for j in rng.sample(range(count), k=min(count, 3)) if j != i]
        entry: dict = {
            "id": term_id(i),
            "term": name,
        }
        if i % 4 == 0:
            entry["acronym"] = f"S{name_word[:3].upper()}{i % 100}"
        if i % 3 == 0:
            entry["aliases"] = [f"{name_word} {rng.choice(DOMAIN)}"]
        entry.update(
            {
                "topic": TOPICS[i % len(TOPICS)],
                "axis": AXES[i % len(AXES)],
                "summary": w.line(150),
                "definition": w.prose(rng.randint(45, 140)),
                "eu_context": w.prose(rng.randint(30, 90)),
                "see_also": others[:2] or [term_id(i)],
                "sources": rng.sample(source_ids, k=min(2, len(source_ids))),
            }
        )
        if i % 5 == 0:
            entry["since"] = f"20{10 + i % 15:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        terms.append(entry)
    return terms


def make_questions(w: Writer, count: int, term_count: int, source_ids: list[str]) -> list[dict]:
    rng = w.rng
    questions = []
    for i in range(count):
        qtype = QUESTION_TYPES[i % len(QUESTION_TYPES)]
        refs = sorted({term_id(rng.randrange(term_count)) for _ in range(rng.randint(1, 2))})
        q: dict = {
            "id": f"syn-q-{i + 1:05d}",
            "type": qtype,
            "topic": TOPICS[i % len(TOPICS)],
            "difficulty": 1 + i % 3,
            "prompt": w.sentence(rng.randint(8, 18)).rstrip(".") + "?",
        }
        if qtype == "true_false":
            q["answer"] = bool(i % 2)
        else:
            n = {"single": 4, "multi": 5, "order": 4}[qtype]
            # Numbered so the choices of one question always differ.
            choices = [f"{k + 1}. {w.sentence(rng.randint(3, 7))}" for k in range(n)]
            q["choices"] = choices
            if qtype == "single":
                q["answer"] = rng.choice(choices)
            elif qtype == "multi":
                q["answer"] = rng.sample(choices, k=2)
        q["explanation"] = w.prose(rng.randint(20, 50))
        if i % 2:
            q["hint"] = w.sentence(8)
        q["terms"] = refs
        q["sources"] = rng.sample(source_ids, k=1)
        questions.append(q)
    return questions


def dump(path: Path, data: dict) -> None:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)


def generate(
    directory: Path, terms: int, questions: int, seed: int = 1, force: bool = False
) -> None:
    if questions and not terms:
        raise SystemExit("questions cite terms: give --terms 1 or more")
    directory.mkdir(parents=True, exist_ok=True)
    existing = list(directory.rglob("*.yaml"))
    if existing:
        if not force:
            raise SystemExit(f"{directory} already holds YAML files; use --force to replace them")
        for sub in ("terms", "questions"):
            shutil.rmtree(directory / sub, ignore_errors=True)
        (directory / "00-pack.yaml").unlink(missing_ok=True)

    w = Writer(seed)
    sources = make_sources(max(1, min(50, terms // 100)))
    source_ids = [s["id"] for s in sources]
    dump(
        directory / "00-pack.yaml",
        {
            "pack": {
                "name": f"Synthetic benchmark pack ({terms} terms, {questions} questions)",
                "description": "Generated by bench/gen_content.py; not real content.",
            },
            "sources": sources,
        },
    )
    all_terms = make_terms(w, terms, source_ids)
    for n, start in enumerate(range(0, terms, PER_FILE)):
        dump(
            directory / "terms" / f"terms-{n:04d}.yaml",
            {"terms": all_terms[start : start + PER_FILE]},
        )
    all_questions = make_questions(w, questions, terms, source_ids)
    for n, start in enumerate(range(0, questions, PER_FILE)):
        dump(
            directory / "questions" / f"questions-{n:04d}.yaml",
            {"questions": all_questions[start : start + PER_FILE]},
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic, valid cyberdip content pack.")
    parser.add_argument("directory", type=Path, help="where to write the pack")
    parser.add_argument("--terms", type=int, default=100, help="synthetic terms (default 100)")
    parser.add_argument(
        "--questions", type=int, default=100, help="synthetic questions (default 100)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--force", action="store_true", help="replace a pack already in DIR")
    args = parser.parse_args(argv)
    if args.terms < 0 or args.questions < 0:
        parser.error("counts must be >= 0")
    generate(args.directory, args.terms, args.questions, seed=args.seed, force=args.force)
    print(
        f"wrote {args.terms} terms and {args.questions} questions to {args.directory}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
