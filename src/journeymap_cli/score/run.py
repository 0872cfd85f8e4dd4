"""`jmap score`: load the maps, score the valid ones, check the gates."""

from __future__ import annotations

from collections.abc import Sequence

from journeymap_cli.io.loader import Limits, LoadedMap
from journeymap_cli.io.paths import shared_path
from journeymap_cli.io.run import Run, load_all
from journeymap_cli.report.diagnostics import Diagnostic
from journeymap_cli.score.figures import MapScore, score_map
from journeymap_cli.score.gates import Gate, check
from journeymap_cli.score.journeys import journeys
from journeymap_cli.score.output import ScoreRun
from journeymap_cli.score.portfolio import keep, portfolio
from journeymap_cli.score.rollup import Memo


def score_all(
    paths: Sequence[str],
    limits: Limits,
    gates: Sequence[Gate],
    *,
    tags: Sequence[str] = (),
    state: str | None = None,
) -> tuple[Run, ScoreRun]:
    """Maps that fail validation are listed as invalid and left out of every figure.

    Each map is scored where it is loaded (on every core over many maps) and only its
    figures are kept, so memory stays flat over thousands of maps. `tags` and `state`
    keep only the maps that match: rows, portfolio, journeys and gates alike.
    """
    run = load_all(paths, limits, command="score", keep_maps=False, per_map=_Scorer())
    scores: list[MapScore] = [s for s in run.results if keep(s, tags, state)]
    breaches, skipped = check(scores, gates)
    return run, ScoreRun(
        scores, portfolio(scores), run.invalid, breaches, skipped, journeys(scores)
    )


class _Scorer:
    """Scores each valid map where it is loaded. Its memo keeps each detail map's figures
    for the other maps of the same hierarchy (a copy in each worker process)."""

    def __init__(self) -> None:
        self.memo = Memo()

    def __call__(self, loaded: LoadedMap) -> tuple[list[Diagnostic], MapScore]:
        assert loaded.jmap is not None and loaded.persona is not None
        path = shared_path(loaded.path)
        return [], score_map(path, loaded.jmap, loaded.persona, loaded.details, self.memo)
