"""Help pages that read as words: metavars instead of type placeholders, summaries uncut.

typer 0.29 prints every argument's Python type beside its name (`paths... <list[str]>`)
even when a metavar is given, wraps required arguments in braces (`{path}`), and cuts
each command's summary in `jmap --help` to one line (`exit 1 if any...` at 80 columns).
These two classes, given to the app and to every command, print the metavar alone, the
usage line as man pages write it (`PATH`, `[PATH]...`), and summaries whole, wrapped.

`jmap --help` itself is printed from help.txt beside this module (entry.py), generated
from the app by `python -m journeymap_cli.cli.help > src/journeymap_cli/cli/help.txt`
and held equal to typer's own page by a test: it starts in a sixth of the time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from typer.core import TyperArgument, TyperCommand, TyperGroup

if TYPE_CHECKING:
    # typer vendors click as typer._click; these are the types its methods are declared with
    from typer._click import Context, HelpFormatter


def _argument_name(param: TyperArgument) -> str:
    name = param.metavar or (param.name or "").upper()
    return name + ("..." if param.nargs != 1 else "")


class JmapCommand(TyperCommand):
    """A command whose arguments show their metavar, not their Python type."""

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                name = param.metavar or (param.name or "").upper()
                name = name if param.required else f"[{name}]"
                pieces.append(name + ("..." if param.nargs != 1 else ""))
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if isinstance(param, TyperArgument):
                arguments.append((_argument_name(param), record[1]))
            else:
                options.append(record)
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        if options:
            with formatter.section("Options"):
                formatter.write_dl(options)


class JmapGroup(TyperGroup):
    """The `jmap` group: each command's summary printed whole, wrapped under its name."""

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                # a limit longer than any summary: click's default cuts it to one line
                rows.append((name, command.get_short_help_str(limit=1000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


if __name__ == "__main__":
    import os

    os.environ["COLUMNS"] = "80"  # the page as click lays it out on any terminal that wide
    import importlib

    # by name: this module is imported by the app it prints
    importlib.import_module("journeymap_cli.cli.app").app(["--help"], prog_name="jmap")
