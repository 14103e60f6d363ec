"""The law compiled to Python (`secu_independants.regles`), from the repository's generated/ folder.

In a wheel this package *is* generated/ (mapped at build time, see pyproject.toml): this file is not shipped.
In the repository (editable install) it only points the package's search path at generated/, so that the
generated modules load as `secu_independants.regles.<module>` and a folder named `generated` elsewhere on
`sys.path` is never looked at.
"""

from pathlib import Path

__path__ = [str(Path(__file__).resolve().parents[2] / "generated")]
