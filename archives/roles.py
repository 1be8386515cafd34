"""Archive permissions of each role (added to the groups by the archives' own migration)."""

from __future__ import annotations

from residents import roles

# Staff apply to view volumes; managers keep the catalogue, decide applications and destroy
# (a second manager approves what one proposed).
ROLE_PERMISSIONS: dict[str, list[str]] = {
    roles.FRONT_DESK: [
        "archives.view_volume", "archives.add_accessapplication", "archives.view_handover",
    ],
    roles.MANAGER: [
        "archives.view_volume",
        "archives.add_volume",
        "archives.change_volume",
        "archives.add_accessapplication",
        "archives.approve_accessapplication",
        "archives.destroy_volume",
        "archives.change_classretention",
        "archives.add_handover",
        "archives.view_handover",
        "archives.add_inspection",
        "archives.view_inspection",
    ],
    roles.AUDITOR: ["archives.view_volume"],
}
