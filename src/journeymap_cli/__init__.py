"""jmap: customer journey maps as plain-text YAML, validated, linted, scored and rendered."""

from __future__ import annotations

__version__ = "0.2.0"
