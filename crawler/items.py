"""The items a spider yields besides posting records."""

from dataclasses import dataclass


@dataclass
class Reject:
    """A response or posting that could not be mapped to a posting record.

    Attributes:
        source: The job source.
        board: The board slug.
        url: The posting's page, else the API URL.
        reason: A short slug such as ``invalid_json`` or ``http_404``.
        detail: What was seen, briefly.
        fetched_at: ISO 8601 time of the response.
    """

    source: str
    board: str
    url: str
    reason: str
    detail: str
    fetched_at: str
