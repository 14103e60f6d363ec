"""The input-validation layer on its own (no scope evaluated): values read (enumeration constructors as the
members of the generated enumerations, `optionnel` inputs as ABSENT or Present), defaults, and one error per
kind."""

from __future__ import annotations

import copy
from datetime import date
from fractions import Fraction

import msgspec
import pytest

from catalapy.runtime.values import ABSENT, Present
from secu_independants.entrees import EntreeInvalide, lire_cas_ij, lire_cas_rattachement, lire_json
from secu_independants.regles.indemnites_journalieres import Categorie, Motif
from secu_independants.regles.rattachement_cpam import Residence

CAS_IJ = {
    "categorie": "AchatRevente",
    "date_debut_activite": "2012-05-01",
    "chiffres_affaires": [
        {"annee": 2017, "montant": "30660"},
        {"annee": 2018, "montant": 32850},
        {"annee": 2019, "montant": "35040.5", "ratio_cotisations_payees": "0.75"},
    ],
    "date_arret": "2020-10-05",
    "duree_arret": 20,
}


def avec(**changements: object) -> dict:
    cas = copy.deepcopy(CAS_IJ)
    for cle, valeur in changements.items():
        if valeur is ...:
            del cas[cle]
        else:
            cas[cle] = valeur
    return cas


def test_valeurs_lues_et_defauts():
    lu = lire_cas_ij(CAS_IJ)
    assert lu["categorie"] is Categorie.AchatRevente
    assert lu["date_debut_activite"] == date(2012, 5, 1)
    # "30660" € = 3 066 000 cents; the JSON integer 32850 € = 3 285 000 cents; "35040.5" = 3 504 050 cents
    assert [ca["montant"] for ca in lu["chiffres_affaires"]] == [3_066_000, 3_285_000, 3_504_050]
    assert [ca["ratio_cotisations_payees"] for ca in lu["chiffres_affaires"]] == [1, 1, Fraction(3, 4)]
    assert lu["date_arret"] == date(2020, 10, 5) and lu["duree_arret"] == 20
    # defaults of interface.md
    assert lu["hospitalisation"] is False and lu["motif"] is Motif.Maladie and lu["ald"] is False
    assert lu["premier_arret_du_motif"] is True and lu["jours_deja_indemnises"] == 0
    assert lu["en_activite"] is True and lu["cotisations_a_jour"] is True and lu["salarie"] is False
    assert lu["salaires_trois_derniers_mois"] == ()
    assert lu["heures_salariees_trois_derniers_mois"] is ABSENT and lu["date_arret_initial"] is ABSENT


def test_salarie_avec_salaires():
    lu = lire_cas_ij(avec(salarie=True, salaires_trois_derniers_mois=["2190", "2190.00", 2190]))
    assert lu["salaires_trois_derniers_mois"] == (219_000, 219_000, 219_000)


def test_rattachement_defauts_et_null():
    lu = lire_cas_rattachement({"date_debut_activite": "2018-12-31", "date_demande": "2020-01-27"})
    assert msgspec.structs.asdict(lu) == {
        "date_debut_activite": date(2018, 12, 31), "residence": Residence.Metropole,
        "date_reception_courrier": ABSENT, "date_demande": date(2020, 1, 27),
        "id": None,  # interface.md: `id` optional, echoed by --batch
    }
    lu = lire_cas_rattachement(
        {"date_debut_activite": "2018-12-31", "date_demande": "2020-01-27", "date_reception_courrier": "2020-02-10",
         "residence": "DOM"}
    )
    assert lu["date_reception_courrier"] == Present(date(2020, 2, 10)) and lu["residence"] is Residence.DOM
    lu = lire_cas_rattachement(
        {"date_debut_activite": "2018-12-31", "date_demande": "2020-01-27", "date_reception_courrier": None})
    assert lu["date_reception_courrier"] is ABSENT  # JSON null: the interface's "no date"


MAUVAIS_CAS_IJ = [
    # (case, field named in the error, a word of what was expected)
    (avec(inconnu=1), "inconnu", "aucun champ"),
    (avec(date_arret=...), "date_arret", "obligatoire"),
    (avec(categorie=...), "categorie", "obligatoire"),
    (avec(duree_arret="20"), "duree_arret", "entier"),
    (avec(hospitalisation="oui"), "hospitalisation", "booléen"),
    (avec(hospitalisation=1), "hospitalisation", "booléen"),
    (avec(duree_arret=True), "duree_arret", "entier"),
    (avec(date_arret="2021-02-30"), "date_arret", "n'existe pas"),
    (avec(date_arret="2021-2-3"), "date_arret", "AAAA-MM-JJ"),
    (avec(date_arret="20210203"), "date_arret", "AAAA-MM-JJ"),
    (avec(date_arret=None), "date_arret", "date"),
    (avec(duree_arret=-1), "duree_arret", "négative"),
    (avec(duree_arret=0), "duree_arret", "entre 1"),
    (avec(jours_deja_indemnises=-3), "jours_deja_indemnises", "négative"),
    (avec(motif="Grippe"), "motif", "Maladie | Accident | GrossessePathologique"),
    (avec(categorie="achatrevente"), "categorie", "AchatRevente"),
    (avec(salarie=True), "salaires_trois_derniers_mois", "obligatoire quand salarie"),
    (avec(salaires_trois_derniers_mois=["1", "2"]), "salaires_trois_derniers_mois", "3 montants"),
    (avec(salarie=True, salaires_trois_derniers_mois=["1", "2", "3.001"]), "salaires_trois_derniers_mois[2]", "deux décimales"),
    (avec(chiffres_affaires={"annee": 2019}), "chiffres_affaires", "liste"),
    (avec(chiffres_affaires=[{"annee": 2019, "montant": "12.345"}]), "chiffres_affaires[0].montant", "deux décimales"),
    (avec(chiffres_affaires=[{"annee": 2019, "montant": "1"}, {"annee": 2018, "montant": "-5"}]),
     "chiffres_affaires[1].montant", "négatif"),
    (avec(chiffres_affaires=[{"annee": 2019, "montant": "1 000"}]), "chiffres_affaires[0].montant", "montant"),
    (avec(chiffres_affaires=[{"annee": 2019, "montant": "1e3"}]), "chiffres_affaires[0].montant", "montant"),
    (avec(chiffres_affaires=[{"annee": 2019}]), "chiffres_affaires[0].montant", "obligatoire"),
    (avec(chiffres_affaires=[{"annee": "2019", "montant": "1"}]), "chiffres_affaires[0].annee", "année"),
    (avec(chiffres_affaires=[{"annee": 2019, "montant": "1", "devise": "EUR"}]), "chiffres_affaires[0].devise",
     "aucun champ"),
    (avec(chiffres_affaires=[{"annee": 2019, "montant": "1", "ratio_cotisations_payees": "1.5"}]),
     "chiffres_affaires[0].ratio_cotisations_payees", "entre 0 et 1"),
    (avec(chiffres_affaires=[{"annee": 2019, "montant": "1"}, {"annee": 2019, "montant": "2"}]),
     "chiffres_affaires[1].annee", "déjà en chiffres_affaires[0]"),
    (avec(chiffres_affaires=[{"annee": 2019, "montant": 12.5}]), "chiffres_affaires[0].montant", "montant"),
]


@pytest.mark.parametrize(("cas", "champ", "attendu"), MAUVAIS_CAS_IJ)
def test_mauvaise_entree_ij(cas, champ, attendu):
    with pytest.raises(EntreeInvalide) as erreur:
        lire_cas_ij(cas)
    assert erreur.value.champ == champ
    assert attendu in erreur.value.attendu
    texte = str(erreur.value)
    assert "\n" not in texte and texte.startswith(f"{champ} : attendu ")


def test_nombre_json_non_entier_jamais_flottant():
    # 8092.8 written as a JSON number must be refused for money, with the advice to write a string
    cas = lire_json('{"annee": 2019, "montant": 8092.8}')
    assert type(cas["montant"]) is not float
    with pytest.raises(EntreeInvalide) as erreur:
        lire_cas_ij(avec(chiffres_affaires=[cas]))
    assert erreur.value.champ == "chiffres_affaires[0].montant" and '"8092.8"' in erreur.value.attendu


def test_json_malforme():
    with pytest.raises(EntreeInvalide) as erreur:
        lire_json('{"categorie": ')
    assert erreur.value.champ == "(json)" and "ligne 1" in erreur.value.attendu
    with pytest.raises(EntreeInvalide):
        lire_json('{"duree_arret": NaN}')


@pytest.mark.parametrize(("texte", "explication"), [
    ('{"categorie": "AchatRevente"', "virgule attendue, ligne 1 colonne 29"),  # 28 characters, then the end
    ('{"a" 1}', "deux-points attendu, ligne 1 colonne 6"),
    ("{a: 1}", "nom de champ entre guillemets attendu, ligne 1 colonne 2"),
    ('{"a": 1} x', "texte après la fin du document, ligne 1 colonne 10"),
    ('"abc', "chaîne non terminée, ligne 1 colonne 1"),
    ('{"a": "\\q"}', "séquence d'échappement invalide, ligne 1 colonne 8"),
    ("", "valeur attendue, ligne 1 colonne 1"),
    ('{"a": "x\ty"}', "caractère de contrôle non échappé dans une chaîne, ligne 1 colonne 9"),
    ('{"duree_arret": ' + "9" * 5000 + "}", "dont les nombres ont au plus"),
])
def test_json_malforme_explique_en_francais(texte: str, explication: str) -> None:
    # the json module's messages are English ("Expecting ',' delimiter"); the interface speaks French
    with pytest.raises(EntreeInvalide) as erreur:
        lire_json(texte)
    assert explication in erreur.value.attendu
    assert not any(mot in erreur.value.attendu for mot in ("Expecting", "Invalid", "digits", "Extra"))


@pytest.mark.parametrize(
    ("cas", "champ"),
    [
        ({"date_debut_activite": "2018-12-31"}, "date_demande"),
        ({"date_debut_activite": "2018-12-31", "date_demande": "2020-01-27", "residence": "Reunion"}, "residence"),
        ({"date_debut_activite": "2018-12-31", "date_demande": "2020-01-27", "date_reception_courrier": "10/02/2020"},
         "date_reception_courrier"),
        ({"date_debut_activite": "2018-12-32", "date_demande": "2020-01-27"}, "date_debut_activite"),
        ([], "(cas)"),
    ],
)
def test_mauvaise_entree_rattachement(cas, champ):
    with pytest.raises(EntreeInvalide) as erreur:
        lire_cas_rattachement(cas)
    assert erreur.value.champ == champ


def test_identifiant_nombre_non_entier_refuse():
    # 1.5 read exactly is text for msgspec; the interface still refuses it as an id (a string or a JSON integer)
    with pytest.raises(EntreeInvalide) as erreur:
        lire_cas_ij(avec(id=lire_json("1.5")))
    assert erreur.value.champ == "id" and str(erreur.value).endswith("reçu 1.5")


def test_surrogat_isole():
    # a lone surrogate (valid in a JSON string) is named in its field, and kept as given in `id`
    with pytest.raises(EntreeInvalide) as erreur:
        lire_cas_ij(avec(categorie="\ud800"))
    assert erreur.value.champ == "categorie" and erreur.value.recu == "\ud800"
    assert lire_cas_ij(avec(id="\udfff")).id == "\udfff"


@pytest.mark.parametrize(("texte", "champ"), [
    ('{"date_demande": "2020-01-27", "date_demande": "2020-01-28"}', "date_demande"),
    ('{"chiffres_affaires": [{"annee": 2019, "montant": 1}, {"annee": 2019, "montant": 1, "annee": 2018}]}',
     "chiffres_affaires[1].annee"),  # the second turnover repeats its year
    ('{"a": {"b": 1, "b": 2}, "a": 3}', "a.b"),  # the first repetition in the text is the inner one
])
def test_cle_en_double_nommee_par_son_chemin(texte: str, champ: str) -> None:
    with pytest.raises(EntreeInvalide) as erreur:
        lire_json(texte)
    assert erreur.value.champ == champ
    assert erreur.value.attendu == "un champ donné une seule fois (clé en double dans l'objet JSON)"
