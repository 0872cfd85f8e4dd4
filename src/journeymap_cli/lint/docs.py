"""Rule documentation from the registry: `jmap rules` and docs/rules.md."""

from __future__ import annotations

import inspect
import re

from journeymap_cli.lint.rules import Rule, all_rules


def options_of(rule: type[Rule]) -> list[tuple[str, str, str]]:
    """(option name as written in jmap.toml, default, description) of a rule."""
    out = []
    for name, info in rule.Options.model_fields.items():
        default = info.get_default(call_default_factory=True)
        shown = repr(default)
        out.append((name.replace("_", "-"), shown, info.description or ""))
    return out


def documentation(rule: type[Rule]) -> str:
    """The rule's docstring as Markdown, under a heading with its metadata."""
    doc = _body(inspect.cleandoc(rule.__doc__ or ""))
    lines = [
        f"## {rule.CODE} {rule.NAME}",
        "",
        f"{rule.SUMMARY}. Default severity: **{rule.SEVERITY}**."
        + (" Fixable with `jmap lint --fix`." if rule.FIXABLE else ""),
        "",
        doc,
    ]
    options = options_of(rule)
    if options:
        lines += ["", "**Options** (`[lint.rules." + rule.CODE + "]` in jmap.toml):", ""]
        lines += [f"- `{n}` (default `{d}`){': ' + t if t else ''}" for n, d, t in options]
    return "\n".join(lines) + "\n"


def _body(doc: str) -> str:
    """The docstring without its first paragraph: that one-line title is the code's
    business (Python's convention); users read SUMMARY, printed just above, instead."""
    first, _, rest = doc.partition("\n\n")
    return rest if rest and not first.startswith("**") else doc


def markdown() -> str:
    """docs/rules.md, generated: `python -m journeymap_cli.lint.docs > docs/rules.md`."""
    rules = all_rules()
    head = [
        "# Lint rules",
        "",
        "Generated from the rule registry by `python -m journeymap_cli.lint.docs`; a test",
        "keeps this file in sync. `jmap rules CODE` prints one rule's documentation.",
        "",
        "Codes: `JM1xx` completeness, `JM2xx` consistency and vocabulary, `JM3xx` experience",
        "and evidence, `JM4xx` text hygiene. `JM050` reports suppressions that silence",
        "nothing; `JM001`-`JM010` are validation errors (docs/output.md).",
        "",
        "| code | name | severity | fixable | summary |",
        "|---|---|---|---|---|",
    ]
    head += [
        f"| [{r.CODE}](#{r.CODE.lower()}-{r.NAME}) | `{r.NAME}` | {r.SEVERITY} | "
        f"{'yes' if r.FIXABLE else ''} | {r.SUMMARY} |"
        for r in rules
    ]
    body = [documentation(r) for r in rules]
    return "\n".join(head) + "\n\n" + "\n".join(body)


def plain(rule: type[Rule]) -> str:
    """The documentation as plain text (piped, or for a pager): no Markdown marks left.

    Headings lose their `#`, bold its `**`, code its backticks; code blocks lose their
    fences and are indented instead, so that examples still stand apart.
    """
    out, in_code = [], False
    for line in documentation(rule).splitlines():
        if line.startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            out.append("    " + line if line else "")
            continue
        line = re.sub(r"^#+ ", "", line)
        line = re.sub(r"\*\*(.+?)\*\*", r"\1", line)
        out.append(re.sub(r"`([^`]+)`", r"\1", line))
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(markdown())
