"""The chain trigger (migration 0009) remembers the chain's last link for the rest of the
transaction, instead of looking it up again for every entry: a page of fifty residents writes
fifty read entries in one statement, an import chunk thousands.

The advisory lock the first entry takes is held until commit, so no other writer can chain in
between; the remembered link is a transaction-local setting, which PostgreSQL rolls back with
a rolled-back savepoint together with the entries written under it.
"""

from django.db import migrations

CHAIN = """
CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger AS $$
DECLARE
    previous_seq bigint;
    previous_hash text;
    tail text;
BEGIN
    -- One key for the whole log: held until commit, so the next writer sees this entry.
    PERFORM pg_advisory_xact_lock(7310001);
    tail := current_setting('jumin.audit_chain_tail', true);
    IF coalesce(tail, '') <> '' THEN
        previous_seq := split_part(tail, ' ', 1)::bigint;
        previous_hash := split_part(tail, ' ', 2);
    ELSE
        SELECT chain_seq, chain_hash INTO previous_seq, previous_hash
            FROM auditlog_logentry WHERE chain_seq IS NOT NULL
            ORDER BY chain_seq DESC LIMIT 1;
    END IF;
    NEW.chain_seq := coalesce(previous_seq, 0) + 1;
    NEW.chain_hash := audit_log_entry_digest(previous_hash, NEW);
    PERFORM set_config(
        'jumin.audit_chain_tail', NEW.chain_seq::text || ' ' || NEW.chain_hash, true
    );
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

CHAIN_BEFORE = """
CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger AS $$
DECLARE
    previous_seq bigint;
    previous_hash text;
BEGIN
    -- One key for the whole log: held until commit, so the next writer sees this entry.
    PERFORM pg_advisory_xact_lock(7310001);
    SELECT chain_seq, chain_hash INTO previous_seq, previous_hash
        FROM auditlog_logentry WHERE chain_seq IS NOT NULL
        ORDER BY chain_seq DESC LIMIT 1;
    NEW.chain_seq := coalesce(previous_seq, 0) + 1;
    NEW.chain_hash := audit_log_entry_digest(previous_hash, NEW);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("residents", "0153_fewer_resident_indexes"),
    ]

    operations = [migrations.RunSQL(CHAIN, CHAIN_BEFORE)]
