"""Catala standard library, written by us: each module is an EXTERNAL Catala module.

For each (dialect, Catala module name), `MODULES` gives the Catala interface file (declarations
only, `> Module X externe`, in this folder: compiler-side data) and the Python module implementing
it (in `catalapy.runtime.stdlib`: runtime code, so that generated Python imports only the runtime). The compiler binds the
interface's declarations to the attributes of the Python module of the same stem:
- a declared function is the Python function of the same name, taking its arguments in declared
  order; a `#[implicit_position_argument]` parameter (`Date.depuis_année_mois_jour`,
  `Date.entier_vers_mois`, EN `of_year_month_day`, `integer_to_month`) is passed first, as the
  call site's `rt.SourcePosition`;
- a declared structure/enumeration is the Python class of the same name (dataclass / enum.Enum);
- all stdlib Catala names are valid Python identifiers, so no renaming is needed (`min`, `max`,
  `sum` shadow builtins only inside their own modules).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

__all__ = ["MODULES", "STDLIB_DIR", "interface_file", "python_module"]

STDLIB_DIR = Path(__file__).parent

#: (dialect, Catala module name) → (interface file name in STDLIB_DIR, Python module name)
MODULES: dict[tuple[str, str], tuple[str, str]] = {
    ("fr", "Date"): ("date_fr.catala_fr", "catalapy.runtime.stdlib.date_fr"),
    ("fr", "Durée"): ("duration_fr.catala_fr", "catalapy.runtime.stdlib.duration_fr"),
    ("fr", "Argent"): ("money_fr.catala_fr", "catalapy.runtime.stdlib.money_fr"),
    ("fr", "Entier"): ("integer_fr.catala_fr", "catalapy.runtime.stdlib.integer_fr"),
    ("fr", "Décimal"): ("decimal_fr.catala_fr", "catalapy.runtime.stdlib.decimal_fr"),
    ("fr", "Liste"): ("list_fr.catala_fr", "catalapy.runtime.stdlib.list_fr"),
    ("fr", "Période"): ("period_fr.catala_fr", "catalapy.runtime.stdlib.period_fr"),
    ("fr", "MoisAnnée"): ("monthyear_fr.catala_fr", "catalapy.runtime.stdlib.monthyear_fr"),
    ("en", "Date"): ("date_en.catala_en", "catalapy.runtime.stdlib.date_en"),
    ("en", "Duration"): ("duration_en.catala_en", "catalapy.runtime.stdlib.duration_en"),
    ("en", "Money"): ("money_en.catala_en", "catalapy.runtime.stdlib.money_en"),
    ("en", "Integer"): ("integer_en.catala_en", "catalapy.runtime.stdlib.integer_en"),
    ("en", "Decimal"): ("decimal_en.catala_en", "catalapy.runtime.stdlib.decimal_en"),
    ("en", "List"): ("list_en.catala_en", "catalapy.runtime.stdlib.list_en"),
    ("en", "Period"): ("period_en.catala_en", "catalapy.runtime.stdlib.period_en"),
    ("en", "MonthYear"): ("monthyear_en.catala_en", "catalapy.runtime.stdlib.monthyear_en"),
}


def interface_file(dialect: str, module: str) -> Path:
    return STDLIB_DIR / MODULES[(dialect, module)][0]


def python_module(dialect: str, module: str) -> ModuleType:
    return importlib.import_module(MODULES[(dialect, module)][1])
