"""Exceptions → "could not run" (exit 2). Problems found in data are values, never exceptions.

The whole hierarchy:

    PublisherError              could not run; the CLI prints it and exits 2
    ├── ConfigError             a config file is missing, unreadable or invalid (names file and key)
    ├── InputError              the input tree or file cannot be used at all (missing root, ...)
    └── PortalError             the portal cannot be reached, refuses the token, or misbehaves

Problems in the data (a narrative without a title, a row that does not add up) are
`publisher.problems.Problem` values collected into reports; the exit code follows them.
"""

from __future__ import annotations


class PublisherError(Exception):
    """Something stopped the run; `hint` says what to do about it."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  → {self.hint}" if self.hint else self.message


class ConfigError(PublisherError):
    """A configuration file is missing, unreadable, or has an unknown key or a wrong type."""

    def __init__(self, file: str, key: str, problem: str, *, hint: str = "") -> None:
        where = f"{file}: {key}" if key else file
        super().__init__(f"{where}: {problem}", hint=hint)
        self.file = file
        self.key = key


class InputError(PublisherError):
    """The input (a tree, a folder, a descriptor) cannot be used at all."""


class PortalError(PublisherError):
    """The CKAN portal cannot be reached, refuses our credentials, or answers nonsense."""
