"""`secu-independants ij|rattachement FILE|-` [`--explain`] [`--format json|texte`] [`--batch CASES.jsonl`]:
JSON in, JSON out (`--format texte`: the result, and with `--explain` its reasoning, as indented French text;
see raisonnement.py).

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
import json
import sys

from .entrees import EntreeInvalide, lire_cas_ij, lire_cas_rattachement, lire_json

__all__ = ["main"]

EXIT_ENTREE_INVALIDE = 2
EXIT_ERREUR_DE_LA_LOI = 3
EXIT_GENERATION_MANQUANTE = 4
EXIT_ERREUR_INTERNE = 70

LECTEURS = {"ij": lire_cas_ij, "rattachement": lire_cas_rattachement}


class _Usage(Exception):
    """Bad command line."""


class _Analyseur(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, never the usage block
        raise _Usage(message)


def _analyseur() -> argparse.ArgumentParser:
    analyseur = _Analyseur(
        prog="secu-independants",
        description="IJ maladie des micro-entrepreneurs et rattachement à la CPAM (résultat JSON).",
    )
    analyseur.add_argument("commande", choices=("ij", "rattachement"))
    analyseur.add_argument("fichier", nargs="?", help="cas JSON (- : entrée standard)")
    analyseur.add_argument("--explain", action="store_true", help="ajoute le fondement juridique de chaque sortie")
    analyseur.add_argument("--batch", metavar="CAS.jsonl", help="un cas JSON par ligne (ou .parquet, .csv), un résultat par ligne")
    analyseur.add_argument("--jobs", type=int, metavar="N", help="--batch : processus de calcul (défaut : tous les cœurs)")
    analyseur.add_argument("--sortie", metavar="FICHIER", help="--batch : résultats dans FICHIER (.jsonl, .parquet, .csv)")
    analyseur.add_argument("--dask", metavar="ADRESSE", help="--batch : calcul sur la grappe Dask à cette adresse")
    analyseur.add_argument("--format", choices=("json", "texte"), default="json",
                           help="json (défaut) ou texte : le résultat et, avec --explain, le raisonnement en français")
    return analyseur


def _lire_texte(chemin: str) -> str:
    try:
        if chemin == "-":
            return sys.stdin.buffer.read().decode("utf-8")
        with open(chemin, "rb") as fichier:
            return fichier.read().decode("utf-8")
    except UnicodeDecodeError as erreur:
        raise EntreeInvalide("(fichier)", f"un texte UTF-8 ({chemin} : octet invalide en position {erreur.start})")
    except OSError as erreur:
        raise EntreeInvalide("(fichier)", f"un fichier lisible ({chemin} : {erreur.strerror})")


def _erreur(message: str) -> None:
    sys.stderr.write(f"secu-independants: {message}\n".replace("\r", " "))


def _un_cas(commande: str, expliquer: bool, chemin: str, format_sortie: str = "json") -> int:
    from .api import calculateur

    cas = lire_json(_lire_texte(chemin))
    LECTEURS[commande](cas)  # bad input is reported before the generated code is even loaded
    resultat = calculateur(commande, expliquer=expliquer)(cas)
    if format_sortie == "texte":
        from .raisonnement import texte

        sys.stdout.write(texte(resultat))
    else:
        sys.stdout.write(json.dumps(resultat, ensure_ascii=False, indent=2) + "\n")
    return 0


def executer(arguments: list[str]) -> int:
    """Run the command line `arguments`; return the exit code (exceptions are handled by `main`)."""
    options = _analyseur().parse_args(arguments)
    if (options.fichier is None) == (options.batch is None):
        raise _Usage("donner soit un fichier de cas (ou -), soit --batch CAS.jsonl")
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
        _erreur(f"usage : {erreur} (secu-independants ij|rattachement FICHIER|- [--explain] [--format json|texte] "
                "[--batch CAS.jsonl [--jobs N] [--sortie FICHIER] [--dask ADRESSE]])")
        return EXIT_ENTREE_INVALIDE
    except EntreeInvalide as erreur:
        _erreur(str(erreur))
        return EXIT_ENTREE_INVALIDE
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
    try:
        from catalapy.runtime.errors import CatalaRuntimeError
    except Exception:  # noqa: BLE001
        CatalaRuntimeError = ()  # type: ignore[assignment]
    message = " ".join(str(erreur).split())
    if CatalaRuntimeError and isinstance(erreur, CatalaRuntimeError):
        _erreur(f"erreur de la loi : {message}")
        return EXIT_ERREUR_DE_LA_LOI
    _erreur(f"erreur interne : {type(erreur).__name__}: {message}")
    return EXIT_ERREUR_INTERNE


if __name__ == "__main__":
    sys.exit(main())
