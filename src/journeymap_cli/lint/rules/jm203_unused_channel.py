"""JM203 unused-channel."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap_cli.lint.rules import Context, Finding, NoOptions, Rule, register
from journeymap_cli.lint.rules._vocabulary import unused
from journeymap_cli.report.diagnostics import Severity


@register
class UnusedChannel(Rule):
    """A declared channel is never used.

    **What it does**: flags an entry of `channels` that no touchpoint uses.

    **Why it matters**: a channel the company offers but the persona never touches is a
    finding in itself (is it invisible? redundant?), or a sign the map is incomplete.

    **Example**:
    ```yaml
    channels: [Website, Phone, Chat]
    # ...no touchpoint has channel: Chat
    ```

    **Use instead**: map the chat touchpoints, or remove Chat from `channels` and note
    why in the stage's opportunities.
    """

    CODE = "JM203"
    NAME = "unused-channel"
    SUMMARY = "A declared channel is never used"
    SEVERITY = Severity.INFO

    def check(self, ctx: Context, options: NoOptions) -> Iterator[Finding]:
        yield from unused(ctx, "channels", "channel", "channel {name!r} is declared but never used")
