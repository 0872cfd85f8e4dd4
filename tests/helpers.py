"""Shared test helpers: the real CLI through typer's runner, on real files."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from journeymap_cli.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"

# A small valid map; tests break one thing in it at a time.
VALID = """\
jmap: 1
title: Buying a family car
persona:
  name: Sarah
  description: Mother of two
  goals: [A safe car]
channels: [Website, Phone]
teams: [Marketing, Sales]
stages:
  - name: Discovery
    actions: [Searches online]
    emotion: 4
    touchpoints:
      - name: Finds the website
        channel: Website
        owner: Marketing
        performance: 4
        target: 5
  - name: Purchase
    emotion: 2
    touchpoints:
      - name: Signs the contract
        channel: Phone
        owner: Sales
        performance: 3
"""

LINE = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning|info): "
    r"(?P<code>JM\d{3}) (?P<msg>.*)$"
)


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def problems(self) -> list[tuple[str, int, int, str]]:
        """(path, line, column, code) of every diagnostic line of the text format."""
        found = []
        for text in self.stdout.splitlines():
            m = LINE.match(text)
            if m:
                found.append((m["path"], int(m["line"]), int(m["col"]), m["code"]))
        return found

    def messages(self) -> list[str]:
        return [m["msg"] for t in self.stdout.splitlines() if (m := LINE.match(t))]


def run_jmap(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


INSTALLED = Path(sys.executable).parent / "jmap"


def run_installed(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed `jmap` in `folder`, as a user runs it: JMAP_DEBUG=0, so jmap's own
    errors are not re-raised; a traceback in its output fails the test."""
    proc = subprocess.run(
        [str(INSTALLED), *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "JMAP_DEBUG": "0", "NO_COLOR": "1"},
    )
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return proc


# A map that every lint rule accepts; rule tests break one thing in it at a time.
CLEAN = """\
jmap: 1
title: Renewing a passport
persona:
  name: Amira
  description: Frequent traveller
  goals: [Renew before a trip]
channels: [Website, Counter]
teams: [Digital, Front office]
stages:
  - name: Applying
    actions: [Fills in the form online]
    thoughts: [Hope the photo is accepted]
    feelings: [hopeful]
    emotion: 3
    effort: 2
    touchpoints:
      - name: Fills in the online form
        channel: Website
        owner: Digital
        moment_of_truth: true
        performance: 3
        target: 4
        pain_points: [Photo rules unclear]
        evidence: ["https://example.com/survey"]
  - name: Collecting
    actions: [Picks up the passport]
    feelings: [relieved]
    emotion: 4
    effort: 2
    touchpoints:
      - name: Collects at the counter
        channel: Counter
        owner: Front office
        performance: 4
        target: 4
"""


# CLEAN as `jmap fmt` writes it: lists holding prose (an item with a space) one item per
# line, the quotes an inline list needed dropped; single words ([hopeful]) and the names of
# a vocabulary ([Digital, Front office]) stay inline.
CLEAN_FORMATTED = (
    CLEAN.replace("  goals: [Renew before a trip]", "  goals:\n    - Renew before a trip")
    .replace(
        "    actions: [Fills in the form online]", "    actions:\n      - Fills in the form online"
    )
    .replace(
        "    thoughts: [Hope the photo is accepted]",
        "    thoughts:\n      - Hope the photo is accepted",
    )
    .replace(
        "        pain_points: [Photo rules unclear]",
        "        pain_points:\n          - Photo rules unclear",
    )
    .replace(
        '        evidence: ["https://example.com/survey"]',
        "        evidence:\n          - https://example.com/survey",
    )
    .replace("    actions: [Picks up the passport]", "    actions:\n      - Picks up the passport")
)


def lint_problems(workdir: Path, text: str, code: str, *args: str) -> list[tuple[int, int, str]]:
    """(line, column, code) of what `jmap lint --select CODE` reports on `text`."""
    (workdir / "m.jmap.yaml").write_text(text, encoding="utf-8")
    result = run_jmap("lint", "--select", code, "--format", "text", *args, "m.jmap.yaml")
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exit_code in (0, 1), result.stderr  # 2 would be a configuration error
    return [(line, col, c) for _, line, col, c in result.problems()]
