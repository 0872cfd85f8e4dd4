"""The `jmap` command line.

The typer app, one module per command group, shared options, usage errors, and the plain
pre-commit entry point that answers `jmap validate|lint FILE...` without typer.
"""
