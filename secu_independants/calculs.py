"""The arithmetic of the main steps, written out with the values of the case so that a reviewer can check it:
`(8 891,40 € + 9 526,50 € + 10 161,60 €) / 3 = 9 526,50 €`.

`calcul(cle, collecte)` gives the sentence of one step of the reasoning tree (a key of `collecte.etapes`,
`revenu.revenu_annuel_moyen`), or None. Every number comes from the trace of the evaluation (the values of
the step and of the steps, inputs, parameters and constants it read); each sentence is written only when its
arithmetic, redone here exactly on those values, gives the value the trace holds — a rule that computes
otherwise (another period, another régime) gets no sentence rather than a false one.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import TypeGuard

from . import ecriture
from .explication import _Collecte

__all__ = ["calcul"]


class _Valeurs:
    """The values around one step: `v(nom)` a value of the same scope call (money as exact euros), `constante`
    a constant the step read."""

    def __init__(self, collecte: _Collecte, cle: str):
        self.c = collecte
        self.cle = cle
        self.prefixe = cle.rpartition(".")[0] + "." if "." in cle else ""
        self.nom = cle.rpartition(".")[2]

    def v(self, nom: str, prefixe: str | None = None) -> object:
        brut = self.c.brut.get((self.prefixe if prefixe is None else prefixe) + nom)
        if brut is None:
            return None
        valeur, argent = brut
        if argent and isinstance(valeur, int) and not isinstance(valeur, bool):
            return Fraction(valeur, 100)
        return valeur

    @property
    def valeur(self) -> object:
        return self.v(self.nom)

    def lit(self, cle: str) -> bool:
        return cle in self.c.etapes.get(self.cle, {}).get("dependances", [])

    def constante(self, nom: str) -> object:
        """The value of the constant `Module.nom` when the step read it (None otherwise): `ConstantInfo.value`
        of the `CONSTANTS` entry the compiler emitted for it (`collecte.connues`), as `ecriture.constante` reads
        it; money as exact euros, as `v`."""
        info = self.c.connues.get(nom) if self.lit(nom) else None
        if info is None:
            return None
        if nom in self.c.en_argent and type(info.value) is int:
            return Fraction(info.value, 100)
        return info.value


def _euros(valeur: int | Fraction) -> str:
    return ecriture.decimal(Fraction(valeur)) + " €"


def _egal(valeur: int | Fraction) -> str:
    """`= 13,05 €`, or `≈ 27,1233 €` for a value with more than two decimals."""
    texte = _euros(valeur)
    return texte if texte.startswith("≈") else "= " + texte


def _taux(valeur: int | Fraction) -> str:
    pourcent = Fraction(valeur) * 100
    return f"{ecriture.decimal(pourcent)} %"


def _nombre(valeur: object) -> TypeGuard[int | Fraction]:
    return isinstance(valeur, (int, Fraction)) and not isinstance(valeur, bool)


def _moyenne(x: _Valeurs) -> str | None:
    revenus, nombre = x.v("revenus_retenus"), x.v("nombre_annees")
    moyenne = x.valeur
    if not isinstance(revenus, tuple) or not revenus or not _nombre(nombre) or nombre != len(revenus) \
            or not all(map(_nombre, revenus)):
        return None
    if not _nombre(moyenne) or sum(revenus, Fraction(0)) / nombre != moyenne:
        return None
    return f"({' + '.join(_euros(r) for r in revenus)}) / {nombre} = {_euros(moyenne)}"


def _revenus(x: _Valeurs) -> str | None:
    """Each retained year: turnover × (1 − abattement) [× share of contributions paid] = revenue."""
    annees, taux = x.v("annees_retenues"), x.v("taux_abattement")
    chiffres = x.v("chiffres_affaires")
    if chiffres is None:
        chiffres = x.v("chiffres_affaires", "")
    revenus = x.valeur or ()
    if not isinstance(annees, tuple) or not isinstance(chiffres, tuple) or not _nombre(taux) or not isinstance(
            revenus, tuple):
        return None
    coefficient = x.v("coefficient_cotisations_applicable") is True
    par_annee = {getattr(ca, "annee", None): ca for ca in chiffres}
    morceaux = []
    for annee, revenu in zip(annees, revenus, strict=False):
        ca = par_annee.get(annee)
        centimes, part_payee = getattr(ca, "montant", None), getattr(ca, "ratio_cotisations_payees", None)
        if not isinstance(centimes, int) or isinstance(centimes, bool) or not _nombre(part_payee) \
                or not _nombre(revenu):
            return None  # not a turnover of the interface (another structure read under this name)
        montant = Fraction(centimes, 100)
        ratio = Fraction(part_payee) if coefficient else Fraction(1)
        if montant * (1 - Fraction(taux)) * ratio != revenu:
            return None
        facteur = f" × {ecriture.decimal(ratio)}" if ratio != 1 else ""
        morceaux.append(f"{annee} : {_euros(montant)} × (1 − {_taux(taux)}){facteur} = {_euros(revenu)}")
    return " ; ".join(morceaux) if morceaux and len(morceaux) == len(annees) else None


def _seuil(x: _Valeurs) -> str | None:
    """Threshold: rate × the average of the yearly ceilings (PASS) of the retained years."""
    annees = x.v("annees_retenues")
    if not isinstance(annees, tuple) or not annees:
        return None
    plafonds: dict[int, Fraction] = {}
    for rendu, bruts in zip(x.c.parametres, x.c.brut_parametres, strict=False):
        annee = rendu["entrees"].get("annee")
        montant = bruts["montant"][0] if "montant" in bruts else None
        if rendu["portee"].endswith("PlafondAnnuelSecuriteSociale") and annee in annees and isinstance(montant, int):
            plafonds[annee] = Fraction(montant, 100)
    if set(plafonds) != set(annees):
        return None
    moyenne = sum(plafonds.values(), Fraction(0)) / len(annees)
    if moyenne == 0:
        return None
    seuil = x.valeur
    if not _nombre(seuil) or (seuil / moyenne * 100).denominator != 1:
        return None
    taux = seuil / moyenne
    liste = " + ".join(_euros(plafonds[a]) for a in annees)
    return f"{_taux(taux)} × ({liste}) / {len(annees)} = {_euros(seuil)} (plafonds annuels de {', '.join(map(str, annees))})"


def _comparaison(x: _Valeurs) -> str | None:
    """Revenue against the threshold."""
    revenu, seuil = x.v("revenu_annuel_moyen"), x.v("seuil_revenu")
    if not _nombre(revenu) or not _nombre(seuil) or x.valeur is not (revenu < seuil):
        return None
    if revenu < seuil:
        return f"{_euros(revenu)} < seuil {_euros(seuil)} → revenu insuffisant"
    return f"{_euros(revenu)} ≥ seuil {_euros(seuil)} → condition de revenu remplie"


def _indemnite(x: _Valeurs) -> str | None:
    """Daily amount: the average capped at the ceiling, divided by the divisor (1/730)."""
    revenu, plafond = x.v("revenu_annuel_moyen", x.prefixe + "revenu."), x.v("plafond_revenu")
    diviseur = x.constante("Parametres.diviseur_indemnite_journaliere")
    indemnite = x.valeur
    if not _nombre(revenu) or not _nombre(plafond) or not _nombre(diviseur) or not _nombre(indemnite) \
            or diviseur == 0:
        return None
    if Fraction(min(revenu, plafond)) / Fraction(diviseur) != indemnite:
        return None
    retenu = "revenu annuel moyen" if revenu <= plafond else "plafond"
    return (f"min(revenu annuel moyen {_euros(revenu)} ; plafond {_euros(plafond)}) / "
            f"{ecriture.decimal(Fraction(diviseur))} {_egal(indemnite)} ({retenu} retenu)")


def _arrondi(x: _Valeurs) -> str | None:
    exact, arrondi = x.v("indemnite_independant_exacte"), x.valeur
    if not _nombre(exact) or not _nombre(arrondi) or exact == arrondi:
        return None
    return f"{ecriture.decimal(Fraction(exact))} € arrondi au centime = {_euros(arrondi)}"


def _carence(x: _Valeurs) -> str | None:
    """Carence of a period whose rule compares the length of the arrêt with a short arrêt."""
    courte = x.constante("Parametres.duree_arret_courte")
    duree, hospitalisation = x.v("duree_arret"), x.v("hospitalisation")
    if not _nombre(courte) or not _nombre(duree) or not _nombre(x.valeur):
        return None
    comparaison = f"arrêt de {duree} jours {'>' if duree > courte else '≤'} {courte} jours"
    hospitalise = "avec hospitalisation" if hospitalisation is True else "sans hospitalisation"
    return f"{comparaison}, {hospitalise} → {x.valeur} jours de carence"


def _apres_carence(x: _Valeurs) -> str | None:
    duree, carence = x.v("duree_arret"), x.v("jours_carence")
    if not _nombre(duree) or not _nombre(carence) or duree - carence != x.valeur:
        return None
    return f"{duree} jours d'arrêt − {carence} jours de carence = {x.valeur}"


def _jours(x: _Valeurs) -> str | None:
    apres, restants = x.v("jours_apres_carence"), x.v("droits_restants")
    if not _nombre(apres) or not _nombre(restants) or min(apres, restants) != x.valeur:
        return None
    return f"min({apres} jours après la carence ; {restants} jours restant à indemniser) = {x.valeur}"


def _total(x: _Valeurs) -> str | None:
    montant, jours, total = x.v("montant_journalier"), x.v("jours_indemnises"), x.valeur
    if not _nombre(montant) or not _nombre(jours) or not _nombre(total) or montant * jours != total:
        return None
    return f"{_euros(montant)} × {jours} jours = {_euros(total)}"


_CALCULS: dict[str, Callable[[_Valeurs], str | None]] = {
    "revenus_retenus": _revenus,
    "revenu_annuel_moyen": _moyenne,
    "seuil_revenu": _seuil,
    "revenu_insuffisant": _comparaison,
    "indemnite_independant_exacte": _indemnite,
    "montant_journalier_independant": _arrondi,
    "jours_carence": _carence,
    "jours_apres_carence": _apres_carence,
    "jours_indemnises": _jours,
    "montant_total": _total,
}


def calcul(cle: str, collecte: _Collecte) -> str | None:
    """The arithmetic of the step `cle` with its values, when it is one of the main steps and checks out.
    Each step checks the shape of every value it reads (a number, a list of numbers, a turnover) and gives no
    sentence for another shape; an exception here is a bug of this module, and is not hidden."""
    faire = _CALCULS.get(cle.rpartition(".")[2])
    if faire is None or cle not in collecte.brut:
        return None
    return faire(_Valeurs(collecte, cle))
