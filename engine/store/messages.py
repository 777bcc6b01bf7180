"""The message centre's table: everything the system told a party, kept for it whether or not it has an address.

A mail the outbox holds is copied here in the transaction that enqueues it (same key), so a party without an
e-mail address still reads it in the portal; a message posted by a person (the national office's messages to
many) is written here first and mailed by planning afterwards.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from engine.store.core import Base


class Message(Base):
    """One message to one party (``province:320000``, ``org:17``, ``national``), read or not."""

    __tablename__ = "message"
    __table_args__ = (Index("ix_message_recipient", "recipient", "shown_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)  # the outbox key of its mail, when it is a mail
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycle.id"))
    kind: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str] = mapped_column(String(80))
    recipient_name: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(500))
    body_text: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(500))  # the portal path where the job it asks for is done
    posted_by: Mapped[str | None] = mapped_column(String(80))  # a person's message (mailed by planning); None: a mail
    created_at: Mapped[datetime] = mapped_column(DateTime)
    shown_at: Mapped[datetime] = mapped_column(DateTime)  # a mail's send-after: not in the centre before it
    read_at: Mapped[datetime | None] = mapped_column(DateTime)
