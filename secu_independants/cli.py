"""`secu-independants COMMANDE …`: `ij` and `rattachement` (JSON case in, JSON result out), `schema`, `parametres`,
`serve` (the HTTP API, see service.py); `--version`. Each command has its own `--help` (fields, exit codes), in
French, and its options go anywhere on the line (`ij --explain FILE` = `ij FILE --explain`).

`ij|rattachement FILE|-` [`--explain`] [`--format json|texte`]: `--format texte` gives the result, and with
`--explain` its reasoning, as indented French text (see raisonnement.py).

Exit codes: 0 result printed; 2 bad input or usage (one line on stderr naming the field, nothing on
stdout); 3 the law has no answer for this case (runtime error of the policy, positioned); 4 generated/ is
missing or does not match the interface; 70 internal error. Never a Python traceback.

`--batch CASES.jsonl` (`-` for stdin; also `.parquet`, `.csv`) [`--jobs N`] [`--sortie FILE`] [`--dask ADDRESS`]
evaluates one case per line, streamed, on N processes, results in input order, each carrying `ligne` and the
case's `id`; a line that cannot be evaluated gives an error line, and a line `ligne N : message` on stderr;
the others are still evaluated (exit code 2, or 3 if the only failures were errors of the law): see `lots.py`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator
from typing import Any, NoReturn

from . import __version__
from .entrees import EntreeInvalide
from .erreurs import raison_systeme

__all__ = ["main", "executer"]

EXIT_ENTREE_INVALIDE = 2
EXIT_ERREUR_DE_LA_LOI = 3
EXIT_GENERATION_MANQUANTE = 4
EXIT_ERREUR_INTERNE = 70

CODES_DE_SORTIE = """codes de sortie :
  0   résultat écrit sur la sortie standard
  2   entrée invalide ou ligne de commande incorrecte (une ligne en français sur la sortie d'erreur, nommant le
      champ ; rien sur la sortie standard)
  3   erreur de la loi elle-même (aucune règle applicable, conflit), avec sa position dans policy/
  4   code généré absent ou ne correspondant pas à l'interface (make generate)
  70  erreur interne"""

#: argparse's own messages, in French (argparse looks them up through gettext at each use)
_TRADUCTIONS = {
    "usage: ": "usage : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "affiche cette aide et s'arrête",
    "the following arguments are required: %s": "arguments obligatoires absents : %s",
    "unrecognized arguments: %s": "arguments inconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (choix possibles : %(choices)s)",
    "expected one argument": "une valeur attendue",
    "expected at most one argument": "au plus une valeur attendue",
    "expected at least one argument": "au moins une valeur attendue",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s attendu) : %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut désigner %(matches)s",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "one of the arguments %s is required": "un des arguments %s est obligatoire",
    "unexpected option string: %s": "option inattendue : %s",
    "ignored explicit argument %r": "valeur %r ignorée",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "commands": "commandes",
}


def _traduire(message: str) -> str:
    return _TRADUCTIONS.get(message, message)


def _traduire_pluriel(singulier: str, pluriel: str, nombre: int) -> str:
    if singulier == "expected %s argument":
        return "%s valeur attendue" if nombre == 1 else "%s valeurs attendues"
    return singulier if nombre == 1 else pluriel


@contextlib.contextmanager
def _en_francais() -> Iterator[None]:
    """argparse's messages in French while our parser runs (argparse reads its module globals `_` and
    `ngettext` at each message)."""
    anciens = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _traduire, _traduire_pluriel  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = anciens  # type: ignore[attr-defined]


def entier(texte: str) -> int:
    """An integer option (named so in argparse's messages)."""
    return int(texte)


class _Usage(Exception):
    """Bad command line."""


class _Analyseur(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, never the usage block
        raise _Usage(f"{message} (aide : {self.prog} --help)")


def _champs(commande: str) -> str:
    """The fields of the case and of the result of `commande`, from its JSON Schema (for `--help`)."""
    try:
        from .schemas import schema
    except Exception as erreur:  # noqa: BLE001 — the help must still print
        return f"(champs indisponibles : {erreur})"
    lignes = []
    for titre, sortie in (("champs du cas (JSON)", False), ("champs du résultat (JSON)", True)):
        try:
            racine = schema(commande, sortie=sortie)
        except Exception as erreur:  # noqa: BLE001
            lignes.append(f"{titre} : indisponibles ({erreur})")
            continue
        definition = racine["definitions"][racine["$ref"].rsplit("/", 1)[1]]
        requis = set(definition.get("required", ()))
        lignes.append(f"{titre} :")
        for nom, propriete in definition["properties"].items():
            quoi = _type_lisible(propriete, racine["definitions"])
            if "default" in propriete:
                quoi += f", défaut {json.dumps(propriete['default'], ensure_ascii=False)}"
            elif nom not in requis:
                quoi += ", facultatif"
            lignes.append(f"  {nom:38} {quoi}")
    return "\n".join(lignes)


def _type_lisible(propriete: dict[str, Any], definitions: dict[str, Any]) -> str:
    if "$ref" in propriete:
        nom = str(propriete["$ref"]).rsplit("/", 1)[1]
        definition = definitions.get(nom, {})
        if "enum" in definition:
            if max(len(v) for v in definition["enum"]) > 40:
                return "texte (une des phrases du schéma : secu-independants schema)"
            return " | ".join(str(v) for v in definition["enum"])
        return {"money": "montant", "date": "date", "integer": "entier", "decimal": "décimal"}.get(nom, nom)
    if "oneOf" in propriete:
        return " ou ".join("null" if c.get("type") == "null" else _type_lisible(c, definitions)
                           for c in propriete["oneOf"])
    if propriete.get("type") == "array":
        return "liste de " + _type_lisible(propriete.get("items", {}), definitions)
    return {"boolean": "booléen", "string": "texte", "object": "objet", "integer": "entier"}.get(
        str(propriete.get("type")), "valeur")


def _analyseur() -> argparse.ArgumentParser:
    analyseur = _Analyseur(
        prog="secu-independants",
        description="IJ maladie des micro-entrepreneurs et rattachement à la CPAM, d'après la loi écrite en "
                    "Catala (policy/).",
        epilog=CODES_DE_SORTIE, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    analyseur.add_argument("--version", action="version", version=f"secu-independants {__version__}",
                           help="affiche la version et s'arrête")  # argparse 3.11 does not translate its default
    commandes = analyseur.add_subparsers(dest="commande", metavar="COMMANDE", title="commandes",
                                         parser_class=_Analyseur)
    commandes.required = True
    descriptions = {
        "ij": "indemnités journalières maladie d'un micro-entrepreneur (un cas JSON → un résultat JSON)",
        "rattachement": "rattachement à la CPAM depuis 2020 et organisme destinataire d'une demande",
    }
    for commande, aide in descriptions.items():
        sous = commandes.add_parser(
            commande, help=aide, description=aide, epilog=_champs(commande) + "\n\n" + CODES_DE_SORTIE,
            formatter_class=argparse.RawDescriptionHelpFormatter)
        sous.add_argument("fichier", nargs="?", metavar="FICHIER", help="cas JSON (- : entrée standard)")
        sous.add_argument("--explain", action="store_true",
                          help="ajoute le fondement juridique de chaque sortie (explication, raisonnement)")
        sous.add_argument("--format", choices=("json", "texte"), default="json",
                          help="json (défaut) ou texte : le résultat et, avec --explain, le raisonnement en français")
        sous.add_argument("--batch", metavar="CAS.jsonl",
                          help="un cas JSON par ligne (ou .parquet, .csv), un résultat par ligne")
        sous.add_argument("--jobs", type=entier, metavar="N", help="--batch : processus de calcul (défaut : tous les cœurs)")
        sous.add_argument("--sortie", metavar="FICHIER", help="--batch : résultats dans FICHIER (.jsonl, .parquet, .csv)")
        sous.add_argument("--dask", metavar="ADRESSE", help="--batch : calcul sur la grappe Dask à cette adresse")
    sous = commandes.add_parser(
        "schema", help="schéma JSON (JSON Schema) du cas et du résultat d'une commande",
        description="Écrit {\"entree\": …, \"sortie\": …} : les schémas JSON du cas et du résultat, dérivés des "
                    "types Catala.", epilog=CODES_DE_SORTIE, formatter_class=argparse.RawDescriptionHelpFormatter)
    sous.add_argument("quoi", choices=("ij", "rattachement"), metavar="ij|rattachement")
    sous = commandes.add_parser(
        "parametres", help="valeurs datées des paramètres (PASS, SMIC…), avec leur source",
        description="Écrit en JSON chaque valeur datée des tables de paramètres, sa période et sa source "
                    "(texte et position dans policy/).", epilog=CODES_DE_SORTIE,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sous = commandes.add_parser(
        "serve", help="API HTTP (POST /ij, POST /rattachement, GET /parametres, /schema/…, /openapi.json)",
        description="Sert l'API HTTP (nécessite l'extra [serve] : pip install 'secu-independants[serve]').",
        epilog="codes de sortie :\n  0   arrêt normal\n  2   ligne de commande incorrecte, ou extra [serve] absent",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sous.add_argument("--host", default="127.0.0.1", help="adresse d'écoute (défaut : 127.0.0.1)")
    sous.add_argument("--port", type=entier, default=8000, help="port d'écoute (défaut : 8000)")
    return analyseur


def _lire_octets(chemin: str) -> bytes:
    try:
        if chemin == "-":
            return sys.stdin.buffer.read()
        with open(chemin, "rb") as fichier:
            return fichier.read()
    except OSError as erreur:
        raise EntreeInvalide("(fichier)", f"un fichier lisible ({chemin} : {raison_systeme(erreur)})") from None


def _erreur(message: str) -> None:
    sys.stderr.write(f"secu-independants: {message}\n".replace("\r", " "))


def _un_cas(commande: str, expliquer: bool, chemin: str, format_sortie: str = "json") -> int:
    from .api import calculateur_du_cas_lu, lecture

    calculer, lire = calculateur_du_cas_lu(commande, expliquer=expliquer), lecture(commande)
    resultat = calculer(lire(_lire_octets(chemin), "(fichier)", f"{chemin} : "))
    if format_sortie == "texte":
        from .api import portee
        from .raisonnement import texte

        sys.stdout.write(texte(resultat, portee(commande)))
    else:
        sys.stdout.write(json.dumps(resultat, ensure_ascii=False, indent=2) + "\n")
    return 0


def executer(arguments: list[str]) -> int:
    """Run the command line `arguments`; return the exit code (exceptions are handled by `main`)."""
    with _en_francais():
        options = _analyseur().parse_args(arguments)
    if options.commande == "schema":
        from .schemas import texte_schemas

        sys.stdout.write(texte_schemas(options.quoi))
        return 0
    if options.commande == "parametres":
        from .parametres_dates import parametres

        sys.stdout.write(json.dumps(parametres(), ensure_ascii=False, indent=2) + "\n")
        return 0
    if options.commande == "serve":
        from .service import servir

        return servir(options.host, options.port, signaler=_erreur)
    if (options.fichier is None) == (options.batch is None):
        raise _Usage(f"donner soit un fichier de cas (ou -), soit --batch CAS.jsonl (aide : secu-independants "
                     f"{options.commande} --help)")
    if options.batch is not None:
        if options.format != "json":
            raise _Usage("--batch écrit une ligne JSON par cas : --format texte ne s'y applique pas")
        from .lots import LotImpossible, executer_lots

        try:
            return executer_lots(options.commande, options.batch, expliquer=options.explain, jobs=options.jobs,
                                 sortie=options.sortie, dask=options.dask, signaler=_erreur)
        except LotImpossible as erreur:
            _erreur(str(erreur))
            return EXIT_ENTREE_INVALIDE
    return _un_cas(options.commande, options.explain, options.fichier, options.format)


def main(arguments: list[str] | None = None) -> int:
    """Entry point of `secu-independants`: never lets a traceback out."""
    try:
        return executer(sys.argv[1:] if arguments is None else arguments)
    except _Usage as erreur:
        _erreur(f"usage : {erreur}")
        return EXIT_ENTREE_INVALIDE
    except EntreeInvalide as erreur:
        _erreur(str(erreur))
        return EXIT_ENTREE_INVALIDE
    except SystemExit as fin:  # --help, --version
        return fin.code if isinstance(fin.code, int) else 0
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as erreur:  # noqa: BLE001 — the CLI's catch-all: one line, never a traceback
        return _erreur_non_prevue(erreur)


def _erreur_non_prevue(erreur: Exception) -> int:
    from .liaison import GenerationManquante

    if isinstance(erreur, GenerationManquante):
        _erreur(f"code généré indisponible : {erreur}")
        return EXIT_GENERATION_MANQUANTE
    from catalapy.runtime.errors import CatalaRuntimeError

    from .erreurs import message_erreur_de_la_loi

    if isinstance(erreur, CatalaRuntimeError):
        _erreur(message_erreur_de_la_loi(erreur))
        return EXIT_ERREUR_DE_LA_LOI
    _erreur(f"erreur interne : {type(erreur).__name__}: {' '.join(str(erreur).split())}")
    return EXIT_ERREUR_INTERNE


if __name__ == "__main__":
    sys.exit(main())
