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
)
FAIL_OVER_FIGURES = ("gap",)
