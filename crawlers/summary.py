"""What one crawl found, per agency: documents collected (new, changed, unchanged) and failures.

The spider process writes a :class:`CrawlSummary` as JSON when it closes and prints one JSON event per
document or failure on stdout; :mod:`crawlers.run` reads both back.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

DocumentStatus = Literal["new", "changed", "unchanged"]
EVENT_PREFIX = "nianbao-event "


@dataclass
class Document:
    url: str
    title: str
    year: int
    published_on: str | None
    status: DocumentStatus
    sha256: str
    path: str | None
    page_url: str | None = None


@dataclass
class Failure:
    kind: Literal["list", "detail", "document"]
    url: str
    reason: str


@dataclass
class AgencySummary:
    code: str
    name: str
    jurisdiction: str
    documents: list[Document] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    list_pages: int = 0

    @property
    def found(self) -> int:
        return len(self.documents) + sum(1 for failure in self.failures if failure.kind != "list")

    def count(self, *statuses: str) -> int:
        return sum(1 for document in self.documents if document.status in statuses)

    @property
    def state(self) -> Literal["found", "failed", "not_found"]:
        if self.documents:
            return "found"
        return "failed" if self.failures else "not_found"


@dataclass
class CrawlSummary:
    year: int
    agencies: list[AgencySummary]
    finished: bool = False
    close_reason: str | None = None

    def agency(self, code: str) -> AgencySummary:
        return next(agency for agency in self.agencies if agency.code == code)

    def documents(self) -> list[tuple[AgencySummary, Document]]:
        return [(agency, document) for agency in self.agencies for document in agency.documents]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CrawlSummary:
        agencies = [
            AgencySummary(
                **{k: v for k, v in agency.items() if k not in ("documents", "failures")},
                documents=[Document(**d) for d in agency["documents"]],
                failures=[Failure(**f) for f in agency["failures"]],
            )
            for agency in data["agencies"]
        ]
        return cls(year=data["year"], agencies=agencies, finished=data["finished"],
                   close_reason=data["close_reason"])

    @classmethod
    def read(cls, path: Path) -> CrawlSummary:
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))


def emit(event: str, agency: AgencySummary, **details: Any) -> None:
    """One progress line on stdout for the parent process."""
    payload = {"event": event, "agency": agency.code, "name": agency.name, **details}
    sys.stdout.write(EVENT_PREFIX + json.dumps(payload, ensure_ascii=False) + "\n")
    sys.stdout.flush()
