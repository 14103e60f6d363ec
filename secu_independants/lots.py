"""`--batch`: many cases, one result each, streamed in input order, on several processes; a bad line never
costs more than its own result.

Input (by the file's extension): JSON Lines (one JSON case per line; `-` reads stdin), Parquet (`.parquet`)
or CSV (`.csv`), the last two through pyarrow (extra `[colonnes]`, see `colonnes.py` for the columns).
Output: JSON Lines on stdout, or `--sortie FILE` (`.jsonl`, `.parquet` or `.csv`).

JSON Lines are split on the byte `\\n` only (never on U+2028 or `\\r` alone) and read one at a time: memory
stays constant whatever the file's length. A UTF-8 BOM before line 1 is skipped; blank lines give nothing.
Each output line carries `ligne` (1-based number of the input line, or row for Parquet/CSV) and the case's
`id` when it has one, then the result fields, or `erreur` (`champ`, `attendu`, `message`) for a line that
could not be evaluated: invalid UTF-8, more than `PROFONDEUR_MAX` levels of nesting, more than
`TAILLE_MAX_LIGNE` bytes, invalid JSON, a case outside the interface, or an error of the law. Each such line
is also reported as `ligne N : message` on stderr; the exit code is then 2 (3 if the only failures were
errors of the law; 70 if a line met an internal error).

`jobs` worker processes (default: every core) each evaluate packets of whole lines (`TAILLE_BLOC` bytes,
split into lines by the worker, which reads them from the file itself by byte range when the input is a
regular file) or of `LIGNES_PAR_PAQUET` rows; at most a few packets per worker are in flight, and results are
written in input order as they come.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from multiprocessing.pool import AsyncResult
from typing import IO, TYPE_CHECKING, Any, TypeVar

import orjson

from .cli import EXIT_ENTREE_INVALIDE, EXIT_ERREUR_DE_LA_LOI, EXIT_ERREUR_INTERNE  # the exit codes of the interface, once
from .entrees import EntreeInvalide, lire_json
from .erreurs import message_erreur_de_la_loi
from .sorties import texte_json

if TYPE_CHECKING:
    from .colonnes import EcrivainColonnes

__all__ = ["executer_lots", "TAILLE_MAX_LIGNE", "PROFONDEUR_MAX", "LIGNES_PAR_PAQUET", "Rendu"]

#: longest line read (bytes, end of line excluded); a longer line is skipped and answered by an error line
TAILLE_MAX_LIGNE = 1 << 20
#: deepest nesting of arrays and objects accepted in a line (a case needs 3)
PROFONDEUR_MAX = 64
#: bytes of JSON Lines per packet (about 600 cases, 30 ms of work): the reading process only cuts blocks
TAILLE_BLOC = 1 << 18
#: rows of Parquet/CSV per packet
LIGNES_PAR_PAQUET = 1000
#: packets in flight per worker process: enough to keep them busy, few enough to keep memory constant
PAQUETS_PAR_PROCESSUS = 3

_BOM = b"\xef\xbb\xbf"
_VIDE = object()  # a blank line: no output
_JETON_PROFONDEUR = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')


#: a packet `(genre, first line number, lines or record batch[, bytes read])`
_Paquet = TypeVar("_Paquet", bound=tuple[Any, ...])


class LotImpossible(Exception):
    """The batch cannot start (unreadable file, missing extra, bad option): one line on stderr, exit 2."""


# ---------------------------------------------------------------------------------------------------------
# What a worker process holds: the calculator of the command, built once per process.


@dataclass
class _Etat:
    commande: str
    expliquer: bool
    format_sortie: str  # "jsonl", "parquet" or "csv"
    calculer: Callable[[object], Any] = field(init=False)
    sortie_colonnes: Any = field(init=False, default=None)

    def __post_init__(self) -> None:
        from .api import calculateur, calculateur_texte

        if self.format_sortie == "jsonl":
            self.calculer = calculateur_texte(self.commande, expliquer=self.expliquer)
        else:
            from .colonnes import SortieColonnes

            self.calculer = calculateur(self.commande, expliquer=self.expliquer)
            self.sortie_colonnes = SortieColonnes.pour(self.commande, self.format_sortie)


_ETAT: _Etat | None = None


def _initialiser(commande: str, expliquer: bool, format_sortie: str, processus_fils: bool = True) -> None:
    global _ETAT
    if processus_fils:  # Ctrl-C stops the parent, which ends the pool: no traceback from each worker
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _ETAT is None or (_ETAT.commande, _ETAT.expliquer, _ETAT.format_sortie) != (commande, expliquer, format_sortie):
        _ETAT = _Etat(commande, expliquer, format_sortie)


# ---------------------------------------------------------------------------------------------------------
# One line of JSON Lines → a case (JSON value).


def _verifier_profondeur(brut: bytes) -> None:
    """Refuse a line nested deeper than PROFONDEUR_MAX (brackets inside strings do not count), before any
    recursive reader sees it."""
    profondeur = 0
    for jeton in _JETON_PROFONDEUR.finditer(brut):
        caractere = jeton.group()
        if caractere in (b"[", b"{"):
            profondeur += 1
            if profondeur > PROFONDEUR_MAX:
                raise EntreeInvalide("(json)", f"un document JSON d'au plus {PROFONDEUR_MAX} niveaux d'imbrication")
        elif caractere in (b"]", b"}"):
            profondeur -= 1


def lire_ligne_exactement(brut: bytes) -> object:
    """The reference reading of a line: UTF-8, then `entrees.lire_json` (numbers with a fraction kept as text,
    so the error messages name them exactly); `_VIDE` for a blank line."""
    try:
        texte = brut.decode("utf-8")
    except UnicodeDecodeError as erreur:
        raise EntreeInvalide(
            "(json)", f"un texte UTF-8 (octet invalide en colonne {erreur.start + 1} de la ligne)"
        ) from None
    if not texte or texte.isspace():
        return _VIDE
    return lire_json(texte)


def _rien_de_perdu(brut: bytes, rapide: object) -> bool:
    """Whether orjson's reading of the line kept every key: a key given twice (orjson lets the last one win)
    takes its `:` with it, so the value written back has fewer colons than the line (colons inside strings are
    written back as they were read; an escaped colon `\\u003a` would be written back as one: such a line is
    left to the exact reader)."""
    if b"\\u003" in brut and (b"\\u003a" in brut or b"\\u003A" in brut):
        return False
    try:
        return brut.count(b":") == orjson.dumps(rapide).count(b":")
    except TypeError:  # a value orjson reads but does not write (none known): the exact reader decides
        return False


def _cas_des_lignes(premier: int, bloc: bytes | int) -> Iterator[tuple[int, object, bytes | None]]:
    """(line number, case or the EntreeInvalide that stops it, the line when the case came from the fast
    decoder — a case it reads and the interface refuses is read again exactly, for the exact message).
    `bloc`: whole lines (the last one may lack its "\\n" at the end of the file), or the length of one line
    too long to be read."""
    if isinstance(bloc, int):
        yield premier, _trop_longue(bloc), None
        return
    lignes = (bloc[:-1] if bloc[-1:] == b"\n" else bloc).split(b"\n")
    for numero, brut in enumerate(lignes, premier):
        if brut[-1:] == b"\r":
            brut = brut[:-1]
        if numero == 1 and brut[:3] == _BOM:
            brut = brut[3:]
        try:
            if len(brut) > TAILLE_MAX_LIGNE:
                raise _trop_longue(len(brut))
            if brut.count(b"[") + brut.count(b"{") > PROFONDEUR_MAX:
                _verifier_profondeur(brut)
            try:
                rapide = orjson.loads(brut)
                if _rien_de_perdu(brut, rapide):
                    yield numero, rapide, brut
                    continue
            except orjson.JSONDecodeError:  # blank, not strict JSON, invalid UTF-8, huge integer…: the exact reader
                pass
            cas = lire_ligne_exactement(brut)
        except EntreeInvalide as erreur:
            yield numero, erreur, None
            continue
        if cas is not _VIDE:
            yield numero, cas, None


def _trop_longue(taille: int) -> EntreeInvalide:
    return EntreeInvalide("(ligne)", f"une ligne d'au plus {TAILLE_MAX_LIGNE} octets (elle en a {taille})")


def _cas_des_lignes_colonnes(premier: int, lot: Any) -> Iterator[tuple[int, object, None]]:
    from .colonnes import cas_de_la_rangee

    for numero, rangee in enumerate(lot.to_pylist(), premier):
        try:
            yield numero, cas_de_la_rangee(rangee), None
        except EntreeInvalide as erreur:
            yield numero, erreur, None


# ---------------------------------------------------------------------------------------------------------
# A packet: evaluated in a worker, rendered as JSON Lines bytes or as an Arrow record batch.


@dataclass
class Rendu:
    """What a packet gives: its output (`bytes` of JSON Lines or a `pyarrow.RecordBatch`), the stderr
    lines, the exit code it calls for, and the number of input lines or rows it covered."""

    donnees: Any
    messages: list[str]
    code: int
    nombre: int


def _identifiant(cas: object) -> str | int | None:
    identifiant = cas.get("id") if type(cas) is dict else None
    return identifiant if type(identifiant) is str or type(identifiant) is int else None


def _code(actuel: int, nouveau: int) -> int:
    rang = {0: 0, EXIT_ERREUR_DE_LA_LOI: 1, EXIT_ENTREE_INVALIDE: 2, EXIT_ERREUR_INTERNE: 3}
    return nouveau if rang[nouveau] > rang[actuel] else actuel


def traiter_paquet(paquet: tuple[str, int, Any]) -> Rendu:
    """Evaluate one packet `(genre, first line number, lines or record batch)` with the worker's `_ETAT`."""
    from catalapy.runtime.errors import CatalaRuntimeError

    genre, premier, elements = paquet
    etat = _ETAT
    assert etat is not None, "_initialiser() d'abord"
    calculer = etat.calculer
    texte = etat.format_sortie == "jsonl"
    if genre == "plage":
        genre, elements = "jsonl", _lire_plage(*elements)
    if genre == "jsonl":
        cas_du_paquet = _cas_des_lignes(premier, elements)
        nombre = 1 if type(elements) is int else elements.count(b"\n") + (elements[-1:] != b"\n")
    else:
        cas_du_paquet = _cas_des_lignes_colonnes(premier, elements)
        nombre = elements.num_rows
    lignes_texte: list[str] = []  # JSON Lines output
    rangees: list[dict[str, object]] = []  # columns output
    messages: list[str] = []
    code = 0
    for numero, cas, brut in cas_du_paquet:
        identifiant = None
        erreur_json: Mapping[str, str | None]
        try:
            if type(cas) is EntreeInvalide:
                raise cas
            identifiant = _identifiant(cas)
            try:
                resultat = calculer(cas)
            except EntreeInvalide:
                if brut is None:
                    raise
                resultat = calculer(lire_ligne_exactement(brut))  # same error, in the reference's words
        except EntreeInvalide as erreur:
            erreur_json = erreur.en_json()
            messages.append(f"ligne {numero} : {erreur}")
            code = _code(code, EXIT_ENTREE_INVALIDE)
        except CatalaRuntimeError as erreur:
            message = message_erreur_de_la_loi(erreur)
            erreur_json = {"champ": None, "attendu": None, "message": message}
            messages.append(f"ligne {numero} : {message}")
            code = _code(code, EXIT_ERREUR_DE_LA_LOI)
        except Exception as erreur:  # noqa: BLE001 — one line's bug must not lose the others
            message = f"erreur interne : {type(erreur).__name__}: {' '.join(str(erreur).split())}"
            erreur_json = {"champ": None, "attendu": None, "message": message}
            messages.append(f"ligne {numero} : {message}")
            code = _code(code, EXIT_ERREUR_INTERNE)
        else:
            if texte:
                tete = f'{{"ligne":{numero}' if identifiant is None else \
                    f'{{"ligne":{numero},"id":{texte_json(identifiant)}'
                lignes_texte.append(tete + ("," + resultat[1:] if len(resultat) > 2 else "}"))
            else:
                rangees.append({"ligne": numero, "id": identifiant, **resultat})
            continue
        if texte:
            tete_erreur: dict[str, object] = {"ligne": numero} if identifiant is None else \
                {"ligne": numero, "id": identifiant}
            lignes_texte.append(texte_json({**tete_erreur, "erreur": erreur_json}))
        else:
            rangees.append({"ligne": numero, "id": identifiant, "erreur": erreur_json})
    if texte:
        # a lone surrogate (accepted by JSON in a string) is written as its JSON escape \udxxx; U+2028 and
        # U+2029 (only ever inside strings here) as \u2028 / \u2029, so that a reader splitting lines the way
        # Python's str.splitlines or JavaScript do still sees one result per line
        texte_lot = "".join(ligne + "\n" for ligne in lignes_texte)
        if "\u2028" in texte_lot or "\u2029" in texte_lot:
            texte_lot = texte_lot.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        donnees = texte_lot.encode("utf-8", "backslashreplace")
    else:
        donnees = etat.sortie_colonnes.lot(rangees)
    return Rendu(donnees, messages, code, nombre)


# ---------------------------------------------------------------------------------------------------------
# Reading packets


def format_du_chemin(chemin: str) -> str:
    """"parquet", "csv" or "jsonl" (the default, and `-`), from the file's extension."""
    extension = os.path.splitext(chemin)[1].lower()
    return {".parquet": "parquet", ".pq": "parquet", ".csv": "csv"}.get(extension, "jsonl")


def _paquets_jsonl(flux: IO[bytes]) -> Iterator[tuple[str, int, bytes | int, int]]:
    """Packets `("jsonl", first line number, whole lines, bytes read)` of about TAILLE_BLOC bytes, read with
    no per-line work here (the workers split them); a line longer than TAILLE_MAX_LIGNE is skipped as it is
    read and its packet holds its length instead."""
    numero = 1
    reste = b""
    while True:
        bloc = flux.read(TAILLE_BLOC)
        if not bloc:
            break
        if reste:
            bloc, reste = reste + bloc, b""
        fin = bloc.rfind(b"\n") + 1
        if fin == 0:  # no end of line yet
            if len(bloc) <= TAILLE_MAX_LIGNE + 1:  # the line, "\r"
                reste = bloc
                continue
            taille = len(bloc)
            while True:  # skip the rest of the line, keep what follows it
                morceau = flux.read(1 << 16)
                fin = morceau.find(b"\n") + 1
                if not morceau or fin:
                    taille += fin - 1 if fin else len(morceau)
                    reste = morceau[fin:] if fin else b""
                    break
                taille += len(morceau)
            yield "jsonl", numero, taille, taille + 1
            numero += 1
            continue
        yield "jsonl", numero, bloc[:fin], fin
        numero += bloc.count(b"\n", 0, fin)
        reste = bloc[fin:]
    if reste:  # the last line, without its "\n"
        yield "jsonl", numero, reste, len(reste)


def _plages(paquets: Iterable[tuple[str, int, bytes | int, int]], chemin: str) -> Iterator[tuple[str, int, Any, int]]:
    """The same packets, those of whole lines given as `("plage", first line number, (path, offset, length))`:
    the worker reads its lines from the file itself, so that the lines do not go through this process's pipes
    to the workers (the reading here only finds where the packets begin)."""
    position = 0
    for genre, premier, lignes, lus in paquets:
        if type(lignes) is bytes:
            yield "plage", premier, (chemin, position, len(lignes)), lus
        else:
            yield genre, premier, lignes, lus
        position += lus


#: the input file of `("plage", …)` packets, opened once per worker process: (path, descriptor)
_FICHIER_LU: list[tuple[str, int]] = []


def _lire_plage(chemin: str, debut: int, longueur: int) -> bytes:
    if not _FICHIER_LU or _FICHIER_LU[0][0] != chemin:
        if _FICHIER_LU:
            os.close(_FICHIER_LU.pop()[1])
        _FICHIER_LU.append((chemin, os.open(chemin, os.O_RDONLY)))
    return os.pread(_FICHIER_LU[0][1], longueur, debut)


def _ouvrir_entree(chemin: str) -> IO[bytes]:
    if chemin == "-":
        return sys.stdin.buffer
    try:
        return open(chemin, "rb")  # noqa: SIM115 — closed by executer_lots
    except OSError as erreur:
        raise EntreeInvalide("(fichier)", f"un fichier lisible ({chemin} : {erreur.strerror})") from None


# ---------------------------------------------------------------------------------------------------------
# Running


def _evaluer_en_ordre(paquets: Iterable[tuple[str, int, Any]], jobs: int,
                      initialisation: tuple[str, bool, str]) -> Iterator[Rendu]:
    """Rendus of the packets, in order: in this process (jobs == 1) or on a pool of `jobs` processes with at
    most PAQUETS_PAR_PROCESSUS packets each in flight (Pool.imap would read the whole input ahead)."""
    if jobs <= 1:
        _initialiser(*initialisation, processus_fils=False)
        for paquet in paquets:
            yield traiter_paquet(paquet)
        return
    methodes = multiprocessing.get_all_start_methods()
    fourche = "fork" in methodes
    contexte = multiprocessing.get_context("fork" if fourche else None)
    if fourche:
        # the calculator is built once here and inherited by the forked workers; the objects that exist now
        # are left out of the collector's walks (gc.freeze), which would otherwise copy every page of them
        # into each worker
        _initialiser(*initialisation, processus_fils=False)
        gc.freeze()
    try:
        with contexte.Pool(jobs, initializer=_initialiser, initargs=initialisation) as pool:
            en_cours: deque[AsyncResult[Rendu]] = deque()
            for paquet in paquets:
                en_cours.append(pool.apply_async(traiter_paquet, (paquet,)))
                if len(en_cours) >= jobs * PAQUETS_PAR_PROCESSUS:
                    yield en_cours.popleft().get()
            while en_cours:
                yield en_cours.popleft().get()
    finally:
        if fourche:
            gc.unfreeze()


def _progression(total: int | None, unite: str, description: str) -> Any:
    """A tqdm bar on stderr when stderr is a terminal, else a no-op."""
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked after the bar is made
    return tqdm(total=total, unit=unite, unit_scale=True, desc=description, file=sys.stderr,
                disable=not sys.stderr.isatty(), leave=False, dynamic_ncols=True)


def _ecrire_sur_stderr(message: str) -> None:
    sys.stderr.write(message + "\n")


def executer_lots(commande: str, entree: str, *, expliquer: bool = False, jobs: int | None = None,
                  sortie: str | None = None, dask: str | None = None,
                  signaler: Callable[[str], None] | None = None) -> int:
    """Evaluate every case of `entree` (path or `-`) with `commande` ("ij" or "rattachement"); write the
    results to `sortie` (path; None: JSON Lines on stdout); `signaler(message)` receives the stderr lines.
    Returns the exit code. `dask`: the address of a Dask scheduler to run on instead (see `grappe.py`)."""
    signaler = signaler or _ecrire_sur_stderr
    format_entree = format_du_chemin(entree)
    format_sortie = "jsonl" if sortie is None else format_du_chemin(sortie)
    if format_sortie != "jsonl" and expliquer:
        raise LotImpossible("--explain n'est disponible qu'en sortie JSON Lines")
    if jobs is not None and jobs < 1:
        raise LotImpossible(f"--jobs : attendu un nombre de processus ≥ 1, reçu {jobs}")
    if jobs is None:
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if dask is not None:
        from .grappe import executer_sur_dask

        return executer_sur_dask(commande, entree, sortie, dask, signaler=signaler)

    ecrivain = _ouvrir_sortie(commande, sortie, format_sortie)
    code = 0
    with ecrivain:
        if format_entree == "jsonl":
            flux = _ouvrir_entree(entree)
            total = os.fstat(flux.fileno()).st_size if entree != "-" and flux.seekable() else None
            barre = _progression(total, "o", entree)
            paquets_lus: Iterator[tuple[str, int, Any, int]] = _paquets_jsonl(flux)
            if jobs > 1 and entree != "-" and os.path.isfile(entree):  # a regular file: the workers read it
                paquets_lus = _plages(paquets_lus, os.path.abspath(entree))
            paquets: Iterator[tuple[str, int, Any]] = (
                (genre, premier, lignes) for genre, premier, lignes, _ in _avancer(paquets_lus, barre))
        else:
            from .colonnes import paquets_colonnes

            flux = None
            paquets, total = paquets_colonnes(entree, format_entree, LIGNES_PAR_PAQUET)
            barre = _progression(total, "cas", entree)
            paquets = _avancer(paquets, barre)
        try:
            for rendu in _evaluer_en_ordre(paquets, jobs, (commande, expliquer, format_sortie)):
                ecrivain.ecrire(rendu.donnees)
                for message in rendu.messages:
                    signaler(message)
                code = _code(code, rendu.code)
        finally:
            barre.close()
            if flux is not None and flux is not sys.stdin.buffer:
                flux.close()
    return code


def _avancer(paquets: Iterable[_Paquet], barre: Any) -> Iterator[_Paquet]:
    """The packets, moving the progress bar by the bytes (JSON Lines) or rows each one covers."""
    for paquet in paquets:
        barre.update(paquet[3] if paquet[0] in ("jsonl", "plage") else paquet[2].num_rows)
        yield paquet


class _SortieJsonl:
    def __init__(self, chemin: str | None):
        self.chemin = chemin
        self.flux: IO[bytes] | None = None

    def __enter__(self) -> _SortieJsonl:
        if self.chemin is None:
            self.flux = sys.stdout.buffer
        else:
            try:
                self.flux = open(self.chemin, "wb")  # noqa: SIM115 — closed by __exit__
            except OSError as erreur:
                raise LotImpossible(f"--sortie : {self.chemin} : {erreur.strerror}") from None
        return self

    def ecrire(self, donnees: bytes) -> None:
        assert self.flux is not None, "ecrire() dans le bloc `with`"
        self.flux.write(donnees)

    def __exit__(self, *exception: object) -> None:
        if self.flux is sys.stdout.buffer:
            self.flux.flush()
        elif self.flux is not None:
            self.flux.close()


def _ouvrir_sortie(commande: str, chemin: str | None, format_sortie: str) -> _SortieJsonl | EcrivainColonnes:
    if format_sortie == "jsonl" or chemin is None:  # no path: stdout, always JSON Lines
        return _SortieJsonl(chemin)
    from .colonnes import EcrivainColonnes

    return EcrivainColonnes(commande, chemin, format_sortie)
