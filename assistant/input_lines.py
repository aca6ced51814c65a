"""Lines as people type or pipe them: odd bytes replaced, enormous lines cut, with a warning to show."""

from __future__ import annotations

from typing import IO, Iterator

from assistant.nlu.text import MAX_WORDS

MAX_LINE_CHARS = 10_000
"""Longer lines are cut before understanding (no command is that long); the answer says so."""


def read_lines(stream: IO[str]) -> Iterator[str]:
    """Lines of a text stream, undecodable bytes replaced rather than raising, line ends dropped."""
    binary = getattr(stream, "buffer", None)
    if binary is None:
        for line in stream:
            yield line.rstrip("\r\n")
        return
    for raw in binary:
        yield raw.decode("utf-8", errors="replace").rstrip("\r\n")


def prepare(line: str) -> tuple[str, str | None]:
    """The part of a line worth understanding, and a warning when it was empty, cut or very long."""
    if not line.strip():
        return "", "empty line"
    if len(line) > MAX_LINE_CHARS:
        return line[:MAX_LINE_CHARS], f"line cut to its first {MAX_LINE_CHARS} characters (it had {len(line)})"
    if len(line.split()) > MAX_WORDS:
        return line, f"only the first {MAX_WORDS} words were understood"
    return line, None
