"""`secu-independants serve`: the HTTP API tested over loopback with real HTTP requests (uvicorn started on a
free port by the fixture). Expected results come from the public cases (domain README §4, tests/policy)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.policy.cas_publics import CAS_PUBLICS

pytest.importorskip("uvicorn", reason="the HTTP API needs the extra [serve] (installed by `make install`)")

RACINE = Path(__file__).resolve().parents[2]


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    port = _port_libre()
    processus = subprocess.Popen([sys.executable, "-m", "secu_independants.cli", "serve", "--port", str(port)],
                                 cwd=RACINE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/sante", timeout=2).read()
                break
            except OSError:
                if processus.poll() is not None:
                    raise AssertionError(processus.stderr.read().decode() if processus.stderr else "serve ended")
                time.sleep(0.1)
        yield base
    finally:
        processus.terminate()
        processus.wait(timeout=20)


def _requete(url: str, chemin: str, corps: bytes | None = None) -> tuple[int, dict]:
    requete = urllib.request.Request(url + chemin, data=corps, method="POST" if corps is not None else "GET",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(requete, timeout=60) as reponse:
            return reponse.status, json.loads(reponse.read())
    except urllib.error.HTTPError as erreur:
        return erreur.code, json.loads(erreur.read())


def _sous_ensemble(resultat: dict, attendu: dict) -> dict:
    return {cle: resultat.get(cle, "<absent>") for cle in attendu}


def test_sante(url: str) -> None:
    from secu_independants import __version__

    assert _requete(url, "/sante") == (200, {"statut": "ok", "version": __version__})


@pytest.mark.parametrize(("nom", "commande", "cas", "attendu"), CAS_PUBLICS[:4] + CAS_PUBLICS[-3:],
                         ids=lambda v: v.split()[0] if isinstance(v, str) and " " in v else None)
def test_cas_publics(url: str, nom: str, commande: str, cas: dict, attendu: dict) -> None:
    statut, resultat = _requete(url, f"/{commande}", json.dumps(cas).encode())
    assert statut == 200, resultat
    assert _sous_ensemble(resultat, attendu) == attendu


def test_requetes_simultanees(url: str) -> None:
    """32 requests at once over 8 connections: each answer is the one of its own case."""
    travaux = [CAS_PUBLICS[i % len(CAS_PUBLICS)] for i in range(32)]
    with ThreadPoolExecutor(8) as groupe:
        reponses = list(groupe.map(lambda t: _requete(url, f"/{t[1]}", json.dumps(t[2]).encode()), travaux))
    for (nom, _, _, attendu), (statut, resultat) in zip(travaux, reponses):
        assert statut == 200, (nom, resultat)
        assert _sous_ensemble(resultat, attendu) == attendu, nom


def test_explain(url: str) -> None:
    nom, commande, cas, attendu = next(c for c in CAS_PUBLICS if c[1] == "rattachement")
    statut, resultat = _requete(url, f"/{commande}?explain=1", json.dumps(cas).encode())
    assert statut == 200
    assert "explication" in resultat
    assert _sous_ensemble(resultat, attendu) == attendu


def test_entree_invalide_nomme_le_champ(url: str) -> None:
    cas = dict(CAS_PUBLICS[0][2], duree_arret=-3)
    statut, reponse = _requete(url, "/ij", json.dumps(cas).encode())
    assert statut == 422
    assert reponse["erreur"]["champ"] == "duree_arret"
    assert "durée négative" in reponse["erreur"]["message"]
    statut, reponse = _requete(url, "/ij", b'{"categorie": ')
    assert statut == 422 and reponse["erreur"]["champ"] == "(json)"
    statut, reponse = _requete(url, "/rattachement", b'{"residence": "DOM\xff"}')
    assert statut == 422 and "UTF-8" in reponse["erreur"]["message"]
    assert "octet invalide en position 19" in reponse["erreur"]["message"]  # {"residence": "DOM = 18 bytes
    corps = b'{"date_debut_activite": "2018-12-31", "date_demande": "2020-01-27", "date_demande": "2020-02-12"}'
    statut, reponse = _requete(url, "/rattachement", corps)  # as the CLI and --batch: the repeated key is named
    assert statut == 422 and reponse["erreur"] == {
        "champ": "date_demande", "attendu": "un champ donné une seule fois (clé en double dans l'objet JSON)",
        "message": "date_demande : attendu un champ donné une seule fois (clé en double dans l'objet JSON)"}


def test_corps_de_plus_d_un_mio_refuse(url: str) -> None:
    corps = b'{"id": "' + b"x" * (1 << 20) + b'"}'
    statut, reponse = _requete(url, "/ij", corps)
    assert statut == 413
    assert "trop grand" in reponse["erreur"]["message"]
    # just under the limit: read, then refused for its content (422), not for its size
    corps = b'{"id": "' + b"x" * ((1 << 20) - 20) + b'"}'
    statut, _ = _requete(url, "/ij", corps)
    assert statut == 422


def test_corps_annonce_enorme_refuse_sans_le_lire(url: str) -> None:
    """Content-Length of 100 MB: answered 413 at once, before any of the body is sent."""
    hote, port = url.removeprefix("http://").split(":")
    with socket.create_connection((hote, int(port)), timeout=30) as connexion:
        connexion.sendall(b"POST /ij HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                          b"Content-Length: 100000000\r\n\r\n{")
        reponse = b""
        while b"\r\n\r\n" not in reponse:
            morceau = connexion.recv(4096)
            if not morceau:
                break
            reponse += morceau
    assert reponse.startswith(b"HTTP/1.1 413 ")


def test_schemas_parametres_openapi(url: str) -> None:
    statut, schemas = _requete(url, "/schema/ij")
    assert statut == 200 and set(schemas) == {"entree", "sortie"}
    racine = schemas["entree"]["definitions"][schemas["entree"]["$ref"].rsplit("/", 1)[1]]
    assert {"categorie", "date_arret", "duree_arret"} <= set(racine["required"])
    assert racine["properties"]["motif"]["default"] == "Maladie"
    assert _requete(url, "/schema/autre")[0] == 404
    statut, parametres = _requete(url, "/parametres")
    assert statut == 200
    # PASS 2020: 41 136 € (arrêté du 2 décembre 2019)
    pass_2020 = next(p for p in parametres["PlafondAnnuelSecuriteSociale"]["valeurs"]["montant"]
                     if p["du"] <= "2020" <= p["au"])
    assert pass_2020["valeur"] == "41136.00"
    assert any("2019" in intitule for intitule in pass_2020["source"]["intitules"])
    statut, document = _requete(url, "/openapi.json")
    assert statut == 200 and document["openapi"].startswith("3.1")
    assert {"/ij", "/rattachement", "/parametres", "/schema/{commande}", "/sante"} <= set(document["paths"])
    references = json.dumps(document)
    for reference in set(__import__("re").findall(r'"#/components/schemas/([^"]+)"', references)):
        assert reference in document["components"]["schemas"], reference
    statut, reponse = _requete(url, "/nulle-part")
    assert statut == 404 and "aucune ressource" in reponse["erreur"]["message"]
