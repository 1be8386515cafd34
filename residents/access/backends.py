"""Guardian's object-permission backend, with resident permissions answered by the access policy.

Guardian itself knows nothing of grant expiry; routing `user.has_perm(perm, resident)` through
`residents.access.policy` keeps one place deciding, so an expired grant is refused everywhere.
"""

from __future__ import annotations

from guardian.backends import ObjectPermissionBackend


class ResidentAwareObjectPermissionBackend(ObjectPermissionBackend):
    def has_perm(self, user_obj, perm, obj=None):
        from residents.access.policy import object_permission_codenames
        from residents.models import Resident

        if isinstance(obj, Resident):
            app_label, _, codename = perm.rpartition(".")
            if app_label and app_label != "residents":
                return False
            return codename in object_permission_codenames(user_obj, obj)
        return super().has_perm(user_obj, perm, obj)
