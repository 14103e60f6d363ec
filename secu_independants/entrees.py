"""JSON case → checked Python values, per the public interface (docs/cli-api.md).

This layer knows only the public interface, not the generated code: it returns a plain dict of Python
values (dates, money in int cents, `Fraction`s, constructor names as `str`, tuples), with every default
filled in. Any deviation raises `EntreeInvalide(champ, attendu)`, whose text is one line naming the field
by its JSON path (`chiffres_affaires[1].montant`) and what was expected.

>>> lire_cas_rattachement({"date_debut_activite": "2018-12-31", "date_demande": "2020-01-27"})["residence"]
'Metropole'
"""

from __future__ import annotations

import functools
import json
import re
import reprlib
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from fractions import Fraction

from .compilation import Environnement

__all__ = [
    "EntreeInvalide", "NombreJSONNonEntier", "lire_cas_ij", "lire_cas_rattachement",
    "CATEGORIES", "MOTIFS", "RESIDENCES", "CHAMPS_IJ", "CHAMPS_RATTACHEMENT", "lire_json",
]

#: Enumerations of the interface, constructor names in declaration order.
CATEGORIES = ("AchatRevente", "PrestationServicesBIC", "LiberalSSI", "LiberalCIPAV")
MOTIFS = ("Maladie", "Accident", "GrossessePathologique")
RESIDENCES = ("Metropole", "DOM", "Etranger")

#: Longest duration accepted (days): a sanity bound that keeps date arithmetic within years 1–9999.
DUREE_MAX_JOURS = 36_500


class EntreeInvalide(ValueError):
    """A case that does not follow the interface: `champ` (JSON path) and what was `attendu` there."""

    def __init__(self, champ: str, attendu: str, recu: object = ...):
        self.chemin = champ
        self.attendu = attendu
        self.recu = recu
        super().__init__(champ, attendu)

    @property
    def champ(self) -> str:
        """The JSON path of the field (`chiffres_affaires[1].montant`), "(cas)" for the case itself."""
        return self.chemin or "(cas)"

    def sous(self, parent: str) -> EntreeInvalide:
        """The same error seen from the object holding `parent` (prefixes the path)."""
        if not self.chemin:
            self.chemin = parent
        elif self.chemin.startswith("["):
            self.chemin = parent + self.chemin
        else:
            self.chemin = f"{parent}.{self.chemin}"
        return self

    def __str__(self) -> str:
        texte = f"{self.champ} : attendu {self.attendu}"
        if self.recu is not ...:
            texte += f", reçu {_apercu(self.recu)}"
        return texte

    def en_json(self) -> dict:
        """The error as a JSON object (used by `--batch`)."""
        return {"champ": self.champ, "attendu": self.attendu, "message": str(self)}


class NombreJSONNonEntier(str):
    """The text of a JSON number with a fraction or exponent (`12.5`, `1e3`), kept exact so that it is
    never read as a float; every field rejects it with a message saying to write a string."""


def _apercu(valeur: object) -> str:
    """A short one-line rendering of a received value."""
    if type(valeur) is NombreJSONNonEntier:
        texte = str(valeur)
    else:
        try:
            texte = json.dumps(valeur, ensure_ascii=False, default=repr)
        except (TypeError, ValueError, RecursionError):  # RecursionError: a value nested too deep to print
            texte = reprlib.repr(valeur)
    texte = texte.replace("\n", " ").replace("\r", " ")
    return texte if len(texte) <= 60 else texte[:57] + "..."


def _refuser_constante(nom: str) -> object:
    raise ValueError(f"{nom} n'est pas un nombre JSON valide")


def _objet_sans_doublon(paires: list[tuple[str, object]]) -> dict[str, object]:
    """A JSON object whose keys are all different (a duplicate key is refused: it would otherwise silently
    replace the first value)."""
    objet = dict(paires)
    if len(objet) != len(paires):
        vues: set[str] = set()
        for cle, _valeur in paires:
            if cle in vues:
                raise EntreeInvalide(cle, "un champ donné une seule fois (clé en double dans l'objet JSON)")
            vues.add(cle)
    return objet


_DECODEUR = json.JSONDecoder(
    parse_float=NombreJSONNonEntier, parse_constant=_refuser_constante, object_pairs_hook=_objet_sans_doublon
)
_LIRE_VALEUR = _DECODEUR.scan_once


def lire_json(texte: str) -> object:
    """Parse JSON text exactly: numbers with a fraction part stay text (`NombreJSONNonEntier`), never floats.

    Raises `EntreeInvalide` (field "(json)") on malformed JSON, with line and column.
    """
    try:  # fast path for `--batch` lines: one value filling the whole text, read by the scanner directly
        valeur, fin = _LIRE_VALEUR(texte, 0)
        if fin == len(texte):
            return valeur
    except Exception:  # noqa: BLE001 — whatever it is, the full decoder below reports it
        pass
    try:
        return _DECODEUR.decode(texte)
    except EntreeInvalide:
        raise
    except json.JSONDecodeError as erreur:
        raise EntreeInvalide(
            "(json)", f"un document JSON valide ({erreur.msg}, ligne {erreur.lineno} colonne {erreur.colno})"
        ) from None
    except RecursionError:
        raise EntreeInvalide("(json)", "un document JSON moins profondément imbriqué") from None
    except ValueError as erreur:
        raise EntreeInvalide("(json)", f"un document JSON valide ({erreur})") from None


# ---------------------------------------------------------------------------------------------------------
# Readers of one value: `lire_x(valeur, chemin) -> python value`, raising EntreeInvalide.

_MOTIF_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_MOTIF_MONTANT = re.compile(r"(-?)([0-9]{1,15})(?:\.([0-9]{1,2}))?\Z")
_MOTIF_DECIMAL = re.compile(r"(-?)([0-9]{1,15})(?:\.([0-9]{1,30}))?\Z")

_ATTENDU_DATE = 'une date ISO existante "AAAA-MM-JJ"'
_ATTENDU_MONTANT = 'un montant ≥ 0 en euros, chaîne avec au plus deux décimales ("8092.80") ou nombre JSON entier'


def lire_date(valeur: object, chemin: str) -> date:
    """An ISO date string `AAAA-MM-JJ` naming a day that exists (a `datetime.date` is accepted as is)."""
    if type(valeur) is str and _MOTIF_DATE.match(valeur):
        try:
            return date.fromisoformat(valeur)
        except ValueError:
            raise EntreeInvalide(chemin, _ATTENDU_DATE + " (ce jour n'existe pas)", valeur) from None
    if type(valeur) is date:
        return valeur
    raise EntreeInvalide(chemin, _ATTENDU_DATE, valeur)


def lire_date_ou_null(valeur: object, chemin: str) -> date | None:
    """A date, or JSON null (None)."""
    if valeur is None:
        return None
    try:
        return lire_date(valeur, chemin)
    except EntreeInvalide as erreur:
        raise EntreeInvalide(chemin, erreur.attendu.replace("une date", "null ou une date", 1), valeur) from None


def lire_montant(valeur: object, chemin: str) -> int:
    """Money ≥ 0 → int cents: a decimal string with at most two decimals, or a JSON integer (euros); from
    Python, also a `decimal.Decimal` with at most two decimals."""
    if type(valeur) is str:
        trouve = _MOTIF_MONTANT.match(valeur)
        if trouve is None:
            raise EntreeInvalide(chemin, _ATTENDU_MONTANT, valeur)
        signe, euros, centimes = trouve.groups()
        if signe:
            raise EntreeInvalide(chemin, _ATTENDU_MONTANT + " (montant négatif)", valeur)
        return int(euros) * 100 + (int(centimes.ljust(2, "0")) if centimes else 0)
    if type(valeur) is int:
        if valeur < 0:
            raise EntreeInvalide(chemin, _ATTENDU_MONTANT + " (montant négatif)", valeur)
        if valeur >= 10**15:
            raise EntreeInvalide(chemin, _ATTENDU_MONTANT + " (au plus 15 chiffres)", valeur)
        return valeur * 100
    if type(valeur) is NombreJSONNonEntier:
        raise EntreeInvalide(
            chemin, _ATTENDU_MONTANT + f' (un nombre non entier s\'écrit en chaîne : "{valeur}")', valeur
        )
    if isinstance(valeur, Decimal) and valeur.is_finite():  # Python API: read as its exact decimal text
        return lire_montant(format(valeur, "f"), chemin)
    raise EntreeInvalide(chemin, _ATTENDU_MONTANT, valeur)


def lire_ratio(valeur: object, chemin: str) -> Fraction:
    """A decimal between 0 and 1 written as a string ("0.75"), or the JSON integers 0 and 1."""
    attendu = 'un décimal entre 0 et 1 écrit en chaîne ("0.75")'
    if type(valeur) is str:
        trouve = _MOTIF_DECIMAL.match(valeur)
        if trouve is None:
            raise EntreeInvalide(chemin, attendu, valeur)
        signe, entier, fraction = trouve.groups()
        resultat = Fraction(int(entier + (fraction or "")), 10 ** len(fraction or ""))
        if signe:
            resultat = -resultat
    elif type(valeur) is int:
        resultat = Fraction(valeur)
    elif isinstance(valeur, Decimal) and valeur.is_finite():  # Python API: exact
        resultat = Fraction(valeur)
    else:
        raise EntreeInvalide(chemin, attendu, valeur)
    if not 0 <= resultat <= 1:
        raise EntreeInvalide(chemin, attendu + " (hors de [0, 1])", valeur)
    return resultat


def lire_booleen(valeur: object, chemin: str) -> bool:
    """JSON true or false."""
    if valeur is True or valeur is False:
        return valeur
    raise EntreeInvalide(chemin, "un booléen (true ou false)", valeur)


def _lecteur_entier(minimum: int, maximum: int, quoi: str) -> Callable[[object, str], int]:
    attendu = f"{quoi} : un nombre JSON entier entre {minimum} et {maximum}"

    def lire_entier(valeur: object, chemin: str) -> int:
        if type(valeur) is int and minimum <= valeur <= maximum:
            return valeur
        if type(valeur) is int and valeur < 0 and quoi.startswith("une durée"):
            raise EntreeInvalide(chemin, attendu + " (durée négative)", valeur)
        raise EntreeInvalide(chemin, attendu, valeur)

    lire_entier.accepte_tel_quel = (f"type({{v}}) is int and {minimum} <= {{v}} <= {maximum}", {})
    return lire_entier


lire_date.attendu = _ATTENDU_DATE
lire_montant.attendu = _ATTENDU_MONTANT
lire_booleen.attendu = "un booléen (true ou false)"
#: (test on `{v}` under which a reader returns the value unchanged, names the test uses): lets the compiled
#: object readers (`lecteur_objet`) skip the call in the usual case
lire_booleen.accepte_tel_quel = ("{v} is True or {v} is False", {})

lire_duree_arret = _lecteur_entier(1, DUREE_MAX_JOURS, "une durée en jours")
lire_nombre_jours = _lecteur_entier(0, DUREE_MAX_JOURS, "une durée en jours")
lire_annee = _lecteur_entier(1, 9999, "une année")
#: at most 3 × 31 days × 24 hours in the three months before the arrêt
HEURES_MAX_TROIS_MOIS = 3 * 31 * 24
_lire_heures = _lecteur_entier(0, HEURES_MAX_TROIS_MOIS, "un nombre d'heures")


def lire_heures_ou_null(valeur: object, chemin: str) -> int | None:
    """A number of hours worked (JSON integer), or JSON null (None: not known)."""
    if valeur is None:
        return None
    try:
        return _lire_heures(valeur, chemin)
    except EntreeInvalide as erreur:
        raise EntreeInvalide(chemin, "null ou " + erreur.attendu, valeur) from None


lire_heures_ou_null.attendu = f"null ou un nombre d'heures : un nombre JSON entier entre 0 et {HEURES_MAX_TROIS_MOIS}"


def _lecteur_enumeration(constructeurs: tuple[str, ...]) -> Callable[[object, str], str]:
    permis = frozenset(constructeurs)
    attendu = "un de " + " | ".join(constructeurs)

    def lire_constructeur(valeur: object, chemin: str) -> str:
        if type(valeur) is str and valeur in permis:
            return valeur
        raise EntreeInvalide(chemin, attendu, valeur)

    lire_constructeur.attendu = attendu
    nom_permis = f"_permis{id(permis)}"
    lire_constructeur.accepte_tel_quel = (f"type({{v}}) is str and {{v}} in {nom_permis}", {nom_permis: permis})
    return lire_constructeur


lire_categorie = _lecteur_enumeration(CATEGORIES)
lire_motif = _lecteur_enumeration(MOTIFS)
lire_residence = _lecteur_enumeration(RESIDENCES)


# ---------------------------------------------------------------------------------------------------------
# Objects: a table of fields `nom -> (lecteur, défaut)`; REQUIS marks a required field.

REQUIS = object()

Champs = dict[str, tuple[Callable[[object, str], object], object]]


def _lire_objet(cas: object, champs: Champs) -> dict[str, object]:
    """Check that `cas` is an object with only known fields, read each one or take its default.

    Errors carry paths relative to `cas`; the caller prefixes them (`EntreeInvalide.sous`)."""
    if type(cas) is not dict and not isinstance(cas, Mapping):
        raise EntreeInvalide("", "un objet JSON {...}", cas)
    for nom in cas:
        if nom not in champs:
            raise EntreeInvalide(str(nom), "aucun champ de ce nom (champs : " + ", ".join(champs) + ")")
    lu: dict[str, object] = {}
    for nom, (lecteur, defaut) in champs.items():
        valeur = cas.get(nom, REQUIS)
        if valeur is REQUIS:
            if defaut is REQUIS:
                quoi = getattr(lecteur, "attendu", "une valeur")
                raise EntreeInvalide(nom, f"{quoi} (champ obligatoire absent)")
            lu[nom] = defaut
        else:
            lu[nom] = lecteur(valeur, nom)
    return lu


def lecteur_objet(champs: Champs) -> Callable[[object], dict[str, object]]:
    """`_lire_objet(cas, champs)` compiled for one table: the fields read one after the other without the
    loop, for `--batch`. Whenever the case is not a plain dict with only known fields, or a required field is
    missing, it hands over to `_lire_objet`, which raises the very same error."""
    espace: dict[str, object] = {"_lire_objet": _lire_objet, "champs": champs, "REQUIS": REQUIS,
                                 "noms": frozenset(champs)}
    lignes = ["def lire(cas):",
              "    if type(cas) is not dict or not cas.keys() <= noms:",
              "        return _lire_objet(cas, champs)"]
    resultat = []
    for rang, (nom, (lecteur, defaut)) in enumerate(champs.items()):
        espace[f"_l{rang}"] = lecteur
        lire = f"_l{rang}(v, {nom!r})"
        accepte = getattr(lecteur, "accepte_tel_quel", None)
        if accepte is not None:  # values the reader returns unchanged: tested here, without the call
            test, noms_utilises = accepte
            espace.update(noms_utilises)
            lire = f"(v if {test.format(v='v')} else {lire})"
        lignes.append(f"    v = cas.get({nom!r}, REQUIS)")
        if defaut is REQUIS:
            lignes += ["    if v is REQUIS:", "        return _lire_objet(cas, champs)", f"    x{rang} = {lire}"]
        else:
            espace[f"_d{rang}"] = defaut
            lignes.append(f"    x{rang} = _d{rang} if v is REQUIS else {lire}")
        resultat.append(f"{nom!r}: x{rang}")
    lignes.append(f"    return {{{', '.join(resultat)}}}")
    source = "\n".join(lignes) + "\n"
    return Environnement(espace).compiler(source, "lire", "<lecteur d'objet>")


CHAMPS_CHIFFRE_AFFAIRES: Champs = {
    "annee": (lire_annee, REQUIS),
    "montant": (lire_montant, REQUIS),
    "ratio_cotisations_payees": (lire_ratio, Fraction(1)),
}


def lire_chiffres_affaires(valeur: object, chemin: str) -> tuple[dict[str, object], ...]:
    """A list of yearly turnovers `{annee, montant, ratio_cotisations_payees}`, each year at most once."""
    if type(valeur) is not list and type(valeur) is not tuple:
        raise EntreeInvalide(chemin, "une liste de {annee, montant, ratio_cotisations_payees}", valeur)
    lus = []
    vues: dict[object, int] = {}
    for rang, element in enumerate(valeur):
        try:
            lu = _lire_chiffre_affaires(element)
        except EntreeInvalide as erreur:
            raise erreur.sous(f"{chemin}[{rang}]") from None
        annee = lu["annee"]
        if annee in vues:
            raise EntreeInvalide(
                f"{chemin}[{rang}].annee", f"une année pas encore donnée (déjà en {chemin}[{vues[annee]}])", annee
            )
        vues[annee] = rang
        lus.append(lu)
    return tuple(lus)


lire_chiffres_affaires.attendu = "une liste de {annee, montant, ratio_cotisations_payees}"
_lire_chiffre_affaires = lecteur_objet(CHAMPS_CHIFFRE_AFFAIRES)


def lire_salaires(valeur: object, chemin: str) -> tuple[int, ...]:
    """Exactly three monthly gross salaries."""
    if (type(valeur) is not list and type(valeur) is not tuple) or len(valeur) != 3:
        raise EntreeInvalide(chemin, "une liste de 3 montants (salaires bruts des 3 derniers mois)", valeur)
    return tuple(lire_montant(salaire, f"{chemin}[{rang}]") for rang, salaire in enumerate(valeur))


def lire_identifiant(valeur: object, chemin: str) -> str | int:
    """The case's own identifier (`id`): a string or a JSON integer, echoed in `--batch` output lines."""
    if type(valeur) is str or type(valeur) is int:
        return valeur
    raise EntreeInvalide(chemin, lire_identifiant.attendu, valeur)


lire_identifiant.attendu = "un identifiant de cas : une chaîne ou un nombre JSON entier"
lire_identifiant.accepte_tel_quel = ("(type({v}) is str or type({v}) is int)", {})


CHAMPS_IJ: Champs = {
    "categorie": (lire_categorie, REQUIS),
    "date_debut_activite": (lire_date, REQUIS),
    "chiffres_affaires": (lire_chiffres_affaires, REQUIS),
    "date_arret": (lire_date, REQUIS),
    "duree_arret": (lire_duree_arret, REQUIS),
    "hospitalisation": (lire_booleen, False),
    "motif": (lire_motif, "Maladie"),
    "ald": (lire_booleen, False),
    "premier_arret_du_motif": (lire_booleen, True),
    "jours_deja_indemnises": (lire_nombre_jours, 0),
    "en_activite": (lire_booleen, True),
    "cotisations_a_jour": (lire_booleen, True),
    "salarie": (lire_booleen, False),
    "salaires_trois_derniers_mois": (lire_salaires, ()),
    "retraite": (lire_booleen, False),
    "temps_partiel_therapeutique": (lire_booleen, False),
    "soins_longue_duree": (lire_booleen, False),
    "option_ssi": (lire_booleen, False),
    "heures_salariees_trois_derniers_mois": (lire_heures_ou_null, None),
    "id": (lire_identifiant, None),
    "date_arret_initial": (lire_date_ou_null, None),
}

CHAMPS_RATTACHEMENT: Champs = {
    "date_debut_activite": (lire_date, REQUIS),
    "residence": (lire_residence, "Metropole"),
    "date_reception_courrier": (lire_date_ou_null, None),
    "date_demande": (lire_date, REQUIS),
    "id": (lire_identifiant, None),
}


_lire_objet_ij = lecteur_objet(CHAMPS_IJ)
_lire_objet_rattachement = lecteur_objet(CHAMPS_RATTACHEMENT)


#: creation date from which a libéral non réglementé is in the SSI from the start (loi n° 2017-1836, art. 15):
#: the option `option_ssi` concerns only activities created before it
CREATION_LIBERAUX_SSI = date(2018, 1, 1)


@functools.cache
def periode_couverte() -> tuple[date, date]:
    """First and last arrêt dates the policy's parameter tables cover, as the compiler emitted them
    (`debut_periode_couverte`, `fin_periode_couverte` of policy/parametres.catala_fr)."""
    from .regles import parametres

    return parametres.debut_periode_couverte, parametres.fin_periode_couverte


def _verifier_periode_couverte(jour: date, champ: str) -> None:
    debut, fin = periode_couverte()
    if not debut <= jour <= fin:
        raise EntreeInvalide(
            champ,
            f"une date comprise dans la période couverte par les tables de paramètres, "
            f"du {debut:%d/%m/%Y} au {fin:%d/%m/%Y}",
            jour.isoformat(),
        )


def lire_cas_ij(cas: object) -> dict[str, object]:
    """A checked `ij` case: every interface field, defaults filled in, and the fields consistent together.

    `salaires_trois_derniers_mois` is required when `salarie` is true and refused otherwise (it defaults to
    `()`); see `verifier_coherence_ij` for the other cross-field checks. `date_arret` (and `date_arret_initial`
    when given) must lie in the period the policy covers, and the initial arrêt cannot start after `date_arret`.
    """
    lu = _lire_objet_ij(cas)
    if lu["salarie"] and not lu["salaires_trois_derniers_mois"]:
        raise EntreeInvalide(
            "salaires_trois_derniers_mois", "une liste de 3 montants, obligatoire quand salarie est true (absent)"
        )
    _verifier_periode_couverte(lu["date_arret"], "date_arret")
    initial = lu["date_arret_initial"]
    if initial is not None:
        _verifier_periode_couverte(initial, "date_arret_initial")
        if initial > lu["date_arret"]:
            raise EntreeInvalide(
                "date_arret_initial",
                f"une date au plus égale à date_arret ({lu['date_arret'].isoformat()}) : "
                "le début de l'arrêt initial précède sa prolongation",
                initial.isoformat(),
            )
        if initial < lu["date_debut_activite"]:
            raise EntreeInvalide(
                "date_arret_initial",
                f"une date au moins égale à date_debut_activite ({lu['date_debut_activite'].isoformat()}) : "
                "l'arrêt initial interrompt l'activité",
                initial.isoformat(),
            )
    verifier_coherence_ij(lu)
    return lu


def verifier_coherence_ij(lu: Mapping[str, object]) -> None:
    """Refuse a case whose fields contradict each other (nothing is computed from it): an activity starting
    after the arrêt, turnover for a year before the activity or after the year of the arrêt (the year of the
    arrêt itself is allowed: turnover declared up to the arrêt), salary data without `salarie`, the SSI option
    for an activity it does not concern."""
    debut, arret = lu["date_debut_activite"], lu["date_arret"]
    if debut > arret:
        raise EntreeInvalide(
            "date_debut_activite", f"une date au plus tard égale à date_arret ({arret.isoformat()})", debut.isoformat()
        )
    for rang, ca in enumerate(lu["chiffres_affaires"]):
        if not debut.year <= ca["annee"] <= arret.year:
            raise EntreeInvalide(
                f"chiffres_affaires[{rang}].annee",
                f"une année d'activité, de {debut.year} (début d'activité) à {arret.year} (année de l'arrêt)",
                ca["annee"],
            )
    if not lu["salarie"]:
        for champ in ("salaires_trois_derniers_mois", "heures_salariees_trois_derniers_mois"):
            if lu[champ] not in ((), None):
                raise EntreeInvalide(champ, "aucune valeur quand salarie est false (donner salarie: true)")
    if lu["option_ssi"]:
        if lu["categorie"] != "LiberalCIPAV":
            raise EntreeInvalide(
                "option_ssi", "false pour la catégorie " + str(lu["categorie"])
                + " (l'option concerne un libéral affilié à la CIPAV : categorie LiberalCIPAV)", True
            )
        if debut >= CREATION_LIBERAUX_SSI:
            raise EntreeInvalide(
                "option_ssi", "false pour une activité créée à partir du 2018-01-01 (déjà à la sécurité sociale "
                "des indépendants : categorie LiberalSSI)", True
            )


def lire_cas_rattachement(cas: object) -> dict[str, object]:
    """A checked `rattachement` case: every interface field, defaults filled in."""
    return _lire_objet_rattachement(cas)
