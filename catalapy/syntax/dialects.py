"""The dialects of Catala: one keyword table (a data module) per language, and the file extension of each."""
from __future__ import annotations

from types import ModuleType

from catalapy.syntax import keywords_en, keywords_fr, keywords_pl

TABLES: dict[str, ModuleType] = {"fr": keywords_fr, "en": keywords_en, "pl": keywords_pl}
DIALECT_OF_EXTENSION: dict[str, str] = {f".catala_{code}": code for code in TABLES}
