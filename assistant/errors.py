"""The error every stage raises: a code, what went wrong, and what to do about it."""

from __future__ import annotations


class AssistantError(Exception):
    """An error a person can act on.

    ``code`` is a stable short name (``unauthorized``, ``config_invalid``...),
    ``message`` says what went wrong and ``fix`` says what to do about it.
    """

    code = "error"

    def __init__(self, message: str, *, fix: str = "", code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return f"{self.message} ({self.fix})" if self.fix else self.message

    def describe(self) -> str:
        """The one-paragraph text shown to a person."""
        if not self.fix:
            return self.message
        return f"{self.message}\n  fix: {self.fix}"
