from django import template

from residents.common.staff import display_name

register = template.Library()


@register.filter
def staff_name(user) -> str:
    return display_name(user) if user is not None else ""
