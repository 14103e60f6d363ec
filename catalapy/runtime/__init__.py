"""The Catala runtime: everything generated code uses, as `from catalapy import runtime as rt`.

It imports no compiler module. Values follow ARCHITECTURE.md (plain Python values); the modules are
small: values, position, errors, arith, dates, ordering, lang, printing, json_codec (the reference's JSON
encoding), diagnostics, metadata (the variable tables `--explain` reads) (plus defaults and trace, the
default-logic and tracing helpers written with the compiler).
"""

from importlib.util import find_spec as _find_spec

from .arith import *  # noqa: F401,F403
from .ordering import *  # noqa: F401,F403
from .dates import *  # noqa: F401,F403
from .diagnostics import *  # noqa: F401,F403
from .errors import *  # noqa: F401,F403
from .json_codec import *  # noqa: F401,F403
from .lang import *  # noqa: F401,F403
from .metadata import *  # noqa: F401,F403
from .position import *  # noqa: F401,F403
from .printing import *  # noqa: F401,F403
from .values import *  # noqa: F401,F403

# defaults.py and trace.py belong to the compiler's part; export them once they exist.
if _find_spec(__name__ + ".defaults") is not None:
    from .defaults import *  # noqa: F401,F403
if _find_spec(__name__ + ".trace") is not None:
    from .trace import *  # noqa: F401,F403
