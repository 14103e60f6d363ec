"""Literate reader: a ``.catala_fr`` / ``.catala_en`` Markdown file → code chunks, headings and directives.

Only what the compiler needs is extracted: the ```` ```catala ```` / ```` ```catala-metadata ```` code blocks
(other fences are skipped), the ``#`` law headings (their trail is attached to every position below them), and
the column-0 directives ``> Module``, ``> Usage de`` / ``> Using`` and ``> Inclusion:`` / ``> Include:``
(textual inclusion: the included file's chunks are spliced in place, with positions in the included file).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from catalapy.errors import CatalaError, fill
from catalapy.position import SourcePosition
from catalapy.syntax import ast

from catalapy.syntax.dialects import DIALECT_OF_EXTENSION, TABLES

_HEADING = re.compile(r"(#+)[ \t]*([^|\n]*?)[ \t]*(?:\|[ \t]*(\S+))?[ \t]*(?:\[archive\])?[ \t]*$")
_OPEN_CODE = re.compile(r"```catala(-metadata)?[ \t]*$")
_OPEN_OTHER = re.compile(r"[ \t]*```")
_CLOSE = re.compile(r"[ \t]*```[ \t]*$")
_UNAME = r"[^\W\d_]\S*"
_LAW_REFERENCE = re.compile(r"(JORFARTI\d{12}|LEGIARTI\d{12}|CETATEXT\d{12})")


@dataclass(frozen=True, slots=True)
class CodeChunk:
    """The text of one code block; its first line is line ``first_line`` of ``file``."""

    text: str
    file: str
    first_line: int
    law_headings: tuple[str, ...]
    metadata: bool = False  # a ```catala-metadata block (public declarations of a module)


@dataclass(frozen=True, slots=True)
class LawParagraph:
    """One paragraph of prose (consecutive non-blank lines, joined by spaces); ``pos`` spans its lines and
    carries the law headings above it; ``heading`` is the index (in the file's ``headings``) of the heading it
    is written under, None before the first one."""

    text: str
    pos: SourcePosition
    heading: int | None = None


@dataclass(frozen=True, slots=True)
class LiterateEvent:
    """One piece of a literate file, in file order (see :func:`walk`). ``line`` is 1-based; ``text`` is the
    line itself (for a fence, its opening line); ``body`` the text inside a fence (each line ending in a
    newline); ``language`` the fence's info string (``catala``, ``catala-metadata``, ``json``, ``""``…)."""

    kind: str  # "code" (```catala / ```catala-metadata), "fence" (any other), "heading", "directive", "prose"
    line: int
    text: str
    body: str = ""
    language: str = ""
    closed: bool = True


def walk(text: str):
    """The pieces of a literate text in file order: the one reading of fences, headings (``#`` in column 0),
    directives (``>`` in column 0) and prose shared by the compiler and the documentation generator. An
    unclosed ```catala block is yielded with ``closed=False`` (the compiler rejects it)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [ln[:-1] if ln.endswith("\r") else ln for ln in lines]
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        code = _OPEN_CODE.match(line)
        if code or _OPEN_OTHER.match(line):
            j = i + 1
            while j < n and not _CLOSE.match(lines[j]):
                j += 1
            body = "".join(ln + "\n" for ln in lines[i + 1:j])
            language = ("catala" + (code.group(1) or "")) if code else line.strip()[3:].strip().split(" ")[0]
            yield LiterateEvent("code" if code else "fence", i + 1, line, body, language, j < n)
            i = j + 1
            continue
        kind = "heading" if line.startswith("#") else "directive" if line.startswith(">") else "prose"
        yield LiterateEvent(kind, i + 1, line)
        i += 1


def article_id_of(title_line: str) -> tuple[str, str | None]:
    """(title, article identifier) of a heading line: ``## Article D622-8 | LEGIARTI000041971570 [archive]``
    → ``("Article D622-8", "LEGIARTI000041971570")``."""
    m = _HEADING.match(title_line)
    if not m:
        return title_line.lstrip("#").strip(), None
    return m.group(2).strip(), m.group(3)


@dataclass(frozen=True, slots=True)
class ModuleDirective:
    name: str
    external: bool
    pos: SourcePosition


@dataclass(slots=True)
class LiterateFile:
    path: str
    dialect: str
    chunks: list[CodeChunk] = field(default_factory=list)
    module: ModuleDirective | None = None
    uses: list[ast.ModuleUse] = field(default_factory=list)
    headings: list[ast.LawHeading] = field(default_factory=list)
    paragraphs: list[LawParagraph] = field(default_factory=list)


def dialect_of(path: str) -> str:
    """The dialect code (``fr``, ``en``, ``pl``) of a file from its extension, or a CatalaError."""
    ext = os.path.splitext(path)[1]
    if ext not in DIALECT_OF_EXTENSION:
        raise CatalaError(f'Unknown Catala file extension "{ext}" (expected '
                          f'{", ".join(DIALECT_OF_EXTENSION)})')
    return DIALECT_OF_EXTENSION[ext]


def read_literate(path: str, display_path: str | None = None) -> LiterateFile:
    """Read a literate file from disk (dialect from its extension)."""
    display = path if display_path is None else display_path
    dialect = dialect_of(path)
    text = _read_text(path, None)
    result = LiterateFile(display, dialect)
    _Reader(result, path, display, dialect, (path,)).read(text)
    return result


def read_literate_string(text: str, path: str, dialect: str) -> LiterateFile:
    """Same as :func:`read_literate` on an in-memory text (inclusions are resolved relative to ``path``)."""
    result = LiterateFile(path, dialect)
    _Reader(result, path, path, dialect, (path,)).read(text)
    return result


def _read_text(path: str, pos: SourcePosition | None) -> str:
    try:
        with open(path, encoding="utf-8", newline="") as f:
            return f.read()
    except OSError as exc:
        raise CatalaError(f'Cannot read file "{path}": {exc.strerror}', pos) from None
    except UnicodeDecodeError:
        raise CatalaError(f'File "{path}" is not valid UTF-8', pos) from None


class _Reader:
    def __init__(self, out: LiterateFile, real_path: str, display: str, dialect: str, stack: tuple[str, ...]):
        self.out, self.real_path, self.display, self.dialect, self.stack = out, real_path, display, dialect, stack
        self.open_headings: list[tuple[int, str]] = []
        self.heading_index: int | None = None  # index in `out.headings` of the innermost open heading
        self.included_at: SourcePosition | None = None  # position of the '> Include' directive reading this file

    def pos(self, line: int, c1: int, c2: int) -> SourcePosition:
        return SourcePosition(self.display, line, c1, line, c2, self.trail())

    def trail(self) -> tuple[str, ...]:
        return tuple(t for _, t in self.open_headings)

    def read(self, text: str) -> None:
        previous_was_heading = False
        paragraph: list[str] = []
        paragraph_line = 0

        def end_paragraph() -> None:
            if paragraph:
                joined = " ".join(ln.strip() for ln in paragraph)
                self.out.paragraphs.append(LawParagraph(joined, SourcePosition(
                    self.display, paragraph_line, 1, paragraph_line + len(paragraph) - 1,
                    len(paragraph[-1]) + 1, self.trail()), self.heading_index))
                paragraph.clear()

        for event in walk(text):
            if event.kind != "prose" or not event.text.strip():
                end_paragraph()
            if event.kind == "code":
                if not event.closed:
                    raise CatalaError("Unclosed block or missing newline at the end of file",
                                      self.pos(event.line, 1, len(event.text) + 1))
                self.out.chunks.append(CodeChunk(event.body, self.display, event.line + 1, self.trail(),
                                                 event.language == "catala-metadata"))
            elif event.kind == "heading":
                self.heading(event.text, event.line, previous_was_heading)
            elif event.kind == "directive":
                self.directive(event.text, event.line)
            elif event.kind == "prose" and event.text.strip():
                if not paragraph:
                    paragraph_line = event.line
                paragraph.append(event.text)
            previous_was_heading = event.kind == "heading"
        end_paragraph()

    def heading(self, line: str, lineno: int, merge: bool) -> None:
        m = _HEADING.match(line)
        level = len(m.group(1)) if m else len(line) - len(line.lstrip("#"))
        title = (m.group(2) if m else line.lstrip("#")).strip()
        article = m.group(3) if m else None
        if merge and self.open_headings and self.open_headings[-1][0] == level and self.out.headings:
            prev = self.out.headings[-1]
            title = f"{self.open_headings[-1][1]} {title}"
            self.open_headings[-1] = (level, title)
            p = prev.pos
            self.out.headings[-1] = ast.LawHeading(
                level, title, article or prev.article_id,
                SourcePosition(p.file, p.start_line, p.start_column, lineno, len(line) + 1, p.law_headings))
            return
        while self.open_headings and self.open_headings[-1][0] >= level:
            self.open_headings.pop()
        pos = self.pos(lineno, 1, len(line) + 1)
        self.out.headings.append(ast.LawHeading(level, title, article, pos))
        self.open_headings.append((level, title))
        self.heading_index = len(self.out.headings) - 1

    def directive(self, line: str, lineno: int) -> None:
        d = TABLES[self.dialect].DIRECTIVES
        whole = self.pos(lineno, 1, len(line) + 1)
        body = line[1:]
        m = re.match(rf"[ \t]*{d['include']}[ \t]*:(.*)$", body)
        if m:
            arg = m.group(1).strip()
            if not arg:
                raise CatalaError("Missing file name in the inclusion directive", whole)
            if _LAW_REFERENCE.search(arg) or arg.endswith(".pdf") or re.search(r"@[ \t]*p\.", arg):
                return  # a reference to a non-code legal text
            start = 1 + len(line) - len(body.lstrip(" \t"))
            self.include(arg, SourcePosition(self.display, lineno, start, lineno, len(line.rstrip()) + 1,
                                             self.trail()))
            return
        m = re.match(rf"[ \t]*{d['module']}[ \t]+({_UNAME})(?:[ \t]+({d['external']}))?[ \t]*$", body)
        if m:
            name = m.group(1)
            if not name[0].isupper():
                raise CatalaError("A module name must start with an uppercase letter", whole)
            c = 1 + line.index(name, 1)
            if self.included_at is not None:
                raise CatalaError(fill(
                    "A file that declares a module cannot be used through the raw~'>~Include' directive. You "
                    f"should~use~it~as~a~module~with '>~Use~{name}' instead."),
                    [(self.included_at, "File include"), (self.pos(lineno, c, c + len(name)), "Module declaration")])
            if self.out.module is None:
                self.out.module = ModuleDirective(name, m.group(2) is not None, self.pos(lineno, c, c + len(name)))
            return
        m = re.match(rf"[ \t]*{d['use']}[ \t]+({_UNAME})(?:[ \t]+{d['alias']}[ \t]+({_UNAME}))?[ \t]*$", body)
        if m:
            name, alias = m.group(1), m.group(2)
            for n in (name, alias):
                if n is not None and not n[0].isupper():
                    raise CatalaError("A module name must start with an uppercase letter", whole)
            c = 1 + m.start(1) + 1
            qn = ast.QualName((), name, self.pos(lineno, c, c + len(name)))
            qa = None
            if alias is not None:
                ca = 1 + m.start(2) + 1
                qa = ast.QualName((), alias, self.pos(lineno, ca, ca + len(alias)))
            self.out.uses.append(ast.ModuleUse(qn, qa, whole))
            return
        raise CatalaError(
            "Invalid directive: a line starting with '>' in column 0 must be one of "
            + TABLES[self.dialect].DIRECTIVE_NAMES,
            whole)

    def include(self, arg: str, pos: SourcePosition) -> None:
        target = os.path.join(os.path.dirname(self.real_path), arg)
        shown = os.path.join(os.path.dirname(self.display), arg)
        if os.path.normpath(target) in {os.path.normpath(p) for p in self.stack}:
            raise CatalaError(f'Circular inclusion of "{arg}"', pos)
        if not os.path.isfile(target):
            raise CatalaError(f'Included file "{arg}" does not exist', pos)
        text = _read_text(target, pos)
        sub = _Reader(self.out, target, shown, self.dialect, self.stack + (target,))
        sub.included_at = pos
        sub.open_headings = list(self.open_headings)
        sub.heading_index = self.heading_index
        sub.read(text)
