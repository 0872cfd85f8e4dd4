"""`jmap lint`: validate each map, then run the enabled rules and apply suppressions.

Severity and enablement come from the configuration, with each rule's default as the
fallback; rules only report where and what.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from fnmatch import fnmatch
from functools import partial
from pathlib import PurePath
from typing import Any

from journeymap_cli.fmt.edits import Fix
from journeymap_cli.io.loader import Limits, LoadedMap
from journeymap_cli.io.run import Run, load_all
from journeymap_cli.io.source import StdinSource
from journeymap_cli.io.stamp import Stamp
from journeymap_cli.io.yamlstream import Document
from journeymap_cli.lint import suppress
from journeymap_cli.lint.rules import Context, Rule, all_rules
from journeymap_cli.lint.settings import LintConfig
from journeymap_cli.report.diagnostics import UNUSED_SUPPRESSION, Diagnostic, Severity
from journeymap_cli.score.figures import score_map

SEVERITY_BY_NAME = {str(s): s for s in Severity}


@dataclass
class Selection:
    """Which rules run where, at which severity, with which options."""

    config: LintConfig
    extra_select: list[str] = field(default_factory=list)
    extra_ignore: list[str] = field(default_factory=list)

    def enabled(self, code: str, path: str) -> bool:
        select = self.extra_select or self.config.select
        if select is not None and not any(code.startswith(p) for p in select):
            return False
        ignore = [*self.config.ignore, *self.extra_ignore]
        if any(code.startswith(p) for p in ignore):
            return False
        posix = PurePath(path).as_posix()
        for glob, codes in self.config.per_file_ignores.items():
            if _matches(posix, glob) and any(code.startswith(p) for p in codes):
                return False
        return True

    def severity(self, rule: type[Rule]) -> Severity:
        setting = self.config.rules.get(rule.CODE)
        if setting is not None and setting.severity is not None:
            return SEVERITY_BY_NAME[setting.severity]
        return rule.SEVERITY

    def options(self, rule: type[Rule]) -> Any:
        setting = self.config.rules.get(rule.CODE)
        return setting.options if setting is not None else rule.Options()


def _matches(path: str, glob: str) -> bool:
    """`drafts/*.jmap.yaml` matches at any depth; `**/` is accepted too."""
    glob = glob.removeprefix("./")
    return (
        fnmatch(path, glob) or fnmatch(path, f"*/{glob}") or fnmatch(path, glob.replace("**/", ""))
    )


@dataclass
class LintedMap:
    path: str
    diagnostics: list[Diagnostic]
    fixes: list[tuple[str, Fix]]  # (code, fix) of fixable findings that were not silenced
    stamp: Stamp | None = None  # the file as it was linted: --fix rewrites only that


def lint_map(loaded: LoadedMap, selection: Selection) -> LintedMap:
    """The rule diagnostics of one valid map (call only when loaded.ok), and of its persona
    file for the rules that look only at the persona."""
    assert loaded.jmap is not None and loaded.persona is not None
    doc, text, stamp = loaded.parsed.document, loaded.parsed.text, loaded.parsed.stamp
    assert doc is not None and text is not None
    ctx = Context(
        jmap=loaded.jmap,
        persona=loaded.persona,
        persona_in_file=loaded.persona_parsed is not None,
        score=score_map(loaded.path, loaded.jmap, loaded.persona),
        data=doc.data,
        source=text,
        positions=doc.values,
        based_on=(
            None
            if loaded.based_on is None
            else score_map(loaded.jmap.based_on or "", loaded.based_on, None)
        ),
        details=loaded.details,
    )
    rules = all_rules()
    persona_file = loaded.persona_parsed
    if persona_file is None or persona_file.document is None or persona_file.text is None:
        linted = _run(rules, ctx, loaded.path, doc, text, selection)
        linted.stamp = stamp
        return linted
    linted = _run([r for r in rules if not r.PERSONA], ctx, loaded.path, doc, text, selection)
    linted.stamp = stamp
    persona_ctx = replace(
        ctx,
        data=persona_file.document.data,
        persona_root=(),
        source=persona_file.text,
        positions=persona_file.document.values,
    )
    in_persona = _run(
        [r for r in rules if r.PERSONA],
        persona_ctx,
        persona_file.path,
        persona_file.document,
        persona_file.text,
        selection,
    )
    linted.diagnostics += in_persona.diagnostics  # no persona rule has a fix
    return linted


def _run(
    rules: list[type[Rule]],
    ctx: Context,
    path: str,
    doc: Document,
    text: str,
    selection: Selection,
) -> LintedMap:
    """The enabled rules on one file (`doc`, `text`), suppressions of that file applied."""
    found: list[Diagnostic] = []
    fixes: dict[tuple[int, int, str], Fix] = {}
    ran: set[str] = set()
    for rule in rules:
        if not selection.enabled(rule.CODE, path):
            continue
        ran.add(rule.CODE)
        severity = selection.severity(rule)
        for finding in rule().check(ctx, selection.options(rule)):
            line, column = doc.locate(finding.loc, key=finding.key)
            found.append(Diagnostic(path, line, column, rule.CODE, finding.message, severity))
            if finding.fix is not None:
                fixes[(line, column, rule.CODE)] = finding.fix
    names = {r.NAME: r.CODE for r in all_rules()}
    kept = suppress.apply(found, text, names, path, ran)
    if not selection.enabled(UNUSED_SUPPRESSION, path):
        kept = [d for d in kept if d.code != UNUSED_SUPPRESSION]
    kept_fixes = [
        (d.code, fixes[(d.line, d.column, d.code)])
        for d in kept
        if (d.line, d.column, d.code) in fixes
    ]
    return LintedMap(path, kept, kept_fixes)


def _lint_one(loaded: LoadedMap, selection: Selection) -> tuple[list[Diagnostic], Any]:
    result = lint_map(loaded, selection)
    return result.diagnostics, (result if result.fixes else None)


def lint_all(
    paths: Sequence[str], limits: Limits, selection: Selection, stdin: StdinSource | None = None
) -> Run:
    """Validate every file; lint the maps that pass (`run.results`: maps with fixes)."""
    check = partial(_lint_one, selection=selection)
    return load_all(paths, limits, "lint", keep_maps=False, per_map=check, stdin=stdin)
