"""The built documentation site, in a real browser (Debian's headless chromium).

Builds the site (or reuses site/ when it is newer than every source), serves it on a free local port, then
checks that a rule page shows Catala highlighted by our Pygments lexer and that the search finds "carence".
Screenshots go to test-output/ (gitignored). Skipped, with the reason, when chromium is not installed
(CI installs it with `apt-get install -y chromium`).
"""

from __future__ import annotations

import functools
import http.server
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from chromium import DevToolsSession, chromium_path, run_headless  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"
SOURCES = [ROOT / "mkdocs.yml", ROOT / "docs", ROOT / "policy", ROOT / "examples", ROOT / "catalapy",
           ROOT / "ARCHITECTURE.md"]

CHROMIUM = chromium_path()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (CI: apt-get install -y chromium)"
)


def newest_source_time() -> float:
    times = []
    for source in SOURCES:
        if source.is_file():
            times.append(source.stat().st_mtime)
        elif source.is_dir():
            times += [p.stat().st_mtime for p in source.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return max(times, default=0.0)


def rule_pages(site: Path) -> list[Path]:
    return sorted((site / "regles").rglob("index.html")) if (site / "regles").is_dir() else []


@pytest.fixture(scope="module")
def site() -> Path:
    """A built site: site/ when fresh, else a new build in test-output/site."""
    if not any(ROOT.joinpath("policy").rglob("*.catala_*")):
        pytest.skip("policy/ holds no .catala_* source yet: no rule page to check")
    built = ROOT / "site"
    if (built / "index.html").exists() and (built / "index.html").stat().st_mtime > newest_source_time():
        return built
    target = OUTPUT / "site"
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    return target


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    """The site served over http on a free local port (search needs http, not file://)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class CatalaCodeSpans(HTMLParser):
    """The classes of the <span>s inside `<div class="language-catala highlight">` blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.depth_in_catala = 0  # open <div>s since the catala block started (0: outside)
        self.blocks = 0
        self.span_classes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "div":
            if self.depth_in_catala:
                self.depth_in_catala += 1
            elif "language-catala" in classes and "highlight" in classes:
                self.depth_in_catala = 1
                self.blocks += 1
        elif tag == "span" and self.depth_in_catala:
            self.span_classes += classes

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.depth_in_catala:
            self.depth_in_catala -= 1


def test_a_rule_page_shows_highlighted_catala(site: Path, base_url: str) -> None:
    pages = rule_pages(site)
    assert pages, f"no rule page under {site / 'regles'}"
    page = pages[0].parent.relative_to(site).as_posix()
    url = f"{base_url}/{page}/"
    dom = run_headless(CHROMIUM, "--dump-dom", url)
    spans = CatalaCodeSpans()
    spans.feed(dom)
    assert spans.blocks > 0, f"no catala code block in {url}"
    # Pygments classes of our lexer: kd (Keyword.Declaration: déclaration, champ d'application),
    # nc (Name.Class: scope names), nv (Name.Variable).
    for expected in ("kd", "nc", "nv"):
        assert expected in spans.span_classes, f"no <span class={expected!r}> in the catala blocks of {url}"
    assert "err" not in spans.span_classes, f"the lexer produced Error tokens on {url}"
    OUTPUT.mkdir(exist_ok=True)
    screenshot = OUTPUT / "rule-page.png"
    screenshot.unlink(missing_ok=True)
    run_headless(CHROMIUM, f"--screenshot={screenshot}", "--window-size=1280,1600", url)
    assert screenshot.stat().st_size > 10_000


def test_search_finds_carence(site: Path, base_url: str) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any("carence" in doc["text"].lower() for doc in index["docs"]), "carence is not in the search index"
    with DevToolsSession(CHROMIUM) as browser:
        # material opens the search with the query of `?q=` and renders the results from its web worker
        browser.navigate(f"{base_url}/?q=carence")
        count = browser.wait_for("document.querySelectorAll('.md-search-result__item').length", timeout=45)
        assert count >= 1
        results = browser.evaluate(
            "Array.from(document.querySelectorAll('.md-search-result__item')).map(e => e.textContent).join(' ')"
        )
        assert "carence" in results.lower()
        highlighted = browser.evaluate("document.querySelectorAll('.md-search-result__item mark').length")
        assert highlighted >= 1, "search results do not highlight the query"
        OUTPUT.mkdir(exist_ok=True)
        browser.screenshot(OUTPUT / "search-carence.png")
    assert (OUTPUT / "search-carence.png").stat().st_size > 10_000
