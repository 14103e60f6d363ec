"""Source positions for the compiler passes (the runtime owns the type: generated code raises errors with it)."""
from catalapy.runtime.position import SourcePosition

__all__ = ["SourcePosition"]
