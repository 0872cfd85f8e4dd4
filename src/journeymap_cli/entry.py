"""The `jmap` console script: `--version` answers before the CLI framework is imported."""

from __future__ import annotations

import os
import sys


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        from journeymap_cli import __version__

        sys.stdout.write(f"jmap {__version__}\n")
        return
    # jmap uses no pydantic plugins; looking for them scans every installed package's
    # metadata (~20 ms of start-up). Set the variable yourself to override.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from journeymap_cli.cli import main as cli_main

    cli_main()
