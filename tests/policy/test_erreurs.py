"""The line reporting an error of the law itself (secu_independants/erreurs.py), the same in the CLI, the batch
(its JSON error line and its stderr line) and the HTTP API."""

from __future__ import annotations

from catalapy.runtime import Conflict, NoValue, SourcePosition
from secu_independants.erreurs import message_erreur_de_la_loi

POSITION = SourcePosition("policy/parametres.catala_fr", 36, 12, 36, 19, ("Paramètres", "Plafond annuel"))
AUTRE = SourcePosition("policy/parametres.catala_fr", 49, 69, 49, 77, ("Paramètres", "Plafond annuel"))


def test_one_line_naming_the_position():
    assert message_erreur_de_la_loi(NoValue(POSITION)) == (
        "erreur de la loi : policy/parametres.catala_fr:36.12-19: "
        "no applicable rule to define this variable in this situation")
    conflit = message_erreur_de_la_loi(Conflict(POSITION, AUTRE))
    assert conflit.startswith("erreur de la loi : ") and "\n" not in conflit
    assert "policy/parametres.catala_fr:36" in conflit and "policy/parametres.catala_fr:49" in conflit
