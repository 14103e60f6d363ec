"""Properties of the JSON interface and of the `secu-independants` command (interface.md).

Running the command costs a process start per example, so the properties that run it lower the number of
examples to at most 20 (the others keep the profile's figure).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from bareme import cents
from produit import calculer_ij_ou_rien, determiner_rattachement_ou_rien, exiger
from strategies import cas_ij, cas_ij_abimes, cas_rattachement, en_montant, json_valeurs

calculer_ij = exiger(calculer_ij_ou_rien())
determiner_rattachement = determiner_rattachement_ou_rien()  # a string (why not) while it is not usable
RATTACHEMENT_PRET = not isinstance(determiner_rattachement, str)

RACINE = Path(__file__).resolve().parents[2]
COMMANDE = Path(sys.executable).with_name("secu-independants")
if not COMMANDE.exists():
    pytest.skip(f"{COMMANDE} is not installed (make install)", allow_module_level=True)

# A process per example: keep CLI properties to at most 20 examples whatever the profile.
peu_d_exemples = settings(max_examples=min(20, settings.default.max_examples))

CHAMPS_MONETAIRES_IJ = ("revenu_annuel_moyen", "seuil_revenu", "seuil_chiffre_affaires", "montant_journalier",
                        "montant_total")


def lancer(*arguments: str, entree: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(COMMANDE), *arguments], input=entree, capture_output=True, text=True,
                          timeout=60, cwd=RACINE, env={**os.environ, "PYTHONHASHSEED": "0"})


def verifier_sortie_propre(proc: subprocess.CompletedProcess) -> None:
    """Exit 0 with a JSON object on stdout, or exit 2 with nothing on stdout and one line on stderr."""
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 2), (proc.returncode, proc.stderr)
    if proc.returncode == 0:
        assert isinstance(json.loads(proc.stdout), dict)
    else:
        assert proc.stdout == ""
        assert proc.stderr.strip() and "\n" not in proc.stderr.strip(), proc.stderr


@peu_d_exemples
@given(st.sampled_from(["ij", "rattachement"] if RATTACHEMENT_PRET else ["ij"]), st.one_of(
    json_valeurs.map(json.dumps),
    st.text(max_size=40),
    st.builds(lambda cas, cle, val: json.dumps({**cas, cle: val}), cas_ij(), st.text(max_size=10), json_valeurs),
))
def test_aucune_entree_ne_produit_de_trace_python(commande, texte):
    """interface.md: any input, however malformed, ends with exit code 0 (a result) or 2 (one line on stderr naming
    the problem, nothing on stdout) — never a Python traceback."""
    verifier_sortie_propre(lancer(commande, "-", entree=texte))


@peu_d_exemples
@given(cas_ij_abimes())
def test_champ_abime_nomme_dans_l_erreur(cas_et_champ):
    """interface.md: bad input (unknown enum constructor, malformed date or amount, negative duration, wrong type)
    gives exit code 2 and one line on stderr naming the field."""
    cas, champ = cas_et_champ
    proc = lancer("ij", "-", entree=json.dumps(cas))
    verifier_sortie_propre(proc)
    assert proc.returncode == 2
    assert champ in proc.stderr


@peu_d_exemples
@given(st.one_of(cas_ij(salarie=None).map(lambda c: ("ij", c)), *(
    [cas_rattachement().map(lambda c: ("rattachement", c))] if RATTACHEMENT_PRET else [])))
def test_la_commande_rend_ce_que_rend_l_api(tmp_path_factory, commande_et_cas):
    """interface.md: the command prints the result as JSON; reading a file or stdin gives the same output, which is
    the API's result, with money as strings with exactly two decimals."""
    commande, cas = commande_et_cas
    fichier = tmp_path_factory.mktemp("cas") / "cas.json"
    fichier.write_text(json.dumps(cas), encoding="utf-8")
    par_fichier, par_entree = lancer(commande, str(fichier)), lancer(commande, "-", entree=json.dumps(cas))
    assert par_fichier.returncode == 0, par_fichier.stderr
    assert par_fichier.stdout == par_entree.stdout
    sortie = json.loads(par_fichier.stdout)
    api = calculer_ij(cas) if commande == "ij" else determiner_rattachement(cas)
    assert sortie == json.loads(json.dumps(api))
    if commande == "ij":
        for champ in CHAMPS_MONETAIRES_IJ:
            cents(sortie[champ])


@peu_d_exemples
@given(st.lists(cas_ij(salarie=None), min_size=1, max_size=8))
def test_batch_une_ligne_par_cas(cas):
    """interface.md `--batch`: one JSON result per input line, in order, each equal to the single-case result and
    carrying `ligne`, the 1-based number of its input line."""
    proc = lancer("ij", "--batch", "-", entree="".join(json.dumps(c) + "\n" for c in cas))
    assert proc.returncode == 0, proc.stderr
    lignes = proc.stdout.splitlines()
    attendu = [{"ligne": i, **json.loads(json.dumps(calculer_ij(c)))} for i, c in enumerate(cas, start=1)]
    assert [json.loads(ligne) for ligne in lignes] == attendu


@given(cas_ij(salarie=None), st.data())
def test_ecritures_equivalentes_d_un_montant_meme_resultat(cas, data):
    """interface.md: money is a decimal string with at most two decimals, or a JSON integer; "8092.8", "8092.80"
    and, for whole euros, "8092" and 8092 denote the same amount and give the same result."""
    def reecrire(texte: str):
        c = cents(texte)
        formes = [texte, f"{c // 100}.{c % 100:02d}"]
        if c % 10 == 0:
            formes.append(f"{c // 100}.{(c % 100) // 10}")
        if c % 100 == 0:
            formes += [str(c // 100), c // 100]
        return data.draw(st.sampled_from(formes))

    autre = dict(cas, chiffres_affaires=[dict(e, montant=reecrire(e["montant"])) for e in cas["chiffres_affaires"]])
    assert calculer_ij(autre) == calculer_ij(cas)


@given(cas_ij(salarie=None))
def test_resultat_json_aller_retour(cas):
    """interface.md: the result is plain JSON (strings, integers, booleans, lists): it survives json.dumps/loads
    unchanged, and its money fields are strings with exactly two decimals."""
    resultat = calculer_ij(cas)
    assert json.loads(json.dumps(resultat)) == resultat
    for champ in CHAMPS_MONETAIRES_IJ:
        assert isinstance(resultat[champ], str)
        assert en_montant(cents(resultat[champ])) == resultat[champ]
