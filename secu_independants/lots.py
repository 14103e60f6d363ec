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
regular file) or of `LIGNES_PAR_PAQUET` rows. This process only finds where the packets begin (and counts
their lines), hands each to the least busy worker over its pipe, and writes the outputs, which the workers
render as bytes, in input order; at most `PAQUETS_EN_AVANCE` packets per worker are in flight or wait for an
earlier one. A worker reads each JSON line as the single-case CLI and the HTTP API read a case
(`lecture_json.LectureJSON`: straight from the bytes by msgspec, or exactly, with the error naming the field),
its own line framing (size, "\r", BOM, blank line, depth) placed before the exact reading, and encodes its
result with msgspec.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import re
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import IO, TYPE_CHECKING, Any, NoReturn, TypeVar

import msgspec

from .cli import EXIT_ENTREE_INVALIDE, EXIT_ERREUR_DE_LA_LOI, EXIT_ERREUR_INTERNE  # the exit codes of the interface, once
from .entrees import EntreeInvalide, Lecteur
from .erreurs import message_erreur_de_la_loi, objet_erreur, raison_systeme
from .lecture_json import LectureJSON, identifiant_du_cas
from .sorties import texte_json

if TYPE_CHECKING:
    from .colonnes import EcrivainColonnes
    from .liaison import Portee

__all__ = ["executer_lots", "TAILLE_MAX_LIGNE", "PROFONDEUR_MAX", "LIGNES_PAR_PAQUET", "Rendu"]

#: longest line read (bytes, end of line excluded); a longer line is skipped and answered by an error line
TAILLE_MAX_LIGNE = 1 << 20
#: deepest nesting of arrays and objects accepted in a line (a case needs 3)
PROFONDEUR_MAX = 64
#: bytes of JSON Lines per packet (about 600 cases, 30 ms of work): the reading process only cuts blocks
TAILLE_BLOC = 1 << 18
#: rows of Parquet/CSV per packet
LIGNES_PAR_PAQUET = 1000
#: byte-range packets in flight per worker process: the next one is there when a worker ends one
PAQUETS_PAR_PROCESSUS = 2
#: packets per worker process that may be evaluated ahead of the first one not yet written (memory stays
#: constant: at most this many outputs wait for an earlier one)
PAQUETS_EN_AVANCE = 4

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
    #: a JSON line → checked case; a row of Parquet/CSV (a JSON value) → checked case
    lecture: LectureJSON[Any] = field(init=False)
    lire: Lecteur[Any] = field(init=False)
    #: checked case → result; JSON Lines out, no explanation: checked case → result bytes
    calculer: Callable[[Any], dict[str, object]] = field(init=False)
    calculer_octets: Callable[[Any], bytes] | None = field(init=False, default=None)
    sortie_colonnes: Any = field(init=False, default=None)

    def __post_init__(self) -> None:
        from .api import calculateur_du_cas_lu, lecture, portee

        self.lecture, self.lire = lecture(self.commande), portee(self.commande).lire
        self.calculer = calculateur_du_cas_lu(self.commande, expliquer=self.expliquer)
        if self.format_sortie == "jsonl" and not self.expliquer:
            self.calculer_octets = _calculateur_octets(portee(self.commande))
        if self.format_sortie != "jsonl":
            from .colonnes import SortieColonnes

            self.sortie_colonnes = SortieColonnes.pour(self.commande, self.format_sortie)


_ETAT: _Etat | None = None


def _initialiser(commande: str, expliquer: bool, format_sortie: str, processus_fils: bool = True) -> None:
    global _ETAT
    if processus_fils:  # Ctrl-C stops the parent, which ends the workers: no traceback from each of them
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _ETAT is None or (_ETAT.commande, _ETAT.expliquer, _ETAT.format_sortie) != (commande, expliquer, format_sortie):
        _ETAT = _Etat(commande, expliquer, format_sortie)


# ---------------------------------------------------------------------------------------------------------
# One line of JSON Lines → a checked case: read as every face of the product reads a case (LectureJSON), the
# framing of a line (its size, its "\r" end, the BOM of line 1, its depth, a blank line) before the exact reading


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


def _lire_ligne_exactement(lecture: LectureJSON[Any], numero: int, brut: bytes) -> Any:
    """The checked case of the line `numero` (without its "\n") that the direct reading declined (or did not
    see: longer than TAILLE_MAX_LIGNE), `_VIDE` for a blank line; `EntreeInvalide` for a refused one. The direct
    reading reads no deeper than the case's structure and allows the "\r" before the "\n": the size and depth
    checks, the "\r" and the BOM are for the lines it declines."""
    if brut[-1:] == b"\r":
        brut = brut[:-1]
    if numero == 1 and brut[:3] == _BOM:
        brut = brut[3:]
    if len(brut) > TAILLE_MAX_LIGNE:
        raise _trop_longue(len(brut))
    if brut.count(b"[") + brut.count(b"{") > PROFONDEUR_MAX:
        _verifier_profondeur(brut)
    return lecture.exacte(brut, vide=_VIDE)


def _calculateur_octets(charge: Portee) -> Callable[[Any], bytes]:
    """checked case → its result as compact JSON bytes (msgspec's encoder)."""
    passer, evaluer, serialiser = charge.passage, charge.evaluer, charge.serialiser
    encoder = msgspec.json.Encoder().encode

    def calculer_octets(lu: Any) -> bytes:  # the steps of `charge.calculer_lu`, one call fewer per line
        return encoder(serialiser(evaluer(passer(lu))))

    return calculer_octets


def _lignes(premier: int, bloc: bytes | int) -> Iterator[tuple[int, bytes | EntreeInvalide]]:
    """(line number, the line as it is, without its "\\n"), or (number, the EntreeInvalide of a line too long
    to be read) when `bloc` is its length instead of whole lines (the last one may lack its "\\n" at the end of
    the file)."""
    if isinstance(bloc, int):
        return iter([(premier, _trop_longue(bloc))])
    return enumerate((bloc[:-1] if bloc[-1:] == b"\n" else bloc).split(b"\n"), premier)


def _trop_longue(taille: int) -> EntreeInvalide:
    return EntreeInvalide("(ligne)", f"une ligne d'au plus {TAILLE_MAX_LIGNE} octets (elle en a {taille})")


def _cas_des_lignes_colonnes(premier: int, lot: Any) -> Iterator[tuple[int, object]]:
    from .colonnes import cas_de_la_rangee

    for numero, rangee in enumerate(lot.to_pylist(), premier):
        try:
            yield numero, cas_de_la_rangee(rangee)
        except EntreeInvalide as erreur:
            yield numero, erreur


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


def _code(actuel: int, nouveau: int) -> int:
    rang = {0: 0, EXIT_ERREUR_DE_LA_LOI: 1, EXIT_ENTREE_INVALIDE: 2, EXIT_ERREUR_INTERNE: 3}
    return nouveau if rang[nouveau] > rang[actuel] else actuel


_SEPARATEURS = ("\u2028".encode(), "\u2029".encode())


def _octets_ligne(objet: dict[str, object]) -> bytes:
    """One output line (without its end) of a JSON object: compact JSON, UTF-8 kept; a lone surrogate
    (accepted by JSON in a string) written as its JSON escape \\udxxx, U+2028 and U+2029 (only ever inside
    strings here) as \\u2028 / \\u2029, so that a reader splitting lines the way Python's str.splitlines or
    JavaScript do still sees one result per line."""
    octets = texte_json(objet).encode("utf-8", "backslashreplace")
    if _SEPARATEURS[0] in octets or _SEPARATEURS[1] in octets:
        octets = octets.replace(_SEPARATEURS[0], b"\\u2028").replace(_SEPARATEURS[1], b"\\u2029")
    return octets


def _tete(numero: int, identifiant: str | int | None) -> bytes:
    """`{"ligne":N,` or `{"ligne":N,"id":…,`: the start of a result line."""
    if identifiant is None:
        return b'{"ligne":%d,' % numero
    if type(identifiant) is int:
        return b'{"ligne":%d,"id":%d,' % (numero, identifiant)
    return _octets_ligne({"ligne": numero, "id": identifiant})[:-1] + b","


def traiter_paquet(paquet: tuple[str, int, Any]) -> Rendu:
    """Evaluate one packet `(genre, first line number, lines or record batch)` with the worker's `_ETAT`."""
    from catalapy.runtime.errors import CatalaRuntimeError

    genre, premier, elements = paquet
    etat = _ETAT
    assert etat is not None, "_initialiser() d'abord"
    lecture, lire, calculer, calculer_octets = etat.lecture, etat.lire, etat.calculer, etat.calculer_octets
    directe = lecture.directe
    texte = etat.format_sortie == "jsonl"
    if genre == "plage":
        genre, elements = "jsonl", _lire_plage(*elements)
    cas_du_paquet: Iterator[tuple[int, object]]
    if genre == "jsonl":
        cas_du_paquet = _lignes(premier, elements)
        nombre = 1 if type(elements) is int else elements.count(b"\n") + (elements[-1:] != b"\n")
    else:
        cas_du_paquet = _cas_des_lignes_colonnes(premier, elements)
        nombre = elements.num_rows
    lignes: list[bytes] = []  # JSON Lines output
    rangees: list[dict[str, object]] = []  # columns output
    messages: list[str] = []
    code = 0
    for numero, cas in cas_du_paquet:
        identifiant = None
        erreur_json: Mapping[str, str | None]
        try:
            if type(cas) is bytes:  # a line of JSON Lines
                lu = directe(cas) if len(cas) <= TAILLE_MAX_LIGNE else None
                if lu is None:
                    lu = _lire_ligne_exactement(lecture, numero, cas)
                    if lu is _VIDE:
                        continue
            elif type(cas) is EntreeInvalide:
                raise cas
            else:  # a row of Parquet/CSV, as a JSON value
                identifiant = identifiant_du_cas(cas)
                lu = lire(cas)
            identifiant = lu.id
            if calculer_octets is not None:
                resultat = calculer_octets(lu)
                tete = _tete(numero, identifiant)
                lignes.append(tete + resultat[1:] if len(resultat) > 2 else tete[:-1] + b"}")
                continue
            resultat_json = calculer(lu)
        except EntreeInvalide as erreur:
            identifiant = identifiant if identifiant is not None else erreur.identifiant
            erreur_json = erreur.en_json()
            messages.append(f"ligne {numero} : {erreur}")
            code = _code(code, EXIT_ENTREE_INVALIDE)
        except CatalaRuntimeError as erreur:
            message = message_erreur_de_la_loi(erreur)
            erreur_json = objet_erreur(message)
            messages.append(f"ligne {numero} : {message}")
            code = _code(code, EXIT_ERREUR_DE_LA_LOI)
        except Exception as erreur:  # noqa: BLE001 — one line's bug must not lose the others
            message = f"erreur interne : {type(erreur).__name__}: {' '.join(str(erreur).split())}"
            erreur_json = objet_erreur(message)
            messages.append(f"ligne {numero} : {message}")
            code = _code(code, EXIT_ERREUR_INTERNE)
        else:
            if texte:
                lignes.append(_octets_ligne({"ligne": numero, **({} if identifiant is None else {"id": identifiant}),
                                             **resultat_json}))
            else:
                rangees.append({"ligne": numero, "id": identifiant, **resultat_json})
            continue
        if texte:
            tete_erreur: dict[str, object] = {"ligne": numero} if identifiant is None else \
                {"ligne": numero, "id": identifiant}
            lignes.append(_octets_ligne({**tete_erreur, "erreur": erreur_json}))
        else:
            rangees.append({"ligne": numero, "id": identifiant, "erreur": erreur_json})
    if texte:
        lignes.append(b"")
        donnees = b"\n".join(lignes) if len(lignes) > 1 else b""
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
        raise EntreeInvalide("(fichier)", f"un fichier lisible ({chemin} : {raison_systeme(erreur)})") from None


# ---------------------------------------------------------------------------------------------------------
# Running


def _evaluer_en_ordre(paquets: Iterable[tuple[str, int, Any]], jobs: int,
                      initialisation: tuple[str, bool, str]) -> Iterator[Rendu]:
    """Rendus of the packets, in order: in this process (jobs == 1) or on `jobs` worker processes."""
    if jobs <= 1:
        _initialiser(*initialisation, processus_fils=False)
        for paquet in paquets:
            yield traiter_paquet(paquet)
        return
    fourche = "fork" in multiprocessing.get_all_start_methods()
    contexte = multiprocessing.get_context("fork" if fourche else None)
    if fourche:
        # the calculator is built once here and inherited by the forked workers; the objects that exist now
        # are left out of the collector's walks (gc.freeze), which would otherwise copy every page of them
        # into each worker
        _initialiser(*initialisation, processus_fils=False)
        gc.freeze()
    travailleurs: list[tuple[Any, Connection]] = []
    fini = False
    try:
        for _ in range(jobs):
            connexion, bout_enfant = contexte.Pipe()
            processus = contexte.Process(target=_travailleur, args=(bout_enfant, initialisation), daemon=True)
            processus.start()
            bout_enfant.close()
            travailleurs.append((processus, connexion))
        yield from _distribuer(paquets, travailleurs)
        fini = True
    finally:
        for processus, connexion in travailleurs:
            if fini:
                with contextlib.suppress(OSError):
                    connexion.send(None)
            else:  # interrupted (Ctrl-C, an error): no wait for the packets in flight
                processus.terminate()
            connexion.close()
        for processus, _ in travailleurs:
            processus.join()
        if fourche:
            gc.unfreeze()


def _arret(processus: Any) -> NoReturn:
    processus.join()
    raise RuntimeError(f"un processus de calcul s'est arrêté (code {processus.exitcode})") from None


def _travailleur(connexion: Connection, initialisation: tuple[str, bool, str]) -> None:
    """A worker process: packets in, `Rendu`s out, until `None`; a packet that fails as a whole (its file
    unreadable…) answers the text of its error."""
    _initialiser(*initialisation)
    while True:
        try:
            paquet = connexion.recv()
        except EOFError:
            return
        if paquet is None:
            return
        try:
            rendu: Rendu | str = traiter_paquet(paquet)
        except Exception as erreur:  # noqa: BLE001 — reported by the parent
            rendu = f"{type(erreur).__name__}: {' '.join(str(erreur).split())}"
        connexion.send(rendu)


def _distribuer(paquets: Iterable[tuple[str, int, Any]], travailleurs: list[tuple[Any, Connection]]) -> Iterator[Rendu]:
    """Send the packets to the workers — each packet to the one with the fewest in flight, at most
    PAQUETS_PAR_PROCESSUS each when the packet is a byte range (a few bytes), else one (the lines or rows
    themselves: a worker then always reads its next packet at once, so that sending never waits on a worker
    that waits on this process) — and give back their Rendus in input order, at most
    `len(travailleurs) * PAQUETS_EN_AVANCE` packets ahead of the first one not yet given back."""
    from multiprocessing.connection import wait

    en_vol: list[deque[int]] = [deque() for _ in travailleurs]
    par_connexion = {id(connexion): rang for rang, (_, connexion) in enumerate(travailleurs)}
    prets: dict[int, Rendu] = {}
    envoyes = suivant = 0
    fenetre = len(travailleurs) * PAQUETS_EN_AVANCE
    source = iter(paquets)
    attente: tuple[str, int, Any] | None = next(source, None)
    while True:
        while attente is not None and envoyes - suivant < fenetre:
            rang = min(range(len(travailleurs)), key=lambda r: len(en_vol[r]))
            if len(en_vol[rang]) >= (PAQUETS_PAR_PROCESSUS if attente[0] == "plage" else 1):
                break
            try:
                travailleurs[rang][1].send(attente)
            except OSError:
                _arret(travailleurs[rang][0])
            en_vol[rang].append(envoyes)
            envoyes += 1
            attente = next(source, None)
        if suivant == envoyes:
            return
        for prete in wait([connexion for rang, (_, connexion) in enumerate(travailleurs) if en_vol[rang]]):
            rang = par_connexion[id(prete)]
            try:
                rendu: Rendu | str = travailleurs[rang][1].recv()
            except (EOFError, OSError):
                _arret(travailleurs[rang][0])
            if isinstance(rendu, str):
                raise RuntimeError(rendu)
            prets[en_vol[rang].popleft()] = rendu
        while suivant in prets:
            yield prets.pop(suivant)
            suivant += 1


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
                raise LotImpossible(f"--sortie : {self.chemin} : {raison_systeme(erreur)}") from None
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
