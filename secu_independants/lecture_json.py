"""JSON bytes → checked case, or one French error naming the place: the one reading of a case given as bytes,
whether it comes from the CLI (a file or stdin), from the body of an HTTP request or from a `--batch` line.

1. UTF-8: the first invalid byte is named by its position counted from 1 (`erreurs.texte_utf8`);
2. strict JSON (`entrees.lire_json`): a key given twice in an object is refused, naming the key (a JSON object
   with a repeated key is outside the interface: most readers would silently keep one of the values); a number
   with a fraction stays text, never a float;
3. the interface (`entrees.Lecteur`): each field's type, its default, the fields together.

A case is first tried by the direct reading (`directe`): msgspec from the bytes straight into the checked case;
any line it declines goes through the three steps above, whose errors name the field. Both give the same
checked case (tests/policy/test_lots.py checks it on variants of the public cases). msgspec silently keeps the
last value of a key given twice (its issue 648): the direct reading takes a case only when the text holds
exactly as many colons as keys in its objects (each key is followed by a colon, so that its keys are then all
different; a colon inside a string only sends the case to the exact reading).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import msgspec

from .entrees import EntreeInvalide, Lecteur, ObjetLu, lire_json
from .erreurs import texte_utf8

__all__ = ["LectureJSON", "identifiant_du_cas"]

_Cas = TypeVar("_Cas", bound=ObjetLu)
#: the white space of JSON (RFC 8259 §2), and of nothing else
_BLANCS_JSON = " \t\r\n"
_OBJET_BRUT = msgspec.json.Decoder(dict[str, msgspec.Raw])
_OBJETS_BRUTS = msgspec.json.Decoder(list[dict[str, msgspec.Raw]])


def identifiant_du_cas(valeur: object) -> str | int | None:
    """The `id` of a case read as a JSON value, when it is a string or an integer (what `--batch` echoes)."""
    identifiant = valeur.get("id") if type(valeur) is dict else None
    return identifiant if type(identifiant) is str or type(identifiant) is int else None


class LectureJSON(Generic[_Cas]):
    """`lecture(octets, champ, lieu) -> checked case` for the cases of one `Lecteur`; `EntreeInvalide` otherwise.

    `champ` names the bytes in a UTF-8 error (`"(fichier)"`, `"(corps)"`, `"(json)"`), `lieu` is written before
    the position of the invalid byte (a file's name)."""

    def __init__(self, lecteur: Lecteur[_Cas]):
        self.lecteur = lecteur
        #: `directe(octets)`: the checked case read by msgspec straight from the bytes (with the reader's
        #: decoding hook for amounts and ratios, then its checks of the fields together), or None when this
        #: reading declines it — any refusal, a key that may be given twice, anything: the exact reading answers
        self.directe: Callable[[bytes], _Cas | None] = _lecture_directe(lecteur)

    def __call__(self, octets: bytes, champ: str = "(json)", lieu: str = "") -> _Cas:
        lu = self.directe(octets)
        return lu if lu is not None else self.exacte(octets, champ, lieu)

    def exacte(self, octets: bytes, champ: str = "(json)", lieu: str = "", *, vide: Any = ...) -> _Cas:
        """The three steps one after the other, each refusal worded; a refusal of the interface (step 3)
        carries the case's `identifiant` (`EntreeInvalide.identifiant`). `vide`, when given, is returned for
        a text of JSON white space only (a blank `--batch` line: spaces, tabs, "\\r") instead of refusing it; other
        Unicode spaces (U+00A0, U+2028…) are no JSON white space: such a line is refused as invalid JSON."""
        texte = texte_utf8(octets, champ, lieu)
        if vide is not ... and not texte.strip(_BLANCS_JSON):
            return vide  # type: ignore[no-any-return]
        valeur = lire_json(texte)
        try:
            return self.lecteur(valeur)
        except EntreeInvalide as erreur:
            erreur.identifiant = identifiant_du_cas(valeur)
            raise


def _lecture_directe(lecteur: Lecteur[_Cas]) -> Callable[[bytes], _Cas | None]:
    """`LectureJSON.directe` of `lecteur` (a closure: it runs once per line of a batch)."""
    decoder: Callable[[bytes], Any] = lecteur.decodeur_json().decode
    verifier = lecteur.verifier
    listes = [lieu[:-2] for lieu in lecteur.structures if lieu.endswith("[]")]  # lists of objects in a case
    objet_brut, objets_bruts = _OBJET_BRUT.decode, _OBJETS_BRUTS.decode

    def directe(octets: bytes) -> _Cas | None:
        try:
            lu = decoder(octets)
            objet = objet_brut(octets)
            cles = len(objet)
            for nom in listes:
                if nom in objet:
                    cles += sum(map(len, objets_bruts(objet[nom])))
            if octets.count(b":") != cles:
                return None
            verifier(lu)
        except Exception:  # noqa: BLE001 — whatever it is, the exact reading words it
            return None
        return lu  # type: ignore[no-any-return]

    return directe
