"""Signed slip scans move into the document store (ARC-7, REG-2).

Each existing scan file becomes a Document (SHA-256, size, type judged by content, the slip's
field groups, whoever recorded the signature as uploader); its old file is removed once the move
is committed. A scan whose file is missing or is no PDF/JPG/PNG becomes a document whose hash
matches no stored bytes: opening it is refused as damaged and reported to the system
administrators, never served.
"""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations, models, transaction

EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
BY_SUFFIX = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg",
             "jpeg": "image/jpeg"}


def move_scans(apps, schema_editor):
    from residents.documents.content import sniff

    Slip = apps.get_model("residents", "Slip")
    Document = apps.get_model("residents", "Document")
    for slip in Slip.objects.exclude(signed_scan="").exclude(signed_scan__isnull=True):
        name = slip.signed_scan.name
        try:
            with default_storage.open(name, "rb") as handle:
                data = handle.read()
        except (FileNotFoundError, OSError):
            data = b""
        content_type = sniff(data, ("pdf", "jpeg", "png")) if data else None
        if content_type is None:
            digest = hashlib.sha256(f"damaged slip scan {name}".encode()).hexdigest()
            content_type = BY_SUFFIX.get(name.rsplit(".", 1)[-1].lower(), "application/pdf")
        else:
            digest = hashlib.sha256(data).hexdigest()
            target = f"documents/{digest[:2]}/{digest}.{EXTENSIONS[content_type]}"
            if not default_storage.exists(target):
                default_storage.save(target, ContentFile(data))
            transaction.on_commit(lambda name=name: default_storage.delete(name))
        document = Document.objects.create(
            sha256=digest, size=len(data), content_type=content_type, kind="signed_slip",
            resident_id=slip.resident_id, field_groups=sorted(set(slip.field_groups)),
            uploaded_by_id=slip.signed_recorded_by_id or slip.printed_by_id,
        )
        Slip.objects.filter(pk=slip.pk).update(signed_document=document)


class Migration(migrations.Migration):

    dependencies = [
        ('residents', '0094_printed_forms'),
    ]

    operations = [
        migrations.AddField(
            model_name='slip',
            name='signed_document',
            field=models.ForeignKey(blank=True, null=True, on_delete=models.deletion.PROTECT, related_name='+', to='residents.document', verbose_name='signed scan'),
        ),
        migrations.RunPython(move_scans, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='slip',
            name='signed_scan',
        ),
    ]
