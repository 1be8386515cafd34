"""The main menu of every signed-in page, declared once: four groups of links, each shown only
with the permission its page asks for. A group with no link for the user is left out.

The header renders it as one disclosure menu per group (templates/base.html); on a phone the
whole menu folds behind one button (static/js/app.js, static/css/app.css).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class MenuLink:
    url_name: str
    label: object
    # Any one of these permissions shows the link; "staff" means the admin site's staff flag.
    perms: tuple[str, ...]


MENU: tuple[tuple[str, object, tuple[MenuLink, ...]], ...] = (
    (
        "residents",
        pgettext_lazy("menu group", "Residents"),
        (
            MenuLink("residents:list", _("Residents"), ("residents.view_resident",)),
            MenuLink("residents:create", _("Register a resident"), ("residents.add_resident",)),
            MenuLink("residents:household_list", _("Households"), ("residents.view_household",)),
            MenuLink(
                "residents:worklists", _("Work lists"),
                ("residents.view_recheck", "residents.view_emergency"),
            ),
            MenuLink("imports:list", _("Imports"), ("residents.run_import",)),
            MenuLink(
                "casework:appointment_list", _("Appointments"), ("casework.view_appointment",)
            ),
        ),
    ),
    (
        "cases",
        pgettext_lazy("menu group", "Cases"),
        (
            MenuLink("casework:case_list", _("Cases"), ("casework.view_case",)),
            MenuLink(
                "casework:rectification_list", _("Rectifications"),
                ("casework.view_rectification",),
            ),
            MenuLink(
                "casework:catalogue_list", _("Affairs catalogue"), ("casework.view_affairitem",)
            ),
            MenuLink(
                "casework:calendar", _("Working-day calendar"), ("casework.view_calendarday",)
            ),
            MenuLink(
                "casework:duties_overview", _("Windows and duties"), ("casework.view_department",)
            ),
        ),
    ),
    (
        "community",
        pgettext_lazy("menu group", "Community"),
        (
            MenuLink(
                "reporters:report_list", _("Information reports"),
                ("reporters.file_report", "reporters.review_any_report"),
            ),
            MenuLink("residents:activity_list", _("Activities"), ("residents.view_activity",)),
            MenuLink(
                "residents:team_list", _("Volunteer teams"), ("residents.view_volunteerteam",)
            ),
            MenuLink(
                "casework:survey_summary", _("Satisfaction surveys"),
                ("casework.view_surveyresponse",),
            ),
            MenuLink(
                "casework:whistleblowing_list", _("Whistle-blowing"),
                ("casework.view_whistleblowingreport",),
            ),
            MenuLink(
                "casework:safety_list", _("Safety and environment"),
                ("casework.view_safetyrecord",),
            ),
            MenuLink(
                "casework:policy_manage", _("Policies and regulations"),
                ("casework.view_policy",),
            ),
        ),
    ),
    (
        "management",
        pgettext_lazy("menu group", "Management"),
        (
            MenuLink("residents:dashboard", _("Dashboard"), ("residents.view_dashboard",)),
            MenuLink(
                "residents:grant_list", _("Access requests"),
                ("residents.add_accessgrant", "residents.view_accessgrant"),
            ),
            MenuLink("casework:inspection_list", _("Supervision"), ("casework.view_inspection",)),
            MenuLink(
                "casework:assessment", _("Assessment"),
                ("casework.view_assessment", "casework.view_own_assessment"),
            ),
            MenuLink("archives:volume_list", _("Archives"), ("archives.view_volume",)),
            MenuLink(
                "archives:application_list", _("Archive access applications"),
                ("archives.add_accessapplication",),
            ),
            MenuLink(
                "casework:accountability", _("Accountability"),
                ("casework.view_accountabilityrecord",),
            ),
            MenuLink("audit:trail", _("Audit trail"), ("auditlog.view_logentry",)),
            MenuLink(
                "accounts:change_list", _("Account changes"), ("residents.view_accountchange",)
            ),
            MenuLink("jobs:list", _("Background jobs"), ("residents.view_job",)),
            MenuLink("backups:list", _("Backups"), ("residents.view_backupverification",)),
            MenuLink("admin:index", _("Administration"), ("staff",)),
        ),
    ),
)


def _shown(user, link: MenuLink, held: set[str] | None) -> bool:
    return any(
        user.is_staff if perm == "staff" else (perm in held if held is not None else True)
        for perm in link.perms
    )


def menu_for(user) -> list[dict]:
    # `user.has_perm(perm)` without an object is exactly this, asked of every backend once
    # for the whole menu instead of once per link (None: an active superuser holds all).
    if not user.is_active:
        held: set[str] | None = set()
    elif user.is_superuser:
        held = None
    else:
        held = user.get_all_permissions()
    groups = []
    for key, label, links in MENU:
        shown = [
            {"url": reverse(link.url_name), "label": link.label}
            for link in links
            if _shown(user, link, held)
        ]
        if shown:
            groups.append({"key": key, "label": label, "links": shown})
    return groups


_CURRENT = ' aria-current="page"'


def menu_html(groups: list[dict], path: str) -> str:
    """The menu's groups as the header's HTML (one disclosure per group, the current page's
    link marked), built here rather than by the template engine, which spent about a
    millisecond of every page on these loops. Every value is escaped."""
    items = []
    for group in groups:
        links = "".join(
            f'<li><a href="{escape(link["url"])}"{_CURRENT if link["url"] == path else ""}>'
            f'{escape(link["label"])}</a></li>'
            for link in group["links"]
        )
        items.append(
            f'\n        <li>\n          <details class="menu-group" data-menu-group>\n'
            f'            <summary>{escape(group["label"])}</summary>\n'
            f'            <ul class="submenu">\n              {links}\n            </ul>\n'
            f"          </details>\n        </li>"
        )
    return mark_safe("".join(items))  # noqa: S308 - every value went through escape


def main_menu(request) -> dict:
    """Context processor: the signed-in user's menu (nothing before the second factor)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(
        request, "second_factor_pending", False
    ):
        return {}
    return {"main_menu_html": menu_html(menu_for(user), request.path)}
