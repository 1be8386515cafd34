"""The audit log is hash-chained: an edited or removed entry is found and named (ACC-12)."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from residents.audit.chain import verify_chain
from tests.database_roles import as_the_owner
from tests.factories import make_resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(front_desk):
    for _ in range(3):
        make_resident(actor=front_desk)
    entries = list(LogEntry.objects.order_by("pk").values_list("pk", flat=True))
    assert len(entries) >= 3
    return entries


def _as_owner(sql: str, params=()) -> None:
    """What the owner of the log's table could do (the application's role cannot): switch its
    append-only trigger off and edit the log."""
    with as_the_owner(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE auditlog_logentry DISABLE TRIGGER audit_log_append_only")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE auditlog_logentry ENABLE TRIGGER audit_log_append_only")


def test_an_untouched_log_verifies(logged, capsys):
    report = verify_chain()
    assert report.intact
    assert report.entries == len(logged)
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out


def test_each_entry_carries_its_position_and_a_hash_over_the_previous_one(logged):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT chain_seq, chain_hash FROM auditlog_logentry ORDER BY chain_seq"
        )
        rows = cursor.fetchall()
    assert [seq for seq, _hash in rows] == list(range(1, len(rows) + 1))
    assert len({digest for _seq, digest in rows}) == len(rows)


def test_an_edited_entry_is_named_as_the_first_broken_link(logged):
    victim = logged[1]
    _as_owner(
        "UPDATE auditlog_logentry SET object_repr = 'nothing happened' WHERE id = %s", [victim]
    )
    report = verify_chain()
    assert not report.intact
    assert report.broken_entry == victim
    assert report.reason == "altered"
    with pytest.raises(CommandError, match=f"entry {victim}"):
        call_command("audit_verify")


def test_a_removed_entry_breaks_the_chain_at_the_next_one(logged):
    _as_owner("DELETE FROM auditlog_logentry WHERE id = %s", [logged[1]])
    report = verify_chain()
    assert report.broken_entry == logged[2]
    assert report.reason == "missing_before"


def test_an_entry_slipped_in_with_the_chain_switched_off_is_found(logged, front_desk):
    with as_the_owner():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE auditlog_logentry DISABLE TRIGGER audit_log_chain")
        make_resident(actor=front_desk)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE auditlog_logentry ENABLE TRIGGER audit_log_chain")
    report = verify_chain()
    assert not report.intact
    assert report.reason == "unchained"


def test_entries_written_in_one_transaction_around_a_rolled_back_savepoint_chain_in_order(
    front_desk,
):
    # The trigger remembers the last link for the rest of the transaction; a savepoint rolled
    # back takes its entries and the remembered link with it.
    with transaction.atomic():
        make_resident(actor=front_desk)
        try:
            with transaction.atomic():
                make_resident(actor=front_desk)
                raise RuntimeError("undo")
        except RuntimeError:
            pass
        make_resident(actor=front_desk)
    make_resident(actor=front_desk)
    report = verify_chain()
    assert report.intact
    assert report.entries == LogEntry.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT chain_seq FROM auditlog_logentry ORDER BY chain_seq")
        assert [seq for (seq,) in cursor.fetchall()] == list(
            range(1, LogEntry.objects.count() + 1)
        )
