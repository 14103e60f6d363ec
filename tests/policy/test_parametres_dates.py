"""`secu-independants parametres` / `GET /parametres` (secu_independants/parametres_dates.py) read the tables the
compiler emits (DATED_DEFINITIONS, RULE_PERIODS) without evaluating a scope: checked here against the law's own
values (the arrêtés and décrets quoted in policy/parametres.catala_fr) and against the executable law, by
evaluating the scope on the first and last day of every period and on the days around it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from catalapy.runtime.trace import Trace, scope_variables
from secu_independants.parametres_dates import _lacunes, parametres
from secu_independants.regles import parametres as module
from secu_independants.sorties import convertisseur


def test_the_law_s_values_and_periods():
    tables = parametres()
    plafonds = tables["PlafondAnnuelSecuriteSociale"]
    assert (plafonds["entree"], plafonds["type_entree"]) == ("annee", "annee")
    pass_2020 = next(p for p in plafonds["valeurs"]["montant"] if p["du"] == "2020")
    # arrêté du 2 décembre 2019: 41 136 € for 2020, the same amount kept for 2021 and 2022 by two other
    # arrêtés (three sources, hence three periods)
    assert (pass_2020["au"], pass_2020["valeur"]) == ("2020", "41136.00")
    assert [p["du"] for p in plafonds["valeurs"]["montant"] if p["valeur"] == "41136.00"] == ["2020", "2021", "2022"]
    smic = tables["SalaireMinimumMensuel"]["valeurs"]["montant"]
    # décret n° 2020-1598 and arrêté du 27 septembre 2021: 1 589,47 € from 1 October 2021 to the end of 2021
    assert {"du": "2021-10-01", "au": "2021-12-31", "valeur": "1589.47"}.items() <= \
        next(p for p in smic if p["du"] == "2021-10-01").items()
    # the 2026 value (décret n° 2025-1228) holds up to `fin_table_smic` = |2027-01-01| excluded, then Absent
    # up to the end of the window: the rule's bound is a constant, not a literal
    assert [(p["du"], p["au"], p["valeur"]) for p in smic[-2:]] == \
        [("2026-01-01", "2026-12-31", "1823.03"), ("2027-01-01", "2100-12-31", None)]
    assert (smic[0]["du"], smic[0]["au"], smic[0]["valeur"]) == ("1990-01-01", "2012-12-31", None)


def _jour(texte: str, par_annee: bool, fin: bool = False) -> date:
    if par_annee:
        return date(int(texte), 12, 31) if fin else date(int(texte), 1, 1)
    return date.fromisoformat(texte)


def _evaluer(portee: str, jour: date, par_annee: bool) -> tuple[object, int] | None:
    """(value as JSON, line of the rule applied) of the scope evaluated with a trace, None outside its table."""
    from catalapy.runtime.errors import CatalaRuntimeError

    classe = getattr(module, portee + "In")
    fonction = getattr(module, _snake(portee))  # ARCHITECTURE.md: `def s(entrees: SIn, *, trace=None) -> S`
    (champ,) = classe.__dataclass_fields__
    trace = Trace()
    try:
        fonction(classe(**{champ: jour.year if par_annee else jour}), trace=trace)
    except CatalaRuntimeError:
        return None
    entree = next(e for e in scope_variables(trace.calls[0]) if e.info["input"] == "no_input")
    convertir = convertisseur(module.VARIABLES_OF_SCOPES[portee][entree.info["name"]].type)
    return convertir(entree.value), entree.info["rules"][0].start_line


def _snake(nom: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in nom).lstrip("_")


@pytest.mark.parametrize("portee", ["PlafondAnnuelSecuriteSociale", "SalaireMinimumMensuel"])
def test_every_period_agrees_with_the_executable_law(portee):
    table = parametres()[portee]
    par_annee = table["type_entree"] == "annee"
    periodes = table["valeurs"]["montant"]
    for periode in periodes:
        premier, dernier = _jour(periode["du"], par_annee), _jour(periode["au"], par_annee, fin=True)
        attendu = (periode["valeur"], periode["source"]["ligne"])
        assert _evaluer(portee, premier, par_annee) == attendu, periode
        assert _evaluer(portee, dernier, par_annee) == attendu, periode
        avant = premier - timedelta(days=1)
        if avant >= date(1990, 1, 1) and _evaluer(portee, avant, par_annee) == attendu:  # the day before belongs to another period
            pytest.fail(f"{periode} starts too late: {avant} has the same value from the same rule")
    # outside the periods the law gives no value (the PASS table starts in 2012 and ends in 2026)
    couvertes = [(_jour(p["du"], par_annee), _jour(p["au"], par_annee, fin=True)) for p in periodes]
    for debut, fin in _lacunes(couvertes, date(1990, 1, 1), date(2100, 12, 31)):
        assert _evaluer(portee, debut, par_annee) is None and _evaluer(portee, fin, par_annee) is None
