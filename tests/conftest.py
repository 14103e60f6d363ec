"""Shared pytest configuration: hypothesis profiles.

`ci` (used by `make test`) is derandomized so that every CI run explores the same examples; `thorough`
(`make test-thorough`) runs many more examples with fresh randomness.
"""
import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", derandomize=True, max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documentation site built once per test session (`mkdocs build --strict`), shared by the site
    tests of tests/docs and the browser tests."""
    target = tmp_path_factory.mktemp("site")
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
        cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True, timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    return target


@pytest.fixture(scope="session")
def compile_catala(tmp_path_factory: pytest.TempPathFactory):
    """A function compiling one literate Catala program (English) to Python: (the module's source, the module
    imported), for the compiler tests that look at what is emitted and run it."""
    from catalapy import driver

    def compile_(source: str) -> tuple:
        path = Path(tmp_path_factory.mktemp("catala")) / "t.catala_en"
        path.write_text(source, encoding="utf-8")
        program = driver.load_program(str(path))
        (python,) = driver.emit_python(program).values()
        return python, driver.import_program(program)
    return compile_
