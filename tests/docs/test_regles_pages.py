"""docs/sitegen/regles.py: literate Catala (read by catalapy.literate) → Markdown rule page."""

import pytest

from sitegen.regles import LiterateError, code_blocks, parse_heading, render_page

SOURCE = """> Module Exemple

# Indemnités journalières

## Article D622-7 | LEGIARTI000043651409

L'indemnité est égale à 1/730 du revenu.

```catala-metadata
déclaration champ d'application S:
  résultat x contenu entier
```

### Alinéa 2 [archive]

```catala
champ d'application S:
  # un commentaire, pas un titre
  définition x égal à 1
```

```catala-test-cli
$ catala test-scope S
```

## Article D622-8 | LEGIARTI000043651409
"""


def test_heading_with_article_identifier() -> None:
    heading = parse_heading("## Article D622-7 | LEGIARTI000043651409", 4)
    assert (heading.level, heading.title, heading.article_id, heading.line) == (
        2, "Article D622-7", "LEGIARTI000043651409", 4)
    assert parse_heading("### Alinéa 2 [archive]", 1).title == "Alinéa 2"
    assert parse_heading("#[test]", 1) is None
    assert parse_heading("texte", 1) is None


def test_page_keeps_prose_and_emits_catala_blocks() -> None:
    page = render_page(SOURCE, "policy/exemple.catala_fr").markdown
    assert page.count('<div class="language-catala highlight">') == 2  # the metadata block is catala too
    assert "```catala" not in page
    assert "```text\n$ catala test-scope S\n```" in page
    assert "L'indemnité est égale à 1/730 du revenu." in page
    assert "# un commentaire, pas un titre</span>" in page  # a comment in code is not a heading
    assert "`policy/exemple.catala_fr`" in page


def test_headings_get_article_anchors_made_unique() -> None:
    page = render_page(SOURCE, "policy/exemple.catala_fr")
    assert "## Article D622-7 {#LEGIARTI000043651409}" in page.markdown
    assert "## Article D622-8 {#LEGIARTI000043651409-2}" in page.markdown
    assert "### Alinéa 2\n" in page.markdown
    assert page.title == "Indemnités journalières"


def test_page_without_title_is_named_after_its_file() -> None:
    page = render_page("```catala\ndéclaration x contenu entier égal à 1\n```\n", "policy/tests/cas.catala_fr")
    assert page.title == "cas"
    assert page.markdown.startswith("# cas\n")


def test_code_blocks_carry_their_headings_and_first_line() -> None:
    blocks = code_blocks(SOURCE, "x")
    assert [b.first_line for b in blocks] == [10, 17]
    assert [h.title for h in blocks[1].headings] == [
        "Indemnités journalières", "Article D622-7", "Alinéa 2"]


def test_unclosed_block_is_reported_with_its_line() -> None:
    with pytest.raises(LiterateError, match=r"policy/a.catala_fr:3: unclosed ```catala block"):
        render_page("# T\n\n```catala\nx\n", "policy/a.catala_fr")


def test_each_code_line_has_its_anchor_and_number() -> None:
    """`--explain` cites policy/exemple.catala_fr:19: line 19 of the source is `  définition x égal à 1`."""
    page = render_page(SOURCE, "policy/exemple.catala_fr").markdown
    ligne_19 = page.split('<a id="L-19"', 1)[1].split("\n", 1)[0]
    assert "définition" in ligne_19 and '<span class="linenos">19</span>' in ligne_19


def test_article_headings_link_to_legifrance() -> None:
    page = render_page(SOURCE, "policy/exemple.catala_fr").markdown
    assert ("[Légifrance : article D622-7](https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000043651409)"
            in page)
    # no identifier: a search on the article number of the code
    sans_id = render_page("## Article D622-1 du CSS\n", "policy/a.catala_fr").markdown
    assert "[Légifrance : article D622-1](https://www.legifrance.gouv.fr/search/code?" in sans_id
    assert "Légifrance" not in render_page("## Données\n", "policy/a.catala_fr").markdown


def test_prose_and_headings_cannot_inject_html() -> None:
    source = ("# Titre <img src=x onerror=alert(1)>\n\nUn <script>alert(1)</script> et "
              "[lien](javascript:alert(1)) {: onclick=alert(1)} mais `a < b`.\n")
    page = render_page(source, "policy/a.catala_fr")
    assert "<script" not in page.markdown and "<img" not in page.markdown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.markdown
    assert "](javascript:" not in page.markdown
    assert "{: onclick" not in page.markdown
    assert "`a < b`" in page.markdown  # code spans are escaped by the Markdown engine itself
