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
