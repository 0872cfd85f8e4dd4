"""Allow `python -m journeymap_cli`."""

from __future__ import annotations

from journeymap_cli.cli.entry import main

main()
