"""`make bench`: speed of the generated law against a hand-written one, CLI throughput, compile time, and the
time of a run of the reference conformance suite.

(a) time per case of `generated.indemnites_journalieres.calcul_indemnites_journalieres` vs
    `bench/reference_ij.py` over the same random cases, after checking that both give the same results on every
    one of them (target of issue 12: ratio ≤ 1.3);
(a') CPU time per case of `secu_independants.calculer_ij` (JSON case → JSON result) against the bare
    generated scope on the same cases (target: ratio ≤ 1.3);
(b) `secu-independants ij --batch --jobs 1` throughput in cases per second of CPU of the child process, start-up
    included (target ≥ 20 000 on one core; the issue's batch targets are those of (e));
(c) time of `python -m catalapy generate policy -o <tmp>`;
(g) time of `python -m catalapy interpret` over 2 000 #[test] scopes against 500 (ratio ≈ 4 when linear);
(e) the streaming batch on `--lots` lines (default 1 000 000, the bench's random cases repeated): peak
    memory (sum of the RSS of the CLI and its worker processes, sampled every 20 ms), wall time of `--jobs 1`
    and `--jobs 2` on the same file in the same run, their ratio and the cases per second of `--jobs 2`
    (targets of issue 12: < 150 MiB, ≥ 1.7×, ≥ 60 000 cases/s on two cores); `--repetitions-lots R` keeps the
    best of R runs each;
    with `--lots-reference DIR` the same runs with the product of another tree (a checkout of an earlier commit),
    in the same turns; the CPU of the CLI's own process (reading, sending, ordering, writing) is shown apart;
(f) the same cases from Parquet (row groups of 50 000): local `--jobs 2` against `--dask` on a 2-worker
    `LocalCluster` (processes), results compared column by column (needs the extra [dask]);
(d) time of a whole conformance run with our `bench/conformance.py` (one Python process for the suite; with
    `--conformite-sous-processus`, also one process per block), when the reference suite is given
    (`--suite DIR` or $CATALA_SUITE: the exported tests/ folder of the reference repository);
(h) time of `python -m catalapy test-scope Exemple1 aides_logement/tests/tests_calcul_al_locatif.catala_fr`
    in catala-examples (the largest program there: aides au logement and the modules it uses), compiled and
    run in a new process, best CPU time of the child out of 3 (target < 2 s), when catala-examples is given
    (`--exemples DIR` or $CATALA_EXAMPLES; `make bench EXAMPLES=DIR`).

Usage: `python bench/run.py [--cas N] [--graine S] [--suite DIR] [--exemples DIR] [--lots N]
[--repetitions-lots R] [--lots-reference DIR] [--sans-lots] [--sans-dask] [--seulement-lots] [--seulement-portee] [--sans-conformite] [--conformite-sous-processus]`.
Exit 1 if the two IJ implementations
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
from typing import Callable

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))
sys.path.insert(0, str(RACINE / "bench"))

PYTHON = sys.executable


# ---------------------------------------------------------------------------------------------------------
# Random cases (interface JSON), inside the period the policy has parameters for.

CATEGORIES = ("AchatRevente", "PrestationServicesBIC", "LiberalSSI", "LiberalCIPAV")
MOTIFS = ("Maladie", "Accident", "GrossessePathologique")


PREMIER_ARRET = date(2015, 2, 1)  # the period the policy covers (interface: date_arret)
JOURS_COUVERTS = (date(2026, 12, 31) - PREMIER_ARRET).days + 1


def cas_aleatoire(alea: random.Random) -> dict:
    """One `ij` case: arrêt in the covered period 2015-02-01 → 2026-12-31, activity started from a few days (first
    calendar years of affiliation) to 16 years before, turnover for some of the three previous years and for the
    year of the arrêt, and now and then the optional situations (retiree, temps partiel thérapeutique, soins de
    longue durée, SSI option, prolongation, salaried hours)."""
    date_arret = PREMIER_ARRET + timedelta(days=alea.randrange(JOURS_COUVERTS))
    debut = date_arret - timedelta(days=alea.choice((alea.randrange(0, 1100), alea.randrange(30, 400),
                                                     alea.randrange(400, 6000))))
    annees = [a for a in range(max(debut.year, date_arret.year - 3), date_arret.year + 1)
              if alea.random() < (0.9 if a < date_arret.year else 0.3)]
    chiffres = []
    for annee in annees:
        montant = alea.choice((alea.randrange(0, 1_500_000), alea.randrange(500_000, 2_000_000),
                               alea.randrange(0, 20_000_000)))
        entree = {"annee": annee, "montant": f"{montant // 100}.{montant % 100:02d}"}
        if alea.random() < 0.2:
            entree["ratio_cotisations_payees"] = alea.choice(("0.5", "0.75", "0.9", "1", "0", "0.333"))
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
    for champ in ("retraite", "temps_partiel_therapeutique", "soins_longue_duree"):
        if alea.random() < 0.08:
            cas[champ] = True
    if cas["categorie"] == "LiberalCIPAV" and debut.year < 2018 and alea.random() < 0.3:
        cas["option_ssi"] = True
    if alea.random() < 0.1:  # a prolongation: the initial arrêt between the start of activity and this one
        premier = max(debut, PREMIER_ARRET)
        cas["date_arret_initial"] = (premier + timedelta(days=alea.randrange((date_arret - premier).days + 1))
                                     ).isoformat()
    if cas["salarie"]:
        # up to 4 000 € a month: above 1,4 / 1,8 monthly SMIC now and then, so that R323-4's cap per pay bites
        cas["salaires_trois_derniers_mois"] = [
            f"{alea.choice((alea.randrange(0, 200_000), alea.randrange(0, 400_000))) / 100:.2f}" for _ in range(3)]
        if alea.random() < 0.5:
            cas["heures_salariees_trois_derniers_mois"] = alea.randrange(0, 500)
    return cas


# ---------------------------------------------------------------------------------------------------------
# (a) generated vs hand-written


def meilleur_de(repetitions: int, mesurer: Callable[[], dict], maximum: tuple[str, ...] = ()) -> dict:
    """The best of `repetitions` calls of `mesurer` (each gives a dict of figures, dicts nested per variant):
    every number is the smallest seen, except the keys of `maximum` (a memory peak: the largest); a call whose
    `code` is not 0 stops the series and is returned as it is."""
    def garder(meilleur: dict, mesure: dict) -> dict:
        for cle, valeur in mesure.items():
            if cle in meilleur and type(valeur) is dict:
                valeur = garder(meilleur[cle], valeur)
            elif cle in meilleur and type(valeur) in (int, float) and cle != "code":
                valeur = (max if cle in maximum else min)(valeur, meilleur[cle])
            meilleur[cle] = valeur
        return meilleur

    meilleur: dict = {}
    for _ in range(repetitions):
        mesure = mesurer()
        if mesure.get("code", 0) != 0:
            return mesure
        meilleur = garder(meilleur, mesure)
    return meilleur


def meilleurs_temps(*mesures: tuple, repetitions: int = 7) -> list[float]:
    """Best CPU time (s) of this process over `repetitions` passes of each `(fonction, arguments)` over all its
    arguments, the passes of the different functions taken in turn, so that a change of the machine's load
    weighs on all of them alike (CPU time rather than wall time: other processes blur it less)."""
    def passes() -> dict:
        temps = {}
        for rang, (fonction, arguments) in enumerate(mesures):
            debut = time.process_time()
            for argument in arguments:
                fonction(argument)
            temps[rang] = time.process_time() - debut
        return temps

    meilleur = meilleur_de(repetitions, passes)
    return [meilleur[rang] for rang in range(len(mesures))]


def executer_enfant(commande: list[str], cwd: Path) -> dict:
    """Run `commande` to its end: wall time, CPU time of the child (user + system), exit code, stderr."""
    debut, debut_cpu = time.perf_counter(), temps_cpu_enfants()
    execution = subprocess.run(commande, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=cwd)
    return {"secondes": time.perf_counter() - debut, "cpu": temps_cpu_enfants() - debut_cpu,
            "code": execution.returncode, "stderr": execution.stderr[-500:]}


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
    t_genere, t_reference = meilleurs_temps((portee.evaluer, entrees), (indemnites_journalieres_reference, lus))
    return {
        "cas": nombre,
        "genere_us": 1e6 * t_genere / nombre,
        "reference_us": 1e6 * t_reference / nombre,
        "ratio": t_genere / t_reference,
        "cas_json": cas_json,
    }


def cout_du_produit(nombre: int, graine: int) -> dict:
    """(a') The whole product call (JSON case checked, passed to the scope, evaluated, result as JSON values)
    against the bare generated scope, on the same random cases, in the same run; and each stage of the product
    alone (reading: msgspec and the checks of the fields together; passing the checked case to the scope, its
    list of turnovers rebuilt as the generated dataclass (`liaison.passage`); writing the result), each
    over its own precomputed inputs (a stage costs more inside the whole call, where the evaluation runs
    between two of its passes)."""
    from secu_independants import calculer_ij
    from secu_independants.api import portee_ij
    from secu_independants.entrees import lire_cas_ij

    portee = portee_ij()
    alea = random.Random(graine)
    cas_json = [cas_aleatoire(alea) for _ in range(nombre)]
    lus = [lire_cas_ij(cas) for cas in cas_json]
    entrees = [portee.construire_entree(lu) for lu in lus]
    resultats = [portee.evaluer(entree) for entree in entrees]
    t_genere, t_produit, t_lire, t_passage, t_ecrire = meilleurs_temps(
        (portee.evaluer, entrees), (calculer_ij, cas_json), (portee.lire, cas_json), (portee.passage, lus),
        (portee.serialiser, resultats))
    return {"genere_us": 1e6 * t_genere / nombre, "produit_us": 1e6 * t_produit / nombre,
            "ratio_produit": t_produit / t_genere, "lire_us": 1e6 * t_lire / nombre,
            "passage_us": 1e6 * t_passage / nombre, "ecrire_us": 1e6 * t_ecrire / nombre}


# ---------------------------------------------------------------------------------------------------------
# (b) --batch throughput


def commande_cli() -> list[str]:
    commande = Path(PYTHON).parent / "secu-independants"
    return [str(commande)] if commande.exists() else [PYTHON, "-m", "secu_independants.cli"]


def debit_batch(cas_json: list[dict], repetitions: int = 2) -> dict:
    with tempfile.TemporaryDirectory() as dossier:
        fichier = Path(dossier) / "cas.jsonl"
        fichier.write_text("".join(json.dumps(cas) + "\n" for cas in cas_json), encoding="utf-8")
        mesure = meilleur_de(repetitions, lambda: executer_enfant(
            [*commande_cli(), "ij", "--batch", str(fichier), "--jobs", "1"], RACINE))
    if mesure["code"] != 0:
        raise SystemExit(f"--batch a échoué ({mesure['code']}) : {mesure['stderr']}")
    # the CPU time of the child (one core) is what the target is about; the wall time depends on the load
    return {"cas": len(cas_json), "secondes": mesure["secondes"], "secondes_cpu": mesure["cpu"],
            "cas_par_seconde": len(cas_json) / mesure["cpu"]}


# ---------------------------------------------------------------------------------------------------------
# (e) streaming batch: memory, --jobs 2 against --jobs 1; (f) Dask


def _rss_arbre(pid: int) -> int:
    """Sum of the resident set sizes (bytes) of `pid` and its descendants (0 once it has ended)."""
    total, a_voir = 0, [pid]
    while a_voir:
        courant = a_voir.pop()
        try:
            with open(f"/proc/{courant}/status", encoding="ascii", errors="replace") as statut:
                for ligne in statut:
                    if ligne.startswith("VmRSS:"):
                        total += int(ligne.split()[1]) * 1024
            with open(f"/proc/{courant}/task/{courant}/children", encoding="ascii") as enfants:
                a_voir.extend(int(e) for e in enfants.read().split())
        except (OSError, ValueError):
            continue
    return total


def _cpu_processus(pid: int) -> float | None:
    """User + system CPU time (s) of the process `pid` alone (not its children), None once it has ended."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as statut:
            champs = statut.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(champs[11]) + int(champs[12])) / os.sysconf("SC_CLK_TCK")


def executer_mesure(arguments: list[str], produit: Path | None = None) -> dict:
    """Run the CLI with `arguments` (with the product of the tree `produit` when given, else this one's): wall
    time, peak RSS of its process tree, CPU of the tree and of the CLI's own process (the last value read
    before it ended, sampled every 20 ms: the reading, sending, ordering and writing of the batch), exit code."""
    import threading

    environnement = None if produit is None else {**os.environ, "PYTHONPATH": str(produit)}
    with open(os.devnull, "wb") as flux:
        debut, debut_cpu = time.perf_counter(), temps_cpu_enfants()
        processus = subprocess.Popen([*commande_cli(), *arguments], stdout=flux, stderr=subprocess.PIPE, cwd=RACINE,
                                     env=environnement)
        pic = [0]
        cpu_parent = [0.0]

        def echantillonner() -> None:
            while processus.poll() is None:
                pic[0] = max(pic[0], _rss_arbre(processus.pid))
                cpu_parent[0] = _cpu_processus(processus.pid) or cpu_parent[0]
                time.sleep(0.02)

        fil = threading.Thread(target=echantillonner, daemon=True)
        fil.start()
        erreurs = processus.stderr.read()
        processus.wait()
        duree = time.perf_counter() - debut
        fil.join()
    # CPU of the CLI and of its worker processes (it waits for them, so they count among its children)
    return {"secondes": duree, "cpu": temps_cpu_enfants() - debut_cpu, "cpu_parent": cpu_parent[0],
            "pic_octets": pic[0], "code": processus.returncode, "stderr": erreurs[-500:]}


def lot_en_flux(cas_json: list[dict], lignes: int, repetitions: int, reference: Path | None = None) -> dict:
    """(e) on this tree, and on the tree `reference` too when given (its product run in the same turns)."""
    with tempfile.TemporaryDirectory() as dossier:
        fichier = Path(dossier) / "cas.jsonl"
        textes = [json.dumps(cas) + "\n" for cas in cas_json]
        with open(fichier, "w", encoding="utf-8") as flux:
            for rang in range(lignes):
                flux.write(textes[rang % len(textes)])
        arbres = {"ici": None} if reference is None else {"reference": reference, "ici": None}
        # the runs alternate, so that a change of the machine's load weighs on all of them alike
        mesures = meilleur_de(repetitions, lambda: {(arbre, jobs): executer_mesure(
            ["ij", "--batch", str(fichier), "--jobs", str(jobs)], produit) for jobs in (1, 2)
            for arbre, produit in arbres.items()}, maximum=("pic_octets",))
        for (arbre, jobs), mesure in mesures.items():
            if mesure["code"] != 0:
                raise SystemExit(f"--batch --jobs {jobs} ({arbre}) a échoué : {mesure['stderr']!r}")
    resultats = {arbre: {"lignes": lignes, "un": mesures[arbre, 1], "deux": mesures[arbre, 2],
                         "rapport": mesures[arbre, 1]["secondes"] / mesures[arbre, 2]["secondes"],
                         "cas_par_seconde_deux": lignes / mesures[arbre, 2]["secondes"],
                         "cas_par_seconde_un": lignes / mesures[arbre, 1]["secondes"]} for arbre in arbres}
    return {**resultats["ici"], "reference": resultats.get("reference")}


def lot_dask(cas_json: list[dict], lignes: int) -> dict | None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
        from distributed import LocalCluster
    except ImportError:
        return None
    with tempfile.TemporaryDirectory() as dossier:
        entree = Path(dossier) / "cas.parquet"
        modele = pa.Table.from_struct_array(pa.array(cas_json))
        with pq.ParquetWriter(entree, modele.schema) as ecrivain:
            for debut in range(0, lignes, len(cas_json)):
                ecrivain.write_table(modele.slice(0, min(len(cas_json), lignes - debut)), row_group_size=50_000)
        local = executer_mesure(["ij", "--batch", str(entree), "--jobs", "2", "--sortie", str(Path(dossier) / "l.parquet")])
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as grappe:
            distant = executer_mesure(["ij", "--batch", str(entree), "--dask", grappe.scheduler_address,
                                       "--sortie", str(Path(dossier) / "d.parquet")])
        if local["code"] != 0 or distant["code"] != 0:
            raise SystemExit(f"lot Parquet : codes {local['code']}, {distant['code']} : {distant['stderr']!r}")
        a, b = pq.read_table(Path(dossier) / "l.parquet"), pq.read_table(Path(dossier) / "d.parquet")
        return {"lignes": lignes, "local_s": local["secondes"], "dask_s": distant["secondes"],
                "egaux": a.equals(b), "rangees": (a.num_rows, b.num_rows)}


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


def temps_compilation_plus_grand_fichier(suite: Path | None) -> dict | None:
    """Time of `python -m catalapy python FILE -o <tmp>` on the largest source of the reference suite (its
    modules found beside it), when the suite is given."""
    if suite is None or not suite.is_dir():
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


def programme_de_scopes_de_test(nombre: int) -> str:
    """A Catala file of `nombre` #[test] scopes, each calling one scope `Calcul` (b = 2 × a) and asserting it."""
    lignes = ["# Tests", "", "```catala", "déclaration champ d'application Calcul:", "  entrée a contenu entier",
              "  résultat b contenu entier", "", "champ d'application Calcul:", "  définition b égal à a * 2", ""]
    for i in range(nombre):
        lignes += ["#[test]", f"déclaration champ d'application Test{i}:", "  c champ d'application Calcul",
                   "  résultat r contenu entier", "", f"champ d'application Test{i}:",
                   f"  définition c.a égal à {i}", "  définition r égal à c.b", f"  assertion r = {2 * i}", ""]
    return "\n".join(lignes + ["```", ""])


def linearite_scopes_de_test(petit: int = 500, facteur: int = 4) -> dict:
    """CPU time of `python -m catalapy interpret` (every #[test] scope run) on `petit` and `facteur` × `petit`
    test scopes: linear interpretation gives a ratio close to `facteur` (it was quadratic: 5 000 scopes took
    238 s)."""
    temps = {}
    with tempfile.TemporaryDirectory() as dossier:
        for nombre in (petit, petit * facteur):
            fichier = Path(dossier) / f"tests_{nombre}.catala_fr"
            fichier.write_text(programme_de_scopes_de_test(nombre), encoding="utf-8")
            avant = temps_cpu_enfants()
            execution = subprocess.run([PYTHON, "-m", "catalapy", "interpret", str(fichier)], capture_output=True,
                                       text=True, cwd=RACINE)
            temps[nombre] = temps_cpu_enfants() - avant
            if execution.returncode != 0 or execution.stdout.count("[RESULT]") != nombre:
                raise SystemExit(f"interpret of {nombre} test scopes failed: {execution.stderr[-500:]}")
    return {"petit": petit, "grand": petit * facteur, "secondes_petit": temps[petit],
            "secondes_grand": temps[petit * facteur], "rapport": temps[petit * facteur] / temps[petit],
            "facteur": facteur}


# ---------------------------------------------------------------------------------------------------------
# (d) conformance run

def temps_conformite(suite: Path | None, sous_processus: bool = False) -> dict | None:
    """Time of `bench/conformance.py` over the suite: in one Python process (the default), or with one
    process per block (`--subprocess`, as a user running `catalapy` would)."""
    if suite is None or not suite.is_dir():
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
# (h) the largest program of catala-examples

AIDES_LOGEMENT_TEST = ("Exemple1", "aides_logement/tests/tests_calcul_al_locatif.catala_fr")


def temps_aides_logement(exemples: Path, repetitions: int = 3) -> dict:
    """Best CPU time (user + system of the child; the wall time depends on the load of the machine) of
    compiling aides au logement and running one of its test scopes, in a new process as a user would (nothing
    is cached between runs); the include folders are those of clerk.toml."""
    from conformance_examples import include_dirs

    commande = [PYTHON, "-m", "catalapy", "test-scope", *AIDES_LOGEMENT_TEST]
    for dossier_inclus in include_dirs(exemples):
        commande += ["-I", dossier_inclus]
    mesure = meilleur_de(repetitions, lambda: executer_enfant(commande, exemples))
    if mesure["code"] != 0:
        return {"secondes": mesure["cpu"], "erreur": mesure["stderr"].strip()[:300]}
    lignes = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in (exemples / "aides_logement").rglob("*.catala_fr"))
    return {"secondes": mesure["cpu"], "ecoule": mesure["secondes"], "lignes": lignes}


# ---------------------------------------------------------------------------------------------------------


def dossier_externe(option: str | None, variable: str) -> Path | None:
    """A folder given on the command line or by an environment variable (never a default path)."""
    valeur = option or os.environ.get(variable)
    return Path(valeur).resolve() if valeur else None


def mesures_lots(options: argparse.Namespace, cas_json: list[dict]) -> list[tuple[str, str, str]]:
    """(e) and (f), as lines of the table."""
    lignes: list[tuple[str, str, str]] = []
    reference = Path(options.lots_reference).resolve() if options.lots_reference else None
    e = lot_en_flux(cas_json, options.lots, options.repetitions_lots, reference)
    mio = 1 << 20
    pic = max(e["un"]["pic_octets"], e["deux"]["pic_octets"]) / mio
    lignes.append(("(e) lot en flux, pic mémoire (processus + fils), Mio", f"{pic:.0f}",
                   f"{e['lignes']} lignes ; --jobs 1 : {e['un']['pic_octets'] / mio:.0f}, --jobs 2 : "
                   f"{e['deux']['pic_octets'] / mio:.0f} ; objectif < 150 " + ("OK" if pic < 150 else "NON ATTEINT")))
    lignes.append(("(e) --jobs 2 / --jobs 1 (temps écoulé)", f"{e['rapport']:.2f}",
                   f"{e['un']['secondes']:.1f} s / {e['deux']['secondes']:.1f} s ; objectif ≥ 1.7 "
                   + ("OK" if e["rapport"] >= 1.7 else "NON ATTEINT") + f" (charge {os.getloadavg()[0]:.1f})"))
    lignes.append(("(e) CPU --jobs 2 / CPU --jobs 1", f"{e['deux']['cpu'] / e['un']['cpu']:.2f}",
                   f"{e['deux']['cpu']:.1f} s / {e['un']['cpu']:.1f} s : le coût du parallélisme (lecture, "
                   "envoi des paquets), indépendant de la charge de la machine ; 2 / ce rapport borne le gain"))
    lignes.append(("(e) --jobs 2, cas/s", f"{e['cas_par_seconde_deux']:.0f}",
                   f"--jobs 1 : {e['cas_par_seconde_un']:.0f} ; objectif ≥ 60 000 sur deux cœurs "
                   + ("OK" if e["cas_par_seconde_deux"] >= 60_000 else "NON ATTEINT")))
    lignes.append(("(e) --jobs 2, cas par seconde de CPU × 2", f"{2 * e['lignes'] / e['deux']['cpu']:.0f}",
                   "ce que donneraient deux cœurs libres (estimation : la charge gonfle aussi le temps CPU)"))
    parent = e["deux"]["cpu_parent"]
    lignes.append(("(e) --jobs 2, CPU du processus principal, µs/ligne", f"{1e6 * parent / e['lignes']:.1f}",
                   f"{parent:.1f} s (lecture, envoi des paquets, ordre, écriture, démarrage compris) ; processus de "
                   f"calcul : {1e6 * (e['deux']['cpu'] - parent) / e['lignes']:.1f} µs/ligne"))
    if e["reference"] is not None:
        r = e["reference"]
        lignes.append(("(e réf.) --lots-reference : --jobs 2, cas/s", f"{r['cas_par_seconde_deux']:.0f}",
                       f"mêmes tours que (e) ; --jobs 1 : {r['cas_par_seconde_un']:.0f} ; --jobs 2 / --jobs 1 : "
                       f"{r['rapport']:.2f} ; pic {max(r['un']['pic_octets'], r['deux']['pic_octets']) / mio:.0f} Mio ; "
                       f"CPU du processus principal {1e6 * r['deux']['cpu_parent'] / r['lignes']:.1f} µs/ligne, des "
                       f"processus de calcul {1e6 * (r['deux']['cpu'] - r['deux']['cpu_parent']) / r['lignes']:.1f}"))
    f = None if options.sans_dask else lot_dask(cas_json, options.lots)
    if f is None:
        lignes.append(("(f) Dask", "-", "ignoré (--sans-dask ou extra [dask] absent)"))
    else:
        lignes.append(("(f) Dask LocalCluster 2 processus, s", f"{f['dask_s']:.1f}",
                       f"{f['lignes']} cas Parquet ; local --jobs 2 : {f['local_s']:.1f} s ; résultats "
                       + ("identiques" if f["egaux"] else f"DIFFÉRENTS {f['rangees']}")))
    return lignes


def main() -> int:
    analyseur = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    analyseur.add_argument("--cas", type=int, default=20_000, help="random IJ cases (default 20 000)")
    analyseur.add_argument("--graine", type=int, default=2024)
    analyseur.add_argument("--sans-conformite", action="store_true", help="skip (d)")
    analyseur.add_argument("--suite", help="the reference suite's tests/ folder (else $CATALA_SUITE)")
    analyseur.add_argument("--exemples", help="the catala-examples folder (else $CATALA_EXAMPLES)")
    analyseur.add_argument("--lots", type=int, default=1_000_000, help="lines of the batch of (e) and (f)")
    analyseur.add_argument("--repetitions-lots", type=int, default=1, help="(e): best of R runs of each --jobs")
    analyseur.add_argument("--sans-lots", action="store_true", help="skip (e) and (f)")
    analyseur.add_argument("--lots-reference", metavar="DIR",
                           help="(e) also with the product of the tree DIR (e.g. `git archive` of a commit), in the "
                                "same turns: before/after in one run")
    analyseur.add_argument("--sans-dask", action="store_true", help="skip (f)")
    analyseur.add_argument("--seulement-lots", action="store_true", help="only (e) and (f), on --cas random cases")
    analyseur.add_argument("--seulement-portee", action="store_true", help="only (a) and (a')")
    analyseur.add_argument("--conformite-sous-processus", action="store_true",
                           help="(d) also with one process per block (slow: about a second per block)")
    options = analyseur.parse_args()

    lignes: list[tuple[str, str, str]] = []
    if options.seulement_lots:
        alea = random.Random(options.graine)
        lignes += mesures_lots(options, [cas_aleatoire(alea) for _ in range(options.cas)])
        return afficher(lignes)
    produit = cout_du_produit(min(options.cas, 5000), options.graine)
    a = comparer_generation_et_reference(options.cas, options.graine)
    lignes.append(("(a) IJ générée, µs CPU/cas", f"{a['genere_us']:.1f}", f"{a['cas']} cas identiques"))
    lignes.append(("(a) IJ écrite à la main, µs CPU/cas", f"{a['reference_us']:.1f}", ""))
    lignes.append(("(a) rapport générée / main", f"{a['ratio']:.2f}",
                   "objectif ≤ 1.3 " + ("OK" if a["ratio"] <= 1.3 else "NON ATTEINT")))
    lignes.append(("(a') calculer_ij / portée générée seule", f"{produit['ratio_produit']:.2f}",
                   f"{produit['produit_us']:.1f} / {produit['genere_us']:.1f} µs CPU/cas ; objectif ≤ 1.3 "
                   + ("OK" if produit["ratio_produit"] <= 1.3 else "NON ATTEINT")))
    lignes.append(("(a') étapes seules, µs CPU/cas", f"{produit['lire_us'] + produit['passage_us'] + produit['ecrire_us']:.1f}",
                   f"lecture (msgspec + contrôles d'ensemble) {produit['lire_us']:.1f}, passage à la portée "
                   f"{produit['passage_us']:.1f}, écriture du résultat {produit['ecrire_us']:.1f}"))
    if options.seulement_portee:
        return afficher(lignes)
    b = debit_batch(a["cas_json"])
    lignes.append(("(b) --batch, cas/s", f"{b['cas_par_seconde']:.0f}",
                   f"{b['cas']} cas en {b['secondes_cpu']:.2f} s de CPU ({b['secondes']:.2f} s écoulées), démarrage "
                   "compris; objectif ≥ 20 000 "
                   + ("OK" if b["cas_par_seconde"] >= 20_000 else "NON ATTEINT")))
    if not options.sans_lots:
        lignes += mesures_lots(options, a["cas_json"])
    c = temps_compilation()
    lignes.append(("(c) compilation de policy/, s", f"{c['secondes']:.2f}",
                   "objectif < 0,5 s " + ("OK" if c["secondes"] < 0.5 else "NON ATTEINT") + " "
                   + " ".join(c.get("erreur", []))))
    suite = dossier_externe(options.suite, "CATALA_SUITE")
    c2 = temps_compilation_plus_grand_fichier(suite)
    if c2 is not None:
        lignes.append(("(c) compilation du plus grand fichier de la suite, s", f"{c2['secondes']:.2f}",
                       f"{c2['fichier']} ({c2['lignes']} lignes, code de sortie {c2['code']})"))
    e = linearite_scopes_de_test()
    lignes.append((f"(g) interpret de {e['grand']} / {e['petit']} scopes de test, rapport des temps",
                   f"{e['rapport']:.2f}",
                   f"{e['secondes_grand']:.2f} s / {e['secondes_petit']:.2f} s de CPU; linéaire: ≈ {e['facteur']}, "
                   f"objectif ≤ {e['facteur'] * 1.25:.0f} " + ("OK" if e["rapport"] <= e["facteur"] * 1.25
                                                               else "NON ATTEINT")))
    d = None if options.sans_conformite else temps_conformite(suite)
    if d is None:
        lignes.append(("(d) suite de conformité", "-", "ignorée (absente ou --sans-conformite)"))
    else:
        lignes.append(("(d) conformité (bench/conformance.py, un processus), s", f"{d['secondes']:.1f}",
                       d["resume"]))
        if options.conformite_sous_processus:
            d2 = temps_conformite(suite, sous_processus=True)
            lignes.append(("(d) conformité, un processus par bloc, s", f"{d2['secondes']:.1f}", d2["resume"]))

    exemples = dossier_externe(options.exemples, "CATALA_EXAMPLES")
    if exemples is None or not (exemples / AIDES_LOGEMENT_TEST[1]).is_file():
        raison = "pas de dossier catala-examples (--exemples, $CATALA_EXAMPLES ou make bench EXAMPLES=…)" \
            if exemples is None else f"{AIDES_LOGEMENT_TEST[1]} absent de {exemples}"
        lignes.append(("(h) aides au logement, compilation + un test, s CPU", "-", "ignorée : " + raison))
    else:
        e = temps_aides_logement(exemples)
        lignes.append(("(h) aides au logement, compilation + un test, s CPU", f"{e['secondes']:.2f}",
                       f"{AIDES_LOGEMENT_TEST[0]} de {AIDES_LOGEMENT_TEST[1]}, meilleur de 3 "
                       + (f"({e['ecoule']:.2f} s écoulées) ; " if "ecoule" in e else "; ")
                       + (f"ÉCHEC : {e['erreur']}" if "erreur" in e else
                          f"{e['lignes']} lignes de aides_logement/ ; objectif < 2 s "
                          + ("OK" if e["secondes"] < 2 else "NON ATTEINT"))))
    return afficher(lignes)


def afficher(lignes: list[tuple[str, str, str]]) -> int:
    largeur = max(len(l[0]) for l in lignes)
    largeur_valeur = max(len(l[1]) for l in lignes)
    for nom, valeur, note in lignes:
        print(f"{nom:<{largeur}}  {valeur:>{largeur_valeur}}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
