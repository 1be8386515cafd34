from __future__ import annotations


class ActionRefused(Exception):
    """A state change that the rules do not allow now; the message is shown to the user.

    `field` names the form field the refusal concerns, so a page can show the message next
    to it; None means the request as a whole.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
