"""The HTTP API (`secu-independants serve`): a Starlette application served by uvicorn (extra `[serve]`).

- `POST /ij`, `POST /rattachement` (`?explain=1` adds `explication` and `raisonnement`): a JSON case in the body,
  the result as in the CLI. Bad input → 422 `{"erreur": {"champ", "attendu", "message"}}` naming the field as the
  CLI does; a body over 1 MiB → 413; an error of the law itself → 500 with its position in policy/.
- `GET /parametres`: every dated value of the parameter tables with its source (parametres_dates.py).
- `GET /schema/ij`, `GET /schema/rattachement`: `{"entree", "sortie"}` JSON Schemas (schemas.py).
- `GET /openapi.json`: the OpenAPI 3.1 description of all this; `GET /sante`: `{"statut": "ok", "version"}`.

The computation runs in a worker thread (the event loop keeps answering while a case is evaluated).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from . import __version__
from .entrees import EntreeInvalide

__all__ = ["application", "servir", "TAILLE_MAX_CORPS", "openapi"]

#: Largest request body accepted (bytes): 1 MiB
TAILLE_MAX_CORPS = 1 << 20

COMMANDES = ("ij", "rattachement")
JSON = dict[str, Any]


class _CorpsTropGros(Exception):
    pass


def _reponse(contenu: object, statut: int = 200) -> Any:
    from starlette.responses import Response

    return Response(json.dumps(contenu, ensure_ascii=False, indent=2) + "\n", status_code=statut,
                    media_type="application/json")


def _erreur(statut: int, message: str, champ: str | None = None, attendu: str | None = None) -> Any:
    from .erreurs import objet_erreur

    return _reponse({"erreur": objet_erreur(message, champ, attendu)}, statut)


#: A refused body is still read (and dropped) up to this size, so that the client, still sending, gets the 413
#: instead of a broken connection; past it the connection is closed on the 413.
_LECTURE_MAX_REFUS = 16 << 20


async def _corps(requete: Any) -> bytes:
    """The request body, refused past `TAILLE_MAX_CORPS` (announced by Content-Length, or received)."""
    annonce = requete.headers.get("content-length")
    if annonce is not None and annonce.isdigit() and int(annonce) > _LECTURE_MAX_REFUS:
        raise _CorpsTropGros
    morceaux = []
    taille = 0
    async for morceau in requete.stream():
        taille += len(morceau)
        if taille > _LECTURE_MAX_REFUS:
            raise _CorpsTropGros
        if taille <= TAILLE_MAX_CORPS:
            morceaux.append(morceau)
    if taille > TAILLE_MAX_CORPS:
        raise _CorpsTropGros
    return b"".join(morceaux)


def _evaluer(commande: str, expliquer: bool, corps: bytes) -> tuple[int, JSON]:
    """(HTTP status, JSON answer) for one case: the same reading and the same errors as the CLI."""
    from catalapy.runtime.errors import CatalaRuntimeError

    from .api import calculateur_du_cas_lu, lecture
    from .erreurs import message_erreur_de_la_loi, objet_erreur
    from .liaison import GenerationManquante

    try:
        calculer, lire = calculateur_du_cas_lu(commande, expliquer=expliquer), lecture(commande)
        return 200, calculer(lire(corps, "(corps)"))
    except EntreeInvalide as erreur:
        return 422, {"erreur": erreur.en_json()}
    except CatalaRuntimeError as erreur:
        return 500, {"erreur": objet_erreur(message_erreur_de_la_loi(erreur))}
    except GenerationManquante as erreur:
        return 503, {"erreur": objet_erreur(f"code généré indisponible : {erreur}")}


def _calcul(commande: str) -> Callable[[Any], Any]:
    async def calculer(requete: Any) -> Any:
        from starlette.concurrency import run_in_threadpool

        try:
            corps = await _corps(requete)
        except _CorpsTropGros:
            return _erreur(413, f"corps de requête trop grand (au plus {TAILLE_MAX_CORPS} octets)")
        expliquer = requete.query_params.get("explain", "0") not in ("", "0", "false", "non")
        statut, reponse = await run_in_threadpool(_evaluer, commande, expliquer, corps)
        return _reponse(reponse, statut)
    return calculer


async def _sante(requete: Any) -> Any:
    return _reponse({"statut": "ok", "version": __version__})


async def _parametres(requete: Any) -> Any:
    from starlette.concurrency import run_in_threadpool

    from .parametres_dates import parametres

    return _reponse(await run_in_threadpool(parametres))


async def _schema(requete: Any) -> Any:
    from .schemas import schema

    commande = requete.path_params["commande"]
    if commande not in COMMANDES:
        return _erreur(404, f"aucun schéma {commande!r} (schémas : {', '.join(COMMANDES)})")
    return _reponse({"entree": schema(commande), "sortie": schema(commande, sortie=True)})


async def _openapi(requete: Any) -> Any:
    return _reponse(openapi())


def _composants(prefixe: str, schema: JSON, composants: JSON) -> JSON:
    """Move the definitions of `schema` into OpenAPI components named `prefixe_Name`; return the root's $ref."""
    texte = json.dumps(schema)
    texte = re.sub(r'"#/definitions/([^"]+)"', lambda m: json.dumps(f"#/components/schemas/{prefixe}_{m.group(1)}"),
                   texte)
    deplace = json.loads(texte)
    for nom, definition in deplace.get("definitions", {}).items():
        composants[f"{prefixe}_{nom}"] = definition
    return {"$ref": deplace["$ref"], "description": schema.get("description", "")}


def openapi() -> JSON:
    """The OpenAPI 3.1 document of the service (schemas from schemas.py, as `GET /schema/…`)."""
    from .schemas import schema

    composants: JSON = {"Erreur": {
        "type": "object", "required": ["erreur"],
        "properties": {"erreur": {"type": "object", "properties": {
            "champ": {"type": ["string", "null"], "description": "chemin JSON du champ en cause"},
            "attendu": {"type": ["string", "null"]}, "message": {"type": "string"}}}}}}
    erreur = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Erreur"}}}}
    chemins: JSON = {}
    for commande in COMMANDES:
        entree = _composants(f"{commande}_entree", schema(commande), composants)
        sortie = _composants(f"{commande}_sortie", schema(commande, sortie=True), composants)
        chemins[f"/{commande}"] = {"post": {
            "summary": {"ij": "Indemnités journalières maladie d'un cas",
                        "rattachement": "Rattachement à la CPAM d'un cas"}[commande],
            "parameters": [{"name": "explain", "in": "query", "required": False, "schema": {"type": "string"},
                            "description": "1 : ajoute explication et raisonnement (fondement juridique)"}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": entree}}},
            "responses": {
                "200": {"description": "résultat", "content": {"application/json": {"schema": sortie}}},
                "413": {"description": f"corps de plus de {TAILLE_MAX_CORPS} octets", **erreur},
                "422": {"description": "cas invalide : le champ en cause est nommé", **erreur},
                "500": {"description": "erreur de la loi elle-même (conflit de règles)", **erreur},
            }}}
    chemins["/schema/{commande}"] = {"get": {
        "summary": "Schémas JSON du cas et du résultat",
        "parameters": [{"name": "commande", "in": "path", "required": True,
                        "schema": {"type": "string", "enum": list(COMMANDES)}}],
        "responses": {"200": {"description": "{entree, sortie}"}, "404": {"description": "inconnu", **erreur}}}}
    chemins["/parametres"] = {"get": {"summary": "Valeurs datées des paramètres, avec leur source",
                                      "responses": {"200": {"description": "par portée et par variable"}}}}
    chemins["/sante"] = {"get": {"summary": "État du service", "responses": {"200": {"description": "ok"}}}}
    chemins["/openapi.json"] = {"get": {"summary": "Ce document", "responses": {"200": {"description": "OpenAPI"}}}}
    return {"openapi": "3.1.0",
            "info": {"title": "secu-independants", "version": __version__, "license": {
                "name": "Apache-2.0", "identifier": "Apache-2.0"},
                "description": "IJ maladie des micro-entrepreneurs et rattachement à la CPAM, d'après la loi "
                               "écrite en Catala."},
            "paths": chemins, "components": {"schemas": composants}}


def application() -> Any:
    """The ASGI application."""
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.routing import Route

    async def http_erreur(requete: Any, exc: Exception) -> Any:
        statut = exc.status_code if isinstance(exc, HTTPException) else 500
        messages = {404: f"aucune ressource {requete.url.path} (voir /openapi.json)",
                    405: f"méthode {requete.method} non permise sur {requete.url.path}"}
        return _erreur(statut, messages.get(statut, "erreur HTTP"))

    routes = [Route(f"/{c}", _calcul(c), methods=["POST"]) for c in COMMANDES] + [
        Route("/parametres", _parametres, methods=["GET"]),
        Route("/schema/{commande}", _schema, methods=["GET"]),
        Route("/openapi.json", _openapi, methods=["GET"]),
        Route("/sante", _sante, methods=["GET"]),
    ]
    return Starlette(routes=routes, exception_handlers={HTTPException: http_erreur})


def servir(hote: str, port: int, signaler: Callable[[str], None]) -> int:
    """Serve the API until interrupted; 2 when the extra [serve] is not installed."""
    try:
        import uvicorn
    except ImportError:
        signaler("l'API HTTP nécessite l'extra [serve] : pip install 'secu-independants[serve]'")
        return 2
    uvicorn.run(application(), host=hote, port=port, log_level="warning")
    return 0
