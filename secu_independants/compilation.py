"""Small Python functions compiled at start-up from our own source text (JSON readers and writers specialised
for one dataclass: no per-case introspection on the `--batch` hot path)."""
from __future__ import annotations

from collections.abc import Callable

__all__ = ["Environnement"]


class Environnement(dict):
    """The names a compiled function refers to: `nommer(objet)` gives each object a unique name."""

    def nommer(self, objet: object, prefixe: str = "_o") -> str:
        for nom, deja in self.items():
            if deja is objet:
                return nom
        nom = f"{prefixe}{len(self)}"
        self[nom] = objet
        return nom

    def compiler(self, source: str, fonction: str, fichier: str) -> Callable:
        """The function named `fonction` defined by `source` (our own code, run with these names), its
        text kept in `__source__`; `fichier` names it in tracebacks."""
        espace: dict[str, object] = dict(self)
        exec(compile(source, fichier, "exec"), espace)  # noqa: S102 — our own source
        resultat = espace[fonction]
        resultat.__source__ = source
        return resultat
