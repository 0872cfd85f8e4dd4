"""CI gates on score figures: `--fail-under FIGURE=VALUE`, `--fail-over gap=VALUE`."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from journeymap_cli.score import FAIL_OVER_FIGURES, FAIL_UNDER_FIGURES
from journeymap_cli.score.figures import MapScore
from journeymap_cli.suggest import did_you_mean


class GateError(ValueError):
    """A gate written wrongly on the command line."""


@dataclass(frozen=True)
class Gate:
    figure: str
    bound: float
    over: bool  # True: fail when the figure is over the bound; False: under it

    def __str__(self) -> str:
        return f"--fail-{'over' if self.over else 'under'} {self.figure}={self.bound:g}"


@dataclass(frozen=True)
class Breach:
    path: str
    gate: Gate
    value: float

    def __str__(self) -> str:
        side = "over" if self.gate.over else "under"
        # one decimal, or more when one would round onto the bound (59.96 → "59.96", not "60.0")
        decimals = 1
        while decimals < 6 and round(self.value, decimals) == self.gate.bound:
            decimals += 1
        return (
            f"{self.path}: {self.gate.figure} {self.value:.{decimals}f} is {side} "
            f"{self.gate.bound:g} ({self.gate})"
        )


@dataclass(frozen=True)
class Skipped:
    """A gate that could not be checked: the map has nothing to measure for it."""

    path: str
    gate: Gate

    def __str__(self) -> str:
        return f"{self.path}: {self.gate.figure} has nothing to measure; {self.gate} not checked"


def parse(spec: str, *, over: bool) -> Gate:
    allowed = FAIL_OVER_FIGURES if over else FAIL_UNDER_FIGURES
    option = f"--fail-{'over' if over else 'under'}"
    figure, sep, value = spec.partition("=")
    figure = figure.strip()
    if not sep:
        raise GateError(f"{option} {spec!r}: expected FIGURE=VALUE, e.g. {allowed[0]}=60")
    if figure not in allowed:
        raise GateError(
            f"{option}: unknown figure {figure!r}{did_you_mean(figure, list(allowed))}"
            f" (allowed: {', '.join(allowed)})"
        )
    try:
        bound = float(value)
    except ValueError:
        raise GateError(f"{option} {spec!r}: {value.strip()!r} is not a number") from None
    if not math.isfinite(bound):  # NaN never compares: a gate that could never fail
        raise GateError(f"{option} {spec!r}: the bound must be a finite number")
    return Gate(figure, bound, over)


def combine(
    config_under: dict[str, float],
    config_over: dict[str, float],
    cli_under: Sequence[str],
    cli_over: Sequence[str],
) -> list[Gate]:
    """Gates from the configuration, overridden figure by figure by the command line."""
    gates = {(f, False): Gate(f, b, False) for f, b in config_under.items()}
    gates |= {(f, True): Gate(f, b, True) for f, b in config_over.items()}
    for spec in cli_under:
        gate = parse(spec, over=False)
        gates[(gate.figure, False)] = gate
    for spec in cli_over:
        gate = parse(spec, over=True)
        gates[(gate.figure, True)] = gate
    return list(gates.values())


def _rolled(gate: Gate) -> bool:
    return gate.figure.startswith("rollup.")


def check(scores: Sequence[MapScore], gates: Sequence[Gate]) -> tuple[list[Breach], list[Skipped]]:
    """Each gate over each map. A roll-up gate judges the maps that have detail maps only:
    the others have no roll-up to measure, which is no reason for a note each."""
    breaches: list[Breach] = []
    skipped: list[Skipped] = []
    for score in scores:
        for gate in gates:
            if _rolled(gate) and score.rollup is None:
                continue
            value = score.figure(gate.figure)
            if value is None:
                skipped.append(Skipped(score.path, gate))
            elif (value > gate.bound) if gate.over else (value < gate.bound):
                breaches.append(Breach(score.path, gate, value))
    return breaches, skipped


def idle(scores: Sequence[MapScore], gates: Sequence[Gate]) -> list[Gate]:
    """Roll-up gates that judged nothing: no scored map has detail maps."""
    if any(score.rollup is not None for score in scores):
        return []
    return [gate for gate in gates if _rolled(gate)]
