"""A mail as the bytes that go over the wire, built once: RFC 5322 headers (RFC 2047 for Chinese) and MIME parts.

The outbox sends tens of thousands of reminders; building each as an ``EmailMessage`` (the default policy
parses and folds every header) and flattening it again in the SMTP client was ~5 ms of CPU a mail, more
than the mail server took. Here the headers are encoded directly: non-ASCII values as base64 encoded-words
of whole characters, at most 64 characters each, one to a line; bodies as base64 of UTF-8, the way the
email package encodes long Chinese lines, so what a reader decodes is the outbox row's text exactly.
Header values are checked for line breaks first, as ``build_message`` does, so a name cannot add a header.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import formatdate, getaddresses
from functools import lru_cache

# Everything a header parser may treat as a line break; any of them could start a new header.
_LINE_BREAKS = re.compile("[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\x00]")
WORD_BYTES = 39  # UTF-8 bytes per encoded-word: 52 base64 characters, a 64-character word
CRLF = b"\r\n"
FOLD = "\r\n "  # a header continues on the next line (RFC 5322 folding); between encoded-words it reads as nothing
_BARE_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+")  # local@domain, nothing to parse


@dataclass(frozen=True)
class OutgoingMail:
    """One message ready to send: the envelope's recipients, the bytes, and its headers as plain text."""

    recipients: tuple[str, ...]
    data: bytes
    headers: Mapping[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> str | None:
        """A header's value as given (not encoded), like ``message["To"]``; None when absent."""
        return self.headers.get(name)

    def as_message(self) -> EmailMessage:
        """The bytes parsed back, as a mail client reads them."""
        parsed = message_from_bytes(self.data, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


def checked_header(name: str, value: str) -> str:
    """``value`` if it holds no line break or NUL; else ValueError naming the header."""
    if _LINE_BREAKS.search(value):
        raise ValueError(f"{name} contains a line break or NUL; refusing to build the header")
    return value


def encoded_words(value: str) -> list[str]:
    """``value`` as RFC 2047 base64 encoded-words, split between characters (a word decodes on its own)."""
    words: list[str] = []
    chunk: list[str] = []
    size = 0
    for ch in value:
        n = len(ch.encode())
        if size + n > WORD_BYTES:
            words.append("".join(chunk))
            chunk, size = [], 0
        chunk.append(ch)
        size += n
    words.append("".join(chunk))
    return [f"=?utf-8?b?{base64.b64encode(w.encode()).decode('ascii')}?=" for w in words if w]


def header_value(value: str) -> str:
    """Plain ASCII as it is; anything else (or text that looks like an encoded-word) as folded encoded-words."""
    if value.isascii() and "=?" not in value:
        return value
    return _folded_words(value)


@lru_cache(maxsize=4096)  # an occasion's subjects are a few texts across thousands of mails: encoded once each
def _folded_words(value: str) -> str:
    return FOLD.join(encoded_words(value))


def _mailbox(name: str, address: str) -> str:
    if not address.isascii():
        raise ValueError(f"address {address!r} is not ASCII (this sender does not use SMTPUTF8)")
    if not name:
        return address
    if name.isascii() and "=?" not in name:
        quoted = name.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{quoted}" <{address}>'
    return f"{FOLD.join(encoded_words(name))} <{address}>"


DEFAULT_SENDER_NAME = "国家知识产权局知识产权运用促进司"


def named(name: str, address: str) -> str:
    """``address`` with ``name`` as its display name (``"江苏省知识产权局" <a@b>``), as :func:`mailboxes` reads it;
    a list of addresses, or a value that has a name already, is left as it is."""
    name = " ".join(name.split())  # a stored name never breaks the header onto a new line
    bare = address.strip()
    if not name or not _BARE_ADDRESS.fullmatch(bare):
        return address
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{quoted}" <{bare}>'


def sender_with_name(value: str) -> str:
    """The configured sender (IPCYCLE_MAIL_FROM); a bare address gets the office's name, so mail clients show
    who writes rather than an address."""
    return named(DEFAULT_SENDER_NAME, value)


@lru_cache(maxsize=256)  # the sender is the same on every mail, and a province's address on many
def mailboxes(field_name: str, value: str) -> tuple[str, tuple[str, ...]]:
    """An address header's value (display names encoded) and its bare addresses, for the envelope."""
    checked_header(field_name, value)
    if _BARE_ADDRESS.fullmatch(value):
        return value, (value,)
    pairs = [(name, addr) for name, addr in getaddresses([value]) if addr]
    if not pairs:
        raise ValueError(f"{field_name} {value!r} holds no address")
    return ", ".join(_mailbox(name, addr) for name, addr in pairs), tuple(addr for _, addr in pairs)


def _body(content: str) -> bytes:
    """Base64 of the UTF-8 text, 76 characters a line; line ends as the email package writes them (LF)."""
    data = b"\n".join(content.encode().splitlines()) + b"\n"
    return base64.encodebytes(data).replace(b"\n", CRLF)


def _part(subtype: str, content: str) -> bytes:
    head = f'Content-Type: text/{subtype}; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
    return head.encode("ascii") + _body(content)


def encode_mail(
    sender: str,
    recipient: str,
    subject: str,
    text: str,
    html: str | None = None,
    *,
    message_id: str,
    extra: Sequence[tuple[str, str]] = (),
    date: str | None = None,
) -> OutgoingMail:
    """A text (+ HTML) multipart/alternative message as bytes; a header value with a line break is refused."""
    from_value, _ = mailboxes("sender", sender)
    to_value, recipients = mailboxes("recipient", recipient)
    headers = {"From": sender, "To": recipient, "Subject": checked_header("subject", subject),
               "Date": date or formatdate(localtime=True),
               "Message-ID": checked_header("message_id", message_id)}  # fmt: skip
    for name, value in extra:
        headers[name] = checked_header(name, value)
    lines = [f"From: {from_value}", f"To: {to_value}", f"Subject: {header_value(subject)}",
             f"Date: {headers['Date']}", f"Message-ID: {message_id}"]  # fmt: skip
    lines += [f"{name}: {header_value(value)}" for name, value in extra]
    lines.append("MIME-Version: 1.0")
    if html is None:
        head = "\r\n".join(lines).encode("ascii") + CRLF
        return OutgoingMail(recipients, head + _part("plain", text), headers)
    boundary = f"==ipcycle-{hashlib.sha256(message_id.encode()).hexdigest()[:32]}=="  # never in base64 lines
    lines.append(f'Content-Type: multipart/alternative;\r\n boundary="{boundary}"')
    mark = f"--{boundary}\r\n".encode("ascii")
    data = b"".join([
        "\r\n".join(lines).encode("ascii"), CRLF, CRLF,
        mark, _part("plain", text),
        mark, _part("html", html),
        f"--{boundary}--\r\n".encode("ascii"),
    ])  # fmt: skip
    return OutgoingMail(recipients, data, headers)
