"""The audit log is hash-chained (ACC-12): each entry stores a hash over its own content and the
previous entry's hash, so that an edited, removed or inserted entry breaks the chain and
`manage.py audit_verify` names the first broken link.

The chain position and hash are set by a BEFORE INSERT trigger under a transaction-scoped
advisory lock: a transaction that writes audit entries chains after every entry committed
before it, so the order is safe under concurrent inserts (writers queue for the lock until
commit). Existing entries are chained in id order once, here.
"""

from django.db import migrations

# Unit separator between fields: it cannot appear in any of them unescaped.
DIGEST = """
CREATE OR REPLACE FUNCTION audit_log_entry_digest(previous text, e auditlog_logentry)
RETURNS text AS $$
    SELECT encode(sha256(convert_to(concat_ws(chr(31),
        coalesce(previous, ''), e.chain_seq::text, e.content_type_id::text, e.object_pk,
        coalesce(e.object_id::text, ''), e.object_repr, e.action::text,
        coalesce(e.changes::text, ''), coalesce(e.changes_text, ''),
        to_char(e.timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
        coalesce(e.actor_id::text, ''), coalesce(e.actor_email, ''),
        coalesce(e.remote_addr::text, ''), coalesce(e.remote_port::text, ''),
        coalesce(e.additional_data::text, ''), coalesce(e.serialized_data::text, ''),
        coalesce(e.cid, '')
    ), 'UTF8')), 'hex')
$$ LANGUAGE sql IMMUTABLE;
"""

CHAIN = """
ALTER TABLE auditlog_logentry ADD COLUMN chain_seq bigint, ADD COLUMN chain_hash text;
CREATE UNIQUE INDEX auditlog_logentry_chain_seq ON auditlog_logentry (chain_seq);
""" + DIGEST + """
ALTER TABLE auditlog_logentry DISABLE TRIGGER audit_log_append_only;
DO $$
DECLARE
    entry auditlog_logentry;
    position bigint := 0;
    previous text := NULL;
BEGIN
    FOR entry IN SELECT * FROM auditlog_logentry ORDER BY id LOOP
        position := position + 1;
        entry.chain_seq := position;
        previous := audit_log_entry_digest(previous, entry);
        UPDATE auditlog_logentry SET chain_seq = position, chain_hash = previous
            WHERE id = entry.id;
    END LOOP;
END $$;
ALTER TABLE auditlog_logentry ENABLE TRIGGER audit_log_append_only;

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

CREATE TRIGGER audit_log_chain
    BEFORE INSERT ON auditlog_logentry
    FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
"""

UNCHAIN = """
DROP TRIGGER IF EXISTS audit_log_chain ON auditlog_logentry;
DROP FUNCTION IF EXISTS audit_log_chain();
DROP FUNCTION IF EXISTS audit_log_entry_digest(text, auditlog_logentry);
DROP INDEX IF EXISTS auditlog_logentry_chain_seq;
ALTER TABLE auditlog_logentry DROP COLUMN IF EXISTS chain_seq, DROP COLUMN IF EXISTS chain_hash;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("residents", "0008_account_changes"),
        ("auditlog", "__latest__"),
    ]

    operations = [migrations.RunSQL(CHAIN, UNCHAIN)]
