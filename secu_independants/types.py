"""Typed dictionaries of the cases and results (the JSON fields of the interface).

Written by `python -m secu_independants.schemas > secu_independants/types.py` from the JSON Schemas
(themselves derived from the Catala types); tests/package/test_types.py checks it is up to date.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal, Required, TypedDict

__all__ = ["CasIJ", "CasIJChiffreAffairesAnnuel", "CasRattachement", "ResultatIJ", "ResultatRattachement"]


class CasIJ(TypedDict, total=False):
    categorie: Required[Literal["AchatRevente", "PrestationServicesBIC", "LiberalSSI", "LiberalCIPAV"]]
    date_debut_activite: Required[str | date]
    chiffres_affaires: Required[list[CasIJChiffreAffairesAnnuel]]
    date_arret: Required[str | date]
    duree_arret: Required[int]
    hospitalisation: bool
    motif: Literal["Maladie", "Accident", "GrossessePathologique"]
    ald: bool
    premier_arret_du_motif: bool
    jours_deja_indemnises: int
    en_activite: bool
    cotisations_a_jour: bool
    salarie: bool
    salaires_trois_derniers_mois: list[str | int | Decimal]
    retraite: bool
    temps_partiel_therapeutique: bool
    soins_longue_duree: bool
    option_ssi: bool
    heures_salariees_trois_derniers_mois: None | int
    date_arret_initial: None | str | date
    id: str | int


class CasIJChiffreAffairesAnnuel(TypedDict, total=False):
    annee: Required[int]
    montant: Required[str | int | Decimal]
    ratio_cotisations_payees: str | int | Decimal


class ResultatIJ(TypedDict, total=False):
    eligible: Required[bool]
    motifs_ineligibilite: Required[list[Literal["AffiliationInferieureAUnAn", "PasEnActivite", "CotisationsNonAJour", "RevenuInferieurAuSeuil", "LiberalCIPAVAvantReforme2021", "RetraiteAvantReforme2022", "TempsPartielTherapeutiqueAvantMai2017"]]]
    regime: Required[Literal["IndependantsSSI", "ProfessionsLiberales", "RegimeGeneral", "Aucun"]]
    revenu_annuel_moyen: Required[str]
    seuil_revenu: Required[str]
    seuil_chiffre_affaires: Required[str]
    montant_journalier: Required[str]
    montant_total: Required[str]
    jours_carence: Required[int]
    jours_indemnises: Required[int]
    delai_envoi_heures: Required[int]
    pieces_a_fournir: Required[list[str]]
    conditions_non_verifiees: Required[list[str]]
    explication: dict[str, object]
    raisonnement: object


class CasRattachement(TypedDict, total=False):
    date_debut_activite: Required[str | date]
    residence: Literal["Metropole", "DOM", "Etranger"]
    date_reception_courrier: None | str | date
    date_demande: Required[str | date]
    id: str | int


class ResultatRattachement(TypedDict, total=False):
    transfert_automatique: Required[bool]
    organisme_rattachement: Required[Literal["CPAMResidence", "CGSS", "CPAMLieuActivite", "AncienOrganismeConventionne"]]
    debut_periode_rattachement: Required[None | str]
    fin_periode_rattachement: Required[None | str]
    organisme_destinataire: Required[Literal["CPAMResidence", "CGSS", "CPAMLieuActivite", "AncienOrganismeConventionne"]]
    demarche_requise: Required[bool]
    conseils: Required[list[Literal["MettreAJourCarteVitale", "CreerEspaceAmeli", "AttendreCourrierRattachement", "AdresserDemandesAncienOrganisme", "ConsulterSecuIndependants"]]]
    organisme_avis_arret: Required[Literal["CPAMResidence", "CGSS", "CPAMLieuActivite", "AncienOrganismeConventionne"]]
    explication: dict[str, object]
    raisonnement: object
