"""Make the site generators of docs/sitegen importable as `sitegen`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "docs"))
