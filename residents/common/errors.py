from __future__ import annotations


class ActionRefused(Exception):
    """A state change that the rules do not allow now; the message is shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
