"""Reporter permissions of each role (added to the groups by the reporters' own migrations)."""

from __future__ import annotations

from residents import roles

ROLE_PERMISSIONS: dict[str, list[str]] = {
    roles.REPORTER: ["reporters.file_report", "reporters.log_emergency_call"],
    roles.FRONT_DESK: ["reporters.log_emergency_call"],
    roles.MANAGER: [
        "reporters.manage_reporters",
        "reporters.review_any_report",
        "reporters.log_emergency_call",
        "reporters.approve_disclosure",
    ],
}
