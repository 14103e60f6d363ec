"""`--batch` never loses work: each bad line (bytes, nesting, size, JSON, interface) answers an error line for
itself only; lines are split on `\\n` only; every output line carries `ligne` and the case's `id`; `--jobs 2`
keeps the input order; Parquet and CSV give the same results as JSON Lines.

Expected results are the hand-worked figures of the public cases (`cas_publics.py`), not program output."""
from __future__ import annotations

import json
import os
import pty
import subprocess

import pytest

from secu_independants.lots import PROFONDEUR_MAX, TAILLE_MAX_LIGNE

from .cas_publics import CAS_PUBLICS
from .outils import COMMANDE, RACINE, lancer_cli

CAS_IJ = [(nom, cas, attendu) for nom, commande, cas, attendu in CAS_PUBLICS if commande == "ij"]
P1, P1_ATTENDU = CAS_IJ[0][1], CAS_IJ[0][2]  # montant_total 221.85 = 13.05 × 17


def _json(cas: dict) -> bytes:
    return json.dumps(cas, ensure_ascii=False).encode("utf-8")


def _lancer_octets(chemin, *options: str) -> tuple[int, list[dict], list[str]]:
    execution = subprocess.run([*COMMANDE, "ij", "--batch", str(chemin), *options], capture_output=True,
                               cwd=RACINE, timeout=120)
    assert b"Traceback" not in execution.stderr, execution.stderr
    sorties = [json.loads(ligne) for ligne in execution.stdout.split(b"\n") if ligne]
    return execution.returncode, sorties, execution.stderr.decode("utf-8").splitlines()


def _conforme(sortie: dict, attendu: dict) -> bool:
    return {cle: sortie.get(cle) for cle in attendu} == attendu


def test_mauvaises_lignes_une_erreur_chacune(tmp_path):
    """Line 1 has a BOM, line 2 a U+2028 inside a string (not a line break), line 3 an invalid UTF-8 byte,
    line 4 is nested 991 deep, line 5 is blank, line 6 is longer than the limit, line 7 is a valid case:
    7 lines, 6 answers, each with its own line number."""
    lignes = [
        b"\xef\xbb\xbf" + _json(P1),
        _json({**P1, "id": "dossier\u2028n\u00b01"}),
        b'{"categorie": "Achat\xffRevente"}',
        b"[" * 991 + b"]" * 991,
        b"   ",
        b'{"id": "' + b"x" * (TAILLE_MAX_LIGNE + 10) + b'"}',
        _json({**P1, "id": 7}),
    ]
    fichier = tmp_path / "cas.jsonl"
    fichier.write_bytes(b"\n".join(lignes) + b"\n")
    code, sorties, erreurs = _lancer_octets(fichier, "--jobs", "1")
    assert code == 2
    assert [s["ligne"] for s in sorties] == [1, 2, 3, 4, 6, 7]
    assert _conforme(sorties[0], P1_ATTENDU) and "id" not in sorties[0]
    assert sorties[1]["id"] == "dossier\u2028n\u00b01" and _conforme(sorties[1], P1_ATTENDU)
    assert sorties[2]["erreur"]["champ"] == "(json)" and "UTF-8" in sorties[2]["erreur"]["attendu"]
    assert "position 21" in sorties[2]["erreur"]["attendu"]  # {"categorie": "Achat = 20 bytes before \xff: byte 21
    assert sorties[3]["erreur"]["attendu"] == f"un document JSON d'au plus {PROFONDEUR_MAX} niveaux d'imbrication"
    assert sorties[4]["erreur"]["champ"] == "(ligne)" and str(TAILLE_MAX_LIGNE) in sorties[4]["erreur"]["attendu"]
    assert sorties[5]["id"] == 7 and _conforme(sorties[5], P1_ATTENDU)
    assert [e.split(" : ")[0] for e in erreurs] == [f"secu-independants: ligne {n}" for n in (3, 4, 6)]


def test_separateurs_unicode_echappes_en_sortie(tmp_path):
    """An id holding U+2028 and U+2029 comes back equal, written as the JSON escapes \\u2028 / \\u2029: a reader
    that splits lines as str.splitlines (or JavaScript) does still sees one result per input line."""
    fichier = tmp_path / "cas.jsonl"
    fichier.write_bytes(_json({**P1, "id": "a\u2028b\u2029c"}) + b"\n" + _json(P1) + b"\n")
    execution = subprocess.run([*COMMANDE, "ij", "--batch", str(fichier)], capture_output=True, cwd=RACINE,
                               timeout=120)
    assert execution.returncode == 0, execution.stderr
    lignes = execution.stdout.decode("utf-8").splitlines()
    assert len(lignes) == 2 and b"\\u2028" in execution.stdout and "\u2028".encode() not in execution.stdout
    assert json.loads(lignes[0])["id"] == "a\u2028b\u2029c" and json.loads(lignes[1])["ligne"] == 2


def test_fin_de_ligne_crlf_et_json_strict(tmp_path):
    """\\r\\n ends a line like \\n; a number with a fraction keeps the exact reader's message."""
    lignes = [_json(P1) + b"\r", _json({**P1, "duree_arret": 2.5})]
    fichier = tmp_path / "cas.jsonl"
    fichier.write_bytes(b"\n".join(lignes))  # no final \n
    code, sorties, _ = _lancer_octets(fichier, "--jobs", "1")
    assert code == 2 and [s["ligne"] for s in sorties] == [1, 2]
    assert _conforme(sorties[0], P1_ATTENDU)
    assert sorties[1]["erreur"]["champ"] == "duree_arret" and "2.5" in sorties[1]["erreur"]["message"]


def test_identifiant_invalide(tmp_path):
    fichier = tmp_path / "cas.jsonl"
    fichier.write_bytes(_json({**P1, "id": [1]}) + b"\n" + _json({**P1, "id": "b"}) + b"\n")
    code, sorties, _ = _lancer_octets(fichier, "--jobs", "1")
    assert code == 2
    assert sorties[0]["erreur"]["champ"] == "id" and "id" not in sorties[0]
    assert sorties[1]["id"] == "b" and _conforme(sorties[1], P1_ATTENDU)


def test_surrogat_isole(tmp_path):
    """A lone surrogate escape is valid JSON text: the case is refused for its field (written back as the
    escape \\ud800) and the id echoed the same way; the next line is still evaluated."""
    fichier = tmp_path / "cas.jsonl"
    mauvais = json.dumps({**P1, "categorie": "\ud800"}).encode()  # json.dumps writes the escape "\ud800"
    avec_id = json.dumps({**P1, "id": "\udfff"}).encode()
    fichier.write_bytes(mauvais + b"\n" + avec_id + b"\n" + _json(P1) + b"\n")
    code, sorties, erreurs = _lancer_octets(fichier, "--jobs", "1")
    assert code == 2 and [s["ligne"] for s in sorties] == [1, 2, 3]
    assert sorties[0]["erreur"]["champ"] == "categorie" and "\ud800" in sorties[0]["erreur"]["message"]
    assert sorties[1]["id"] == "\udfff" and _conforme(sorties[1], P1_ATTENDU)
    assert _conforme(sorties[2], P1_ATTENDU) and len(erreurs) == 1


def test_cas_seul_trop_imbrique_sans_trace(tmp_path):
    """Outside --batch too, a case nested 991 deep is bad input (exit 2, one line), not a RecursionError."""
    fichier = tmp_path / "cas.json"
    fichier.write_text("[" * 991 + "]" * 991, encoding="utf-8")
    execution = lancer_cli("ij", str(fichier))
    assert execution.returncode == 2 and execution.stdout == ""
    assert len(execution.stderr.splitlines()) == 1 and "Traceback" not in execution.stderr


def test_cas_seul_avec_identifiant(tmp_path):
    fichier = tmp_path / "cas.json"
    fichier.write_text(json.dumps({**P1, "id": "A-12"}), encoding="utf-8")
    execution = lancer_cli("ij", str(fichier))
    assert execution.returncode == 0, execution.stderr
    assert _conforme(json.loads(execution.stdout), P1_ATTENDU)


def _gros_lot(nombre: int) -> tuple[list[bytes], list[tuple[int, str, dict | None]]]:
    """`nombre` lines cycling through the public IJ cases, every 7th one made invalid (negative duration)."""
    lignes, attendus = [], []
    for rang in range(nombre):
        _, cas, attendu = CAS_IJ[rang % len(CAS_IJ)]
        identifiant = f"c{rang + 1}" if rang % 5 else None  # every 5th case has no id
        if rang % 7 == 6:
            lignes.append(_json({**cas, **_id(identifiant), "duree_arret": -3}))
            attendus.append((rang + 1, identifiant, None))
        else:
            lignes.append(_json({**cas, **_id(identifiant)}))
            attendus.append((rang + 1, identifiant, attendu))
    return lignes, attendus


def _id(identifiant: str | None) -> dict:
    return {} if identifiant is None else {"id": identifiant}


def _verifier_lot(sorties: list[dict], attendus: list) -> None:
    assert len(sorties) == len(attendus)
    for sortie, (ligne, identifiant, attendu) in zip(sorties, attendus):
        assert (sortie["ligne"], sortie.get("id")) == (ligne, identifiant)
        if attendu is None:
            assert sortie["erreur"]["champ"] == "duree_arret"
        else:
            assert _conforme(sortie, attendu), (sortie, attendu)


def test_ordre_preserve_avec_deux_processus(tmp_path):
    """2 500 lines (about 1 MB: several packets) on 2 worker processes: the output is in input order,
    identical to --jobs 1, from the file (the workers read their byte ranges) as from stdin (the lines go
    through the pipes)."""
    lignes, attendus = _gros_lot(2500)
    fichier = tmp_path / "cas.jsonl"
    fichier.write_bytes(b"\n".join(lignes) + b"\n")
    deux = subprocess.run([*COMMANDE, "ij", "--batch", str(fichier), "--jobs", "2"], capture_output=True, cwd=RACINE)
    un = subprocess.run([*COMMANDE, "ij", "--batch", str(fichier), "--jobs", "1"], capture_output=True, cwd=RACINE)
    flux = subprocess.run([*COMMANDE, "ij", "--batch", "-", "--jobs", "2"], input=fichier.read_bytes(),
                          capture_output=True, cwd=RACINE)
    assert deux.returncode == un.returncode == flux.returncode == 2
    assert deux.stdout == un.stdout == flux.stdout and deux.stderr == un.stderr == flux.stderr
    _verifier_lot([json.loads(ligne) for ligne in deux.stdout.splitlines()], attendus)
    assert len(deux.stderr.splitlines()) == sum(1 for a in attendus if a[2] is None)


def test_mauvaises_lignes_avec_deux_processus(tmp_path):
    """With --jobs 2 the workers read their packets from the file by byte range: the BOM of line 1, a CRLF end,
    a line longer than the limit between two packets, a blank line and a last line without its end give the
    same output and messages as --jobs 1, each line under its own number."""
    lignes = [b"\xef\xbb\xbf" + _json(P1), _json({**P1, "id": "crlf"}) + b"\r"]
    lignes += [_json({**P1, "id": i}) for i in range(3, 603)]  # about 300 kB: a second packet
    lignes += [b'{"id": "' + b"x" * (TAILLE_MAX_LIGNE + 10) + b'"}', b"", _json({**P1, "id": "dernier"})]
    fichier = tmp_path / "cas.jsonl"
    fichier.write_bytes(b"\n".join(lignes))  # no "\n" after the last line
    code_deux, deux, erreurs_deux = _lancer_octets(fichier, "--jobs", "2")
    code_un, un, erreurs_un = _lancer_octets(fichier, "--jobs", "1")
    assert (code_deux, deux, erreurs_deux) == (code_un, un, erreurs_un)
    assert [s["ligne"] for s in deux] == list(range(1, 604)) + [605]  # line 604 is blank: no answer
    assert deux[1]["id"] == "crlf" and _conforme(deux[1], P1_ATTENDU)
    assert deux[602]["erreur"]["champ"] == "(ligne)" and deux[603]["id"] == "dernier"


def test_entree_standard_et_jobs_invalide():
    execution = lancer_cli("ij", "--batch", "-", "--jobs", "0", entree=json.dumps(P1))
    assert execution.returncode == 2 and execution.stdout == "" and "--jobs" in execution.stderr
    execution = lancer_cli("ij", "--batch", "-", entree=json.dumps(P1) + "\n")
    assert execution.returncode == 0 and _conforme(json.loads(execution.stdout), P1_ATTENDU)


def test_barre_de_progression_sur_un_terminal(tmp_path):
    """stderr a terminal: tqdm draws its bar there; stdout (a file) holds only results."""
    fichier = tmp_path / "cas.jsonl"
    fichier.write_bytes(_json(P1) + b"\n")
    maitre, esclave = pty.openpty()
    with open(tmp_path / "sortie.jsonl", "wb") as sortie:
        execution = subprocess.run([*COMMANDE, "ij", "--batch", str(fichier), "--jobs", "1"], stdout=sortie,
                                   stderr=esclave, cwd=RACINE, timeout=120)
    os.close(esclave)
    terminal = os.read(maitre, 65536).decode("utf-8", "replace")
    os.close(maitre)
    assert execution.returncode == 0
    assert "cas.jsonl" in terminal and "%" in terminal  # tqdm's "cas.jsonl: 100%|…|"
    assert _conforme(json.loads((tmp_path / "sortie.jsonl").read_text(encoding="utf-8")), P1_ATTENDU)


# ---------------------------------------------------------------------------------------------------------
# Columns

pa = pytest.importorskip("pyarrow", reason="extra [colonnes] (pyarrow) absent: make install installs it")
pq = pytest.importorskip("pyarrow.parquet", reason="extra [colonnes] (pyarrow) absent")


def _cas_en_table(lignes: list[bytes]) -> object:
    return pa.Table.from_struct_array(pa.array([json.loads(ligne) for ligne in lignes]))


def _cellule_csv(valeur: object) -> str:
    if isinstance(valeur, (list, dict, bool)):
        return json.dumps(valeur, ensure_ascii=False)
    return str(valeur)


def test_parquet_et_csv_aller_retour(tmp_path):
    """The same 300 cases as JSON Lines, as Parquet (native lists of structs) and as CSV (lists as JSON
    text): Parquet → Parquet, CSV → CSV and JSON Lines → Parquet give the same rows as JSON Lines → JSON
    Lines."""
    import csv

    lignes, attendus = _gros_lot(300)
    (tmp_path / "cas.jsonl").write_bytes(b"\n".join(lignes) + b"\n")
    pq.write_table(_cas_en_table(lignes), tmp_path / "cas.parquet", row_group_size=128)
    cas = [json.loads(ligne) for ligne in lignes]
    colonnes = sorted({cle for c in cas for cle in c})
    with open(tmp_path / "cas.csv", "w", encoding="utf-8", newline="") as flux:
        ecrivain = csv.writer(flux)
        ecrivain.writerow(colonnes)
        for c in cas:
            ecrivain.writerow(["" if cle not in c else _cellule_csv(c[cle]) for cle in colonnes])

    code, sorties_jsonl, _ = _lancer_octets(tmp_path / "cas.jsonl", "--jobs", "1")
    _verifier_lot(sorties_jsonl, attendus)
    execution = lancer_cli("ij", "--batch", str(tmp_path / "cas.csv"), "--jobs", "1")  # CSV → JSON Lines
    assert [json.loads(ligne) for ligne in execution.stdout.splitlines()] == sorties_jsonl
    for entree, sortie in (("cas.parquet", "res.parquet"), ("cas.csv", "res.csv"), ("cas.jsonl", "jsonl.parquet")):
        execution = lancer_cli("ij", "--batch", str(tmp_path / entree), "--sortie", str(tmp_path / sortie))
        assert execution.returncode == code == 2, execution.stderr
        if sortie.endswith(".parquet"):
            rangees = pq.read_table(tmp_path / sortie).to_pylist()
        else:
            with open(tmp_path / sortie, encoding="utf-8", newline="") as flux:
                rangees = [_rangee_csv(r) for r in csv.DictReader(flux)]
        assert [_en_json(r) for r in rangees] == sorties_jsonl, sortie


def _rangee_csv(rangee: dict[str, str]) -> dict:
    """A result row of the CSV output, read with the documented rule (JSON text cells, empty = null)."""
    from secu_independants.colonnes import valeur_de_la_cellule

    lue = {}
    for cle, texte in rangee.items():
        valeur = valeur_de_la_cellule(texte, cle) if cle != "id" else texte
        lue[cle] = None if valeur is ... else valeur
    return lue


def _en_json(rangee: dict) -> dict:
    """A result row → the JSON Lines object (what `--batch` prints for the same line)."""
    sortie = {"ligne": rangee["ligne"]}
    if rangee["id"] not in (None, ""):
        sortie["id"] = rangee["id"]
    if rangee["erreur_message"] not in (None, ""):
        sortie["erreur"] = {"champ": rangee["erreur_champ"] or None, "attendu": rangee["erreur_attendu"] or None,
                            "message": rangee["erreur_message"]}
        return sortie
    sortie.update({cle: valeur for cle, valeur in rangee.items()
                   if cle not in ("ligne", "id", "erreur_champ", "erreur_attendu", "erreur_message")})
    return sortie


@pytest.mark.filterwarnings("ignore:The inplace keyword:Warning")  # inside dask's parquet reader, with pandas 3
def test_dask_localcluster_egal_au_lot_local(tmp_path):
    """2 000 cases in a Parquet file of 8 row groups: `calculer_dataframe` on a LocalCluster (threads) and the
    CLI's `--dask ADRESSE` give exactly the rows of the local batch."""
    dd = pytest.importorskip("dask.dataframe", reason="extra [dask] absent: make install installs it")
    distributed = pytest.importorskip("distributed", reason="extra [dask] absent")
    from secu_independants.grappe import calculer_dataframe

    lignes, attendus = _gros_lot(2000)
    pq.write_table(_cas_en_table(lignes), tmp_path / "cas.parquet", row_group_size=250)
    local = lancer_cli("ij", "--batch", str(tmp_path / "cas.parquet"), "--sortie", str(tmp_path / "local.parquet"))
    assert local.returncode == 2
    attendu = pq.read_table(tmp_path / "local.parquet")
    _verifier_lot([_en_json(r) for r in attendu.to_pylist()], attendus)

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp",
                                  dashboard_address=None) as grappe, distributed.Client(grappe):
        cas = dd.read_parquet(tmp_path / "cas.parquet", dtype_backend="pyarrow", split_row_groups=True)
        assert cas.npartitions == 8
        resultats = calculer_dataframe(cas, "ij").compute()
        obtenu = pa.Table.from_pandas(resultats, schema=attendu.schema, preserve_index=False)
        assert obtenu.equals(attendu)

        execution = lancer_cli("ij", "--batch", str(tmp_path / "cas.parquet"), "--dask", grappe.scheduler_address,
                               "--sortie", str(tmp_path / "dask.parquet"))
        assert execution.returncode == 2 and execution.stderr == local.stderr
        assert pq.read_table(tmp_path / "dask.parquet").equals(attendu)


def test_parquet_types_natifs(tmp_path):
    """Natural Parquet types: date32 dates, decimal128 amounts inside list<struct>, a small-int duration and
    an integer id give the same result as P1's JSON (221.85 = 13.05 × 17)."""
    import datetime
    import decimal

    chiffres = [{"annee": a, "montant": decimal.Decimal(m)} for a, m in ((2017, "30660"), (2018, "32850.00"),
                                                                            (2019, "35040.00"))]
    table = pa.table({
        "categorie": ["AchatRevente"],
        "date_debut_activite": pa.array([datetime.date(2012, 5, 1)], pa.date32()),
        "chiffres_affaires": pa.array([chiffres], pa.list_(pa.struct([("annee", pa.int32()),
                                                                       ("montant", pa.decimal128(12, 2))]))),
        "date_arret": pa.array([datetime.date(2020, 10, 5)], pa.date32()),
        "duree_arret": pa.array([20], pa.int16()),
        "id": pa.array([17], pa.int64()),
    })
    pq.write_table(table, tmp_path / "cas.parquet")
    code, sorties, _ = _lancer_octets(tmp_path / "cas.parquet")
    assert code == 0 and sorties[0]["ligne"] == 1 and sorties[0]["id"] == 17
    assert _conforme(sorties[0], P1_ATTENDU)


def test_dask_messages_erreur_de_la_loi():
    """The stderr lines and exit code of a result partition computed on Dask: a row whose only failure is an
    error of the law calls for exit 3 (interface: 3 when the only failures were errors of the law), one with a
    field for 2, an internal error for 70 — the same ranking as the local batch."""
    pd = pytest.importorskip("pandas", reason="extra [dask] absent: make install installs it")
    from secu_independants.grappe import _messages

    def partition(*erreurs):
        return pd.DataFrame({"ligne": [numero for numero, _, _ in erreurs],
                             "erreur_champ": [champ for _, champ, _ in erreurs],
                             "erreur_message": [message for _, _, message in erreurs]})

    loi = (7, None, "erreur de la loi : aucune définition applicable")
    champ = (8, "categorie", "categorie : attendu une catégorie")
    interne = (9, None, "erreur interne : ZeroDivisionError: division by zero")
    assert _messages(partition(loi)) == (["ligne 7 : erreur de la loi : aucune définition applicable"],
                                         3)  # interface: 3 = error of the law
    assert _messages(partition(loi, champ))[1] == 2  # 2 = invalid input
    assert _messages(partition(loi, champ, interne))[1] == 70  # 70 = internal error


# ---------------------------------------------------------------------------------------------------------
# The line read straight from its bytes (msgspec) and the exact reader: the same case or the exact error


def test_cle_en_double_refusee_comme_par_le_lecteur_exact(tmp_path):
    """msgspec keeps the last value of a key given twice; the batch refuses the line as the single-case CLI
    does, at the top level, inside an element of chiffres_affaires, and with a space before the colon. A colon
    inside a string (an id) is no duplicate: that line is evaluated."""
    texte = _json(P1).decode("utf-8")
    lignes = [
        texte[:-1] + ', "duree_arret": 20}',  # P1's own value (20 days), given twice
        texte.replace('"annee": 2019', '"annee": 2019, "annee": 2019', 1),
        texte[:-1] + ', "duree_arret" : 20}',
        _json({**P1, "id": "dossier:12"}).decode("utf-8"),
    ]
    assert P1["duree_arret"] == 20 and '"annee": 2019' in texte
    fichier = tmp_path / "cas.jsonl"
    fichier.write_text("\n".join(lignes) + "\n", encoding="utf-8")
    code, sorties, erreurs = _lancer_octets(fichier, "--jobs", "1")
    assert code == 2 and len(erreurs) == 3
    # named by its path: P1's turnovers are 2017, 2018, 2019, so the year repeated is in element 2
    assert [s["erreur"]["champ"] for s in sorties[:3]] == ["duree_arret", "chiffres_affaires[2].annee", "duree_arret"]
    assert all("une seule fois" in s["erreur"]["attendu"] for s in sorties[:3])
    assert sorties[3]["id"] == "dossier:12" and _conforme(sorties[3], P1_ATTENDU)


def test_cle_en_double_garde_l_id(tmp_path):
    """A line refused for a key given twice still echoes the case's id (given once), as any refused line does."""
    texte = _json({**P1, "id": 7}).decode("utf-8")
    fichier = tmp_path / "cas.jsonl"
    fichier.write_text(texte[:-1] + ', "duree_arret": 20}\n', encoding="utf-8")
    code, sorties, _erreurs = _lancer_octets(fichier, "--jobs", "1")
    assert code == 2 and sorties[0]["ligne"] == 1 and sorties[0]["id"] == 7
    assert sorties[0]["erreur"]["champ"] == "duree_arret"


def _variantes_de_ligne():
    """Lines made from the public cases by the edits that separate the two readers: a key given twice, a
    number with a fraction, an integer beyond 64 bits, a space before a colon, an escaped key, a colon or a
    separator U+2028 in an id, a lone surrogate, a wrong type."""
    from hypothesis import strategies as st

    cas = st.sampled_from([c for _, c, _ in CAS_IJ])
    modifications = st.sampled_from([
        lambda t: t[:-1] + ', "motif": "Maladie"}',
        lambda t: t[:-1] + ', "duree_arret": 3}',
        lambda t: t.replace('"montant"', '"montant": "1.00", "montant"', 1),
        lambda t: t.replace('"duree_arret": ', '"duree_arret": 1.5, "x": ', 1),
        lambda t: t[:-1] + ', "id": 123456789012345678901234567890}',
        lambda t: t[:-1] + ', "id": 1.0}',
        lambda t: t.replace('": ', '" : ', 2),
        lambda t: t.replace('"motif"', '"mo\\u0074if"', 1),
        lambda t: t[:-1] + ', "id": "a:b\u2028c"}',
        lambda t: t[:-1] + ', "id": "\\ud800"}',
        lambda t: t.replace('"ald": false', '"ald": 0', 1),
        lambda t: t.replace('"ald": false', '"ald": false, "ald": true', 1),
        lambda t: t,
    ])
    return st.tuples(cas, st.lists(modifications, max_size=3))


def test_lecture_directe_egale_a_la_lecture_exacte():
    """On every variant line: either the direct reading (msgspec from the bytes) declines the line, or it
    gives the checked case that the exact reader followed by the interface's reader gives — never another."""
    from hypothesis import given, settings

    from secu_independants.api import lecture

    lecture_ij = lecture("ij")
    # the case as it is is read directly (the fast path is taken), P1's values: 20 days from 2020-10-05
    p1 = lecture_ij.directe(_json(P1))
    assert p1 is not None and (p1.duree_arret, p1.date_arret.isoformat()) == (20, "2020-10-05")

    @settings(max_examples=300, deadline=None)
    @given(_variantes_de_ligne())
    def verifier(variante):
        cas, modifications = variante
        texte = json.dumps({**cas, "ald": False}, ensure_ascii=False)
        for modifier in modifications:
            texte = modifier(texte)
        brut = texte.encode("utf-8", "surrogatepass")
        direct = lecture_ij.directe(brut)
        if direct is None:  # declined: the line is read exactly
            return
        assert direct == lecture_ij.exacte(brut), texte

    verifier()


def test_processus_de_calcul_arrete():
    """A worker process that dies (killed, out of memory) stops the batch with an error naming its exit code,
    instead of waiting forever for its packet."""
    import multiprocessing

    from secu_independants.lots import _distribuer

    contexte = multiprocessing.get_context("fork")
    connexion, bout_enfant = contexte.Pipe()
    processus = contexte.Process(target=os._exit, args=(9,))
    processus.start()
    bout_enfant.close()
    with pytest.raises(RuntimeError, match=r"processus de calcul s'est arrêté \(code 9\)"):
        list(_distribuer([("plage", 1, ("x", 0, 1))], [(processus, connexion)]))


def test_espaces_unicode_ne_sont_pas_une_ligne_vide(tmp_path):
    """JSON's white space is space, tab, CR and LF (RFC 8259 §2): a line of them gives nothing, a line holding a
    non-breaking space (U+00A0) is no JSON and is answered by an error line."""
    fichier = tmp_path / "cas.jsonl"
    fichier.write_bytes(b" \t\r\n" + "\u00a0".encode() + b"\n")
    code, sorties, _erreurs = _lancer_octets(fichier, "--jobs", "1")
    assert code == 2 and [s["ligne"] for s in sorties] == [2]
    assert sorties[0]["erreur"]["champ"] == "(json)"
