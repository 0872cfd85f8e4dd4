"""`jmap score`: load the maps, score the valid ones, check the gates."""

from __future__ import annotations

from collections.abc import Sequence

from journeymap_cli.diagnostics import Severity
from journeymap_cli.gates import Gate, check
from journeymap_cli.loader import Limits
from journeymap_cli.score_output import ScoreRun
from journeymap_cli.scoring import portfolio, score_map
from journeymap_cli.validate import Run, load_all


def score_all(paths: Sequence[str], limits: Limits, gates: Sequence[Gate]) -> tuple[Run, ScoreRun]:
    """Maps that fail validation are listed as invalid and left out of every figure."""
    run = load_all(paths, limits, command="score")
    scores = []
    invalid = []
    for loaded in run.maps:
        failed = any(d.severity == Severity.ERROR for d in loaded.diagnostics)
        if loaded.jmap is None or failed:
            invalid.append(loaded.path)
        else:
            scores.append(score_map(loaded.path, loaded.jmap, loaded.persona))
    breaches, skipped = check(scores, gates)
    return run, ScoreRun(scores, portfolio(scores), invalid, breaches, skipped)
