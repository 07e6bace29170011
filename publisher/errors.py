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
    """Something stopped the run; `hint` says what to do about it.

    `message`/`hint` are in Bahasa Indonesia when `en`/`hint_en` give the English (the CLI
    shows the language chosen); errors raised with one text only show it in both.
    """

    def __init__(self, message: str, *, hint: str = "", en: str = "", hint_en: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.en = en or message
        self.hint_en = hint_en or hint

    def text(self, lang: str = "id") -> str:
        message, hint = (self.en, self.hint_en) if lang == "en" else (self.message, self.hint)
        return f"{message}\n  → {hint}" if hint else message

    def __str__(self) -> str:
        return self.text("id")


class ConfigError(PublisherError):
    """A configuration file is missing, unreadable, or has an unknown key or a wrong type."""

    def __init__(
        self, file: str, key: str, problem: str, *, hint: str = "", en: str = "", hint_en: str = ""
    ) -> None:
        where = f"{file}: {key}" if key else file
        english = f"{where}: {en}" if en else ""
        super().__init__(f"{where}: {problem}", hint=hint, en=english, hint_en=hint_en)
        self.file = file
        self.key = key


class InputError(PublisherError):
    """The input (a tree, a folder, a descriptor) cannot be used at all."""


class PortalError(PublisherError):
    """The CKAN portal cannot be reached, refuses our credentials, or answers nonsense."""
