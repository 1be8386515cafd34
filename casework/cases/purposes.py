"""Why a casework page read resident data (registered with the audit trail at start-up)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CasePurpose(models.TextChoices):
    CASE_LIST = "case_list", _("Case list")
    CASE_LIST_EXPORT = "case_list_export", _("Case list export")
    CASE_DETAIL = "case_detail", _("Case page")
    MATERIAL_SCAN = "material_scan", _("Opening the scan of a case material")
    WORKLIST_CASES_DUE = "worklist_cases_due", _("Work list of cases due")
    WORKLIST_RETURN_VISITS = "worklist_return_visits", _("Work list of return visits")
    CHANGE_OPEN = "change_open", _("Opening a change request")
    CHANGE_CONFIRM = "change_confirm", _("Confirming a change notice")
    CHANGE_NOTICE = "change_notice", _("Sending a change notice")
    UPDATE_SLIP = "update_slip", _("Printing the update confirmation slip")
    QUERY_OPEN = "query_open", _("Opening a query request")
    QUERY_RESULT = "query_result", _("Printing the query result slip")
    ONE_TIME_NOTICE = "one_time_notice", _("Printing the one-time notice")
    ACCEPTANCE_RECEIPT = "acceptance_receipt", _("Printing the acceptance receipt")
