"""The 15 public hand-worked cases P1–P15 of the domain README §4, as interface JSON and expected outputs.

Each expected figure is worked out by hand in the comment beside it (revenue = CA × (1 − abattement);
RAAM = mean revenue of the 3 calendar years before the arrêt; IJ/day = min(RAAM, cap)/730 rounded half-up
to the cent; total = IJ/day × paid days). Only the fields a case is about are asserted.
"""

from __future__ import annotations


def ca(*annees_montants: tuple[int, str]) -> list[dict]:
    return [{"annee": annee, "montant": montant} for annee, montant in annees_montants]


# (name, command, case, expected subset of the result)
CAS_PUBLICS: list[tuple[str, str, dict, dict]] = [
    (
        "P1 achat-revente 2020",
        "ij",
        {"categorie": "AchatRevente", "date_debut_activite": "2012-05-01", "date_arret": "2020-10-05",
         "duree_arret": 20, "chiffres_affaires": ca((2017, "30660"), (2018, "32850"), (2019, "35040"))},
        {
            # revenue ×0.29 = 8 891.40 / 9 526.50 / 10 161.60; RAAM = 28 579.50 / 3 = 9 526.50
            "revenu_annuel_moyen": "9526.50",
            # 2020 threshold = 10 % × (PASS 2017 39 228 + 2018 39 732 + 2019 40 524) / 3 = 10 % × 39 828
            "seuil_revenu": "3982.80",
            "eligible": True, "motifs_ineligibilite": [], "regime": "IndependantsSSI",
            "montant_journalier": "13.05",  # 9 526.50 / 730 = 13.0500
            "jours_carence": 3,  # arrêt of 20 days > 7 (décret 2017-612)
            "jours_indemnises": 17,  # 20 − 3
            "montant_total": "221.85",  # 13.05 × 17
            "delai_envoi_heures": 48,
        },
    ),
    (
        "P2 prestation BIC au seuil H1 2021",
        "ij",
        {"categorie": "PrestationServicesBIC", "date_debut_activite": "2014-03-01", "date_arret": "2021-03-08",
         "duree_arret": 10, "chiffres_affaires": ca((2018, "8092.80"), (2019, "8092.80"), (2020, "8092.80"))},
        {
            "revenu_annuel_moyen": "4046.40",  # 8 092.80 × 0.50
            # 2021 threshold = 10 % × (39 732 + 40 524 + 41 136) / 3 = 10 % × 40 464 = 4 046.40: equality is eligible
            "seuil_revenu": "4046.40",
            "seuil_chiffre_affaires": "8092.80",  # 4 046.40 / (1 − 0.50)
            "eligible": True, "regime": "IndependantsSSI",
            "montant_journalier": "5.54",  # 4 046.40 / 730 = 5.5430
            "jours_carence": 3, "jours_indemnises": 7,  # 10 − 3
            "montant_total": "38.78",  # 5.54 × 7
        },
    ),
    (
        "P3a prestation BIC juste sous le seuil H1 2021",
        "ij",
        {"categorie": "PrestationServicesBIC", "date_debut_activite": "2014-03-01", "date_arret": "2021-03-08",
         "duree_arret": 10, "chiffres_affaires": ca((2018, "8092"), (2019, "8092"), (2020, "8092"))},
        {
            "revenu_annuel_moyen": "4046.00",  # 8 092 × 0.50 = 4 046.00 < 4 046.40
            "seuil_revenu": "4046.40",
            "eligible": False, "jours_indemnises": 0, "montant_total": "0.00",
        },
    ),
    (
        "P3b le même chiffre d'affaires un an plus tôt, seuil 2020",
        "ij",
        {"categorie": "PrestationServicesBIC", "date_debut_activite": "2014-03-01", "date_arret": "2020-09-14",
         "duree_arret": 10, "chiffres_affaires": ca((2017, "8092"), (2018, "8092"), (2019, "8092"))},
        {
            "revenu_annuel_moyen": "4046.00",  # ≥ 3 982.80 (2020 threshold)
            "seuil_revenu": "3982.80",
            "eligible": True,
            "montant_journalier": "5.54",  # 4 046 / 730 = 5.5425
            "jours_indemnises": 7, "montant_total": "38.78",  # 5.54 × 7
        },
    ),
    (
        "P4 plafond atteint 2020",
        "ij",
        {"categorie": "AchatRevente", "date_debut_activite": "2010-01-01", "date_arret": "2020-09-07",
         "duree_arret": 30, "chiffres_affaires": ca((2017, "150000"), (2018, "150000"), (2019, "150000"))},
        {
            "revenu_annuel_moyen": "43500.00",  # 150 000 × 0.29
            "eligible": True,
            "montant_journalier": "56.35",  # capped: PASS 2020 41 136 / 730 = 56.3507
            "jours_carence": 3, "jours_indemnises": 27,  # 30 − 3
            "montant_total": "1521.45",  # 56.35 × 27
        },
    ),
    (
        "P5 libéral SSI arrêt de 7 jours H1 2021",
        "ij",
        {"categorie": "LiberalSSI", "date_debut_activite": "2018-01-01", "date_arret": "2021-03-01",
         "duree_arret": 7, "chiffres_affaires": ca((2018, "9000"), (2019, "10000"), (2020, "11000"))},
        {
            # revenue ×0.66 = 5 940 / 6 600 / 7 260 → RAAM 19 800 / 3 = 6 600
            "revenu_annuel_moyen": "6600.00",
            "eligible": True, "regime": "IndependantsSSI",
            "montant_journalier": "9.04",  # 6 600 / 730 = 9.0411
            "jours_carence": 7,  # arrêt ≤ 7 days before 2021-07-01: IJ from the 8th day
            "jours_indemnises": 0, "montant_total": "0.00",
        },
    ),
    (
        "P6 même personne, arrêt de 8 jours",
        "ij",
        {"categorie": "LiberalSSI", "date_debut_activite": "2018-01-01", "date_arret": "2021-03-15",
         "duree_arret": 8, "chiffres_affaires": ca((2018, "9000"), (2019, "10000"), (2020, "11000"))},
        {
            "montant_journalier": "9.04",
            "jours_carence": 3, "jours_indemnises": 5,  # 8 − 3
            "montant_total": "45.20",  # 9.04 × 5
        },
    ),
    (
        "P7 hospitalisation dans un arrêt de 5 jours 2020",
        "ij",
        {"categorie": "AchatRevente", "date_debut_activite": "2012-05-01", "date_arret": "2020-11-09",
         "duree_arret": 5, "hospitalisation": True,
         "chiffres_affaires": ca((2017, "30660"), (2018, "32850"), (2019, "35040"))},
        {
            "montant_journalier": "13.05",  # as P1
            "jours_carence": 3, "jours_indemnises": 2,  # hospitalisation: from the 4th day; 5 − 3
            "montant_total": "26.10",  # 13.05 × 2
        },
    ),
    (
        "P7b même arrêt sans hospitalisation",
        "ij",
        {"categorie": "AchatRevente", "date_debut_activite": "2012-05-01", "date_arret": "2020-11-09",
         "duree_arret": 5, "chiffres_affaires": ca((2017, "30660"), (2018, "32850"), (2019, "35040"))},
        {"eligible": True, "jours_indemnises": 0, "montant_total": "0.00"},  # ≤ 7 days: from the 8th day
    ),
    (
        "P8 prolongation sans nouvelle carence 2020",
        "ij",
        {"categorie": "PrestationServicesBIC", "date_debut_activite": "2010-01-01", "date_arret": "2020-10-05",
         "duree_arret": 24,  # 10 days prolonged by 14 without return to work
         "chiffres_affaires": ca((2017, "20000"), (2018, "22000"), (2019, "23700"))},
        {
            # revenue ×0.50 = 10 000 / 11 000 / 11 850 → RAAM 32 850 / 3 = 10 950
            "revenu_annuel_moyen": "10950.00",
            "montant_journalier": "15.00",  # 10 950 / 730 = 15 exactly
            "jours_carence": 3, "jours_indemnises": 21,  # carence once: 24 − 3
            "montant_total": "315.00",  # 15.00 × 21
        },
    ),
    (
        "P9 moins d'un an d'affiliation 2020",
        "ij",
        {"categorie": "AchatRevente", "date_debut_activite": "2019-09-01", "date_arret": "2020-08-03",
         "duree_arret": 15, "chiffres_affaires": ca((2019, "12000"))},
        # 2019-09-01 + 1 year = 2020-09-01 > 2020-08-03: affiliation < 1 year (D622-1)
        {"eligible": False, "jours_indemnises": 0, "montant_total": "0.00"},
    ),
    (
        "P10 libéral CIPAV créé avant 2018, arrêt 2020",
        "ij",
        {"categorie": "LiberalCIPAV", "date_debut_activite": "2015-06-01", "date_arret": "2020-11-02",
         "duree_arret": 30, "chiffres_affaires": ca((2017, "30000"), (2018, "30000"), (2019, "30000"))},
        # CIPAV micro-entrepreneurs have no IJ maladie for arrêts before 2021-07-01
        {"eligible": False, "jours_indemnises": 0, "montant_total": "0.00"},
    ),
    (
        "P11 CIPAV après la réforme de 2021, arrêt 2022",
        "ij",
        {"categorie": "LiberalCIPAV", "date_debut_activite": "2016-01-01", "date_arret": "2022-03-07",
         "duree_arret": 20, "chiffres_affaires": ca((2019, "28000"), (2020, "32000"), (2021, "30000"))},
        {
            # revenue ×0.66 = 18 480 / 21 120 / 19 800 → RAAM 59 400 / 3 = 19 800
            "revenu_annuel_moyen": "19800.00",
            # 2022 threshold = 10 % × (PASS 2019 40 524 + 2020 41 136 + 2021 41 136) / 3 = 10 % × 40 932
            "seuil_revenu": "4093.20",
            "eligible": True, "regime": "ProfessionsLiberales",
            "montant_journalier": "27.12",  # 19 800 / 730 = 27.1233 (cap 3 × 41 136 / 730 = 169.05 not hit)
            "jours_carence": 3, "jours_indemnises": 17,  # 20 − 3
            "montant_total": "461.04",  # 27.12 × 17
        },
    ),
    (
        "P12 salarié et micro-entrepreneur 2020",
        "ij",
        {"categorie": "AchatRevente", "date_debut_activite": "2015-01-01", "date_arret": "2020-10-12",
         "duree_arret": 15, "salarie": True, "salaires_trois_derniers_mois": ["2190", "2190", "2190"],
         "chiffres_affaires": ca((2017, "10000"), (2018, "10000"), (2019, "10000"))},
        {
            "eligible": True, "regime": "RegimeGeneral",
            # gain journalier 6 570 / 91.25 = 72.00 (2 190 < 1.8 SMIC); IJ 50 % = 36.00
            "montant_journalier": "36.00",
            "jours_carence": 3, "jours_indemnises": 12,  # 15 − 3
            "montant_total": "432.00",  # 36.00 × 12
        },
    ),
    (
        "P13 rattachement, activité débutée le 2018-12-31, demande avant le courrier",
        "rattachement",
        {"date_debut_activite": "2018-12-31", "date_reception_courrier": "2020-02-10", "date_demande": "2020-01-27"},
        {
            "transfert_automatique": True,  # active before 2019-01-01
            "organisme_rattachement": "CPAMResidence",
            "debut_periode_rattachement": "2020-01-20", "fin_periode_rattachement": "2020-02-17",
            "organisme_destinataire": "AncienOrganismeConventionne",  # claim 01-27 before the letter 02-10
        },
    ),
    (
        "P13b même personne, demande après le courrier",
        "rattachement",
        {"date_debut_activite": "2018-12-31", "date_reception_courrier": "2020-02-10", "date_demande": "2020-02-12"},
        {"transfert_automatique": True, "organisme_destinataire": "CPAMResidence"},
    ),
    (
        "P14 rattachement, activité débutée le 2019-01-01",
        "rattachement",
        {"date_debut_activite": "2019-01-01", "date_demande": "2020-01-27"},
        {
            "transfert_automatique": False,  # with the CPAM of residence since creation (LFSS 2018 art. 15)
            "organisme_rattachement": "CPAMResidence",
            "organisme_destinataire": "CPAMResidence",
        },
    ),
    (
        "P15 ALD, arrêt long 2020",
        "ij",
        {"categorie": "PrestationServicesBIC", "date_debut_activite": "2011-01-01", "date_arret": "2020-10-01",
         "duree_arret": 400, "ald": True,
         "chiffres_affaires": ca((2017, "40150"), (2018, "40150"), (2019, "40150"))},
        {
            "revenu_annuel_moyen": "20075.00",  # 40 150 × 0.50
            "montant_journalier": "27.50",  # 20 075 / 730 = 27.50 exactly
            "jours_carence": 3,  # first arrêt of this ALD
            "jours_indemnises": 397,  # 400 − 3; ALD: up to 3 years, not the 360-day limit
            "montant_total": "10917.50",  # 27.50 × 397
        },
    ),
]
