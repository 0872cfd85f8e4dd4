"""`jmap serve`: options; the server, the site and the watcher live in serve/ (loaded only here)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from journeymap_cli.cli.options import ConfigOpt, MaxBytesOpt, fail, report_paths
from journeymap_cli.report.diagnostics import ExitCode


def serve(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="A map file, or folders (searched recursively) and files: the site `jmap"
            " render` would write from them. Default: the current folder.",
            show_default=False,
        ),
    ] = None,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            metavar="ADDRESS",
            help="The address to listen on. Anything but loopback lets others on the network"
            " read the maps (a warning says so).",
        ),
    ] = "127.0.0.1",
    port: Annotated[
        int,
        typer.Option(
            "--port", "-p", min=0, max=65535, metavar="PORT", help="The port; 0 picks a free one."
        ),
    ] = 8000,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the site in the default browser.")
    ] = False,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            metavar="FOLDER",
            help="A folder of Jinja templates overriding the packaged ones, file by file"
            " (watched too).",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        bool,
        typer.Option(
            "--date/--no-date", help="Show the date of the map's last git commit, as render does."
        ),
    ] = True,
    max_bytes: MaxBytesOpt = None,
    config_path: ConfigOpt = None,
) -> None:
    """Serve the rendered site from memory and reload it in the browser as the maps change."""
    if "-" in (paths or []):
        raise fail("serve reads files from the disk, not standard input ('-')")
    if template is not None and not template.is_dir():
        raise fail(f"{template}: no such template folder")
    if config_path is not None and not config_path.is_file():
        from journeymap_cli.cli.usage import not_a_file

        raise fail(not_a_file(config_path, "configuration file"))
    missing = [p for p in paths or [] if not Path(p).exists()]
    if missing:
        report_paths(missing, [])
        raise typer.Exit(ExitCode.USAGE)

    from journeymap_cli.serve.session import ServeError, run
    from journeymap_cli.serve.site import Settings

    settings = Settings(paths or ["."], template, config_path, max_bytes, date)
    try:
        code = run(settings, host, port, open_browser)
    except ServeError as exc:
        raise fail(str(exc)) from None
    raise typer.Exit(code)
