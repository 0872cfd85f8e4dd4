"""Allow `python -m journeymap_cli`."""

from __future__ import annotations

from journeymap_cli.entry import main

main()
