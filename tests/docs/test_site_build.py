"""`mkdocs build --strict` of the whole site: it passes and the generated pages come from policy/."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site  # tests/conftest.py: built once per session


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


def test_verification_pages_are_out_of_the_search_and_the_law_navigation(site: Path) -> None:
    """Test and mutation cases (policy/tests/) are built, listed under « Vérification », never in the search
    index; the rule pages of the law are in the search."""
    tests = sorted((ROOT / "policy" / "tests").glob("*.catala_*"))
    if not tests:
        pytest.skip("policy/tests/ holds no case yet")
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert not [l for l in locations if l.startswith("regles/tests/")]
    assert any(l.startswith("regles/indemnites_journalieres/") for l in locations)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Vérification" in home
    law_nav = home.split("Vérification", 1)[0]
    assert "regles/tests/" not in law_nav  # every test page comes after the « Vérification » label


def test_one_page_per_worked_example_with_its_reasoning(site: Path) -> None:
    for example in sorted((ROOT / "examples").glob("*.json")):
        slug = re.sub(r"[^a-z0-9]+", "-", example.stem.lower()).strip("-")
        page = site / "exemples" / slug / "index.html"
        assert page.exists(), example.name
        assert "Raisonnement" in text_of(page), example.name
    p1 = text_of(site / "exemples" / "p1-achat-revente-2020" / "index.html")
    # P1 of the domain README §4: the three revenues after the 71 % abattement, the 2020 threshold
    assert "8 891,40 ; 9 526,50 ; 10 161,60" in p1 and "3 982,80" in p1
