"""How sensitive values look where the viewer may not see them in full."""

from __future__ import annotations


def mask_id_number(value: str) -> str:
    """110101199003071234 → 110101********1234 (area code and last four kept)."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def full_mask(value: str) -> str:
    """Audit-log mask: nothing of a sensitive value survives in the change history."""
    return "******" if value not in ("", "None") else value
