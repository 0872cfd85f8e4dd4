"""The scoring model (pure figures of shared/spec/scoring.md), CI gates, and the score outputs."""

# The figures a CI gate may name (shared/spec/scoring.md, "Gates for CI").
FAIL_UNDER_FIGURES = (
    "experience",
    "completeness",
    "ownership",
    "evidence",
    "emotion.low",
    "emotion.high",
    "emotion.end",
    # format 1.2: a map with its detail maps (scoring.md, "Roll-up"); maps without are not gated
    "rollup.experience",
    "rollup.evidence",
)
FAIL_OVER_FIGURES = ("gap", "rollup.gap")
