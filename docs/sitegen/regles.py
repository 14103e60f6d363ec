"""Literate Catala → the Markdown of a rule page, read through the compiler's literate reader
(`catalapy.literate.walk`: the one reading of fences, headings and directives).

- Prose is kept as Markdown but made inert: `<`, `>`, `&` and `{` are escaped outside code spans (no raw HTML,
  no `{: attr}` lists), links whose target has a scheme other than http(s)/mailto are not links.
- Law headings keep their level; a heading with an article identifier (`## Article D622-7 | LEGIARTI…`) gets
  it as anchor, and every heading that names an article of a code gets a Légifrance link below it.
- Catala blocks are highlighted here by Pygments with our lexer (same classes as the site's other code
  blocks), one anchor per source line (`#L-964`: the positions `--explain` cites), the line numbers shown.

>>> page = render_page("# Titre | LEGIARTI1\\n\\n```catala-metadata\\nx\\n```\\n", "policy/a.catala_fr")
>>> "# Titre {#LEGIARTI1}" in page.markdown and 'id="L-4"' in page.markdown
True
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from pygments import highlight
from pygments.formatters import HtmlFormatter

from catalapy.literate import article_id_of, walk
from catalapy.pygments_lexer import CatalaLexer
from secu_independants.raisonnement import article_cite, lien_legifrance

CODE_FENCES = ("catala", "catala-metadata")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_UNSAFE_LINK = re.compile(r"\]\((?=\s*<?\s*(?!https?:|mailto:)[A-Za-z][\w+.-]*:)")
_REFERENCE_DEFINITION = re.compile(r"^(\s{0,3})\[([^\]]+)\]:")


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
    """A law heading line (`#` in column 0, then a space), or None.

    >>> parse_heading("## Article D622-8 | LEGIARTI000041971570 [archive]", 3)
    Heading(level=2, title='Article D622-8', article_id='LEGIARTI000041971570', line=3)
    """
    level = len(line) - len(line.lstrip("#"))
    if not level or level > 6 or not line[level:level + 1].isspace():
        return None
    title, article_id = article_id_of(line)
    return Heading(level, title, article_id, line_number)


def anchor_for(article_id: str) -> str:
    """An HTML id made from an article identifier (letters, digits, `-`, `_` kept).

    >>> anchor_for("LEGIARTI000041971570")
    'LEGIARTI000041971570'
    >>> anchor_for("Décret 2021-755 art. 1")
    'D-cret-2021-755-art-1'
    """
    return re.sub(r"[^A-Za-z0-9_-]+", "-", article_id).strip("-")


def line_anchor(line: int) -> str:
    """The anchor of a source line on its rule page (`L-964`)."""
    return f"L-{line}"


def inert(text: str) -> str:
    """Markdown text with no way to reach the page as HTML: `<>&{` escaped outside code spans, links with a
    script-like scheme broken.

    >>> inert("a <script>x</script> `a<b` [l](javascript:alert(1)) {: onclick=x}")
    'a &lt;script&gt;x&lt;/script&gt; `a<b` [l]\\\\(javascript:alert(1)) &#123;: onclick=x}'
    """
    out, last = [], 0
    for span in _CODE_SPAN.finditer(text):
        out.append(_escape(text[last:span.start()]))
        out.append(span.group(0))
        last = span.end()
    out.append(_escape(text[last:]))
    return _REFERENCE_DEFINITION.sub(r"\1\\[\2]:", _UNSAFE_LINK.sub(r"]\\(", "".join(out)))


def _escape(text: str) -> str:
    return html.escape(text, quote=False).replace("{", "&#123;")


def plain(text: str) -> str:
    """Text shown as it is (no Markdown at all): HTML-escaped and Markdown punctuation backslash-escaped.

    >>> plain("a_b *c* [d] <e>")
    'a\\\\_b \\\\*c\\\\* \\\\[d\\\\] &lt;e&gt;'
    """
    return re.sub(r"([\\`*_\[\]#|!{}])", r"\\\1", html.escape(text, quote=False))


def code_blocks(text: str, path: str) -> list[CodeBlock]:
    """The Catala code blocks of a literate file with the law headings above each."""
    blocks: list[CodeBlock] = []
    trail: list[Heading] = []
    for event in _events(text, path):
        if event.kind == "heading":
            heading = parse_heading(event.text, event.line)
            if heading is not None:
                trail = [h for h in trail if h.level < heading.level] + [heading]
        elif event.kind == "code":
            blocks.append(CodeBlock(event.body, event.line + 1, tuple(trail)))
    return blocks


def render_page(text: str, path: str) -> LiteratePage:
    """The Markdown page for the literate file ``text`` read from ``path`` (used in messages)."""
    out: list[str] = []
    headings: list[Heading] = []
    used_anchors: set[str] = set()
    directives: list[str] = []
    for event in _events(text, path):
        if event.kind == "directive":
            directives.append(event.text.lstrip(">").strip())
        elif event.kind == "heading":
            heading = parse_heading(event.text, event.line)
            if heading is None:
                out.append(inert(event.text))
                continue
            headings.append(heading)
            out.append(_render_heading(heading, used_anchors))
        elif event.kind == "code":
            out.append("\n" + highlight_catala(event.body, event.line + 1) + "\n")
        elif event.kind == "fence":
            language = re.sub(r"[^\w-]", "", event.language)
            shown = "text" if language.startswith("catala") or not language else language
            fence = "````" if "```" in event.body else "```"
            out.append(f"{fence}{shown}\n{event.body}{fence}")
        else:
            out.append(inert(event.text))
    title = next((h.title for h in headings if h.level == 1), None) or (
        headings[0].title if headings else _stem(path)
    )
    source_note = f'!!! info "Source"\n    Cette page est produite à partir de `{_code(path)}`.\n'
    if directives:
        source_note += "    Directives Catala : " + " ; ".join(f"`{_code(d)}`" for d in directives) + ".\n"
    body = "\n".join(out)
    if not any(h.level == 1 for h in headings):
        body = f"# {plain(title)}\n\n{source_note}\n{body}"
    else:
        body = _insert_after_first_h1(body, source_note)
    return LiteratePage(title, body.strip("\n") + "\n", headings)


def highlight_catala(code: str, first_line: int) -> str:
    """A Catala block as HTML: Pygments classes of our lexer, each line anchored (`L-964`) and numbered."""
    formatter = HtmlFormatter(cssclass="language-catala highlight", wrapcode=True, lineanchors="L",
                              linenos="inline", linenostart=first_line)
    return highlight(code, CatalaLexer(), formatter).strip()


def article_link(heading: Heading) -> str | None:
    """The Légifrance link of a heading that names an article (`Article D622-1 du CSS …`) or has an id."""
    numero = article_cite(heading.title)
    url = lien_legifrance(heading.article_id, numero)
    if url is None or (numero is None and not heading.title.lower().startswith("article")
                       and not heading.article_id):
        return None
    label = f"article {numero}" if numero else heading.title
    return f"[Légifrance : {plain(label)}]({url})"


def _events(text: str, path: str):
    for event in walk(text):
        if event.kind == "code" and not event.closed:
            raise LiterateError(f"{path}:{event.line}: unclosed ```{event.language} block")
        yield event


def _render_heading(heading: Heading, used_anchors: set[str]) -> str:
    hashes = "#" * heading.level
    title = inert(heading.title)
    if heading.article_id is None:
        line = f"{hashes} {title}"
    else:
        anchor = anchor_for(heading.article_id)
        candidate, counter = anchor, 1
        while candidate in used_anchors:
            counter += 1
            candidate = f"{anchor}-{counter}"
        used_anchors.add(candidate)
        line = f"{hashes} {title} {{#{candidate}}}"
    link = article_link(heading)
    return f"{line}\n\n{link}\n" if link else line


def _code(text: str) -> str:
    """Text for inside a code span."""
    return text.replace("`", "'")


def _insert_after_first_h1(body: str, note: str) -> str:
    lines = body.split("\n")
    for position, line in enumerate(lines):
        if line.startswith("# "):
            return "\n".join(lines[: position + 1] + ["", note] + lines[position + 1 :])
    return body


def _stem(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name.split(".", 1)[0]
