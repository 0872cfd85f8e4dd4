"""The one Diagnostic type that flows from the loader, the schema and the rules to reporters."""

from __future__ import annotations

import enum
from dataclasses import dataclass

# Where a diagnostic points: a path into the data (keys and indexes), and a 1-based
# line and column in the file.
Loc = tuple[str | int, ...]
Pos = tuple[int, int]


class Severity(enum.IntEnum):
    """How serious a diagnostic is; the order matters for `--fail-on`."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()


class ExitCode(enum.IntEnum):
    """Process exit codes, the same for every command."""

    CLEAN = 0
    PROBLEMS = 1
    USAGE = 2


# Codes of failures that are not lint rules. A code never changes meaning once released.
SYNTAX = "JM001"  # not YAML: a syntax error, or more than one document
SCHEMA = "JM002"  # wrong type, missing or unknown field, off the scale, min >= max
ENCODING = "JM003"  # not UTF-8, binary, or a control character (raw or escaped)
DUPLICATE_KEY = "JM004"  # the same key twice in one mapping
UNSAFE = "JM005"  # anchors, aliases, tags other than YAML's own scalar types
LIMIT = "JM006"  # file too large, nesting too deep, number too large
DUPLICATE_ID = "JM007"  # two stages or two touchpoints with the same id
VOCABULARY = "JM008"  # a channel or owner outside the declared vocabulary
PERSONA_FILE = "JM009"  # a persona path that is missing, not a persona, or escapes the root
VERSION = "JM010"  # a format version this jmap does not support
UNSAFE_REWRITE = "JM011"  # fmt / --fix output that would not read back the same: not written
REFERENCE = "JM012"  # addresses, based_on, links[].map or an image path that points nowhere valid
BLUEPRINT = "JM013"  # a `supports` that points away from the customer, at itself, or in a circle
UNUSED_SUPPRESSION = "JM050"  # a `# jmap: disable=` comment that silences nothing
IO_ERROR = "JM900"  # a file that cannot be read (exit code 2)
CHECK_FAILED = "JM901"  # a file whose content made checking it fail in a way not yet foreseen

_NAMES: dict[str, str] = {
    SYNTAX: "yaml-syntax-error",
    SCHEMA: "schema-violation",
    ENCODING: "bad-encoding",
    DUPLICATE_KEY: "duplicate-key",
    UNSAFE: "unsafe-yaml",
    LIMIT: "limit-exceeded",
    DUPLICATE_ID: "duplicate-id",
    VOCABULARY: "unknown-vocabulary",
    PERSONA_FILE: "bad-persona-reference",
    VERSION: "unsupported-version",
    UNSAFE_REWRITE: "unsafe-rewrite",
    REFERENCE: "bad-reference",
    BLUEPRINT: "bad-blueprint",
    UNUSED_SUPPRESSION: "unused-suppression",
    IO_ERROR: "io-error",
    CHECK_FAILED: "check-failed",
}


def code_name(code: str) -> str:
    """The kebab-case name of a code ('JM004' → 'duplicate-key')."""
    return _NAMES.get(code, code)


def register_name(code: str, name: str) -> None:
    """Called by the rule registry so reporters can name lint codes too."""
    _NAMES[code] = name


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem found in a file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = Severity.ERROR
    hint: str | None = None

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)

    def __str__(self) -> str:
        """The compiler convention that editors and CI problem matchers read.

        The severity is a word, as gcc writes it (`error:`, `warning:`), so that it reads
        without colour and the editors' gcc problem matchers pick it up.
        """
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.code} {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "name": code_name(self.code),
            "severity": str(self.severity),
            "message": self.message,
            "hint": self.hint,
        }
