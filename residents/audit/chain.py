"""Checking the audit log's hash chain (ACC-12); the chain itself is kept by a database trigger
(migration residents/0009_audit_hash_chain)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

# Raw SQL on purpose: the chain columns belong to the trigger, not to auditlog's model, and the
# check is one window-function pass over the whole log rather than a Python loop.

# The first link whose stored position or hash does not follow from its predecessor, in one
# pass over the log in chain order. An entry written with the trigger disabled has no position.
_FIRST_BROKEN = """
WITH links AS (
    SELECT e.id, e.chain_seq, e.chain_hash,
           lag(e.chain_seq) OVER w AS previous_seq,
           audit_log_entry_digest(lag(e.chain_hash) OVER w, e) AS expected
    FROM auditlog_logentry e
    WHERE e.chain_seq IS NOT NULL
    WINDOW w AS (ORDER BY e.chain_seq)
)
SELECT id, chain_seq, chain_seq = coalesce(previous_seq, 0) + 1 AS in_sequence
FROM links
WHERE chain_hash IS DISTINCT FROM expected OR chain_seq <> coalesce(previous_seq, 0) + 1
ORDER BY chain_seq
LIMIT 1
"""


@dataclass(frozen=True)
class ChainReport:
    entries: int
    last_seq: int | None
    last_hash: str | None
    broken_entry: int | None = None  # the id of the first entry that does not follow
    broken_seq: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_entry is None


def verify_chain(cursor=None) -> ChainReport:
    """The chain of the application's database, or of the one a DB-API `cursor` is signed in
    to (a database just restored from a backup)."""
    if cursor is None:
        with connection.cursor() as own:
            return verify_chain(own)
    cursor.execute(
        "SELECT count(*), max(chain_seq) FROM auditlog_logentry WHERE chain_seq IS NOT NULL"
    )
    entries, last_seq = cursor.fetchone()
    cursor.execute(
        "SELECT chain_hash FROM auditlog_logentry WHERE chain_seq = %s", [last_seq]
    )
    row = cursor.fetchone()
    last_hash = row[0] if row else None
    cursor.execute("SELECT id FROM auditlog_logentry WHERE chain_seq IS NULL ORDER BY id")
    unchained = cursor.fetchone()
    cursor.execute(_FIRST_BROKEN)
    broken = cursor.fetchone()
    if broken is not None:
        entry, seq, in_sequence = broken
        # A gap explains the mismatch of the hash that follows it.
        reason = "altered" if in_sequence else "missing_before"
        return ChainReport(entries, last_seq, last_hash, entry, seq, reason)
    if unchained is not None:
        return ChainReport(entries, last_seq, last_hash, unchained[0], None, "unchained")
    return ChainReport(entries, last_seq, last_hash)
