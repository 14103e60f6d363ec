"""Mutation testing of the law (`make mutants`): does the test suite notice a changed number, date or operator?

For each mutable token in the formal code blocks of policy/*.catala_fr (integers, decimals, percentages, money,
dates, comparison operators, `et`/`ou`, `vrai`/`faux`), one mutant at a time is written into a scratch copy of
the repository, the Python is regenerated there (`python -m catalapy generate`), and the policy tests run
against it: the `#[test]` scopes of policy/tests/*.catala_fr (`python -m catalapy interpret`), then pytest on
tests/policy and the law properties, with the scratch copy first on PYTHONPATH. A mutant is *killed* when one
of them fails, *invalid* when it does not compile (the compiler caught it), *survived* otherwise.

The real policy/ and generated/ are never written: every write goes below the scratch directory.

    python tests/mutants.py [--limit N] [--jobs J] [--only FILE] [--list] [--keep]
                            [--survivors REPORT] [--ids FILE:LINE:COL[,...]] [--changed-since REV]

`--survivors REPORT` re-runs only the mutants reported as survived in an earlier report (the output of this
script, e.g. mutants-full.txt); `--ids` names mutants by position, as printed in the report;
`--changed-since REV` keeps the mutants of the lines of policy/ added or changed since the git revision REV
(e.g. the commit before a piece of work: "the new rules").
"""
from __future__ import annotations

import argparse
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
# What the tests read; catalapy itself comes from the installed (editable) checkout.
COPIES = ("policy", "secu_independants", "tests", "bench", "examples")
TESTS_PYTEST = ("tests/policy", "tests/properties/test_ij_properties.py",
                "tests/properties/test_revenus_properties.py", "tests/properties/test_rattachement_properties.py")


@dataclass(frozen=True)
class Mutant:
    fichier: str  # relative to the repository, e.g. policy/parametres.catala_fr
    ligne: int  # 1-based
    colonne: int  # 1-based, code points
    avant: str
    apres: str

    def __str__(self) -> str:
        return f"{self.fichier}:{self.ligne}:{self.colonne} {self.avant!r} → {self.apres!r}"


# --- Finding mutable tokens --------------------------------------------------------------------------------------

_IDENT = r"[\w']"
_JETONS = re.compile(
    rf"(?P<date>\|\d{{4}}-\d{{2}}-\d{{2}}\|)"
    rf"|(?P<argent>(?<!{_IDENT})-?\d{{1,3}}(?: \d{{3}})*(?:,\d{{1,2}})?[ \t]*€|(?<!{_IDENT})-?\d+(?:,\d{{1,2}})?[ \t]*€)"
    rf"|(?P<pourcent>(?<!{_IDENT})\d+(?:,\d+)?[ \t]*%)"
    rf"|(?P<decimal>(?<![\w',])\d+,\d+(?![\w]))"
    rf"|(?P<entier>(?<![\w',])\d+(?![\w,]|,\d))"
    rf"|(?P<comparaison><=|>=|!=|(?<![-<>!=])[<>=](?![=>]))"
    rf"|(?P<logique>(?<!{_IDENT})(?:et|ou)(?!{_IDENT})(?![ \t\n]+(?:bien|si)\b))"
    rf"|(?P<booleen>(?<!{_IDENT})(?:vrai|faux)(?!{_IDENT}))"
)
_COMPARAISONS = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "=": "!=", "!=": "="}


def _sans_commentaire(ligne: str) -> str:
    """The code part of a line: a `#` comment (not `#[`) and attribute lines are blanked out (same length)."""
    if ligne.lstrip().startswith("#["):
        return " " * len(ligne)
    i = 0
    while (i := ligne.find("#", i)) != -1:
        if not ligne.startswith("#[", i):
            return ligne[:i] + " " * (len(ligne) - i)
        i += 1
    return ligne


def _plus_un_centime(texte: str) -> str:
    chiffres = re.sub(r"[^\d,-]", "", texte)
    negatif = chiffres.startswith("-")
    unites, _, cents = chiffres.lstrip("-").partition(",")
    total = (int(unites) * 100 + int((cents + "00")[:2])) * (-1 if negatif else 1) + 1
    signe = "-" if total < 0 else ""
    return f"{signe}{abs(total) // 100},{abs(total) % 100:02d} €"


def _plus_un_dernier_chiffre(texte: str) -> str:
    """12,5 → 12,6; 0,15 → 0,16; 37 % → 38 % (adds one unit of the last written digit)."""
    m = re.match(r"(\d+)(?:,(\d+))?(.*)$", texte, re.S)
    unites, decimales, reste = m.group(1), m.group(2), m.group(3)
    if decimales is None:
        return f"{int(unites) + 1}{reste}"
    n = int(unites + decimales) + 1
    texte_n = f"{n:0{len(unites) + len(decimales)}d}"
    return f"{texte_n[:-len(decimales)] or '0'},{texte_n[-len(decimales):]}{reste}"


def _remplacement(genre: str, texte: str) -> str:
    if genre == "date":
        jour = date.fromisoformat(texte.strip("|")) + timedelta(days=1)
        return f"|{jour.isoformat()}|"
    if genre == "argent":
        return _plus_un_centime(texte)
    if genre in ("pourcent", "decimal", "entier"):
        return _plus_un_dernier_chiffre(texte)
    if genre == "comparaison":
        return _COMPARAISONS[texte]
    if genre == "logique":
        return "ou" if texte == "et" else "et"
    return "faux" if texte == "vrai" else "vrai"


def mutants_du_fichier(chemin: Path) -> list[Mutant]:
    """Every mutant of the formal code blocks (```catala, ```catala-metadata) of one literate file."""
    relatif = chemin.relative_to(RACINE).as_posix()
    resultat, dans_le_code = [], False
    for numero, ligne in enumerate(chemin.read_text(encoding="utf-8").splitlines(), start=1):
        if ligne.startswith("```"):
            dans_le_code = not dans_le_code and ligne.strip() in ("```catala", "```catala-metadata")
            continue
        if not dans_le_code:
            continue
        for m in _JETONS.finditer(_sans_commentaire(ligne)):
            genre = m.lastgroup
            resultat.append(Mutant(relatif, numero, m.start() + 1, m.group(), _remplacement(genre, m.group())))
    return resultat


def appliquer(texte: str, mutant: Mutant) -> str:
    lignes = texte.split("\n")
    ligne = lignes[mutant.ligne - 1]
    debut = mutant.colonne - 1
    assert ligne[debut:debut + len(mutant.avant)] == mutant.avant, (mutant, ligne)
    lignes[mutant.ligne - 1] = ligne[:debut] + mutant.apres + ligne[debut + len(mutant.avant):]
    return "\n".join(lignes)


# --- Running the tests on a scratch copy -------------------------------------------------------------------------


class Atelier:
    """One scratch copy of the repository where mutants are tried one after the other."""

    def __init__(self, base: Path, numero: int, delai: int):
        self.dossier = base / f"atelier{numero}"
        self.delai = delai
        for nom in (n for n in COPIES if (RACINE / n).is_dir()):
            shutil.copytree(RACINE / nom, self.dossier / nom,
                            ignore=shutil.ignore_patterns("__pycache__", ".hypothesis", ".pytest_cache"))
        (self.dossier / "generated").mkdir()
        self.env = {**os.environ, "PYTHONPATH": str(self.dossier), "HYPOTHESIS_PROFILE": "ci",
                    "PYTHONDONTWRITEBYTECODE": "1"}

    def _ecrire(self, relatif: str, texte: str) -> None:
        cible = (self.dossier / relatif).resolve()
        assert self.dossier.resolve() in cible.parents, cible  # never outside the scratch copy
        cible.write_text(texte, encoding="utf-8")

    def _lancer(self, *commande: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, *commande], cwd=self.dossier, env=self.env, capture_output=True,
                              text=True, timeout=self.delai)

    def reference(self) -> tuple[str, list[str]]:
        """Runs everything on the unmutated copy; what already fails there is left out of the mutant runs (a test
        that fails whatever the law says cannot tell mutants apart). Returns ("" or why the copy is unusable,
        the list of what is left out)."""
        self.catala_exclus: set[str] = set()
        self.pytest_exclus: list[str] = []
        self._ecrire_policy(None)
        gen = self._lancer("-m", "catalapy", "generate", "policy", "-o", "generated")
        if gen.returncode != 0:
            return "catalapy generate fails on the unmutated policy/: " + _derniere_ligne(gen.stderr), []
        for test in self._tests_catala():
            if self._lancer("-m", "catalapy", "interpret", test, "-I", "policy").returncode != 0:
                self.catala_exclus.add(test)
        presents = [t for t in TESTS_PYTEST if (self.dossier / t).exists()]
        if presents:
            proc = self._lancer("-m", "pytest", "-q", "-rfE", "-p", "no:cacheprovider", *presents)
            for ligne in proc.stdout.splitlines():
                if ligne.startswith(("FAILED ", "ERROR ")):
                    noeud = ligne.split(" ", 1)[1].split(" - ", 1)[0].strip()
                    self.pytest_exclus.append(noeud)
        return "", sorted(self.catala_exclus) + self.pytest_exclus

    def _tests_catala(self) -> list[str]:
        return [t.relative_to(self.dossier).as_posix()
                for t in sorted((self.dossier / "policy" / "tests").glob("*.catala_fr"))]

    def _ecrire_policy(self, mutant: Mutant | None) -> None:
        for nom in (RACINE / "policy").glob("*.catala_fr"):
            relatif = nom.relative_to(RACINE).as_posix()
            texte = nom.read_text(encoding="utf-8")
            self._ecrire(relatif, appliquer(texte, mutant) if mutant and mutant.fichier == relatif else texte)

    def _options_pytest(self) -> list[str]:
        options = []
        for noeud in self.pytest_exclus:
            options += ["--ignore", noeud] if "::" not in noeud else ["--deselect", noeud]
        return options

    def verdict(self, mutant: Mutant) -> tuple[str, str]:
        """("killed" | "invalid" | "survived", by what) for a mutant."""
        self._ecrire_policy(mutant)
        try:
            gen = self._lancer("-m", "catalapy", "generate", "policy", "-o", "generated")
            if gen.returncode != 0:
                return "invalid", "catalapy generate: " + _derniere_ligne(gen.stderr)
            for test in self._tests_catala():
                if test in self.catala_exclus:
                    continue
                if self._lancer("-m", "catalapy", "interpret", test, "-I", "policy").returncode != 0:
                    return "killed", test
            presents = [t for t in TESTS_PYTEST if (self.dossier / t).exists()]
            if presents:
                proc = self._lancer("-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *self._options_pytest(),
                                    *presents)
                if proc.returncode not in (0, 5):  # 5: nothing collected
                    return "killed", "pytest: " + _premier_echec(proc.stdout)
        except subprocess.TimeoutExpired as depassement:
            return "killed", f"timeout ({' '.join(map(str, depassement.cmd[1:4]))})"
        return "survived", ""


def _derniere_ligne(texte: str) -> str:
    lignes = [l for l in texte.strip().splitlines() if l.strip()]
    return lignes[0][:120] if lignes else ""


def _premier_echec(sortie: str) -> str:
    for ligne in sortie.splitlines():
        if ligne.startswith(("FAILED", "ERROR")):
            return ligne[:160]
    return _derniere_ligne(sortie)


_POSITION = re.compile(r"(policy/[\w./-]+\.catala_fr):(\d+):(\d+)")


def positions_survivantes(rapport: str) -> set[tuple[str, int, int]]:
    """The (file, line, column) of every mutant a report lists as survived ("SURVIVED …" summary lines or
    "[i/n] survived …" progress lines)."""
    trouvees = set()
    for ligne in rapport.splitlines():
        mots = ligne.split()
        if not mots or not (mots[0] == "SURVIVED" or (len(mots) > 1 and mots[1] == "survived")):
            continue
        if m := _POSITION.search(ligne):
            trouvees.add((m.group(1), int(m.group(2)), int(m.group(3))))
    return trouvees


def positions_nommees(ids: str) -> set[tuple[str, int, int]]:
    """Parses `policy/f.catala_fr:12:5,policy/g.catala_fr:3:1` (the `policy/` prefix may be left out)."""
    trouvees = set()
    for morceau in filter(None, (x.strip() for x in ids.split(","))):
        fichier, _, reste = morceau.rpartition(":")
        fichier, _, ligne = fichier.rpartition(":")
        if not (fichier and ligne.isdigit() and reste.isdigit()):
            raise ValueError(f"--ids: {morceau!r} is not FILE:LINE:COLUMN")
        if not fichier.startswith("policy/"):
            fichier = "policy/" + fichier
        trouvees.add((fichier, int(ligne), int(reste)))
    return trouvees


_ENTETE_DIFF = re.compile(r"^@@ -\S+ \+(\d+)(?:,(\d+))? @@")


def lignes_changees(revision: str) -> set[tuple[str, int]]:
    """The (file, line) of every line of policy/*.catala_fr added or changed since `revision` (`git diff -U0`,
    working tree included)."""
    diff = subprocess.run(["git", "diff", "-U0", "--no-color", "--no-ext-diff", revision, "--", "policy"],
                          cwd=RACINE, capture_output=True, text=True, check=True).stdout
    trouvees, fichier = set(), None
    for ligne in diff.splitlines():
        if ligne.startswith("+++ "):
            fichier = ligne[6:] if ligne.startswith("+++ b/") else None
        elif fichier and (m := _ENTETE_DIFF.match(ligne)):
            debut, nombre = int(m.group(1)), int(m.group(2) if m.group(2) is not None else 1)
            trouvees.update((fichier, n) for n in range(debut, debut + nombre))
    return trouvees


def echantillon(mutants: list[Mutant], limite: int | None) -> list[Mutant]:
    """At most `limite` mutants, evenly spread over the list (so every file is represented)."""
    if not limite or limite >= len(mutants):
        return mutants
    pas = len(mutants) / limite
    return [mutants[int(i * pas)] for i in range(limite)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="try at most N mutants, evenly spread")
    parser.add_argument("--jobs", type=int, default=1, help="parallel scratch copies (default 1)")
    parser.add_argument("--only", help="only mutate this policy file (path or file name)")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--timeout", type=int, default=900, help="seconds per command (default 900)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    parser.add_argument("--survivors", metavar="REPORT",
                        help="only the mutants an earlier report of this script lists as survived")
    parser.add_argument("--ids", help="only these mutants: FILE:LINE:COLUMN[,FILE:LINE:COLUMN...]")
    parser.add_argument("--changed-since", metavar="REV",
                        help="only the mutants of lines of policy/ added or changed since the git revision REV")
    args = parser.parse_args(argv)

    fichiers = sorted((RACINE / "policy").glob("*.catala_fr"))
    if args.only:
        fichiers = [f for f in fichiers if args.only in (f.name, f.relative_to(RACINE).as_posix(), str(f))]
        if not fichiers:
            print(f"--only {args.only}: no such file in policy/", file=sys.stderr)
            return 2
    tous = [m for f in fichiers for m in mutants_du_fichier(f)]
    if args.survivors or args.ids:
        try:
            voulues = positions_survivantes(Path(args.survivors).read_text(encoding="utf-8")) if args.survivors \
                else set()
            voulues |= positions_nommees(args.ids) if args.ids else set()
        except (OSError, ValueError) as erreur:
            print(erreur, file=sys.stderr)
            return 2
        connues = {(m.fichier, m.ligne, m.colonne) for m in tous}
        for inconnue in sorted(voulues - connues):
            print(f"no mutant at {inconnue[0]}:{inconnue[1]}:{inconnue[2]} (the law changed since the report?)",
                  file=sys.stderr)
        tous = [m for m in tous if (m.fichier, m.ligne, m.colonne) in voulues]
    if args.changed_since:
        try:
            changees = lignes_changees(args.changed_since)
        except (OSError, subprocess.CalledProcessError) as erreur:
            print(f"--changed-since {args.changed_since}: git diff failed ({erreur})", file=sys.stderr)
            return 2
        tous = [m for m in tous if (m.fichier, m.ligne) in changees]
    choisis = echantillon(tous, args.limit)
    print(f"{len(tous)} mutants in {len(fichiers)} file(s); trying {len(choisis)}", flush=True)
    if args.list:
        for m in choisis:
            print(m)
        return 0

    base = Path(tempfile.mkdtemp(prefix="secu-mutants-"))
    try:
        ateliers = [Atelier(base, i, args.timeout) for i in range(max(1, args.jobs))]
        probleme, exclus = ateliers[0].reference()
        if probleme:
            print(probleme, file=sys.stderr)
            return 1
        for atelier in ateliers[1:]:
            atelier.catala_exclus, atelier.pytest_exclus = ateliers[0].catala_exclus, ateliers[0].pytest_exclus
            atelier._lancer("-m", "catalapy", "generate", "policy", "-o", "generated")
        for exclu in exclus:
            print(f"already failing on the unmutated copy, left out: {exclu}", flush=True)
        a_faire: queue.Queue = queue.Queue()
        for i, m in enumerate(choisis):
            a_faire.put((i, m))
        resultats: dict[int, tuple[Mutant, str, str]] = {}
        verrou = threading.Lock()
        debut = time.monotonic()

        def travailler(atelier: Atelier) -> None:
            while True:
                try:
                    i, m = a_faire.get_nowait()
                except queue.Empty:
                    return
                verdict, par = atelier.verdict(m)
                with verrou:
                    resultats[i] = (m, verdict, par)
                    print(f"[{len(resultats)}/{len(choisis)}] {verdict:8} {m}  {par}", flush=True)

        fils = [threading.Thread(target=travailler, args=(a,)) for a in ateliers]
        for f in fils:
            f.start()
        for f in fils:
            f.join()
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)

    tues = sum(1 for _, v, _ in resultats.values() if v == "killed")
    invalides = sum(1 for _, v, _ in resultats.values() if v == "invalid")
    survivants = [m for m, v, _ in (resultats[i] for i in sorted(resultats)) if v == "survived"]
    valides = tues + len(survivants)
    print(f"\n{tues} killed, {len(survivants)} survived, {invalides} invalid (rejected by the compiler) "
          f"in {time.monotonic() - debut:.0f} s")
    if valides:
        print(f"mutation score: {100 * tues / valides:.1f} % of the {valides} compiling mutants")
    for m in survivants:
        print(f"SURVIVED {m}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
