"""The backup file (ACC-6): one encrypted archive of the database dump and the uploaded files.

Layout, outermost first:

- Encryption: a header (magic, a random salt, a key check) and then the plaintext in chunks of
  at most CHUNK_SIZE bytes, each sealed with AES-256-GCM under a key derived for this file from
  BACKUP_KEY and the salt (HKDF). A chunk's nonce is its number plus a flag for the last chunk
  (the STREAM construction), and every chunk authenticates the header: chunks cannot be
  reordered, dropped, cut off at the end or moved to another file unnoticed. The key check (an
  HMAC of the salt) tells a wrong key apart from a damaged file before anything is decrypted.
- Members: inside, a sequence of named members, each written as blocks of data with their
  lengths, so the dump streams from pg_dump without its size being known in advance and
  nothing has to fit in memory.
- Manifest: the last member, `manifest.json`, lists every other member with its size and
  SHA-256, the applied migrations (the schema version), the time of the backup and the app
  version. Reading checks every member against it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"JUMINBK1"
SALT_SIZE = 16
CHECK_SIZE = 32
HEADER_SIZE = len(MAGIC) + SALT_SIZE + CHECK_SIZE
CHUNK_SIZE = 1024 * 1024
KEY_SIZE = 32
MANIFEST = "manifest.json"
FORMAT_VERSION = 1
DATABASE_MEMBER = "database.dump"
MEDIA_PREFIX = "media/"
SUFFIX = ".jmbk"

_LENGTH = struct.Struct(">I")
_MEMBER, _END = b"M", b"E"


class BackupError(Exception):
    """A backup file that cannot be used; `reason` is one of REASONS' keys."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


# Why a backup file is refused (translated where shown: residents/backups/services.py).
NOT_A_BACKUP = "not_a_backup"
WRONG_KEY = "wrong_key"
CORRUPTED = "corrupted"
MISMATCH = "mismatch"


def _derive(key: bytes, salt: bytes) -> tuple[bytes, bytes]:
    """The file's encryption key and its key check, both from BACKUP_KEY and the file's salt."""
    file_key = HKDF(
        algorithm=hashes.SHA256(), length=KEY_SIZE, salt=salt, info=b"jumin backup v1"
    ).derive(key)
    check = hmac.new(key, b"jumin backup key check" + salt, hashlib.sha256).digest()
    return file_key, check


def _nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class EncryptedWriter:
    """A write-only file object that encrypts into `target` chunk by chunk."""

    def __init__(self, target: BinaryIO, key: bytes) -> None:
        salt = os.urandom(SALT_SIZE)
        file_key, check = _derive(key, salt)
        self._header = MAGIC + salt + check
        self._aead = AESGCM(file_key)
        self._target = target
        self._buffer = bytearray()
        self._counter = 0
        target.write(self._header)

    def write(self, data: bytes) -> int:
        self._buffer += data
        # Keep at least one byte back: the last chunk is sealed as last on close().
        while len(self._buffer) > CHUNK_SIZE:
            self._seal(bytes(self._buffer[:CHUNK_SIZE]), last=False)
            del self._buffer[:CHUNK_SIZE]
        return len(data)

    def _seal(self, plaintext: bytes, *, last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._counter, last), plaintext, self._header)
        self._target.write(_LENGTH.pack(len(sealed)) + sealed)
        self._counter += 1

    def close(self) -> None:
        self._seal(bytes(self._buffer), last=True)
        self._buffer.clear()


def _read_exactly(source: BinaryIO, size: int) -> bytes:
    data = source.read(size)
    if len(data) != size:
        raise BackupError(CORRUPTED, "the file ends early")
    return data


def decrypted_chunks(source: BinaryIO, key: bytes) -> Iterator[bytes]:
    """The plaintext of an encrypted file, chunk by chunk; raises BackupError on a wrong key or
    any damage (including a file cut short or with data after its end)."""
    header = source.read(HEADER_SIZE)
    if len(header) != HEADER_SIZE or not header.startswith(MAGIC):
        raise BackupError(NOT_A_BACKUP)
    salt = header[len(MAGIC) : len(MAGIC) + SALT_SIZE]
    file_key, check = _derive(key, salt)
    if not hmac.compare_digest(check, header[len(MAGIC) + SALT_SIZE :]):
        raise BackupError(WRONG_KEY)
    aead = AESGCM(file_key)
    counter = 0
    while True:
        length = source.read(_LENGTH.size)
        if len(length) != _LENGTH.size:
            raise BackupError(CORRUPTED, "the file ends before its last chunk")
        sealed = _read_exactly(source, _LENGTH.unpack(length)[0])
        plaintext = None
        for last in (False, True):
            try:
                plaintext = aead.decrypt(_nonce(counter, last), sealed, header)
            except InvalidTag:
                continue
            break
        if plaintext is None:
            raise BackupError(CORRUPTED, f"chunk {counter} does not authenticate")
        yield plaintext
        counter += 1
        if last:
            if source.read(1):
                raise BackupError(CORRUPTED, "data after the last chunk")
            return


def check_key(source: BinaryIO, key: bytes) -> None:
    """Refuse a file that is no backup or was sealed with another key, reading its header only."""
    next(decrypted_chunks(source, key), None)


class _PlainReader:
    """Reads exact byte counts from the decrypted chunks."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = bytearray()

    def read(self, size: int) -> bytes:
        while len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                raise BackupError(CORRUPTED, "the archive ends inside a member")
            self._buffer += chunk
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data

    def at_end(self) -> bool:
        if self._buffer:
            return False
        for chunk in self._chunks:
            if chunk:
                self._buffer += chunk
                return False
        return True


# --- members -------------------------------------------------------------------------------


@dataclass
class MemberRecord:
    name: str
    size: int
    sha256: str


@dataclass
class ArchiveWriter:
    """Members into an EncryptedWriter; finish() appends the manifest."""

    out: EncryptedWriter
    members: list[MemberRecord] = field(default_factory=list)

    def add_stream(self, name: str, source: BinaryIO) -> MemberRecord:
        encoded = name.encode()
        self.out.write(_MEMBER + struct.pack(">H", len(encoded)) + encoded)
        digest, size = hashlib.sha256(), 0
        while block := source.read(CHUNK_SIZE):
            self.out.write(_LENGTH.pack(len(block)) + block)
            digest.update(block)
            size += len(block)
        self.out.write(_LENGTH.pack(0))
        record = MemberRecord(name, size, digest.hexdigest())
        self.members.append(record)
        return record

    def finish(self, manifest: dict) -> dict:
        manifest = {
            **manifest,
            "format": FORMAT_VERSION,
            "members": [record.__dict__ for record in self.members],
        }
        self.add_stream(MANIFEST, _BytesSource(json.dumps(manifest, indent=1).encode()))
        self.out.write(_END)
        self.out.close()
        return manifest


class _BytesSource:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def read(self, size: int) -> bytes:
        data, self._data = self._data[:size], self._data[size:]
        return data


def safe_member_path(name: str) -> PurePosixPath:
    """A media member's path below MEDIA_ROOT; anything leaving it is damage, not a file."""
    path = PurePosixPath(name[len(MEDIA_PREFIX) :])
    if (
        not name.startswith(MEDIA_PREFIX)
        or path.is_absolute()
        or not path.parts
        or any(part in ("", ".", "..") for part in path.parts)
    ):
        raise BackupError(CORRUPTED, f"member name {name!r}")
    return path


def read_archive(source: BinaryIO, key: bytes, *, stage: Path | None = None) -> dict:
    """Read a whole backup file, check every member against the manifest and return it.

    With `stage`, the members are written below that (private, temporary) directory as they
    are read: the database dump as `stage/database.dump`, uploaded files under `stage/media/`.
    Nothing outside `stage` is written; the caller uses the staged files only after this
    returns, i.e. after every check passed.
    """
    reader = _PlainReader(decrypted_chunks(source, key))
    seen: dict[str, MemberRecord] = {}
    manifest_bytes = None
    while True:
        kind = reader.read(1)
        if kind == _END:
            break
        if kind != _MEMBER:
            raise BackupError(CORRUPTED, "unknown record")
        (name_length,) = struct.unpack(">H", reader.read(2))
        name = reader.read(name_length).decode("utf-8", errors="replace")
        if name in seen or (manifest_bytes is not None):
            raise BackupError(CORRUPTED, f"member {name!r} out of place")
        target = None
        if stage is not None and name != MANIFEST:
            if name == DATABASE_MEMBER:
                path = stage / DATABASE_MEMBER
            else:
                path = stage.joinpath("media", *safe_member_path(name).parts)
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            target = open(path, "wb")  # noqa: SIM115 -- closed below, after the loop
        elif name not in (MANIFEST, DATABASE_MEMBER):
            safe_member_path(name)
        digest, size, kept = hashlib.sha256(), 0, bytearray()
        try:
            while True:
                (length,) = _LENGTH.unpack(reader.read(_LENGTH.size))
                if length == 0:
                    break
                block = reader.read(length)
                digest.update(block)
                size += length
                if name == MANIFEST:
                    kept += block
                elif target is not None:
                    target.write(block)
        finally:
            if target is not None:
                target.close()
        if name == MANIFEST:
            manifest_bytes = bytes(kept)
        else:
            seen[name] = MemberRecord(name, size, digest.hexdigest())
    if not reader.at_end():
        raise BackupError(CORRUPTED, "data after the end of the archive")
    if manifest_bytes is None:
        raise BackupError(CORRUPTED, "no manifest")
    try:
        manifest = json.loads(manifest_bytes)
        listed = {item["name"]: MemberRecord(**item) for item in manifest["members"]}
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError(CORRUPTED, "unreadable manifest") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(NOT_A_BACKUP, f"format {manifest.get('format')!r}")
    if listed != seen:
        differing = sorted(set(listed) ^ set(seen) | {
            name for name in set(listed) & set(seen) if listed[name] != seen[name]
        })
        raise BackupError(MISMATCH, ", ".join(differing[:5]))
    if DATABASE_MEMBER not in seen:
        raise BackupError(MISMATCH, "no database dump")
    return manifest
