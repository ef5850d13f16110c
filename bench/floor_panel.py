"""The Panel both floors print (bench/floor_app.py, bench/typer_floor.py).

About as much text as `cyberdip define "cyber diplomacy"` (a titled panel of about 60 lines
and 650 words, with headings, a definition, sources and related terms). Imports nothing
but rich, so neither floor pays for the other's argument parser.
"""

SENTENCES = (
    "Cyber diplomacy is the use of diplomatic means to advance interests in cyberspace.",
    "It covers negotiation, dialogue, public statements and coalition building.",
    "Its agenda takes in international law, voluntary norms and human rights online.",
    "Part of the work is preventive and cooperative; part of it answers incidents.",
    "The Union can condemn, sanction or support partners with capacity building.",
    "Council conclusions set the framework and the Member States decide together.",
)


def paragraph(start: int, words: int) -> str:
    """Deterministic prose of about `words` words, cycling through SENTENCES."""
    out: list[str] = []
    count, i = 0, start
    while count < words:
        sentence = SENTENCES[i % len(SENTENCES)]
        out.append(sentence)
        count += len(sentence.split())
        i += 1
    return " ".join(out)


def build(term: str):
    from rich import box
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    def heading(text: str) -> Text:
        return Text(text, style="bold cyan")

    blank = Text("")
    sources = [
        Text(
            f"[s{n}] Issuer {n}, A source title number {n} about {term} (2015-02-10) (primary)",
            style="dim",
        )
        for n in range(1, 7)
    ]
    related = [Text(f"related-term-{n}: {paragraph(n, 18)}") for n in range(1, 6)]
    body = Group(
        Text(paragraph(0, 25), style="bold"),
        blank,
        heading("Definition"),
        Text(paragraph(1, 105)),
        blank,
        heading("In the EU context"),
        Text(paragraph(2, 185)),
        blank,
        heading("Where the 2021 seed blog differs"),
        Text(paragraph(3, 50)),
        blank,
        heading("Sources"),
        *sources,
        blank,
        heading("Related terms"),
        *related,
    )
    return Panel(
        body,
        title=Text(term.capitalize(), style="bold"),
        subtitle=Text("topic: concepts  axis: both  since: 2015-02-10", style="dim"),
        title_align="left",
        subtitle_align="left",
        box=box.ROUNDED,
        padding=(0, 1),
    )
