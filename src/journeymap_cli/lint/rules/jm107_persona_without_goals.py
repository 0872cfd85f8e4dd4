"""JM107 persona-without-goals."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.report.diagnostics import Severity


@register
class PersonaWithoutGoals(Rule):
    """The persona has no goals.

    **What it does**: flags a persona without `goals`. A persona file shared by several
    maps is reported once, in that file.

    **Why it matters**: a journey is the story of someone trying to get something done.
    Without goals, nobody can judge whether a touchpoint helps or hinders them.

    **Example**:
    ```yaml
    persona:
      name: Sarah
    ```

    **Use instead**:
    ```yaml
    persona:
      name: Sarah
      goals: [A safe car for two children, under 450 EUR a month]
    ```
    """

    CODE = "JM107"
    NAME = "persona-without-goals"
    SUMMARY = "The persona has no goals"
    SEVERITY = Severity.WARNING
    PERSONA = True

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        if not ctx.persona.goals:
            yield Finding(ctx.persona_loc(), f"persona {ctx.persona.name!r} has no goals")
