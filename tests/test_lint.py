"""`jmap lint` and `jmap rules`: registry, configuration, suppressions, exit codes, --fix."""

from __future__ import annotations

import difflib
import inspect
import json
import os
import re
import stat
from pathlib import Path

import pytest

from helpers import CLEAN, EXAMPLES, ROOT, run_jmap
from journeymap_cli.lint.docs import markdown
from journeymap_cli.lint.rules import DOC_SECTIONS, all_rules

# JM102 at 31:9 (and Front office leaves the teams, so that it is not a JM202 too)
NO_OWNER = CLEAN.replace("        owner: Front office\n", "").replace(
    "teams: [Digital, Front office]", "teams: [Digital]"
)
NO_EMOTION = CLEAN.replace("    emotion: 4\n", "")  # JM104 at 25:5


def write(workdir: Path, text: str, name: str = "m.jmap.yaml") -> None:
    (workdir / name).write_text(text, encoding="utf-8")


# --- the registry --------------------------------------------------------------------------


def test_at_least_18_rules_with_stable_metadata() -> None:
    rules = all_rules()
    assert len(rules) >= 18
    assert len({r.CODE for r in rules}) == len({r.NAME for r in rules}) == len(rules)
    for rule in rules:
        assert rule.CODE[:3] == "JM" + rule.CODE[2] and rule.CODE[2] in "1234"
        assert rule.NAME.lower() == rule.NAME and " " not in rule.NAME and "_" not in rule.NAME
        assert rule.SUMMARY and not rule.SUMMARY.endswith(".")


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.CODE)
def test_every_rule_has_its_documentation_sections(rule: type) -> None:
    doc = inspect.cleandoc(rule.__doc__ or "")
    for section in DOC_SECTIONS:
        assert f"**{section}**" in doc, f"{rule.CODE} lacks '{section}'"


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.CODE)
def test_rules_code_says_each_sentence_once(rule: type) -> None:
    """`jmap rules JM307` printed its summary twice (SUMMARY, then the docstring's title)."""
    shown = run_jmap("rules", rule.CODE).stdout
    assert shown.count(rule.SUMMARY) == 1
    title = inspect.cleandoc(rule.__doc__ or "").partition("\n\n")[0]
    assert title not in shown.split("\n", 3)[3]  # below the heading and the summary line
    paragraphs = [p for p in shown.split("\n\n") if p.strip()]
    assert len(paragraphs) == len(set(paragraphs))


def test_docs_rules_md_is_generated_from_the_registry() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == markdown(), (
        "docs/rules.md is stale: python -m journeymap_cli.lint.docs > docs/rules.md"
    )


def test_rules_command_lists_and_documents() -> None:
    listing = run_jmap("rules")
    assert listing.exit_code == 0
    for rule in all_rules():
        assert rule.CODE in listing.stdout and rule.NAME in listing.stdout
    one = run_jmap("rules", "touchpoint-without-owner")
    assert one.exit_code == 0
    # piped (the runner is not a terminal): plain text, no Markdown marks
    assert one.stdout.startswith("JM102 touchpoint-without-owner\n")
    assert "Why it matters" in one.stdout
    assert "##" not in one.stdout and "`" not in one.stdout and "**" not in one.stdout
    unknown = run_jmap("rules", "JM999")
    assert unknown.exit_code == 2 and "unknown rule" in unknown.stderr


# --- running ---------------------------------------------------------------------------------


def test_bundled_examples_lint_clean() -> None:
    result = run_jmap("lint", str(EXAMPLES))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.endswith("files checked, no problems\n")


def test_invalid_maps_report_validation_errors_and_are_not_linted(workdir: Path) -> None:
    write(workdir, NO_OWNER.replace("emotion: 3", "emotion: 8"))
    result = run_jmap("lint", "m.jmap.yaml")
    assert result.exit_code == 1
    assert [p[3] for p in result.problems()] == ["JM002"]


def test_fail_on_exit_zero_and_severity(workdir: Path) -> None:
    write(workdir, NO_EMOTION.replace("    feelings: [relieved]\n", ""))  # JM104 + JM106 (info)
    assert run_jmap("lint", "m.jmap.yaml").exit_code == 1  # default: warnings fail
    assert run_jmap("lint", "--fail-on", "error", "m.jmap.yaml").exit_code == 0
    assert run_jmap("lint", "--ignore", "JM104", "m.jmap.yaml").exit_code == 0  # info only
    assert run_jmap("lint", "--ignore", "JM104", "--fail-on", "info", "m.jmap.yaml").exit_code == 1
    assert run_jmap("lint", "--exit-zero", "m.jmap.yaml").exit_code == 0
    (workdir / "jmap.toml").write_text('[lint]\nfail-on = "error"\n')
    assert run_jmap("lint", "m.jmap.yaml").exit_code == 0
    (workdir / "jmap.toml").write_text('[lint.rules.JM106]\nseverity = "error"\n')
    result = run_jmap("lint", "--format", "json", "m.jmap.yaml")
    severities = {d["code"]: d["severity"] for d in json.loads(result.stdout)["diagnostics"]}
    assert severities == {"JM104": "warning", "JM106": "error"}


def test_select_and_ignore_by_prefix_code_and_name(workdir: Path) -> None:
    write(workdir, NO_OWNER.replace("    emotion: 4\n", ""))  # JM102, JM104
    codes = lambda *a: [p[3] for p in run_jmap("lint", *a, "m.jmap.yaml").problems()]  # noqa: E731
    assert codes() == ["JM104", "JM102"]
    assert codes("--select", "JM10") == ["JM104", "JM102"]
    assert codes("--select", "stage-without-emotion") == ["JM104"]
    assert codes("--ignore", "JM102,JM104") == []
    assert run_jmap("lint", "--select", "JM999", "m.jmap.yaml").exit_code == 2


def test_configuration_select_ignore_and_per_file_ignores(workdir: Path) -> None:
    (workdir / "drafts").mkdir()
    write(workdir, NO_OWNER)
    write(workdir, NO_OWNER, "drafts/d.jmap.yaml")
    (workdir / "jmap.toml").write_text(
        '[lint]\nselect = ["JM1"]\n[lint.per-file-ignores]\n"drafts/*.jmap.yaml" = ["JM102"]\n'
    )
    result = run_jmap("lint", ".")
    assert [(p[0], p[3]) for p in result.problems()] == [("m.jmap.yaml", "JM102")]
    (workdir / "jmap.toml").write_text('[lint]\nignore = ["touchpoint-without-owner"]\n')
    assert run_jmap("lint", ".").problems() == []


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        (
            "[lint]\nselct = []\n",
            "jmap.toml:2: unknown key 'selct' in [lint]; did you mean 'select'",
        ),
        ('[lint]\nselect = ["JM999"]\n', "jmap.toml:2: select: unknown rule 'JM999'"),
        ('[lint]\nfail-on = "never"\n', "jmap.toml:2: fail-on must be one of"),
        (
            "[lint.rules.JM404]\nmax-touchpoint = 3\n",
            "jmap.toml:2: JM404: unknown option 'max-touchpoint'; did you mean 'max-touchpoints'",
        ),
        (
            '[lint.rules.JM404]\n\nmax-touchpoints = "3"\n',
            "jmap.toml:3: JM404: option 'max-touchpoints'",
        ),
        ('[lint.rules.JM102]\nseverity = "fatal"\n', "jmap.toml:2: JM102: severity must be one of"),
        ("[lint.rules.JM777]\nseverity = 'info'\n", "jmap.toml:1: unknown rule 'JM777'"),
    ],
)
def test_configuration_errors_name_the_line(workdir: Path, toml: str, words: str) -> None:
    write(workdir, CLEAN)
    (workdir / "jmap.toml").write_text(toml)
    result = run_jmap("lint", ".")
    assert result.exit_code == 2
    assert words in result.stderr
    # found from the working folder, named as typed: no absolute path in a shared CI log
    assert result.stderr.startswith(f"jmap: error: {words}"), result.stderr


def test_statistics(workdir: Path) -> None:
    write(workdir, NO_OWNER.replace("    emotion: 4\n", ""))
    out = run_jmap("lint", "--statistics", "m.jmap.yaml").stdout
    assert "    1  JM102  touchpoint-without-owner" in out
    assert "    1  JM104  stage-without-emotion" in out


def test_formats(workdir: Path) -> None:
    write(workdir, NO_OWNER)
    doc = json.loads(run_jmap("lint", "-f", "json", "m.jmap.yaml").stdout)
    assert doc["command"] == "lint"
    assert doc["diagnostics"][0]["name"] == "touchpoint-without-owner"
    github = run_jmap("lint", "-f", "github", "m.jmap.yaml").stdout
    assert github.startswith("::warning file=m.jmap.yaml,line=31,col=9,title=JM102::")
    sarif = json.loads(run_jmap("lint", "-f", "sarif", "m.jmap.yaml").stdout)
    assert sarif["runs"][0]["results"][0]["level"] == "warning"


# --- suppressions ----------------------------------------------------------------------------


def test_end_of_line_own_line_and_file_suppressions(workdir: Path) -> None:
    eol = NO_OWNER.replace(
        "      - name: Collects at the counter\n",
        "      - name: Collects at the counter  # jmap: disable=JM102 -- owner being hired\n",
    )
    write(workdir, eol)
    assert run_jmap("lint", "m.jmap.yaml").problems() == []
    own = NO_OWNER.replace(
        "      - name: Collects at the counter\n",
        "      # jmap: disable=touchpoint-without-owner -- counter staff are contractors\n"
        "      - name: Collects at the counter\n",
    )
    write(workdir, own)
    assert run_jmap("lint", "m.jmap.yaml").problems() == []
    whole = "# jmap: disable-file=JM102\n" + NO_OWNER
    write(workdir, whole)
    assert run_jmap("lint", "m.jmap.yaml").problems() == []


def test_a_suppression_only_covers_its_node(workdir: Path) -> None:
    text = NO_OWNER.replace("  - name: Applying\n", "  - name: Applying  # jmap: disable=JM102\n")
    write(workdir, text)
    problems = run_jmap("lint", "m.jmap.yaml").problems()
    assert ("m.jmap.yaml", 31, 9, "JM102") in problems  # still reported where it is
    assert ("m.jmap.yaml", 10, 21, "JM050") in problems  # and the comment is unused


def test_unused_and_unknown_suppressions_are_reported(workdir: Path) -> None:
    text = CLEAN.replace(
        "  - name: Collecting\n", "  # jmap: disable=JM104,JM999\n  - name: Collecting\n"
    )
    write(workdir, text)
    result = run_jmap("lint", "m.jmap.yaml")
    assert result.exit_code == 1
    assert result.problems() == [("m.jmap.yaml", 25, 3, "JM050"), ("m.jmap.yaml", 25, 3, "JM050")]
    messages = " ".join(result.messages())
    assert "unused suppression of JM104" in messages and "unknown rule 'JM999'" in messages


def test_suppressions_of_rules_that_did_not_run_are_not_unused(workdir: Path) -> None:
    """Like ruff's RUF100: only a suppression of a rule that ran can be called unused."""
    text = CLEAN.replace(
        "  - name: Collecting\n", "  # jmap: disable=JM104,JM999\n  - name: Collecting\n"
    )
    write(workdir, text)
    # selected rules only: JM050 too must be selected to be reported
    assert run_jmap("lint", "--select", "JM3", "m.jmap.yaml").problems() == []
    assert run_jmap("lint", "--select", "JM3,JM050", "m.jmap.yaml").messages() == [
        "suppression names an unknown rule 'JM999'"  # JM104 did not run: not unused
    ]
    assert run_jmap("lint", "--ignore", "JM104", "m.jmap.yaml").messages() == [
        "suppression names an unknown rule 'JM999'"
    ]
    assert run_jmap("lint", "--select", "JM3,JM104,JM050", "m.jmap.yaml").messages() == [
        "unused suppression of JM104 (JM104): nothing to silence here",
        "suppression names an unknown rule 'JM999'",
    ]
    for ignore in ("JM050", "unused-suppression"):
        assert run_jmap("lint", "--ignore", ignore, "m.jmap.yaml").problems() == []
    (workdir / "jmap.toml").write_text('[lint]\nignore = ["unused-suppression"]\n')
    assert run_jmap("lint", "m.jmap.yaml").problems() == []


def test_thousands_of_suppressions_each_silence_their_own_line(workdir: Path) -> None:
    """Each finding is matched with the directives of its own line and of the file (not
    every directive: 16,000 suppressed stages took 4 min 43 s)."""
    stages = "".join(
        f"  - name: Stage {i}  # jmap: disable=JM101,JM105,JM106\n    emotion: 3\n"
        for i in range(3000)
    )
    write(workdir, CLEAN.replace("stages:\n", "stages:\n" + stages))
    result = run_jmap("lint", "--select", "JM101,JM105,JM106,JM050", "m.jmap.yaml")
    # every stage's findings are silenced on its own line; none leaks to another stage
    assert result.problems() == []
    lines = stages.splitlines()
    lines[2 * 1234] = "  - name: Stage 1234  # jmap: disable=JM101,JM105"
    write(workdir, CLEAN.replace("stages:\n", "stages:\n" + "\n".join(lines) + "\n"))
    problems = run_jmap("lint", "--select", "JM101,JM105,JM106,JM050", "m.jmap.yaml").problems()
    assert problems == [("m.jmap.yaml", 10 + 2 * 1234, 5, "JM106")]  # stages: at line 9


# --- --fix -------------------------------------------------------------------------------------


def test_fix_trims_drops_empty_items_keeps_comments_order_and_permissions(workdir: Path) -> None:
    text = "# a comment at the top\n" + CLEAN.replace(
        "owner: Front office", 'owner: "Front office  "  # trailing comment'
    ).replace(
        "    actions: [Picks up the passport]", '    actions: [Picks up the passport, "", Signs]'
    ).replace("    feelings: [hopeful]", "    # feelings of the applicant\n    feelings: [hopeful]")
    write(workdir, text)
    path = workdir / "m.jmap.yaml"
    os.chmod(path, 0o640)
    before = run_jmap("lint", "m.jmap.yaml").problems()
    assert sorted(p[3] for p in before) == ["JM401", "JM402"]
    result = run_jmap("lint", "--fix", "m.jmap.yaml")
    assert result.exit_code == 0, result.stdout
    assert "fixed 2 problems in 1 file" in result.stderr
    fixed = path.read_text()
    assert re.search(r'owner: "Front office" +# trailing comment', fixed)
    assert "actions: [Picks up the passport, Signs]" in fixed
    for comment in ("# a comment at the top", "# feelings of the applicant"):
        assert comment in fixed
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert fixed.index("Applying") < fixed.index("Collecting")


# CLEAN with an untrimmed (JM401) and an empty (JM402) feeling, in a block list
TO_FIX = CLEAN.replace(
    "    feelings: [hopeful]\n",
    '    feelings:\n      - hopeful\n      - "  nervous"  # said in two interviews\n      - ""\n',
)


@pytest.mark.parametrize(
    "layout", [(2, 4, 2), (4, 6, 4), (2, 2, 0), (4, 4, 0)], ids=["canonical", "4", "2-0", "4-0"]
)
def test_fix_changes_only_the_lines_it_fixes_in_any_indentation(
    workdir: Path, layout: tuple[int, int, int]
) -> None:
    """4 spaces, dashes flush with their key, ...: the file keeps its indentation."""
    from journeymap_cli.fmt.rewrite import Layout, dump, load

    text = dump(load(TO_FIX), Layout(*layout))
    write(workdir, text)
    path = workdir / "m.jmap.yaml"
    assert sorted(p[3] for p in run_jmap("lint", "m.jmap.yaml").problems()) == [
        "JM401",
        "JM402",
    ]
    result = run_jmap("lint", "--fix", "m.jmap.yaml")
    assert "fixed 2 problems in 1 file" in result.stderr, result.stdout
    changed = [
        line
        for line in difflib.unified_diff(text.splitlines(), path.read_text().splitlines())
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert [line.replace(" ", "") for line in changed] == [
        '--"nervous"#saidintwointerviews',
        '--""',
        '+-"nervous"#saidintwointerviews',
    ]


def test_fix_leaves_invalid_files_alone(workdir: Path) -> None:
    text = CLEAN.replace("owner: Front office", 'owner: "Front office "').replace(
        "emotion: 4", "emotion: 9"
    )
    write(workdir, text)
    assert run_jmap("lint", "--fix", "m.jmap.yaml").exit_code == 1
    assert (workdir / "m.jmap.yaml").read_text() == text
