"""The Pol.is export format (comments.csv, votes.csv, participants-votes.csv): read and written.

Import from here (`from accord.domain.opinion import polis`); `records` describes the format.
"""

from accord.domain.opinion.polis.reading import (
    parse_comments,
    parse_participants_votes,
    parse_votes,
    read_comments,
    read_export,
    read_participants_votes,
    read_votes,
)
from accord.domain.opinion.polis.records import (
    COMMENT_COLUMNS,
    COMMENTS_FILE,
    PARTICIPANT_COLUMNS,
    PARTICIPANTS_VOTES_FILE,
    VOTE_COLUMNS,
    VOTES_FILE,
    Comment,
    ParticipantVotes,
    PolisExport,
    PolisFormatError,
    Vote,
    votes_to_matrix,
)
from accord.domain.opinion.polis.writing import (
    format_comments,
    format_participants_votes,
    format_votes,
    write_export,
)

__all__ = [
    "COMMENTS_FILE",
    "COMMENT_COLUMNS",
    "PARTICIPANTS_VOTES_FILE",
    "PARTICIPANT_COLUMNS",
    "VOTES_FILE",
    "VOTE_COLUMNS",
    "Comment",
    "ParticipantVotes",
    "PolisExport",
    "PolisFormatError",
    "Vote",
    "format_comments",
    "format_participants_votes",
    "format_votes",
    "parse_comments",
    "parse_participants_votes",
    "parse_votes",
    "read_comments",
    "read_export",
    "read_participants_votes",
    "read_votes",
    "votes_to_matrix",
    "write_export",
]
