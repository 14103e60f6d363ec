"""Properties of the 2020 attachment of indépendants to the CPAM (`determiner_rattachement`), README §1.A."""
from __future__ import annotations

from datetime import date

from hypothesis import assume, given, strategies as st

from produit import determiner_rattachement_ou_rien, exiger
from strategies import cas_rattachement

determiner_rattachement = exiger(determiner_rattachement_ou_rien())

DEBUT_CREATEURS_CPAM = date(2019, 1, 1)  # LFSS 2018 art. 15
ORGANISME_PAR_RESIDENCE = {"Metropole": "CPAMResidence", "DOM": "CGSS", "Etranger": "CPAMLieuActivite"}


def _debut(cas):
    return date.fromisoformat(cas["date_debut_activite"])


@given(cas_rattachement())
def test_transfert_automatique_seulement_avant_2019(cas):
    """LFSS 2018 art. 15, ameli (A2, A5, README §3.16): an activity started before 2019-01-01 is transferred
    automatically to the CPAM between 2020-01-20 and 2020-02-17; one started on or after 2019-01-01 is never
    transferred (already with the CPAM since its creation)."""
    resultat = determiner_rattachement(cas)
    transfere = _debut(cas) < DEBUT_CREATEURS_CPAM
    assert resultat["transfert_automatique"] is transfere
    if transfere:
        assert resultat["debut_periode_rattachement"] == "2020-01-20"
        assert resultat["fin_periode_rattachement"] == "2020-02-17"


@given(cas_rattachement())
def test_organisme_selon_la_residence(cas):
    """A1 (ameli "Suppression du RSI"): the CPAM of residence, the CGSS in a DOM, the CPAM of the place of activity
    for a resident abroad."""
    resultat = determiner_rattachement(cas)
    assert resultat["organisme_rattachement"] == ORGANISME_PAR_RESIDENCE[cas.get("residence", "Metropole")]


@given(cas_rattachement())
def test_demande_avant_le_courrier_a_l_ancien_organisme(cas):
    """A3, A4 (ameli, cramif): for a transferred person, a claim sent before the attachment letter arrived (or with
    no letter yet) goes to the former organisme conventionné; a claim sent after it goes to the new organisme."""
    assume(_debut(cas) < DEBUT_CREATEURS_CPAM)
    resultat = determiner_rattachement(cas)
    courrier, demande = cas.get("date_reception_courrier"), date.fromisoformat(cas["date_demande"])
    if courrier is None or demande < date.fromisoformat(courrier):
        assert resultat["organisme_destinataire"] == "AncienOrganismeConventionne"
    elif demande > date.fromisoformat(courrier):
        assert resultat["organisme_destinataire"] == resultat["organisme_rattachement"]


@given(cas_rattachement(), st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2021, 12, 31))))
def test_createur_depuis_2019_ecrit_toujours_a_son_organisme(cas, courrier):
    """A5: someone who started on or after 2019-01-01 has been with the CPAM (CGSS) from the start: every claim goes
    there, whether or not a letter was received, and nothing is required of them."""
    assume(_debut(cas) >= DEBUT_CREATEURS_CPAM)
    cas = dict(cas, date_reception_courrier=None if courrier is None else courrier.isoformat())
    resultat = determiner_rattachement(cas)
    assert resultat["organisme_destinataire"] == resultat["organisme_rattachement"]
    assert resultat["demarche_requise"] is False


@given(cas_rattachement())
def test_transfert_sans_formalite(cas):
    """A2 (ameli "Bienvenue à tous les travailleurs indépendants"): the transfer is automatic, with no formality;
    the advice given is a list of distinct constructor names."""
    resultat = determiner_rattachement(cas)
    if resultat["transfert_automatique"]:
        assert resultat["demarche_requise"] is False
    assert len(set(resultat["conseils"])) == len(resultat["conseils"])
    assert all(isinstance(c, str) and c.isidentifier() for c in resultat["conseils"])
