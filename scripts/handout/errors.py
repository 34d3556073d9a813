"""One error type for every problem in the content that a person must fix."""

from __future__ import annotations

from pathlib import Path


class ContentError(Exception):
    """A problem in a source file, reported as ``file:line: message``."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.message}"


class ContentErrors(Exception):
    """Several content errors found in one pass."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))
