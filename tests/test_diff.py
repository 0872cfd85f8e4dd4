"""`jmap diff`: every kind of change, golden outputs, git revisions, errors."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import CLEAN, ROOT, run_jmap
from journeymap_cli import __version__

OLD = "tests/data/diff/old.jmap.yaml"
NEW = "tests/data/diff/new.jmap.yaml"


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    for name in ("FORCE_COLOR", "NO_COLOR", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(("fmt", "suffix"), [("text", "txt"), ("md", "md"), ("json", "json")])
def test_golden(at_root: None, fmt: str, suffix: str, golden: Callable[[str, str], None]) -> None:
    result = run_jmap("diff", OLD, NEW, "--format", fmt, "--fail-on-regression")
    # the gap widened, two moments of truth fell, Discovery's emotion fell 3 → 1
    assert result.exit_code == 1
    golden(f"diff/bank.{suffix}", result.stdout.replace(__version__, "<version>"))


def test_every_kind_of_change_is_found(at_root: None) -> None:
    doc = json.loads(run_jmap("diff", OLD, NEW, "-f", "json").stdout)
    stages = {(s["kind"], s["name"]) for s in doc["stages"]}
    assert ("renamed", "Applying online") in stages  # same explicit id, new name
    assert ("renamed", "Identity check") in stages  # defaulted id: matched by its touchpoints
    assert ("added", "First purchase") in stages
    assert ("removed", "Using the card") in stages
    assert ("changed", "Discovery") in stages  # an action added
    assert doc["reordered"]["old"] == ["Discovery", "Applying", "Verification"]
    points = {(t["kind"], t["id"]): t for t in doc["touchpoints"]}
    assert ("added", "pays-in-a-shop") in points
    assert ("removed", "waits-for-approval") in points
    assert points[("moved", "asks-a-friend")]["from_stage"] == "Discovery"
    fields = {
        (t["id"], c["field"]): (c["old"], c["new"])
        for t in doc["touchpoints"]
        for c in t["changes"]
    }
    assert fields[("uploads-an-id", "performance")] == (3, 2)
    assert fields[("uploads-an-id", "pain_points")] == (
        ["Photo rejected twice"],
        ["Blurry photo check"],
    )
    assert fields[("reads-the-website", "owner")] == ("Marketing", "Growth")
    assert fields[("signs-the-terms", "channel")] == ("App", "Web")
    assert fields[("video-call", "moment_of_truth")] == (False, True)
    assert fields[("video-call", "target")] == (None, 4)
    assert fields[("signs-the-terms", "importance")] == (4, 5)
    assert fields[("asks-a-friend", "name")] == ("Asks a friend", "Asks a friend's parents")
    assert doc["emotion"] == [
        {"stage": "Applying online", "old": 2, "new": 3},
        {"stage": "Discovery", "old": 3, "new": 1},
        {"stage": "Identity check", "old": 2, "new": 1},
    ]
    assert doc["scale"] == {"old": {"min": 1, "max": 5}, "new": {"min": 1, "max": 5}}
    assert {c["field"] for c in doc["persona"]} == {"description", "goals"}
    # (3 + 4 + 4 + 2·3 + 2 + 4) / 10 with the weights of scoring.md, on 0-100
    assert doc["scores"]["experience"]["old"] == pytest.approx(51.13636, abs=1e-4)


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_a_touchpoint_moved_and_renamed_shows_both(at_root: None, fmt: str) -> None:
    out = run_jmap("diff", OLD, NEW, "--format", fmt).stdout
    assert (
        "→ moved “Asks a friend's parents” Discovery → Applying online:"
        " renamed from “Asks a friend”"
    ) in out


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_names_are_quoted_for_readers_not_with_python_repr(at_root: None, fmt: str) -> None:
    out = run_jmap("diff", OLD, NEW, "--format", fmt).stdout
    assert "friend's" in out and "“Uploads an ID”" in out and "+ “Avoid fees”" in out
    for leak in ("\\'", "\\'", "'Asks", "'Uploads", '"Asks'):
        assert leak not in out, leak


def test_importance_and_target_change_without_better_or_worse(at_root: None) -> None:
    out = run_jmap("diff", OLD, NEW).stdout
    assert "channel App → Web; importance 4 → 5\n" in out  # no ▲: not better or worse
    assert "target – → 4\n" in out
    assert "Moments of truth: 1 → 2 (+1)\n" in out
    assert "performance 3 → 4 ▲" in out and "Discovery: 3 → 1 ▼" in out


def test_an_emotion_drop_of_two_steps_is_a_regression(workdir: Path) -> None:
    (workdir / "a.jmap.yaml").write_text(CLEAN)
    # Collecting's emotion 4 → 2: two steps on 1-5; nothing else changes
    (workdir / "b.jmap.yaml").write_text(CLEAN.replace("emotion: 4", "emotion: 2"))
    (workdir / "c.jmap.yaml").write_text(CLEAN.replace("emotion: 4", "emotion: 3"))
    result = run_jmap("diff", "a.jmap.yaml", "b.jmap.yaml", "--fail-on-regression")
    assert result.exit_code == 1
    assert "✗ emotion in “Collecting” fell 4 → 2 (on 1–5)" in result.stdout
    one_step = run_jmap("diff", "a.jmap.yaml", "c.jmap.yaml", "--fail-on-regression")
    assert one_step.exit_code == 0 and "Regressions" not in one_step.stdout
    (workdir / "jmap.toml").write_text("[diff]\nemotion-drop = 1\n")
    assert run_jmap("diff", "a.jmap.yaml", "c.jmap.yaml", "--fail-on-regression").exit_code == 1
    (workdir / "jmap.toml").write_text("[diff]\nemotion-drop = 3\n")
    assert run_jmap("diff", "a.jmap.yaml", "b.jmap.yaml", "--fail-on-regression").exit_code == 0


def test_an_emotion_drop_is_judged_on_the_normalised_scale(workdir: Path) -> None:
    # on a 1-9 scale one 1-5 step is two steps: 7 → 5 (25 points) is not a regression,
    # 7 → 4 (37.5 points) is not either, 7 → 3 (50 points) is
    ten = CLEAN.replace("channels:", "scale: {min: 1, max: 9}\nchannels:")
    (workdir / "a.jmap.yaml").write_text(ten.replace("emotion: 4", "emotion: 7"))
    for new, fails in ((5, False), (4, False), (3, True)):
        (workdir / "b.jmap.yaml").write_text(ten.replace("emotion: 4", f"emotion: {new}"))
        result = run_jmap("diff", "a.jmap.yaml", "b.jmap.yaml", "--fail-on-regression")
        assert (result.exit_code == 1) is fails, (new, result.stdout)
    assert "✗ emotion in “Collecting” fell 7 → 3 (on 1–9)" in result.stdout


def test_no_change_exits_0(at_root: None) -> None:
    result = run_jmap("diff", OLD, OLD, "--fail-on-regression", "--exit-code")
    assert result.exit_code == 0
    assert "no changes in the journey" in result.stdout


def test_exit_code_flag_and_thresholds(workdir: Path) -> None:
    (workdir / "a.jmap.yaml").write_text(CLEAN)
    (workdir / "b.jmap.yaml").write_text(CLEAN.replace("performance: 3", "performance: 2"))
    assert run_jmap("diff", "a.jmap.yaml", "b.jmap.yaml").exit_code == 0
    assert run_jmap("diff", "a.jmap.yaml", "b.jmap.yaml", "--exit-code").exit_code == 1
    assert run_jmap("diff", "a.jmap.yaml", "b.jmap.yaml", "--fail-on-regression").exit_code == 1
    (workdir / "jmap.toml").write_text(
        "[diff]\nexperience-drop = 50\ngap-increase = 50\nmoment-of-truth-drop = 1\n"
    )
    assert run_jmap("diff", "a.jmap.yaml", "b.jmap.yaml", "--fail-on-regression").exit_code == 0


def git(cwd: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


def test_git_revisions(workdir: Path) -> None:
    git(workdir, "init", "-q")
    (workdir / "maps").mkdir()
    (workdir / "maps/p.persona.yaml").write_text("name: Amira\ngoals: [Travel]\n")
    inline = CLEAN[CLEAN.index("persona:") : CLEAN.index("channels:")]
    body = CLEAN.replace(inline, "persona: p.persona.yaml\n")
    (workdir / "maps/m.jmap.yaml").write_text(body)
    git(workdir, "add", "-A")
    git(workdir, "commit", "-qm", "v1")
    (workdir / "maps/m.jmap.yaml").write_text(body.replace("emotion: 4", "emotion: 2"))
    git(workdir, "commit", "-qam", "v2")
    (workdir / "maps/m.jmap.yaml").write_text(body.replace("emotion: 4", "emotion: 5"))

    working = run_jmap("diff", "maps/m.jmap.yaml", "--rev", "HEAD", "-f", "json")
    assert working.exit_code == 0, working.stderr
    doc = json.loads(working.stdout)
    assert doc["old"] == "HEAD:maps/m.jmap.yaml" and doc["new"] == "maps/m.jmap.yaml"
    assert doc["emotion"] == [{"stage": "Collecting", "old": 2, "new": 5}]
    between = json.loads(
        run_jmap("diff", "maps/m.jmap.yaml", "--rev", "HEAD~1..HEAD", "-f", "json").stdout
    )
    assert between["emotion"] == [{"stage": "Collecting", "old": 4, "new": 2}]

    unknown = run_jmap("diff", "maps/m.jmap.yaml", "--rev", "nope")
    assert unknown.exit_code == 2 and "unknown revision 'nope'" in unknown.stderr
    (workdir / "maps/new.jmap.yaml").write_text(body)
    missing = run_jmap("diff", "maps/new.jmap.yaml", "--rev", "HEAD")
    assert missing.exit_code == 2 and "not in revision HEAD" in missing.stderr + missing.stdout


def test_outside_a_repository_and_usage_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    (tmp_path / "m.jmap.yaml").write_text(CLEAN)
    outside = run_jmap("diff", "m.jmap.yaml", "--rev", "HEAD")
    assert outside.exit_code == 2 and "not inside a git repository" in outside.stderr
    assert run_jmap("diff", "m.jmap.yaml").exit_code == 2
    assert run_jmap("diff", "m.jmap.yaml", "gone.jmap.yaml").exit_code == 2
    (tmp_path / "bad.jmap.yaml").write_text("jmap: 1\n")
    invalid = run_jmap("diff", "m.jmap.yaml", "bad.jmap.yaml")
    assert invalid.exit_code == 1 and "JM002" in invalid.stderr
