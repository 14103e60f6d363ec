"""Literate Catala → Markdown page: prose kept as prose, code blocks highlighted as ```catala, law headings
kept as headings whose anchor is the article identifier (`## Article D622-7 | LEGIARTI000043651409`).

>>> page = render_page("# Titre | LEGIARTI1\\n\\n```catala-metadata\\nx\\n```\\n", "policy/a.catala_fr")
>>> "# Titre {#LEGIARTI1}" in page.markdown and "```catala\\n" in page.markdown
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_FENCE_OPEN = re.compile(r"^```[ \t]*([\w-]*)[^\n]*$")
_FENCE_CLOSE = re.compile(r"^```[ \t]*$")
_ARCHIVE = re.compile(r"\[archive\]", re.IGNORECASE)
CODE_FENCES = ("catala", "catala-metadata")
# Catala directives (`> Module M`, `> Usage de M`, …): not prose; shown in the page's source note instead.
_DIRECTIVE = re.compile(r"^>\s*(Module|Usage de|Using|Inclusion\s*:|Include\s*:)\s*(.*?)\s*$")


class LiterateError(ValueError):
    """A literate source the site generator cannot read (message starts with file:line)."""


@dataclass(frozen=True)
class Heading:
    """A law heading: its depth, title, optional article identifier and 1-based source line."""

    level: int
    title: str
    article_id: str | None
    line: int


@dataclass(frozen=True)
class CodeBlock:
    """A ```catala or ```catala-metadata block: its text, the line of its first code line, the headings
    above it (outermost first)."""

    text: str
    first_line: int
    headings: tuple[Heading, ...]


@dataclass
class LiteratePage:
    """The Markdown of one page and what the navigation needs from it."""

    title: str
    markdown: str
    headings: list[Heading] = field(default_factory=list)


def parse_heading(line: str, line_number: int) -> Heading | None:
    """Read a law heading line (the `#` in column 0), or None.

    >>> parse_heading("## Article D622-8 | LEGIARTI000041971570 [archive]", 3)
    Heading(level=2, title='Article D622-8', article_id='LEGIARTI000041971570', line=3)
    """
    match = _HEADING.match(line)
    if not match:
        return None
    title = _ARCHIVE.sub("", match.group(2)).strip()
    article_id = None
    if "|" in title:
        title, _, identifier = title.rpartition("|")
        title, article_id = title.strip(), identifier.strip() or None
    return Heading(len(match.group(1)), title, article_id, line_number)


def anchor_for(article_id: str) -> str:
    """An HTML id made from an article identifier (letters, digits, `-`, `_` kept).

    >>> anchor_for("LEGIARTI000041971570")
    'LEGIARTI000041971570'
    >>> anchor_for("Décret 2021-755 art. 1")
    'D-cret-2021-755-art-1'
    """
    return re.sub(r"[^A-Za-z0-9_-]+", "-", article_id).strip("-")


def code_blocks(text: str, path: str) -> list[CodeBlock]:
    """The Catala code blocks of a literate file with the law headings above each."""
    blocks: list[CodeBlock] = []
    trail: list[Heading] = []
    for kind, payload, line_number in _walk(text, path):
        if kind == "heading":
            trail = [h for h in trail if h.level < payload.level] + [payload]
        elif kind == "code":
            blocks.append(CodeBlock(payload, line_number, tuple(trail)))
    return blocks


def render_page(text: str, path: str) -> LiteratePage:
    """The Markdown page for the literate file ``text`` read from ``path`` (used in messages)."""
    out: list[str] = []
    headings: list[Heading] = []
    used_anchors: set[str] = set()
    directives: list[str] = []
    for kind, payload, _line in _walk(text, path):
        if kind == "directive":
            directives.append(payload)
        elif kind == "heading":
            headings.append(payload)
            out.append(_render_heading(payload, used_anchors))
        elif kind == "code":
            out.append("```catala\n" + payload + "```")
        elif kind == "raw":
            language, body = payload
            shown = "text" if language.startswith("catala") else language
            out.append(f"```{shown}\n{body}```")
        else:
            out.append(payload)
    title = next((h.title for h in headings if h.level == 1), None) or (
        headings[0].title if headings else _stem(path)
    )
    source_note = f'!!! info "Source"\n    Cette page est produite à partir de `{path}`.\n'
    if directives:
        source_note += "    Directives Catala : " + " ; ".join(f"`{d}`" for d in directives) + ".\n"
    body = "\n".join(out)
    if not any(h.level == 1 for h in headings):
        body = f"# {title}\n\n{body}"
        head, _, rest = body.partition("\n\n")
        body = f"{head}\n\n{source_note}\n{rest}"
    else:
        body = _insert_after_first_h1(body, source_note)
    return LiteratePage(title, body.rstrip("\n") + "\n", headings)


def _walk(text: str, path: str):
    """Yield ("heading", Heading, line), ("code", text, first line), ("raw", (language, text), line),
    ("directive", text, line) and ("prose", line text, line) in file order."""
    lines = text.splitlines(keepends=True)
    index = 0
    while index < len(lines):
        line = lines[index].rstrip("\n").rstrip("\r")
        opening = _FENCE_OPEN.match(line)
        if opening:
            language = opening.group(1)
            body: list[str] = []
            start = index + 1
            index += 1
            while index < len(lines) and not _FENCE_CLOSE.match(lines[index].rstrip("\r\n")):
                body.append(lines[index].rstrip("\r\n") + "\n")
                index += 1
            if index == len(lines):
                raise LiterateError(f"{path}:{start}: unclosed ```{language} block")
            if language in CODE_FENCES:
                yield "code", "".join(body), start + 1
            else:
                yield "raw", (language, "".join(body)), start
            index += 1
            continue
        directive = _DIRECTIVE.match(line)
        if directive:
            yield "directive", f"{directive.group(1)} {directive.group(2)}".strip(), index + 1
            index += 1
            continue
        heading = parse_heading(line, index + 1)
        if heading is not None:
            yield "heading", heading, index + 1
        else:
            yield "prose", line, index + 1
        index += 1


def _render_heading(heading: Heading, used_anchors: set[str]) -> str:
    hashes = "#" * heading.level
    if heading.article_id is None:
        return f"{hashes} {heading.title}"
    anchor = anchor_for(heading.article_id)
    candidate, counter = anchor, 1
    while candidate in used_anchors:
        counter += 1
        candidate = f"{anchor}-{counter}"
    used_anchors.add(candidate)
    return f"{hashes} {heading.title} {{#{candidate}}}"


def _insert_after_first_h1(body: str, note: str) -> str:
    lines = body.split("\n")
    for position, line in enumerate(lines):
        if line.startswith("# "):
            return "\n".join(lines[: position + 1] + ["", note] + lines[position + 1 :])
    return body


def _stem(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name.split(".", 1)[0]
