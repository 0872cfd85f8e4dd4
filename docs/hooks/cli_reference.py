"""mkdocs hook: the command reference page, written from jmap's own command tree at build time."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

PAGE = "reference.md"


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add reference.md to the site: generated, never committed, so it cannot drift."""
    from mkdocs.structure.files import File

    files.append(File.generated(config, PAGE, content=reference()))
    return files


def reference() -> str:
    """The Markdown of every command: its help, usage line, arguments and options."""
    import typer.main
    from typer.core import TyperGroup

    from journeymap_cli import __version__
    from journeymap_cli.cli.app import app

    root = typer.main.get_command(app)
    assert isinstance(root, TyperGroup)
    context = root.make_context("jmap", ["--help"], resilient_parsing=True)
    commands = [
        (name, command)
        for name in root.list_commands(context)
        if (command := root.get_command(context, name)) is not None and not command.hidden
    ]
    lines = [
        "# Command reference",
        "",
        f"Every command and option of jmap {__version__}, as `jmap COMMAND --help` prints them "
        "(this page is generated from the command line itself when the site is built). "
        "`journeymap` is the same program under a name no other tool takes.",
        "",
        "| command | what it does |",
        "|---|---|",
        *(
            f"| [`jmap {name}`](#jmap-{name}) | {_cell(command.get_short_help_str(limit=1000))} |"
            for name, command in commands
        ),
        "",
        *_section("jmap", root, context, level=2),
    ]
    for name, command in commands:
        sub = command.make_context(name, [], parent=context, resilient_parsing=True)
        lines += _section(f"jmap {name}", command, sub, level=2)
    return "\n".join(lines)


def _section(title: str, command: Any, context: Any, level: int) -> list[str]:
    usage = " ".join([title, *command.collect_usage_pieces(context)])
    lines = ["#" * level + f" {title}", "", _prose(command.help or ""), "", "```", usage, "```", ""]
    arguments, options = [], []
    for param in command.get_params(context):
        record = param.get_help_record(context)
        if record is None:
            continue
        if param.param_type_name == "argument":
            name = param.metavar or (param.name or "").upper()
            arguments.append((name + ("..." if param.nargs != 1 else ""), record[1]))
        else:
            options.append(record)
    for heading, rows in (("Arguments", arguments), ("Options", options)):
        if rows:
            lines += [f"**{heading}**", "", f"| {heading[:-1].lower()} | meaning |", "|---|---|"]
            lines += [f"| `{_cell(name, code=True)}` | {_cell(text)} |" for name, text in rows]
            lines.append("")
    return lines


def _prose(text: str) -> str:
    """A docstring's paragraphs as Markdown paragraphs (click's \\b markers dropped)."""
    paragraphs = [p.replace("\b\n", "").strip() for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(_escape(p) for p in paragraphs if p)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell(text: str, code: bool = False) -> str:
    """One table cell on one line; a pipe outside a code span would end the cell."""
    text = " ".join(text.split())
    return text if code else _escape(text).replace("|", "\\|")
