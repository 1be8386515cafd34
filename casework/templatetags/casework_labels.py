from django import template
from django.utils.translation import gettext as _

from casework.engine.workflows import action_label, status_label

register = template.Library()

# Steps that are not transitions of a workflow.
_OTHER_ACTIONS = {
    "open": lambda: _("Opened"),
    "receive_material": lambda: _("Material received"),
    "return_visit": lambda: _("Return visit"),
    "publish": lambda: _("Published on the public board"),
    "unpublish": lambda: _("Withdrawn from the public board"),
    "reassign": lambda: _("Handler reassigned"),
}


@register.filter
def case_status(status: str) -> str:
    return str(status_label(status)) if status else ""


@register.filter
def step_action(step, kind: str) -> str:
    if step.action in _OTHER_ACTIONS:
        return _OTHER_ACTIONS[step.action]()
    return str(action_label(kind, step.action))
