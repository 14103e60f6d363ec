"""catalapy.literate: the one literate reader, shared by the compiler and the documentation (walk), and the
prose paragraphs it keeps for the statements of the law."""

from __future__ import annotations

import pytest

from catalapy.errors import CatalaError
from catalapy.literate import article_id_of, read_literate_string, walk

SOURCE = """# Titre

## Article D622-7 | LEGIARTI000043651409 [archive]

Droit : article D622-7 I du CSS : l'indemnité
est égale à 1/730.

```catala
déclaration x contenu entier égal à 1
```

  ```json
  {"a": 1}
  ```

> Usage de Parametres
"""


def test_walk_classifies_each_piece_in_file_order():
    pieces = [(e.kind, e.line) for e in walk(SOURCE) if e.kind != "prose" or e.text.strip()]
    assert pieces == [("heading", 1), ("heading", 3), ("prose", 5), ("prose", 6), ("code", 8), ("fence", 12),
                      ("directive", 16)]
    code = next(e for e in walk(SOURCE) if e.kind == "code")
    assert (code.language, code.body, code.closed) == ("catala", "déclaration x contenu entier égal à 1\n", True)
    assert next(e for e in walk(SOURCE) if e.kind == "fence").language == "json"


def test_article_identifier_of_a_heading():
    assert article_id_of("## Article D622-7 | LEGIARTI000043651409 [archive]") == (
        "Article D622-7", "LEGIARTI000043651409")
    assert article_id_of("### Sans identifiant") == ("Sans identifiant", None)


def test_paragraphs_are_joined_and_positioned_under_their_headings():
    lu = read_literate_string(SOURCE.replace("> Usage de Parametres\n", ""), "policy/a.catala_fr", "fr")
    (paragraphe,) = lu.paragraphs
    assert paragraphe.text == "Droit : article D622-7 I du CSS : l'indemnité est égale à 1/730."
    assert (paragraphe.pos.start_line, paragraphe.pos.end_line) == (5, 6)
    assert paragraphe.pos.law_headings == ("Titre", "Article D622-7")
    assert [c.first_line for c in lu.chunks] == [9]


def test_an_unclosed_catala_block_is_an_error_of_the_compiler_only():
    assert [e.closed for e in walk("```catala\nx\n")] == [False]
    with pytest.raises(CatalaError, match="Unclosed block"):
        read_literate_string("```catala\nx\n", "policy/a.catala_fr", "fr")


def test_each_paragraph_knows_the_heading_it_is_under(tmp_path):
    """`LawParagraph.heading` is the index of the innermost open heading (what LAW_HEADINGS' statements use),
    including across an inclusion: an included file's first paragraph is under the including heading, and the
    paragraph after the inclusion is under the including file's heading, not under the included file's last."""
    (tmp_path / "annexe.catala_fr").write_text("Texte avant tout titre de l'annexe.\n\n## Annexe\n\nTexte de l'annexe.\n",
                                               encoding="utf-8")
    principal = tmp_path / "principal.catala_fr"
    texte = ("Préambule.\n\n# Loi\n\n## Article 1\n\nPremier.\n\n> Inclusion: annexe.catala_fr\n\nSuite de l'article 1."
             "\n\n# Deuxième partie\n\nSecond.\n")
    principal.write_text(texte, encoding="utf-8")
    from catalapy.literate import read_literate

    lu = read_literate(str(principal))
    titres = [h.title for h in lu.headings]
    assert titres == ["Loi", "Article 1", "Annexe", "Deuxième partie"]
    assert [(p.text, None if p.heading is None else titres[p.heading]) for p in lu.paragraphs] == [
        ("Préambule.", None), ("Premier.", "Article 1"), ("Texte avant tout titre de l'annexe.", "Article 1"),
        ("Texte de l'annexe.", "Annexe"), ("Suite de l'article 1.", "Article 1"), ("Second.", "Deuxième partie")]
