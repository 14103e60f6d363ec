"""`mkdocs build --strict` of the whole site: it passes and the generated pages come from policy/."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    return target


def text_of(page: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))


def test_hand_written_and_generated_pages_exist(site: Path) -> None:
    for page in ("index.html", "cli-api/index.html", "architecture/index.html", "parametres/index.html",
                 "exemples/index.html", "search/search_index.json"):
        assert (site / page).exists(), page
    assert 'lang="fr"' in (site / "index.html").read_text(encoding="utf-8")


def test_one_page_per_policy_source(site: Path) -> None:
    sources = sorted((ROOT / "policy").rglob("*.catala_*"))
    if not sources:
        pytest.skip("policy/ holds no .catala_* source yet")
    for source in sources:
        relative = source.relative_to(ROOT / "policy").with_suffix("")
        assert (site / "regles" / relative / "index.html").exists(), source


def test_parametres_page_shows_the_pass_2020_for_the_year_2020(site: Path) -> None:
    if not (ROOT / "policy" / "parametres.catala_fr").exists():
        pytest.skip("policy/parametres.catala_fr is not written yet")
    text = text_of(site / "parametres" / "index.html")
    # PASS 2020 = 41 136 € (domain reference §2), for the calendar year 2020
    assert "41 136 € du 1er janvier 2020 au 31 décembre 2020" in text
