# The admin site's registrations live with the accounts subject.
from residents.accounts import admin  # noqa: F401
