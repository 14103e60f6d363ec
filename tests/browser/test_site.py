"""The built documentation site, in a real browser (Debian's headless chromium).

Takes the site built once per test session (tests/conftest.py), serves it on a free local port, then
checks that a rule page shows Catala highlighted by our Pygments lexer, that the search finds "carence",
that the worked example P1 shows its reasoning with links that land on the cited line of a rule page, and
(on a scratch site built from a policy file written for the test) that a `<script>` or an `onerror` attribute
written in the law text does not run.
Screenshots go to test-output/ (gitignored). Skipped, with the reason, when chromium is not installed
(CI installs it with `apt-get install -y chromium`).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
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

CHROMIUM = chromium_path()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (CI: apt-get install -y chromium)"
)


def rule_pages(site: Path) -> list[Path]:
    return sorted((site / "regles").rglob("index.html")) if (site / "regles").is_dir() else []


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    """The site built once per session (tests/conftest.py)."""
    if not any(ROOT.joinpath("policy").rglob("*.catala_*")):
        pytest.skip("policy/ holds no .catala_* source yet: no rule page to check")
    return built_site


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    """`site` served over http on a free local port (search needs http, not file://)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with served(site) as url:
        yield url


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


def test_an_example_page_shows_its_reasoning_linked_to_the_rules(site: Path, base_url: str) -> None:
    """P1 (domain README §4): revenues 8 891,40 / 9 526,50 / 10 161,60 €, threshold 3 982,80 € (art. D622-8),
    IJ 13,05 €, 17 paid days; the link of the threshold's rule lands on an anchored code line."""
    page = site / "exemples" / "p1-achat-revente-2020" / "index.html"
    if not page.exists():
        pytest.skip("examples/p1_achat_revente_2020.json is not in this checkout")
    with DevToolsSession(CHROMIUM) as browser:
        browser.navigate(f"{base_url}/exemples/p1-achat-revente-2020/")
        text = browser.evaluate("document.querySelector('article').innerText")
        for expected in ("Raisonnement", "8 891,40 ; 9 526,50 ; 10 161,60", "3 982,80", "D622-8",
                         "13,05 €", "17"):
            assert expected in text, expected
        target = browser.evaluate(
            "Array.from(document.querySelectorAll('article li')).find(li => li.textContent.includes('seuil de revenu "
            ": 3 982,80')).querySelector('a').href")
        assert "/regles/indemnites_journalieres/#L-" in target
        OUTPUT.mkdir(exist_ok=True)
        browser.screenshot(OUTPUT / "example-p1.png")
        browser.navigate(target)
        line = target.rsplit("#", 1)[1]
        cited = browser.wait_for(f"document.getElementById('{line}') && "
                                 f"document.getElementById('{line}').parentElement.textContent")
        assert "seuil_revenu" in cited
        assert browser.evaluate(f"document.getElementById('{line}').nextElementSibling.textContent.trim()") == \
            line.removeprefix("L-")  # the line number is shown


SCRATCH_POLICY = """# Titre <img src=x onerror="window.__injecte = 'titre'">

Un paragraphe de loi <script>window.__injecte = 'paragraphe';</script> et un
[lien](javascript:window.__injecte='lien') à ne pas suivre.

```catala
déclaration x contenu entier égal à 1
```
"""


def test_script_written_in_a_policy_does_not_run(tmp_path: Path) -> None:
    policy = tmp_path / "policy"
    policy.mkdir()
    (policy / "scratch.catala_fr").write_text(SCRATCH_POLICY, encoding="utf-8")
    (tmp_path / "examples").mkdir()
    target = tmp_path / "site"
    environment = {**os.environ, "SECU_DOCS_POLICY_DIR": str(policy),
                   "SECU_DOCS_EXAMPLES_DIR": str(tmp_path / "examples")}
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env=environment,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    with served(target) as url, DevToolsSession(CHROMIUM) as browser:
        browser.navigate(f"{url}/regles/scratch/")
        text = browser.wait_for("document.querySelector('article') && document.querySelector('article').innerText")
        assert "<script>window.__injecte" in text  # shown as text
        assert browser.evaluate("document.querySelectorAll('article script, article img').length") == 0
        browser.evaluate("Array.from(document.querySelectorAll('article a')).forEach(a => a.click())")
        assert browser.evaluate("typeof window.__injecte") == "undefined"
