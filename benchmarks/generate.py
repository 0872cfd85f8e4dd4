"""Generate realistic journey maps for benchmarks: `python benchmarks/generate.py OUT --maps N`.

Sizes: `typical` (8 stages x 6 touchpoints, about 250 lines), `small` (3 x 2) and
`huge` (200 stages x 20 touchpoints = 4,000 touchpoints). Output is deterministic (seeded).
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

SIZES = {"small": (3, 2), "typical": (8, 6), "huge": (200, 20)}
CHANNELS = ["Website", "Showroom", "Phone", "Email", "WhatsApp", "Owner app"]
TEAMS = ["Marketing", "Sales", "Finance", "Delivery", "Service", "Customer care"]
WORDS = [
    "quote",
    "price",
    "delivery",
    "wait",
    "form",
    "call",
    "email",
    "app",
    "review",
    "trust",
    "family",
    "budget",
    "finance",
    "service",
    "update",
    "contract",
    "handover",
    "booking",
    "parts",
    "warranty",
    "courtesy",
    "car",
    "dealer",
]


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def _q(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid YAML double-quoted scalar


def make_map(rng: random.Random, index: int, size: str) -> str:
    stages, points = SIZES[size]
    lines = [
        "# yaml-language-server: $schema=../schema/jmap.schema.json",
        "jmap: 1",
        f"title: {_q(f'Generated journey {index}')}",
        f"description: {_q(_text(rng, 14))}",
        "owner: Benchmarks",
        "tags: [generated, benchmark]",
        "persona:",
        f"  name: {_q(f'Persona {index}')}",
        f"  description: {_q(_text(rng, 10))}",
        f"  goals: [{_q(_text(rng, 5))}, {_q(_text(rng, 4))}]",
        f"  frustrations: [{_q(_text(rng, 6))}]",
        f"  quote: {_q(_text(rng, 9))}",
        f"scenario: {_q(_text(rng, 20))}",
        f"channels: [{', '.join(CHANNELS)}]",
        f"teams: [{', '.join(TEAMS)}]",
        "stages:",
    ]
    for s in range(stages):
        lines += [
            f"  - name: {_q(f'Stage {s + 1}')}",
            f"    description: {_q(_text(rng, 8))}",
            f"    actions: [{_q(_text(rng, 5))}, {_q(_text(rng, 6))}]",
            f"    thoughts: [{_q(_text(rng, 7))}]",
            f"    feelings: [{rng.choice(['curious', 'anxious', 'relieved', 'annoyed'])}]",
            f"    emotion: {rng.randint(1, 5)}",
            f"    effort: {rng.randint(1, 5)}",
            f"    barriers: [{_q(_text(rng, 6))}]",
            f"    motivations: [{_q(_text(rng, 5))}]",
            f"    opportunities: [{_q(_text(rng, 7))}]",
            f"    metrics: {{conversion: {rng.random():.3f}, median_days: {rng.randint(1, 30)}}}",
            "    touchpoints:",
        ]
        for t in range(points):
            perf = rng.randint(1, 5)
            lines += [
                f"      - name: {_q(f'Touchpoint {s + 1}.{t + 1} {_text(rng, 3)}')}",
                f"        channel: {rng.choice(CHANNELS)}",
                f"        owner: {rng.choice(TEAMS)}",
                f"        moment_of_truth: {'true' if t == 0 else 'false'}",
                f"        performance: {perf}",
                f"        target: {min(5, perf + rng.randint(0, 2))}",
                f"        importance: {rng.randint(1, 5)}",
                f"        pain_points: [{_q(_text(rng, 8))}]",
                f"        evidence: [{_q('https://example.com/evidence/' + str(t))}]",
            ]
    return "\n".join(lines) + "\n"


def generate(out: Path, maps: int, size: str, seed: int = 7) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(maps):
        path = out / f"map-{i:05d}.jmap.yaml"
        path.write_text(make_map(rng, i, size), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--maps", type=int, default=1000)
    parser.add_argument("--size", choices=sorted(SIZES), default="typical")
    args = parser.parse_args()
    paths = generate(args.out, args.maps, args.size)
    print(f"wrote {len(paths)} {args.size} maps to {args.out}")


if __name__ == "__main__":
    main()
