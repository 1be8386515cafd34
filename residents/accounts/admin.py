"""The admin site for accounts, without the power to give roles (ACC-7).

System administrators create and deactivate accounts here. Roles, permissions and the superuser
flag are shown, never edited: a role is asked for on the account-change page and takes effect on
a security administrator's approval. A password of an account holding a role is reset the same
way; accounts are deactivated, never deleted (the append-only audit log names them). Second
factors hold secrets (a TOTP key, recovery codes) and are not on the admin site at all: the
holder sets one up, a security administrator resets it (residents/accounts/second_factor.py).
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from residents.accounts.forms import AdminSignInForm

admin.site.login_form = AdminSignInForm
admin.site.unregister(User)
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)


@admin.register(User)
class AccountAdmin(UserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("last_name", "first_name", "email")}),
        (_("Permissions"), {"fields": ("is_active", "roles")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("roles", "last_login", "date_joined")
    list_display = ("username", "last_name", "first_name", "is_active", "roles")
    list_filter = ("is_active", "groups")
    filter_horizontal = ()

    @admin.display(description=_("Roles"))
    def roles(self, user: User) -> str:
        return "、".join(user.groups.order_by("name").values_list("name", flat=True)) or "—"

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def user_change_password(self, request, id, form_url=""):
        target = self.get_object(request, id)
        if target is not None and (
            target.pk == request.user.pk
            or target.is_superuser
            or target.is_staff
            or target.groups.exists()
            or target.user_permissions.exists()
        ):
            # Resetting the password of someone holding a role would let the administrator
            # sign in as them: that goes through an approved account change instead.
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(GroupAdmin):
    """Roles are data migrations; the admin site only shows them."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
