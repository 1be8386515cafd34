"""The permission backends.

`PermissionSetBackend`: Django's model backend, with a user's permissions read in one query
instead of two (their own and their roles'); every signed-in page asks for them.

`ResidentAwareObjectPermissionBackend`: guardian's object-permission backend, with resident
permissions answered by the access policy. Guardian itself knows nothing of grant expiry;
routing `user.has_perm(perm, resident)` through `residents.access.policy` keeps one place
deciding, so an expired grant is refused everywhere.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from guardian.backends import ObjectPermissionBackend


def _permission_set_sql() -> str:
    user_model_permissions = Permission.user_set.through._meta.db_table
    group_permissions = Permission.group_set.through._meta.db_table
    user_groups = Group.user_set.through._meta.db_table
    return f"""
        SELECT ct.app_label, p.codename
        FROM {Permission._meta.db_table} p
        JOIN {ContentType._meta.db_table} ct ON ct.id = p.content_type_id
        WHERE p.id IN (
            SELECT permission_id FROM {user_model_permissions} WHERE user_id = %(user)s
            UNION
            SELECT gp.permission_id FROM {group_permissions} gp
            JOIN {user_groups} ug ON ug.group_id = gp.group_id
            WHERE ug.user_id = %(user)s
        )
    """


class PermissionSetBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if (
            user_obj.is_superuser
            or not user_obj.is_active
            or user_obj.is_anonymous
            or obj is not None
            or hasattr(user_obj, "_perm_cache")
        ):
            return super().get_all_permissions(user_obj, obj)
        with connection.cursor() as cursor:
            cursor.execute(_permission_set_sql(), {"user": user_obj.pk})
            user_obj._perm_cache = {f"{label}.{codename}" for label, codename in cursor}
        return user_obj._perm_cache


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
