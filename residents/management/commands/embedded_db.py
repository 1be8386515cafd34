from django.core.management.base import BaseCommand, CommandError

from config import embedded_db


class Command(BaseCommand):
    help = "Stop the embedded PostgreSQL server under var/ (it is started on demand)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["stop"])

    def handle(self, *args, **options):
        import os

        if os.environ.get("DATABASE_URL"):
            raise CommandError("DATABASE_URL is set: there is no embedded server to stop")
        embedded_db.stop()
        self.stdout.write("embedded PostgreSQL stopped")
