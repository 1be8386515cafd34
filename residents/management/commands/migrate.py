"""Django's `migrate`, run as the database owner (DATABASE_OWNER_URL) when one is configured.

The application's own role may not create or alter tables (ACC-12, config/database_roles.py), so
`make migrate`, `make run`, `make test` and the test database's set-up all migrate as the owner
through this command, with no option to remember; after the migrations the owner grants the
application's role its privileges (post_migrate, residents/apps.py).
"""

from django.core.management.commands import migrate

from config.database_roles import as_owner


class Command(migrate.Command):
    def handle(self, *args, **options):
        with as_owner(options["database"]):
            return super().handle(*args, **options)
