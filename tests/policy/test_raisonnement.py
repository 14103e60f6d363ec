"""`--explain` adds `raisonnement`, the reasoning tree, and `--format texte` prints it in French.

Expected figures are the domain README's P1 (§4): turnover 30 660 / 32 850 / 35 040 € × 0,29 (abattement 71 %)
= 8 891,40 / 9 526,50 / 10 161,60 €; average 28 579,50 / 3 = 9 526,50 €; 2020 threshold = 10 % × (39 228 +
39 732 + 40 524) / 3 = 3 982,80 € (art. D622-8); IJ = 9 526,50 / 730 = 13,05 €; carence 3 days → 17 paid days.
"""

from __future__ import annotations

import doctest
import json
from datetime import date
from pathlib import Path

from secu_independants import calculer_ij, ecriture, raisonnement as module_raisonnement

from .outils import lancer_cli

ROOT = Path(__file__).resolve().parents[2]
P1 = ROOT / "examples" / "p1_achat_revente_2020.json"


def _noeuds(noeuds):
    for noeud in noeuds:
        yield noeud
        yield from _noeuds(noeud.get("enfants", []))


def _p1() -> dict:
    return calculer_ij(json.loads(P1.read_text(encoding="utf-8")), expliquer=True)


def test_values_are_written_as_the_law_writes_them():
    assert ecriture.montant(952650) == "9 526,50 €"
    assert ecriture.montant(4113600) == "41 136 €"
    assert ecriture.date_longue(date(2021, 7, 1)) == "1er juillet 2021"
    assert ecriture.texte_source("|2019-05-30|") == "30 mai 2019"
    assert ecriture.texte_source("Présent contenu 1 430,22 €") == "1 430,22 €"
    assert doctest.testmod(ecriture).failed == 0
    assert doctest.testmod(module_raisonnement).failed == 0


def test_texte_of_p1_shows_revenues_average_threshold_amount_and_days():
    execution = lancer_cli("ij", str(P1), "--explain", "--format", "texte")
    assert execution.returncode == 0, execution.stderr
    texte = execution.stdout
    lignes = texte.splitlines()
    assert len(lignes) < 140
    assert "8 891,40 ; 9 526,50 ; 10 161,60" in texte  # the three revenues after abattement (exact decimals, README P1)
    raisonnement = lignes[lignes.index("Raisonnement"):]
    moyenne = next(l for l in raisonnement if l.strip().startswith("revenu annuel moyen : 9 526,50"))
    assert "D622-7" in moyenne
    seuil = next(l for l in raisonnement if l.strip().startswith("seuil de revenu : 3 982,80"))
    assert "art. D622-8" in seuil
    assert "taux d'abattement (achat-revente) = 71 %" in texte
    for pass_annuel in ("39 228 €", "39 732 €", "40 524 €"):
        assert pass_annuel in texte
    assert any(l.strip().startswith("montant journalier : 13,05 €") for l in lignes)
    assert any(l.strip().startswith("jours de carence : 3") for l in lignes)
    assert any(l.strip().startswith("jours indemnisés : 17") for l in lignes)
    assert any(l.strip().startswith("montant total : 221,85 €") for l in lignes)


def test_texte_of_p1_writes_out_the_arithmetic_of_the_main_steps():
    """README P1, by hand: 30 660 × (1 − 0,71) = 8 891,40; 32 850 × 0,29 = 9 526,50; 35 040 × 0,29 = 10 161,60;
    (8 891,40 + 9 526,50 + 10 161,60) / 3 = 28 579,50 / 3 = 9 526,50; PASS 2017–2019 (README §2.1):
    (39 228 + 39 732 + 40 524) / 3 = 39 828, × 10 % = 3 982,80 (D622-8); 9 526,50 ≥ 3 982,80; PASS 2020 41 136
    not reached: 9 526,50 / 730 = 13,05 (730 × 13,05 = 9 526,50); 20 days > 7, no hospitalisation: carence 3,
    20 − 3 = 17 paid days (360 left); 13,05 × 17 = 221,85."""
    execution = lancer_cli("ij", str(P1), "--explain", "--format", "texte")
    assert execution.returncode == 0, execution.stderr
    calculs = [l.strip().removeprefix("calcul : ") for l in execution.stdout.splitlines()
               if l.strip().startswith("calcul : ")]
    attendus = [
        "2017 : 30 660 € × (1 − 71 %) = 8 891,40 €",
        "(8 891,40 € + 9 526,50 € + 10 161,60 €) / 3 = 9 526,50 €",
        "10 % × (39 228 € + 39 732 € + 40 524 €) / 3 = 3 982,80 €",
        "9 526,50 € ≥ seuil 3 982,80 €",
        "min(revenu annuel moyen 9 526,50 € ; plafond 41 136 €) / 730 = 13,05 €",
        "arrêt de 20 jours > 7 jours, sans hospitalisation → 3 jours de carence",
        "20 jours d'arrêt − 3 jours de carence = 17",
        "min(17 jours après la carence ; 360 jours restant à indemniser) = 17",
        "13,05 € × 17 jours = 221,85 €",
    ]
    for attendu in attendus:
        assert any(attendu in c for c in calculs), (attendu, calculs)


def test_a_capped_amount_shows_the_ceiling_and_the_rounding():
    """README P4: RAAM 43 500 > PASS 2020 41 136 → 41 136 / 730 = 56,3506… → 56,35 €; 27 days × 56,35 = 1 521,45."""
    objet = calculer_ij(json.loads((ROOT / "examples" / "p4_plafond_atteint_2020.json").read_text(encoding="utf-8")),
                        expliquer=True)
    calculs = [n["calcul"] for n in _noeuds(objet["raisonnement"]) if "calcul" in n]
    assert any("plafond 41 136 €) / 730 ≈ 56,3507 € (plafond retenu)" in c for c in calculs), calculs
    assert "≈ 56,3507 € arrondi au centime = 56,35 €" in calculs
    assert "56,35 € × 27 jours = 1 521,45 €" in calculs


def test_no_sentence_when_the_arithmetic_does_not_give_the_traced_value():
    """A rule computing otherwise than the sentence would say gets no sentence (13,05 × 17 = 221,85, not 220)."""
    from secu_independants.calculs import calcul
    from secu_independants.explication import _Collecte

    collecte = _Collecte({})
    collecte.etapes["montant_total"] = {"dependances": []}
    collecte.brut.update({"montant_journalier": (1305, True), "jours_indemnises": (17, False),
                          "montant_total": (22185, True)})
    assert calcul("montant_total", collecte) == "13,05 € × 17 jours = 221,85 €"
    collecte.brut["montant_total"] = (22000, True)
    assert calcul("montant_total", collecte) is None


def test_no_sentence_for_values_of_another_shape():
    """The sentences check the shape of what they read (no blanket `except` hides a bug): revenues that are not
    numbers, or a turnover that is not the interface's structure, give no sentence and no exception."""
    from dataclasses import dataclass
    from fractions import Fraction

    from secu_independants.calculs import calcul
    from secu_independants.explication import _Collecte

    @dataclass(frozen=True)
    class Autre:
        annee: int

    collecte = _Collecte({})
    collecte.etapes["revenu_annuel_moyen"] = {"dependances": []}
    # (8 891,40 + 9 526,50 + 10 161,60) / 3 = 9 526,50
    revenus = (Fraction(88914, 10), Fraction(95265, 10), Fraction(101616, 10))
    collecte.brut.update({"revenus_retenus": (revenus, False), "nombre_annees": (3, False),
                          "revenu_annuel_moyen": (Fraction(95265, 10), False)})
    assert calcul("revenu_annuel_moyen", collecte) == \
        "(8 891,40 € + 9 526,50 € + 10 161,60 €) / 3 = 9 526,50 €"
    collecte.brut["revenus_retenus"] = (("8891.40", "9526.50", "10161.60"), False)
    assert calcul("revenu_annuel_moyen", collecte) is None
    collecte.etapes["revenus_retenus"] = {"dependances": []}
    collecte.brut.update({"annees_retenues": ((2019,), False), "taux_abattement": (Fraction(71, 100), False),
                          "chiffres_affaires": ((Autre(2019),), False), "revenus_retenus": ((revenus[0],), False)})
    assert calcul("revenus_retenus", collecte) is None


def test_labels_and_constructors_are_in_french():
    objet = _p1()
    tous = {n["variable"]: n for n in _noeuds(objet["raisonnement"])}
    assert tous["jours_indemnises"]["libelle"] == "jours indemnisés"
    assert tous["regime"]["valeur"] == "travailleurs indépendants (SSI)"
    # the result's own French text for a list of documents (interface: lists of French strings)
    assert tous["pieces_a_fournir"]["valeur"] == objet["pieces_a_fournir"][0]


def test_outputs_come_in_the_reviewers_order():
    """Eligibility (average, threshold, eligible), then the amount, then the days, then the total."""
    ordre = [n["variable"] for n in _p1()["raisonnement"]]
    for avant, apres in (("revenu_annuel_moyen", "eligible"), ("seuil_revenu", "eligible"),
                         ("eligible", "montant_journalier"), ("montant_journalier", "jours_indemnises"),
                         ("jours_carence", "jours_indemnises"), ("jours_indemnises", "montant_total")):
        assert ordre.index(avant) < ordre.index(apres), ordre


def test_nodes_carry_article_link_parameters_and_position():
    noeuds = {n["variable"]: n for n in _p1()["raisonnement"] if "variable" in n}
    tous = {n["variable"]: n for n in _noeuds(_p1()["raisonnement"])}
    montant = tous["montant_journalier_independant"]
    assert montant["valeur"] == "13,05 €"
    assert montant["article"] == "D622-7"
    assert montant["legifrance"].startswith("https://www.legifrance.gouv.fr/")
    assert montant["position"].startswith("policy/indemnites_journalieres.catala_fr:")
    assert "1/730" in montant["enonce"]
    plafond = tous["plafond_revenu"]
    pass_2020 = plafond["parametres"][0]
    assert pass_2020["valeur"] == "41 136 €"  # PASS 2020, README §2.1
    assert pass_2020["periode"] == "du 1er janvier 2020 au 31 décembre 2020"
    assert "2020" in pass_2020["source"]
    assert noeuds["eligible"]["valeur"] == "oui"


def test_a_legiarti_heading_gives_the_article_page():
    assert module_raisonnement.lien_legifrance("LEGIARTI000041971570", "D622-8") == (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000041971570")
    assert "query=D622-8" in module_raisonnement.lien_legifrance(None, "D622-8")
    assert module_raisonnement.lien_legifrance(None, None) is None


def test_only_what_contributed_appears():
    """P1 is not salaried: the régime général amount (indemnite_salarie) did not contribute."""
    variables = {n["variable"] for n in _p1()["raisonnement"]} | {
        n["variable"] for n in _noeuds(_p1()["raisonnement"])}
    assert not any(v.startswith("indemnite_salarie") for v in variables)


def test_format_texte_without_explain_prints_the_result_only():
    execution = lancer_cli("ij", str(P1), "--format", "texte")
    assert execution.returncode == 0, execution.stderr
    assert "montant total : 221,85 €" in execution.stdout
    assert "Raisonnement" not in execution.stdout


def test_result_values_are_written_from_the_output_class_never_guessed():
    """`resultat_en_mots` takes the type of each value from the generated output class: the same JSON text
    "2020" is a year-like string nowhere, a money amount for `montant_total` (221,85 € of P1 = 13,05 × 17); a
    key that is not an output, or a value its type cannot read, is refused instead of guessed."""
    import pytest

    from secu_independants.api import portee
    from secu_independants.raisonnement import resultat_en_mots, texte

    ij, rattachement = portee("ij"), portee("rattachement")
    assert resultat_en_mots("montant_total", "221.85", ij) == "221,85 €"
    assert resultat_en_mots("jours_indemnises", 17, ij) == "17"
    assert resultat_en_mots("eligible", True, ij) == "oui"
    assert resultat_en_mots("fin_periode_rattachement", None, rattachement) == "aucune valeur"
    assert resultat_en_mots("debut_periode_rattachement", "2020-01-01", rattachement) == "1er janvier 2020"
    with pytest.raises(ValueError, match="inconnu n'est pas une sortie de la portée CalculIndemnitesJournalieres"):
        resultat_en_mots("inconnu", "221.85", ij)
    with pytest.raises(ValueError, match="ne se lit pas"):
        resultat_en_mots("montant_total", {"euros": 1}, ij)
    with pytest.raises(ValueError):
        texte({"montant_total": "221.85", "ligne": 1}, ij)


def test_a_rule_applied_to_each_value_cites_its_definition_not_its_declaration():
    """A variable that depends on a value (`dépend de`) is cited at its `définition x de …` line, under the
    heading of that line, not at its declaration in the scope's `déclaration` block (« Revenu annuel moyen »)."""
    lignes = (ROOT / "policy" / "indemnites_journalieres.catala_fr").read_text(encoding="utf-8").splitlines()
    vus = 0
    for noeud in _noeuds(_p1()["raisonnement"]):
        if noeud.get("valeur") != "règle appliquée à chaque valeur":
            continue
        vus += 1
        nom = noeud["variable"].rsplit(".", 1)[-1]
        ligne = int(noeud["position"].rsplit(":", 1)[1].split(".")[0])
        assert lignes[ligne - 1].strip().startswith(f"définition {nom} de "), (nom, lignes[ligne - 1])
        assert noeud["regle"] != "Revenu annuel moyen", nom
    assert vus >= 5  # revenu_declare, revenu_annee, plafond_annee, moyenne_des_annees, seuil_des_annees…


P14 = ROOT / "examples" / "p14_rattachement_2019.json"


def test_texte_writes_the_results_from_their_types_without_explain():
    """`--format texte` without `--explain` (no reasoning to borrow words from): the « Résultat » lines are
    written from the types of the outputs (the generated output class), so a constructor is in the law's
    words and a label the declaration's, not the contract's codes (`CPAMResidence`, `organisme rattachement`).
    P14: a creator of 1 January 2019 is attached to the CPAM of residence from the start (LFSS 2018 art. 15),
    no attachment campaign, hence no period."""
    execution = lancer_cli("rattachement", str(P14), "--format", "texte")
    assert execution.returncode == 0, execution.stderr
    lignes = execution.stdout.splitlines()
    assert "  organisme de rattachement : CPAM du lieu de résidence" in lignes  # `-- CPAMResidence # libellé : …`
    assert "  transfert automatique : non" in lignes
    assert "  début de la période de rattachement : aucune valeur" in lignes  # an absent optional date
    execution = lancer_cli("ij", str(P1), "--format", "texte")
    lignes = execution.stdout.splitlines()
    assert "  régime applicable : travailleurs indépendants (SSI)" in lignes
    assert "  montant total : 221,85 €" in lignes  # 13,05 × 17 (README P1)
    assert "  jours indemnisés : 17" in lignes


def test_an_absent_result_reads_as_in_the_reasoning():
    """An optional output with no value is `null` in JSON: its « Résultat » line says « aucune valeur », as the
    reasoning says of the same output (the guess from JSON wrote « — », as for a missing value)."""
    execution = lancer_cli("rattachement", str(P14), "--explain", "--format", "texte")
    assert execution.returncode == 0, execution.stderr
    resultat, raisonnement = execution.stdout.split("\nRaisonnement\n")
    assert "  fin de la période de rattachement : aucune valeur\n" in resultat
    assert "  fin de la période de rattachement : aucune valeur — " in raisonnement


def test_constants_are_read_from_the_compiler_table():
    """`_Valeurs.constante` reads `ConstantInfo.value` of the `CONSTANTS` entry (no module attribute: the
    collecte here has no module at all), only when the step read the constant, money as euros. P1:
    min(9 526,50 ; 41 136) / 730 = 13,05 (730 × 13,05 = 9 526,50)."""
    from fractions import Fraction

    from catalapy.runtime.metadata import ConstantInfo
    from catalapy.runtime.position import SourcePosition
    from secu_independants.calculs import _Valeurs, calcul
    from secu_independants.explication import _Collecte

    ici = SourcePosition("parametres.catala_fr", 1, 1, 1, 2, ())
    diviseur, plancher = "Parametres.diviseur_indemnite_journaliere", "Parametres.plancher"
    collecte = _Collecte({}, {diviseur: ConstantInfo("730,0", ici, Fraction(730)),
                              plancher: ConstantInfo("1 500 €", ici, 150000)}, frozenset({plancher}))
    assert collecte.module is None
    collecte.etapes["indemnite_independant_exacte"] = {"dependances": [diviseur, plancher]}
    collecte.brut.update({"revenu.revenu_annuel_moyen": (952650, True), "plafond_revenu": (4113600, True),
                          "indemnite_independant_exacte": (Fraction(1305, 100), False)})
    assert calcul("indemnite_independant_exacte", collecte) == \
        "min(revenu annuel moyen 9 526,50 € ; plafond 41 136 €) / 730 = 13,05 € (revenu annuel moyen retenu)"
    valeurs = _Valeurs(collecte, "indemnite_independant_exacte")
    assert valeurs.constante(plancher) == Fraction(1500)  # 150 000 cents = 1 500 €
    collecte.etapes["indemnite_independant_exacte"] = {"dependances": []}  # not read by the step: no value
    assert valeurs.constante(diviseur) is None
    assert calcul("indemnite_independant_exacte", collecte) is None
