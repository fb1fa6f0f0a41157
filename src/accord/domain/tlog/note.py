"""Checkpoints as C2SP signed notes, and the cosignatures witnesses add to them.

A checkpoint (C2SP tlog-checkpoint) is the note body::

    accord.example.org          <- origin: the deployment (ACCORD_ORIGIN)
    21                          <- tree size: the entries it covers
    t3bTj0Cv…Pz8=               <- base64 of the RFC 9162 root hash

and a signed note (C2SP signed-note) is that body, a blank line, and one line per signature:
``— <key name> <base64(key id || signature)>``. For an Ed25519 key the key id is the first
4 bytes of SHA-256(name || 0x0A || 0x01 || public key), and the signature is over the body.

A witness's cosignature (C2SP tlog-cosignature, `cosignature/v1`) is one more such line,
under key id SHA-256(name || 0x0A || 0x04 || public key)[:4]; its bytes are the key id,
the time in seconds as a big-endian uint64, and Ed25519 over
``cosignature/v1\\ntime <seconds>\\n`` followed by the checkpoint body. So it says "at this
time, I had verified this tree as an extension of every tree I had cosigned before".
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from accord.domain.errors import InvalidInput

SIGNATURE_DASH = "\u2014"
ED25519 = 0x01
COSIGNATURE_V1 = 0x04
_NAME = re.compile(r"[^\s+]{1,200}")
_MAX_NOTE = 16_000


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes

    def body(self) -> str:
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"


@dataclass(frozen=True)
class NoteSignature:
    name: str
    key_id: bytes
    signature: bytes  # after the key id: Ed25519 (64 bytes), or time and Ed25519 (72)

    def line(self) -> str:
        raw = base64.b64encode(self.key_id + self.signature).decode()
        return f"{SIGNATURE_DASH} {self.name} {raw}\n"


@dataclass(frozen=True)
class Note:
    body: str
    signatures: tuple[NoteSignature, ...]

    def text(self) -> str:
        return self.body + "\n" + "".join(s.line() for s in self.signatures)


def raw_key(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(name: str, public_key: Ed25519PublicKey, kind: int = ED25519) -> bytes:
    material = name.encode() + b"\n" + bytes([kind]) + raw_key(public_key)
    return hashlib.sha256(material).digest()[:4]


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise InvalidInput(f"{name!r} is not a key name: no spaces or '+', 1 to 200 characters")
    return name


# --- checkpoints and their signatures ---------------------------------------------------------


def parse_checkpoint(body: str) -> Checkpoint:
    """The checkpoint a note body states; InvalidInput saying what is wrong with it."""
    lines = body.split("\n")
    if len(lines) < 4 or lines[-1] != "":
        raise InvalidInput("a checkpoint is three lines: origin, tree size, base64 root hash")
    origin, size, root = lines[0], lines[1], lines[2]
    if not origin or not size.isdigit() or len(size) > 18 or (size != "0" and size[0] == "0"):
        raise InvalidInput("a checkpoint's first lines are its origin and its tree size")
    try:
        raw = base64.b64decode(root, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise InvalidInput("a checkpoint's third line is the base64 of a 32-byte root hash")
    return Checkpoint(origin, int(size), raw)


def sign_checkpoint(checkpoint: Checkpoint, name: str, key: Ed25519PrivateKey) -> Note:
    body = checkpoint.body()
    signature = key.sign(body.encode())
    return Note(body, (NoteSignature(name, key_id(name, key.public_key()), signature),))


def parse_note(text: str) -> Note:
    """A signed note's body and its signature lines; InvalidInput for anything else."""
    if len(text) > _MAX_NOTE:
        raise InvalidInput(f"a signed note is at most {_MAX_NOTE} characters")
    body, separator, rest = text.rpartition("\n\n")
    if not separator or not rest.endswith("\n"):
        raise InvalidInput("a signed note is a body, a blank line and signature lines")
    return Note(body + "\n", tuple(parse_signature_line(line) for line in rest[:-1].split("\n")))


def parse_signature_line(line: str) -> NoteSignature:
    parts = line.split(" ")
    if len(parts) != 3 or parts[0] != SIGNATURE_DASH:
        raise InvalidInput(f"{line[:80]!r} is not a signature line: — <name> <base64>")
    try:
        raw = base64.b64decode(parts[2], validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput(f"the signature of {parts[1][:80]!r} is not base64") from None
    if len(raw) not in (68, 76):
        raise InvalidInput(f"the signature of {parts[1][:80]!r} has the wrong length")
    return NoteSignature(check_name(parts[1]), raw[:4], raw[4:])


def verified_by(note: Note, name: str, public_key: Ed25519PublicKey) -> bool:
    """Whether the note carries a valid Ed25519 signature by `name` with `public_key`."""
    wanted = key_id(name, public_key)
    for signature in note.signatures:
        if signature.name == name and signature.key_id == wanted and len(signature.signature) == 64:
            try:
                public_key.verify(signature.signature, note.body.encode())
            except InvalidSignature:
                continue
            return True
    return False


# --- cosignatures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cosignature:
    name: str
    key_id: bytes
    timestamp: int
    signature: bytes

    def line(self) -> str:
        stamped = self.timestamp.to_bytes(8, "big") + self.signature
        return NoteSignature(self.name, self.key_id, stamped).line()


def cosigned_message(body: str, timestamp: int) -> bytes:
    return f"cosignature/v1\ntime {timestamp}\n{body}".encode()


def cosign(body: str, name: str, key: Ed25519PrivateKey, timestamp: int) -> Cosignature:
    signature = key.sign(cosigned_message(body, timestamp))
    return Cosignature(name, key_id(name, key.public_key(), COSIGNATURE_V1), timestamp, signature)


def parse_cosignature(line: str) -> Cosignature:
    """One `cosignature/v1` line; InvalidInput naming what is wrong."""
    parsed = parse_signature_line(line.rstrip("\n"))
    if len(parsed.signature) != 72:
        raise InvalidInput("a cosignature holds a key id, a time and an Ed25519 signature")
    timestamp = int.from_bytes(parsed.signature[:8], "big")
    return Cosignature(parsed.name, parsed.key_id, timestamp, parsed.signature[8:])


def cosignature_valid(body: str, cosignature: Cosignature, public_key: Ed25519PublicKey) -> bool:
    if cosignature.key_id != key_id(cosignature.name, public_key, COSIGNATURE_V1):
        return False
    try:
        public_key.verify(cosignature.signature, cosigned_message(body, cosignature.timestamp))
    except InvalidSignature:
        return False
    return True


def witness_name(origin: str, state: str) -> str:
    """The key name a state's witness cosigns under: one per state and deployment."""
    return check_name(f"{origin}/witness/{state}")
