"""Test configuration: Hypothesis profiles.

``CI=true`` selects the derandomised ``ci`` profile with enough examples to
mean something; locally the ``dev`` profile is quicker and random.
"""

import os

from hypothesis import HealthCheck, Phase, settings

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=300,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "dev", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# Mutation testing (`--hypothesis-profile mutation`, set in `[tool.mutmut]`): a mutant
# is killed by the first failing example, so shrinking it (slow) is skipped, and
# derandomised runs make the measured score repeatable.
settings.register_profile(
    "mutation",
    derandomize=True,
    max_examples=100,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")
