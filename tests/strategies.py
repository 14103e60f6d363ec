"""Hypothesis strategies for the domain: cases of `ij` and `rattachement` as interface.md JSON dicts.

Every strategy produces plain JSON-like dicts (money as strings "8092.80", dates as ISO strings, enums as
constructor names), exactly what `calculer_ij` / `determiner_rattachement` and the CLI accept. Arrêt dates
cluster around every change of regime (README §2.4, §1 B2, B13, B18) and around each 1 January, so that the
boundaries are explored far more often than a uniform draw would.
"""
from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from hypothesis import strategies as st

CATEGORIES = ("AchatRevente", "PrestationServicesBIC", "LiberalSSI", "LiberalCIPAV")
CATEGORIES_SSI = ("AchatRevente", "PrestationServicesBIC", "LiberalSSI")
MOTIFS = ("Maladie", "Accident", "GrossessePathologique")
RESIDENCES = ("Metropole", "DOM", "Etranger")

# Share of the turnover kept as revenue after the forfaitaire abattement, in percent (L613-7, D613-4).
PART_REVENU_PERCENT = {"AchatRevente": 29, "PrestationServicesBIC": 50, "LiberalSSI": 66, "LiberalCIPAV": 66}

PREMIERE_DATE = date(2016, 1, 1)
DERNIERE_DATE = date(2026, 12, 31)

# Changes of regime (README §2.4 carence, §1 B2 contributions, B13/B14 CIPAV, B18 Covid, A2/A5 attachment).
CHANGEMENTS_DE_REGIME = (
    date(2018, 1, 1),  # décret 2017-612: carence 3/7 days
    date(2019, 1, 1),  # new indépendants attached to the CPAM from creation
    date(2019, 5, 30),  # décret 2019-529: "à jour des cotisations" condition removed
    date(2020, 1, 1),  # SSI health branch managed by the régime général; paid/due coefficient
    date(2020, 3, 24),  # Covid: no carence
    date(2020, 7, 10),  # Covid: last day without carence
    date(2020, 7, 11),  # carence again
    date(2021, 7, 1),  # décret 2021-755 (PL régime, CIPAV) and R323-1 carence for all
) + tuple(date(y, 1, 1) for y in range(2016, 2027))


def en_iso(d: date) -> str:
    return d.isoformat()


def en_montant(cents: int) -> str:
    """Cents as the interface's money string: "8092.80"."""
    signe = "-" if cents < 0 else ""
    return f"{signe}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def dates_uniformes(debut: date = PREMIERE_DATE, fin: date = DERNIERE_DATE) -> st.SearchStrategy[date]:
    return st.dates(min_value=debut, max_value=fin)


def dates_proches_des_changements(ecart_max: int = 3) -> st.SearchStrategy[date]:
    """A regime change date shifted by at most `ecart_max` days either way."""
    return st.builds(
        lambda d, k: d + timedelta(days=k),
        st.sampled_from(CHANGEMENTS_DE_REGIME),
        st.integers(-ecart_max, ecart_max),
    )


def dates_arret(debut: date = PREMIERE_DATE, fin: date = DERNIERE_DATE) -> st.SearchStrategy[date]:
    """Arrêt dates in [debut, fin], half of them within 3 days of a regime change."""
    proches = dates_proches_des_changements().filter(lambda d: debut <= d <= fin)
    return st.one_of(proches, dates_uniformes(debut, fin))


def veilles_et_jours_de_changement() -> st.SearchStrategy[date]:
    """Exactly a regime change date or the day before it."""
    return st.builds(lambda d, k: d - timedelta(days=k), st.sampled_from(CHANGEMENTS_DE_REGIME),
                     st.sampled_from([0, 1])).filter(lambda d: PREMIERE_DATE <= d <= DERNIERE_DATE)


def durees_arret(maximum: int = 400) -> st.SearchStrategy[int]:
    """Durations in days ≥ 1, clustering on the 7-day and 3-day carence edges and the 87/360-day limits."""
    remarquables = [d for d in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 87, 88, 90, 91, 359, 360, 361) if d <= maximum]
    return st.one_of(st.sampled_from(remarquables), st.integers(1, maximum))


def abattu(categorie: str, ca_cents: int) -> Fraction:
    """Revenue in cents (exact) of a yearly turnover after the abattement of the category."""
    return Fraction(ca_cents * PART_REVENU_PERCENT[categorie], 100)


def pas_de_ca(categorie: str) -> int:
    """Smallest step of turnover (cents) whose revenue after abattement is a whole number of cents."""
    part = PART_REVENU_PERCENT[categorie]
    pas = 1
    while (pas * part) % 100:
        pas += 1
    return pas


def chiffres_affaires_cents(categorie: str, cible_revenu_cents: list[int] | None = None,
                            exacts: bool = False) -> st.SearchStrategy[int]:
    """Yearly turnover in cents: 0, around the CA matching each given revenue target, or anywhere up to 400 k€.

    With `exacts`, the turnover is a multiple of `pas_de_ca` so that the revenue is a whole number of cents.
    """
    pas = pas_de_ca(categorie) if exacts else 1
    part = PART_REVENU_PERCENT[categorie]
    options = [st.just(0), st.integers(0, 40_000_000 // pas).map(lambda k: k * pas)]
    for cible in cible_revenu_cents or []:
        ca_cible = -(-cible * 100 // part)  # smallest CA whose revenue reaches the target
        ca_cible = -(-ca_cible // pas) * pas
        options.append(st.integers(-5, 5).map(lambda k, c=ca_cible: max(0, c + k * pas)))
    return st.one_of(*options)


def liste_chiffres_affaires(categorie: str, annees: list[int], exacts: bool = False,
                            cibles: list[int] | None = None) -> st.SearchStrategy[list[dict]]:
    """One `{"annee", "montant"}` entry per year, in order."""
    return st.lists(
        chiffres_affaires_cents(categorie, cibles, exacts), min_size=len(annees), max_size=len(annees)
    ).map(lambda montants: [{"annee": a, "montant": en_montant(m)} for a, m in zip(annees, montants)])


@st.composite
def cas_ij(draw, categories=CATEGORIES, salarie: bool | None = False) -> dict:
    """Any well-formed `ij` case (all optional fields drawn too)."""
    categorie = draw(st.sampled_from(categories))
    arret = draw(dates_arret())
    debut = draw(st.one_of(
        dates_uniformes(date(2008, 1, 1), arret),
        st.builds(lambda k: arret - timedelta(days=k), st.integers(0, 800)),
    ))
    annees = [a for a in range(arret.year - 3, arret.year) if a >= debut.year]
    omis = draw(st.sets(st.sampled_from(annees))) if annees and draw(st.booleans()) else set()
    annees = [a for a in annees if a not in omis]
    cas = {
        "categorie": categorie,
        "date_debut_activite": en_iso(debut),
        "chiffres_affaires": draw(liste_chiffres_affaires(categorie, annees)),
        "date_arret": en_iso(arret),
        "duree_arret": draw(durees_arret()),
    }
    for champ, strategie in (
        ("hospitalisation", st.booleans()),
        ("motif", st.sampled_from(MOTIFS)),
        ("ald", st.booleans()),
        ("premier_arret_du_motif", st.booleans()),
        ("jours_deja_indemnises", st.integers(0, 400)),
        ("en_activite", st.booleans()),
        ("cotisations_a_jour", st.booleans()),
    ):
        if draw(st.booleans()):
            cas[champ] = draw(strategie)
    est_salarie = draw(st.booleans()) if salarie is None else salarie
    if est_salarie:
        cas["salarie"] = True
        cas["salaires_trois_derniers_mois"] = draw(salaires())
    return cas


def salaires(max_euros: int = 6000) -> st.SearchStrategy[list[str]]:
    return st.lists(st.integers(0, max_euros * 100).map(en_montant), min_size=3, max_size=3)


@st.composite
def cas_ij_standard(draw, categories=CATEGORIES_SSI, debut_arret: date = PREMIERE_DATE,
                    fin_arret: date = DERNIERE_DATE, duree_max: int = 360) -> dict:
    """The README §4 conventions: SSI category, affiliated since before the 3 calendar years preceding the arrêt
    (each of them with a turnover whose revenue is a whole number of cents), in activity, contributions paid,
    not salaried, first arrêt for an ordinary illness, nothing paid yet, at most `duree_max` days.

    Turnovers cluster around the revenue threshold and the cap of the arrêt year so that both edges are hit.
    """
    from bareme import plafond_cents, seuil_revenu_cents  # independent tables (tests/properties)

    categorie = draw(st.sampled_from(categories))
    arret = draw(dates_arret(debut_arret, fin_arret))
    debut = draw(dates_uniformes(date(2005, 1, 1), date(arret.year - 3, 1, 1)))
    cibles = [int(seuil_revenu_cents(arret.year)), plafond_cents(arret.year)]
    annees = [arret.year - 3, arret.year - 2, arret.year - 1]
    return {
        "categorie": categorie,
        "date_debut_activite": en_iso(debut),
        "chiffres_affaires": draw(liste_chiffres_affaires(categorie, annees, exacts=True, cibles=cibles)),
        "date_arret": en_iso(arret),
        "duree_arret": draw(durees_arret(duree_max)),
        "hospitalisation": draw(st.booleans()),
    }


@st.composite
def cas_ij_standard_et_options(draw, **kwargs) -> dict:
    """`cas_ij_standard` with the reason of the arrêt, ALD, first-arrêt flag and days already paid drawn too."""
    cas = draw(cas_ij_standard(**kwargs))
    cas["motif"] = draw(st.sampled_from(MOTIFS))
    cas["ald"] = draw(st.booleans())
    cas["premier_arret_du_motif"] = draw(st.booleans())
    cas["jours_deja_indemnises"] = draw(st.one_of(st.just(0), st.integers(0, 400)))
    return cas


@st.composite
def cas_rattachement(draw) -> dict:
    """Any well-formed `rattachement` case; start dates cluster around 2019-01-01, claims around the letter."""
    debut = draw(st.one_of(
        st.sampled_from([date(2018, 12, 30), date(2018, 12, 31), date(2019, 1, 1), date(2019, 1, 2)]),
        dates_proches_des_changements(3).filter(lambda d: d.year <= 2020),
        dates_uniformes(date(2000, 1, 1), date(2021, 12, 31)),
    ))
    demande = draw(dates_uniformes(date(2020, 1, 1), date(2021, 12, 31)))
    courrier = draw(st.one_of(
        st.none(),
        dates_uniformes(date(2020, 1, 20), date(2020, 3, 31)),
        st.builds(lambda k: demande + timedelta(days=k), st.integers(-3, 3)),
    ))
    cas = {"date_debut_activite": en_iso(debut), "date_demande": en_iso(demande)}
    if draw(st.booleans()):
        cas["residence"] = draw(st.sampled_from(RESIDENCES))
    if courrier is not None or draw(st.booleans()):
        cas["date_reception_courrier"] = None if courrier is None else en_iso(courrier)
    return cas


# Arbitrary JSON, for robustness properties of the CLI.
json_scalaires = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12), st.sampled_from(["2021-02-30", "2021-03-08", "8092.80", "8092.805", "-1", "1e3",
                                           "AchatRevente", "Inconnu", ""]),
)
json_valeurs = st.recursive(
    json_scalaires,
    lambda enfants: st.one_of(st.lists(enfants, max_size=4), st.dictionaries(st.text(max_size=8), enfants, max_size=4)),
    max_leaves=10,
)


@st.composite
def cas_ij_abimes(draw) -> tuple[dict, str]:
    """A well-formed `ij` case with exactly one field broken, and the name of that field."""
    cas = draw(cas_ij(salarie=None))
    champ = draw(st.sampled_from(sorted(cas)))
    mauvaises = {
        "categorie": st.sampled_from(["Artisan", "achatRevente", 3, None]),
        "date_debut_activite": st.sampled_from(["2021-02-30", "01/02/2020", "2020-13-01", 20200101]),
        "date_arret": st.sampled_from(["2021-02-29", "hier", "2020/01/01", None]),
        "duree_arret": st.sampled_from([-1, "10", 2.5, None]),
        "chiffres_affaires": st.sampled_from([
            [{"annee": 2019, "montant": "12.345"}], [{"annee": 2019, "montant": 1.5}],
            [{"annee": "2019", "montant": "10.00"}], "beaucoup"]),
        "hospitalisation": st.sampled_from(["oui", 1]),
        "motif": st.sampled_from(["Covid", "", 0]),
        "ald": st.sampled_from(["true", 0]),
        "premier_arret_du_motif": st.sampled_from(["non", 1]),
        "jours_deja_indemnises": st.sampled_from([-3, "2", 1.5]),
        "en_activite": st.sampled_from(["vrai", "1"]),
        "cotisations_a_jour": st.sampled_from(["faux", 0]),
        "salarie": st.sampled_from(["oui", 2]),
        "salaires_trois_derniers_mois": st.sampled_from([["1.00", "2.00"], ["a", "b", "c"], "3000"]),
    }
    cas = dict(cas)
    cas[champ] = draw(mauvaises[champ])
    return cas, champ
