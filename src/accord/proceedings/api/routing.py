"""The procedure API's router and the path and reference types its modules share."""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Path, Router

from accord.dialogue.models import FloorRequest, Meeting
from accord.members.public_ids import PublicIdPath, PublicIdRef, RowKey
from accord.negotiation.models import Document

from ..models import ChairOffice, Commitment, FriendsGroup

router = Router(tags=["procedure"])
# Meetings and documents are named by their public ids, given to the handlers as keys.
MeetingId = Annotated[RowKey, PublicIdPath(Meeting)]
DocumentId = Annotated[RowKey, PublicIdPath(Document)]

OfficeId = Annotated[RowKey, PublicIdPath(ChairOffice)]
FriendsId = Annotated[RowKey, PublicIdPath(FriendsGroup)]
CommitmentId = Annotated[RowKey, PublicIdPath(Commitment)]
DocumentRef = Annotated[int, PublicIdRef(Document)]
FloorRequestRef = Annotated[int, PublicIdRef(FloorRequest)]
SeriesCode = Annotated[str, Path(max_length=40)]
Seconds = Annotated[int, Field(ge=0, le=60 * 86400)]
Paragraph = Annotated[str, Field(pattern="^(PP|OP)[1-9][0-9]{0,3}$", max_length=8)]
