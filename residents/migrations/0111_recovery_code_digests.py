"""Recovery codes kept as keyed digests (residents.accounts.second_factor.stored_recovery_code):
codes stored before this migration, in clear, are replaced by their digests."""

from django.db import migrations
from django.utils.crypto import salted_hmac

# Frozen copies: a migration does not import the code it migrates.
SALT = "residents.accounts.recovery-code"
CLEAR_LENGTH = 8  # django-otp's random_token(); a digest has 16 characters


def digest_clear_codes(apps, schema_editor):
    StaticToken = apps.get_model("otp_static", "StaticToken")
    for token in StaticToken.objects.all():
        if len(token.token) == CLEAR_LENGTH:
            token.token = salted_hmac(SALT, token.token, algorithm="sha256").hexdigest()[:16]
            token.save(update_fields=["token"])


class Migration(migrations.Migration):

    dependencies = [
        ("residents", "0110_reprint_reason"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [
        migrations.RunPython(digest_clear_codes, migrations.RunPython.noop),
    ]
