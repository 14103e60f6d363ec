"""Renaming, run once over a function of the statement IR: every `Local` gets a Python name, unique in the
function and shadowing no module-level name, stored on it (the printer only reads it). Locals are named in the
order they were created, so that the same program always gets the same names."""
from __future__ import annotations

from .ir import Function, Local
from .names import Namespace


def base_name(local: Local) -> str:
    parts = []
    for part in local.base:
        if isinstance(part, tuple):
            other, strip = part
            assert other.name is not None, "a local named after one created later"
            parts.append(other.name.lstrip("_") if strip else other.name)
        else:
            parts.append(part)
    return "".join(parts)


def rename(fn: Function) -> None:
    ns = Namespace(set(fn.taken), outer=fn.outer)
    for local in fn.locals:
        if local.name is None:
            local.name = ns.fresh(base_name(local))
