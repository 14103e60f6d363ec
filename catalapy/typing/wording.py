"""Line filling of compile-time messages as the reference breaks them: only at the break hints of its format
strings. A message is written with ``~`` between words the reference never separates (``maybe~it's``)."""
from __future__ import annotations

from catalapy.runtime.diagnostics import MESSAGE_WIDTH

_PREFIX = "│  "
GLUE = "~"


def fill(message: str, width: int = MESSAGE_WIDTH) -> str:
    """``message`` with a newline at each place the reference wraps it (greedy over glued word groups), glue
    turned back into spaces."""
    lines: list[str] = []
    line = ""
    for atom in message.split(" "):
        candidate = f"{line} {atom}" if line else atom
        if line and len(_PREFIX) + len(candidate.replace(GLUE, " ")) > width:
            lines.append(line)
            line = atom
        else:
            line = candidate
    lines.append(line)
    return "\n".join(lines).replace(GLUE, " ")
