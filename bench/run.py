"""`make bench`: speed of the generated law against a hand-written one, CLI throughput, compile time, and the
time of a run of the reference conformance suite.

(a) time per case of `generated.indemnites_journalieres.calcul_indemnites_journalieres` vs
    `bench/reference_ij.py` over the same random cases, after checking that both give the same results on every
    one of them (target: ratio ≤ 1.5);
(b) `secu-independants ij --batch` throughput in cases per second of CPU of the child process, start-up
    included (target ≥ 20 000 on one core);
(c) time of `python -m catalapy generate policy -o <tmp>`;
(d) time of a whole conformance run with our `bench/conformance.py` (one Python process for the suite; with
    `--conformite-sous-processus`, also one process per block), when the reference suite is present
    (the folder given by $CATALA_SUITE, e.g. `make bench CATALA_SUITE=/path/to/catala/tests`).

Usage: `python bench/run.py [--cas N] [--graine S] [--sans-conformite] [--conformite-sous-processus]`. Exit 1 if the two IJ implementations
disagree on a case (the case is printed).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))
sys.path.insert(0, str(RACINE / "bench"))

PYTHON = sys.executable
SUITE_PAR_DEFAUT = Path("/nonexistent")  # the suite is not distributed: $CATALA_SUITE names it


# ---------------------------------------------------------------------------------------------------------
# Random cases (interface JSON), inside the period the policy has parameters for.

CATEGORIES = ("AchatRevente", "PrestationServicesBIC", "LiberalSSI", "LiberalCIPAV")
MOTIFS = ("Maladie", "Accident", "GrossessePathologique")


def cas_aleatoire(alea: random.Random) -> dict:
    """One `ij` case: arrêt between 2016 and 2026, turnover for some of the three previous years."""
    date_arret = date(2016, 1, 1) + timedelta(days=alea.randrange(11 * 365))
    debut = date_arret - timedelta(days=alea.choice((alea.randrange(30, 400), alea.randrange(400, 6000))))
    annees = [a for a in range(date_arret.year - 3, date_arret.year) if a >= debut.year and alea.random() < 0.9]
    chiffres = []
    for annee in annees:
        montant = alea.choice((alea.randrange(0, 1_500_000), alea.randrange(500_000, 2_000_000),
                               alea.randrange(0, 20_000_000)))
        entree = {"annee": annee, "montant": f"{montant // 100}.{montant % 100:02d}"}
        if alea.random() < 0.2:
            entree["ratio_cotisations_payees"] = alea.choice(("0.5", "0.75", "0.9", "1", "0"))
        chiffres.append(entree)
    cas = {
        "categorie": alea.choice(CATEGORIES),
        "date_debut_activite": debut.isoformat(),
        "chiffres_affaires": chiffres,
        "date_arret": date_arret.isoformat(),
        "duree_arret": alea.choice((alea.randrange(1, 15), alea.randrange(1, 120), alea.randrange(1, 1500))),
        "hospitalisation": alea.random() < 0.15,
        "motif": alea.choice(MOTIFS),
        "ald": alea.random() < 0.15,
        "premier_arret_du_motif": alea.random() < 0.8,
        "jours_deja_indemnises": alea.choice((0, 0, alea.randrange(0, 400))),
        "en_activite": alea.random() < 0.95,
        "cotisations_a_jour": alea.random() < 0.9,
        "salarie": alea.random() < 0.1,
    }
    if cas["salarie"]:
        # at most 2 000 € a month: below 1.4 × the lowest monthly SMIC of the period, so R323-4's cap never
        # bites and the hand-written reference needs no SMIC table
        cas["salaires_trois_derniers_mois"] = [f"{alea.randrange(0, 200_000) / 100:.2f}" for _ in range(3)]
    return cas


# ---------------------------------------------------------------------------------------------------------
# (a) generated vs hand-written


def meilleur_temps(fonction, arguments, repetitions: int = 5) -> float:
    """Best CPU time (s) of this process over `repetitions` passes of `fonction` over all `arguments` (CPU
    time rather than wall time, so that other processes on the machine do not blur the comparison)."""
    meilleur = float("inf")
    for _ in range(repetitions):
        debut = time.process_time()
        for argument in arguments:
            fonction(argument)
        meilleur = min(meilleur, time.process_time() - debut)
    return meilleur


def temps_cpu_enfants() -> float:
    """User + system CPU time (s) of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def comparer_generation_et_reference(nombre: int, graine: int) -> dict:
    from reference_ij import en_json, indemnites_journalieres_reference

    from secu_independants.api import portee_ij
    from secu_independants.entrees import lire_cas_ij

    portee = portee_ij()
    alea = random.Random(graine)
    cas_json = [cas_aleatoire(alea) for _ in range(nombre)]
    lus = [lire_cas_ij(cas) for cas in cas_json]
    entrees = [portee.construire_entree(lu) for lu in lus]
    champs = [cle for cle, _, _ in portee.champs_sortie]
    for cas, lu, entree in zip(cas_json, lus, entrees):
        genere = portee.serialiser(portee.evaluer(entree))
        reference = en_json(indemnites_journalieres_reference(lu))
        if {c: genere[c] for c in reference} != reference or set(reference) - set(champs):
            ecarts = {c: (genere.get(c), reference[c]) for c in reference if genere.get(c) != reference[c]}
            raise SystemExit(f"désaccord généré/référence sur {json.dumps(cas)}\n  (généré, référence) : {ecarts}")
    t_genere = meilleur_temps(portee.evaluer, entrees)
    t_reference = meilleur_temps(indemnites_journalieres_reference, lus)
    return {
        "cas": nombre,
        "genere_us": 1e6 * t_genere / nombre,
        "reference_us": 1e6 * t_reference / nombre,
        "ratio": t_genere / t_reference,
        "cas_json": cas_json,
    }


# ---------------------------------------------------------------------------------------------------------
# (b) --batch throughput


def debit_batch(cas_json: list[dict], repetitions: int = 2) -> dict:
    commande = Path(PYTHON).parent / "secu-independants"
    commande = [str(commande)] if commande.exists() else [PYTHON, "-m", "secu_independants.cli"]
    with tempfile.TemporaryDirectory() as dossier:
        fichier = Path(dossier) / "cas.jsonl"
        fichier.write_text("".join(json.dumps(cas) + "\n" for cas in cas_json), encoding="utf-8")
        meilleur = meilleur_cpu = float("inf")
        for _ in range(repetitions):
            debut, debut_cpu = time.perf_counter(), temps_cpu_enfants()
            execution = subprocess.run([*commande, "ij", "--batch", str(fichier)], stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE, text=True, cwd=RACINE)
            meilleur = min(meilleur, time.perf_counter() - debut)
            meilleur_cpu = min(meilleur_cpu, temps_cpu_enfants() - debut_cpu)
            if execution.returncode != 0:
                raise SystemExit(f"--batch a échoué ({execution.returncode}) : {execution.stderr[:500]}")
    # the CPU time of the child (one core) is what the target is about; the wall time depends on the load
    return {"cas": len(cas_json), "secondes": meilleur, "secondes_cpu": meilleur_cpu,
            "cas_par_seconde": len(cas_json) / meilleur_cpu}


# ---------------------------------------------------------------------------------------------------------
# (c) compile time


def temps_compilation() -> dict:
    with tempfile.TemporaryDirectory() as dossier:
        debut = time.perf_counter()
        execution = subprocess.run([PYTHON, "-m", "catalapy", "generate", "policy", "-o", dossier],
                                   capture_output=True, text=True, cwd=RACINE)
        duree = time.perf_counter() - debut
    if execution.returncode != 0:
        return {"secondes": duree, "erreur": (execution.stderr or execution.stdout).strip().splitlines()[-1:]}
    return {"secondes": duree}


def temps_compilation_plus_grand_fichier() -> dict | None:
    """Time of `python -m catalapy python FILE -o <tmp>` on the largest source of the reference suite (its
    modules found beside it), when the suite is present."""
    suite = Path(os.environ.get("CATALA_SUITE") or SUITE_PAR_DEFAUT)
    if not suite.is_dir():
        return None
    fichier = max((p for p in suite.rglob("*.catala_*") if "/good/" in str(p)), key=lambda p: p.stat().st_size)
    with tempfile.TemporaryDirectory() as dossier:
        debut = time.perf_counter()
        execution = subprocess.run([PYTHON, "-m", "catalapy", "python", str(fichier), "-o",
                                    str(Path(dossier) / "sortie.py")], capture_output=True, text=True,
                                   cwd=fichier.parent)
        duree = time.perf_counter() - debut
    return {"secondes": duree, "fichier": str(fichier.relative_to(suite.parent)),
            "lignes": len(fichier.read_text(encoding="utf-8").splitlines()), "code": execution.returncode}


# ---------------------------------------------------------------------------------------------------------
# (d) conformance run

def temps_conformite(sous_processus: bool = False) -> dict | None:
    """Time of `bench/conformance.py` over the suite: in one Python process (the default), or with one
    process per block (`--subprocess`, as a user running `catalapy` would)."""
    suite = Path(os.environ.get("CATALA_SUITE") or SUITE_PAR_DEFAUT)
    if not suite.is_dir():
        return None
    with tempfile.TemporaryDirectory() as dossier:
        chiffres = Path(dossier) / "conformite.json"
        commande = [PYTHON, str(RACINE / "bench" / "conformance.py"), str(suite), "--json", str(chiffres)]
        debut = time.perf_counter()
        execution = subprocess.run(commande + (["--subprocess"] if sous_processus else []),
                                   capture_output=True, text=True, cwd=RACINE)
        secondes = time.perf_counter() - debut
        if execution.returncode != 0 or not chiffres.exists():
            resume = (execution.stderr.strip().splitlines() or ["(aucune sortie)"])[-1]
        else:
            donnees = json.loads(chiffres.read_text(encoding="utf-8"))
            resume = "; ".join(f"{nom}: {c['ok']}/{c['total']}" for nom, c in donnees.items()
                               if nom in ("scope_exact", "scope_error", "typecheck_bad"))
    return {"secondes": secondes, "suite": str(suite), "resume": resume}


# ---------------------------------------------------------------------------------------------------------


def main() -> int:
    analyseur = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    analyseur.add_argument("--cas", type=int, default=20_000, help="random IJ cases (default 20 000)")
    analyseur.add_argument("--graine", type=int, default=2024)
    analyseur.add_argument("--sans-conformite", action="store_true", help="skip (d)")
    analyseur.add_argument("--conformite-sous-processus", action="store_true",
                           help="(d) also with one process per block (slow: about a second per block)")
    options = analyseur.parse_args()

    lignes: list[tuple[str, str, str]] = []
    a = comparer_generation_et_reference(options.cas, options.graine)
    lignes.append(("(a) IJ générée, µs CPU/cas", f"{a['genere_us']:.1f}", f"{a['cas']} cas identiques"))
    lignes.append(("(a) IJ écrite à la main, µs CPU/cas", f"{a['reference_us']:.1f}", ""))
    lignes.append(("(a) rapport générée / main", f"{a['ratio']:.2f}",
                   "objectif ≤ 1.5 " + ("OK" if a["ratio"] <= 1.5 else "NON ATTEINT")))
    b = debit_batch(a["cas_json"])
    lignes.append(("(b) --batch, cas/s", f"{b['cas_par_seconde']:.0f}",
                   f"{b['cas']} cas en {b['secondes_cpu']:.2f} s de CPU ({b['secondes']:.2f} s écoulées), démarrage "
                   "compris; objectif ≥ 20 000 "
                   + ("OK" if b["cas_par_seconde"] >= 20_000 else "NON ATTEINT")))
    c = temps_compilation()
    lignes.append(("(c) compilation de policy/, s", f"{c['secondes']:.2f}",
                   "objectif < 1 s " + ("OK" if c["secondes"] < 1 else "NON ATTEINT") + " "
                   + " ".join(c.get("erreur", []))))
    c2 = temps_compilation_plus_grand_fichier()
    if c2 is not None:
        lignes.append(("(c) compilation du plus grand fichier de la suite, s", f"{c2['secondes']:.2f}",
                       f"{c2['fichier']} ({c2['lignes']} lignes, code de sortie {c2['code']})"))
    d = None if options.sans_conformite else temps_conformite()
    if d is None:
        lignes.append(("(d) suite de conformité", "-", "ignorée (absente ou --sans-conformite)"))
    else:
        lignes.append(("(d) conformité (bench/conformance.py, un processus), s", f"{d['secondes']:.1f}",
                       d["resume"]))
        if options.conformite_sous_processus:
            d2 = temps_conformite(sous_processus=True)
            lignes.append(("(d) conformité, un processus par bloc, s", f"{d2['secondes']:.1f}", d2["resume"]))

    largeur = max(len(l[0]) for l in lignes)
    largeur_valeur = max(len(l[1]) for l in lignes)
    for nom, valeur, note in lignes:
        print(f"{nom:<{largeur}}  {valeur:>{largeur_valeur}}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
