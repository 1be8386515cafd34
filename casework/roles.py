"""Casework permissions of each role (added to the groups by casework's own migrations)."""

from __future__ import annotations

from residents import roles

ROLE_PERMISSIONS: dict[str, list[str]] = {
    roles.FRONT_DESK: ["casework.view_calendarday"],
    roles.MANAGER: [
        "casework.view_calendarday",
        "casework.add_calendarday",
        "casework.change_calendarday",
        "casework.delete_calendarday",
    ],
}
