"""One citation record, drawn by each medium its own way (terminal, Markdown, Anki HTML)."""

from dataclasses import dataclass
from typing import Any

SAFE_SCHEMES = ("https://", "http://")


@dataclass(frozen=True)
class Citation:
    id: str
    issuer: str = ""
    title: str = ""
    date: str = ""
    identifier: str = ""
    url: str = ""
    type: str = ""

    @classmethod
    def of(cls, source: dict[str, Any] | None, source_id: str = "") -> "Citation":
        """From a source entry; a missing one still cites its id."""
        if source is None:
            return cls(id=source_id, title="(missing source)")
        return cls(**{k: str(source.get(k) or "") for k in cls.__dataclass_fields__})

    @property
    def linkable(self) -> bool:
        """A web address that stays one link: no space or angle bracket to break out of it."""
        return self.url.startswith(SAFE_SCHEMES) and not any(c in self.url for c in ' \t\n<>"')

    def parts(self) -> tuple[str, str, str]:
        """(who and what, when, which document): the pieces every medium arranges."""
        who = ", ".join(p for p in (self.issuer, self.title) if p)
        return who, self.date, self.identifier


def cite_terminal(c: Citation) -> str:
    """[id] issuer, title (date), identifier (type)"""
    who, date, identifier = c.parts()
    text = who + (f" ({date})" if date else "") + (f", {identifier}" if identifier else "")
    return f"[{c.id}] {text} ({c.type or '?'})"


def cite_markdown(c: Citation, escape) -> str:
    """Issuer, *title* (date). Identifier. <url> (type source), for a footnote."""
    if c.title == "(missing source)":
        return f"{escape(c.id)}: (missing source)"
    text = f"{escape(c.issuer)}, *{escape(c.title)}*" + (f" ({escape(c.date)})" if c.date else "")
    text += "."
    if c.identifier:
        text += f" {escape(c.identifier)}."
    if c.url:
        text += f" <{c.url}>" if c.linkable else f" {escape(c.url)}"
    return text + f" ({escape(c.type or 'unknown')} source)"


def cite_html(c: Citation, escape) -> str:
    """<li>[id] issuer, title (date), identifier <a href=url>url</a></li>, for Anki."""
    who, date, identifier = c.parts()
    text = escape(who) + (f" ({escape(date)})" if date else "")
    text += f", {escape(identifier)}" if identifier else ""
    if c.linkable:
        text += f' <a href="{escape(c.url)}">{escape(c.url)}</a>'
    return f"<li>[{escape(c.id)}] {text}</li>"
