"""Fill a database with synthetic residents, households and audit entries, fast (COPY).

    from bench.fill import fill
    report = fill(residents=1_000_000, audit_entries=10_000_000)

Django must be set up and its default database must be the one to fill (never the
development or a production database: the bench scripts use their own, see
`bench.fill.bench_database_urls`). The fill signs in as the owner role (DATABASE_OWNER_URL)
because it drops the filled tables' secondary indexes and foreign keys during the COPY and
builds them again afterwards, which is several times faster than maintaining them row by row,
and because it switches the audit log's chain trigger off for its own COPY.

What is written, and how it matches what the application writes:

- Residents: Chinese names drawn like the demo data (common surnames by share, compound
  surnames 欧阳/司马, one- and two-character given names by generation), valid ID numbers
  (GB 11643 check digit, birth date and gender digit consistent with the record), birth dates
  spread over 1935–2026 by a population pyramid, 40 residence areas, registered / non-registered
  types, floating population among recent non-registered tenants, the workflow states in the
  demo's shares (verified ones with archive numbers JM-2026-…, the archive sequence moved on).
- Households of one to six members sharing an address, with one current head each.
- Audit entries (django-auditlog LogEntry rows): per resident one CREATE entry (sensitive
  fields masked as auditlog's registration masks them), an UPDATE for the submission and one
  for the verification where the state says so; the rest are ACCESS read entries (detail,
  list, search) as `residents.audit.log.record_reads` writes them, spread over the residents
  and over the year, by a handful of staff accounts.

The audit log's hash chain (residents/audit/chain.py): filled entries are OUTSIDE the chain.
They are copied with the chain trigger switched off, so their chain_seq is NULL; entries the
application writes afterwards chain as usual. `manage.py audit_verify` on a filled database
therefore reports the first filled entry as "unchained". Chaining ten million entries one by
one (the trigger takes a lock and reads the previous link per row) would multiply the fill
time, and a bench database is no evidence of anything.
"""

from __future__ import annotations

import datetime
import io
import json
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

# Staff accounts the filled records name as their authors and readers.
FILL_STAFF = (
    ("bench_frontdesk", "front_desk"),
    ("bench_frontdesk2", "front_desk"),
    ("bench_frontdesk3", "front_desk"),
    ("bench_manager", "manager"),
    ("bench_manager2", "manager"),
)
SEED = 20261130
COPY_CHUNK = 50_000
START = datetime.datetime(2026, 1, 5, 1, 0, tzinfo=datetime.UTC)
END = datetime.datetime(2026, 11, 29, 9, 0, tzinfo=datetime.UTC)
AREAS = tuple(
    f"{estate}{part}"
    for estate in ("和平里", "安贞里", "青年湖", "地坛", "幸福", "东四", "交道口", "北新桥")
    for part in ("一区", "二区", "三区", "四区", "五区")
)
# Share of each birth decade in the population (a pyramid of a Beijing district).
BIRTH_DECADES = (
    (1935, 2), (1945, 6), (1955, 12), (1965, 15), (1975, 15),
    (1985, 17), (1995, 14), (2005, 10), (2015, 9),
)
STREET = "北京市东城区和平里街道"
ADDRESS_ESTATES = ("幸福小区", "和平里七区", "和平里九区", "安贞里小区", "青年湖北里", "地坛北里")
RESIDENCE = (("own", 70), ("rented", 25), ("other", 5))
READ_PURPOSES = (
    ("resident_detail", ["basic", "contact", "service_needs"], 50),
    ("resident_list", ["basic"], 35),
    ("resident_search", ["basic"], 15),
)


@dataclass(frozen=True)
class FillReport:
    residents: int
    households: int
    audit_entries: int
    seconds: float
    resident_seconds: float
    audit_seconds: float
    index_seconds: float

    def __str__(self) -> str:
        return (
            f"{self.residents:,} residents, {self.households:,} households, "
            f"{self.audit_entries:,} audit entries in {self.seconds:.0f} s "
            f"(residents {self.resident_seconds:.0f} s, audit entries {self.audit_seconds:.0f} s, "
            f"indexes and keys {self.index_seconds:.0f} s)"
        )


def bench_database_urls(name: str) -> tuple[str, str]:
    """Start (or reuse) the embedded server and make sure database `name` exists: the URLs of
    the application's role and of the owner role."""
    from config.embedded_db import database_urls

    return database_urls(name)


def staff_users() -> list:
    """The staff accounts of FILL_STAFF (created once, no usable password)."""
    from django.contrib.auth.models import Group, User

    users = []
    for username, group in FILL_STAFF:
        user, created = User.objects.get_or_create(
            username=username, defaults={"last_name": "测", "first_name": "试"}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=group))
        users.append(user)
    return users


# --- values --------------------------------------------------------------------------------


def _text(value) -> str:
    """One COPY text-format field."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _timestamp(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S+00")


class _Draw:
    """The random choices of the fill, from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        from stdnum.cn import ric

        from residents.common.id_numbers import county_codes
        from residents.demo import people as demo
        from residents.people.services import name_sort_key

        self.rng = rng
        self.demo = demo
        self.check_digit = ric.calc_check_digit
        self.counties = county_codes()
        self.sort_key = cache(name_sort_key)
        self.taken: set[str] = set()
        self.decades = [first for first, _w in BIRTH_DECADES]
        self.decade_weights = [weight for _f, weight in BIRTH_DECADES]
        self.span = (END - START).total_seconds()

    def birth_date(self) -> datetime.date:
        first = self.rng.choices(self.decades, weights=self.decade_weights)[0]
        start = datetime.date(first, 1, 1)
        end = min(datetime.date(first + 9, 12, 31), datetime.date(2026, 11, 1))
        return start + datetime.timedelta(days=self.rng.randrange((end - start).days + 1))

    def id_number(self, birth: datetime.date, gender: str) -> str:
        rng = self.rng
        while True:
            area = self.demo.LOCAL_AREA_CODE if rng.random() < 0.35 else rng.choice(self.counties)
            sequence = rng.randrange(1000)
            if (sequence % 2 == 1) != (gender == "M"):
                sequence = (sequence + 1) % 1000
            body = f"{area}{birth:%Y%m%d}{sequence:03d}"
            number = body + self.check_digit(body + "0")
            if number not in self.taken:
                self.taken.add(number)
                return number

    def name(self, gender: str, birth_year: int) -> str:
        return self.demo._surname(self.rng) + self.demo._given_name(self.rng, gender, birth_year)

    def moment(self, after: datetime.datetime | None = None) -> datetime.datetime:
        start = after or START
        span = max((END - start).total_seconds(), 1)
        return start + datetime.timedelta(seconds=self.rng.random() * span)


# --- bulk loading --------------------------------------------------------------------------


@contextmanager
def _bulk_load(cursor, tables: list[str]):
    """Without the tables' secondary indexes and outgoing foreign keys while rows are copied;
    both are built again at the end (one sort per index, one join per key)."""
    cursor.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        """,
        [tables],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        """
        SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
        FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])
        """,
        [tables],
    )
    keys = cursor.fetchall()
    for table, name, _definition in keys:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {name}")
    timings = {"seconds": 0.0}
    yield timings
    started = time.monotonic()
    cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
    for _name, definition in indexes:
        cursor.execute(definition)
    for table, name, definition in keys:
        cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    timings["seconds"] = time.monotonic() - started


def _copy(cursor, table: str, columns: tuple[str, ...], rows) -> int:
    """COPY rows (tuples of already formatted fields) into `table`, in chunks."""
    count = 0
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with cursor.copy(statement) as copy:
        buffer = io.StringIO()
        for row in rows:
            buffer.write("\t".join(row))
            buffer.write("\n")
            count += 1
            if count % COPY_CHUNK == 0:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
        copy.write(buffer.getvalue())
    return count


def _next_id(cursor, table: str) -> int:
    cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")
    return cursor.fetchone()[0]


def _move_sequence(cursor, table: str) -> None:
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
        f"(SELECT coalesce(max(id), 1) FROM {table}))"
    )


# --- residents and households ----------------------------------------------------------------

RESIDENT_COLUMNS = (
    "id", "name", "name_sort_key", "gender", "birth_date", "id_number", "hukou_location",
    "hukou_moved_in_on", "address", "residence_type", "living_since", "phone", "service_needs",
    "remarks", "documents_checked", "consent_optional", "consent_recorded_at", "channel",
    "status", "submitted_at", "submitted_by_id", "verified_at", "verified_by_id",
    "return_reason", "returned_at", "returned_by_id", "archive_number", "created_by_id",
    "created_at", "updated_at", "area", "education_level", "employer", "floating_arrived_on",
    "floating_expected_until", "hukou_type", "is_floating", "major", "occupation", "position",
    "rechecked_on", "school", "work_contact", "id_document",
)
HOUSEHOLD_COLUMNS = ("id", "number", "address", "created_at", "created_by_id")
MEMBERSHIP_COLUMNS = (
    "household_id", "resident_id", "relationship", "joined_on", "left_on", "recorded_by_id",
)


@dataclass
class _Person:
    """What the audit entries need to know of a filled resident."""

    pk: int
    created: datetime.datetime
    submitted: datetime.datetime | None
    verified: datetime.datetime | None
    archive_number: str | None


def _residents(draw: _Draw, count: int, first_pk: int, first_household: int, staff, archive,
               people: list, household_rows: list, membership_rows: list):
    """Rows of residents, yielded one by one for COPY; households, memberships and what the
    audit entries need are collected in the lists. `archive` is [last number of 2026]."""
    from residents.common.numbering import format_archive_number

    demo = draw.demo
    rng = draw.rng
    front, verifiers = [u.pk for u in staff[:3]], [u.pk for u in staff[3:]]
    pk = first_pk
    household = first_household
    while len(people) < count:
        size = min(rng.choices((1, 2, 3, 4, 5, 6), weights=(18, 30, 26, 16, 7, 3))[0],
                   count - len(people))
        residence = rng.choices([r for r, _w in RESIDENCE], weights=[w for _r, w in RESIDENCE])[0]
        local = rng.random() < (0.8 if residence == "own" else 0.15)
        building = rng.randint(1, 24)
        address = (
            f"{STREET} {rng.choice(ADDRESS_ESTATES)} {building}号楼{rng.randint(1, 4)}单元"
            f"{rng.randint(1, 18)}{rng.randint(1, 4):02d}室"
        )
        area = rng.choice(AREAS)
        surname = demo._surname(rng)
        living_since = datetime.date(rng.randint(1985, 2026), rng.randint(1, 12), 1)
        household_created = draw.moment()
        creator = rng.choice(front)
        household_rows.append(
            (str(household), f"HH-{household:07d}", address, _timestamp(household_created),
             str(creator))
        )
        for position in range(size):
            gender = rng.choice("MF")
            birth = draw.birth_date()
            age = 2026 - birth.year
            # The head and children share the surname; a spouse usually has their own.
            name = (
                surname + demo._given_name(rng, gender, birth.year)
                if position != 1 or rng.random() < 0.1
                else draw.name(gender, birth.year)
            )
            id_number = draw.id_number(birth, gender)
            since = max(living_since, birth)
            floating = (not local and residence == "rented" and since >= datetime.date(2022, 1, 1))
            consent = rng.random() < 0.92
            phone = ""
            if consent and age >= 18:
                phone = rng.choice(demo.MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
            if age >= 60:
                needs, share = demo.SERVICE_NEEDS_ELDERLY, 0.5
            elif age >= 18:
                needs, share = demo.SERVICE_NEEDS_ADULT, 0.18
            else:
                needs, share = demo.SERVICE_NEEDS_CHILD, 0.12
            status = demo._status(rng)
            created = max(household_created, draw.moment())
            submitted = verified = returned = None
            archive_number = None
            verifier = returner = submitter = None
            if status != "draft":
                submitted = created + datetime.timedelta(minutes=rng.randint(1, 240))
                submitter = creator
            if status == "verified":
                verified = submitted + datetime.timedelta(hours=rng.randint(1, 72))
                verifier = rng.choice(verifiers)
                archive[0] += 1
                archive_number = format_archive_number(2026, archive[0])
            elif status == "returned":
                returned = submitted + datetime.timedelta(hours=rng.randint(1, 72))
                returner = rng.choice(verifiers)
            updated = verified or returned or submitted or created
            documents = "{id_card}" if age >= 16 else "{hukou_booklet}"
            yield tuple(_text(v) for v in (
                pk, name, draw.sort_key(name), gender, birth.isoformat(), id_number,
                demo.LOCAL_HUKOU if local else demo.place_of_area(id_number[:6]),
                None, address, residence, since.isoformat(), phone,
                rng.choice(needs) if consent and rng.random() < share else "",
                "", documents, consent, _timestamp(created) if consent else None,
                "visit" if age >= 75 and rng.random() < 0.4 else "window",
                status, submitted and _timestamp(submitted), submitter,
                verified and _timestamp(verified), verifier,
                rng.choice(demo.RETURN_REASONS) if returned else "",
                returned and _timestamp(returned), returner, archive_number, creator,
                _timestamp(created), _timestamp(updated), area, "", "",
                since.isoformat() if floating else None,
                since.replace(year=since.year + 3, day=min(since.day, 28)).isoformat()
                if floating else None,
                "registered" if local else "non_registered", floating, "", "", "", None, "", "",
                "id_card",
            ))
            relationship = ("head", "spouse")[position] if position < 2 else (
                "child" if rng.random() < 0.8 else "parent"
            )
            membership_rows.append(
                (str(household), str(pk), relationship, since.isoformat(), r"\N", str(creator))
            )
            people.append(_Person(pk, created, submitted, verified, archive_number))
            pk += 1
        household += 1


# --- audit entries ----------------------------------------------------------------------------

AUDIT_COLUMNS = (
    "object_pk", "object_id", "object_repr", "action", "changes", "timestamp", "actor_id",
    "content_type_id", "remote_addr", "additional_data", "changes_text",
)
CREATE, UPDATE, ACCESS = 0, 1, 3


def _json(value) -> str:
    return _text(json.dumps(value, ensure_ascii=False, separators=(", ", ": ")))


def _audit_rows(draw: _Draw, people: list[_Person], total: int, staff, content_type: int):
    """CREATE and workflow UPDATE entries per resident, then ACCESS reads up to `total`."""
    rng = draw.rng
    front, verifiers = [u.pk for u in staff[:3]], [u.pk for u in staff[3:]]
    addresses = [f"10.20.{a}.{b}" for a in range(1, 4) for b in range(10, 40)]
    # The masked create entry (auditlog masks the sensitive fields of the registration).
    written = 0
    for person in people:
        if written >= total:
            return
        pk = str(person.pk)
        changes = {"id": ["None", pk], "name": ["None", "********"],
                   "id_number": ["None", "******************"], "status": ["None", "draft"]}
        yield (pk, pk, f"Resident #{pk}", str(CREATE), _json(changes), _timestamp(person.created),
               str(rng.choice(front)), str(content_type), rng.choice(addresses), r"\N", "")
        written += 1
        if person.submitted and written < total:
            yield (pk, pk, f"Resident #{pk}", str(UPDATE),
                   _json({"status": ["draft", "submitted"]}), _timestamp(person.submitted),
                   str(rng.choice(front)), str(content_type), rng.choice(addresses), r"\N", "")
            written += 1
        if person.verified and written < total:
            yield (pk, pk, f"Resident #{pk}", str(UPDATE),
                   _json({"status": ["submitted", "verified"],
                          "archive_number": ["None", person.archive_number]}),
                   _timestamp(person.verified), str(rng.choice(verifiers)), str(content_type),
                   rng.choice(addresses), r"\N", "")
            written += 1
    purposes = [p for p, _g, _w in READ_PURPOSES]
    weights = [w for _p, _g, w in READ_PURPOSES]
    data = {
        purpose: _json({"event": "read", "field_groups": groups, "purpose": purpose})
        for purpose, groups, _w in READ_PURPOSES
    }
    search = [
        _json({"event": "read", "field_groups": ["basic"], "purpose": "resident_search",
               "term": term, "hits": hits})
        for term, hits in (("王秀", 212), ("李建", 180), ("张丽", 150), ("刘", 5400))
    ]
    staff_pks = [str(u.pk) for u in staff]
    span = (END - START).total_seconds()
    while written < total:
        person = people[rng.randrange(len(people))]
        pk = str(person.pk)
        purpose = rng.choices(purposes, weights=weights)[0]
        moment = person.created + datetime.timedelta(
            seconds=rng.random() * max((END - person.created).total_seconds(), 1.0)
        ) if rng.random() < 0.5 else START + datetime.timedelta(seconds=rng.random() * span)
        if moment < person.created:
            moment = person.created
        yield (pk, pk, f"Resident #{pk}", str(ACCESS), r"\N", _timestamp(moment),
               rng.choice(staff_pks), str(content_type), rng.choice(addresses),
               rng.choice(search) if purpose == "resident_search" else data[purpose], "")
        written += 1


# --- the fill ---------------------------------------------------------------------------------


def fill(
    *,
    residents: int = 1_000_000,
    audit_entries: int = 10_000_000,
    seed: int = SEED,
    verbose: bool = True,
) -> FillReport:
    """Add `residents` residents (in households) and `audit_entries` audit entries to the
    default database, by COPY; returns the counts and the time taken."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from config.database_roles import as_owner
    from residents.models import ArchiveSequence, Resident

    def say(text: str) -> None:
        if verbose:
            print(text, flush=True)

    started = time.monotonic()
    staff = staff_users()
    content_type = ContentType.objects.get_for_model(Resident).pk
    draw = _Draw(random.Random(seed))
    draw.taken.update(Resident.objects.values_list("id_number", flat=True))
    sequence = ArchiveSequence.objects.filter(year=2026).first()
    archive = [sequence.last_number if sequence else 0]
    index_seconds = 0.0
    with as_owner(), transaction.atomic():
        raw = connection.connection.cursor()
        first_pk = _next_id(raw, "residents_resident")
        first_household = _next_id(raw, "residents_household")
        say(f"copying {residents:,} residents …")
        people: list[_Person] = []
        household_rows: list[tuple] = []
        membership_rows: list[tuple] = []
        tables = ["residents_resident", "residents_household", "residents_householdmembership"]
        with _bulk_load(raw, tables) as timing:
            _copy(raw, "residents_resident", RESIDENT_COLUMNS, _residents(
                draw, residents, first_pk, first_household, staff, archive,
                people, household_rows, membership_rows,
            ))
            if archive[0] > 999_999:
                raise ValueError("more verified residents than 2026 archive numbers")
            _copy(raw, "residents_household", HOUSEHOLD_COLUMNS, household_rows)
            _copy(raw, "residents_householdmembership", MEMBERSHIP_COLUMNS, membership_rows)
            say(f"  copied ({time.monotonic() - started:.0f} s); building indexes …")
        index_seconds += timing["seconds"]
        for table in tables:
            _move_sequence(raw, table)
        ArchiveSequence.objects.update_or_create(year=2026, defaults={"last_number": archive[0]})
        households = len(household_rows)
        del household_rows, membership_rows
    resident_seconds = time.monotonic() - started
    say(f"  residents done ({resident_seconds:.0f} s)")

    audit_started = time.monotonic()
    with as_owner(), transaction.atomic():
        raw = connection.connection.cursor()
        # Outside the hash chain (module docstring): the trigger is off for this COPY only;
        # ALTER TABLE holds the table's lock until commit, so no other writer slips through.
        raw.execute("ALTER TABLE auditlog_logentry DISABLE TRIGGER audit_log_chain")
        say(f"copying {audit_entries:,} audit entries …")
        with _bulk_load(raw, ["auditlog_logentry"]) as timing:
            written = _copy(
                raw, "auditlog_logentry", AUDIT_COLUMNS,
                _audit_rows(draw, people, audit_entries, staff, content_type),
            )
            say(f"  copied ({time.monotonic() - audit_started:.0f} s); building indexes …")
        index_seconds += timing["seconds"]
        raw.execute("ALTER TABLE auditlog_logentry ENABLE TRIGGER audit_log_chain")
        _move_sequence(raw, "auditlog_logentry")
    audit_seconds = time.monotonic() - audit_started
    say("analysing …")
    with as_owner(), connection.cursor() as cursor:
        # What autovacuum would do soon: planner statistics, and the visibility map that lets
        # counts use index-only scans.
        cursor.execute(
            "VACUUM (ANALYZE) residents_resident, residents_household, "
            "residents_householdmembership, auditlog_logentry"
        )
    report = FillReport(
        residents=len(people),
        households=households,
        audit_entries=written,
        seconds=time.monotonic() - started,
        resident_seconds=resident_seconds,
        audit_seconds=audit_seconds,
        index_seconds=index_seconds,
    )
    say(str(report))
    return report

