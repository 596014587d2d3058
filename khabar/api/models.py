"""Request and response shapes of the HTTP API (pydantic), so OpenAPI documents each route."""

from __future__ import annotations

from typing import Any

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field


class SourceIn(BaseModel):
    """Where an article came from (all optional)."""

    url: str | None = None
    outlet: str | None = None
    title: str | None = None


class ArticleIn(BaseModel):
    """One article to analyse: its text, and optionally an id, a reference date and provenance."""

    model_config = ConfigDict(extra="ignore", json_schema_extra={"examples": [
        {"text": "قال وزير الخارجية المصري إن بلاده ستستضيف محادثات جديدة الأسبوع المقبل.",
         "date": "2024-03-12", "source": {"outlet": "example"}},
    ]})

    text: str = Field(description="the article text, analysed exactly as given")
    id: str | None = Field(default=None, description="document id (default: sha256 of the text)")
    date: str | None = Field(default=None, description="reference date YYYY-MM-DD (default: the date the article states)")
    source: SourceIn | None = None


class DocumentsIn(BaseModel):
    """A batch for ``POST /documents``: raw articles (analysed here) or ``khabar/1`` documents."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"documents": [{"text": "وصل الرئيس المصري إلى الرياض أمس.", "date": "2024-03-12"}]},
    ]})

    documents: list[dict[str, Any]] = Field(
        description="each item is either an article {text, id?, date?, source?} or a khabar/1 document "
        "(schema \"khabar/1\"), stored as given after its spans are checked")


class IngestOut(BaseModel):
    ingested: int = Field(description="documents newly stored")
    duplicates: int = Field(description="documents already in the store (same id), left unchanged")
    ids: list[str] = Field(description="the khabar id of every document sent, in order")
    keys: list[str] = Field(description="the store key of every document sent, in order (GET /documents/{key})")


class Page(BaseModel):
    """A page of query results with the total count before paging."""

    total: int = Field(description="rows matching, before paging")
    limit: int
    offset: int
    items: list[dict[str, Any]]
    mentions: int | None = Field(default=None, description="event mentions (reports) matching the same filters")
    documents: int | None = Field(default=None, description="documents with a matching mention")


class MonthCount(BaseModel):
    month: str = Field(description="YYYY-MM")
    quad: dict[str, int] = Field(description="counts per QuadClass: 1 verbal cooperation, 2 material "
                                 "cooperation, 3 verbal conflict, 4 material conflict")
    total: int


class DyadChart(BaseModel):
    a: str
    b: str
    directed: bool
    months: list[MonthCount]


class Health(BaseModel):
    status: str
    version: str
    store: bool = Field(description="whether a store is configured")
    writes: bool = Field(description="whether write endpoints are enabled (a token is configured)")


class Filters:
    """The corpus query filters, read from the query string of ``/events``, ``/mentions`` and
    ``/statements`` (the same as ``khabar query``); empty ones do not filter."""

    def __init__(
        self,
        actor: str | None = Query(None, max_length=200, description="actor code(s) on either side, comma-separated (USA, IGO …)"),
        dyad: str | None = Query(None, max_length=40, description="two actor codes, e.g. USA-CHN (either direction)"),
        directed: bool = Query(False, description="with dyad: only the first acting on the second"),
        type: str | None = Query(None, max_length=200, description="PLOVER event type(s), e.g. CONSULT,ACCUSE"),
        status: str | None = Query(None, max_length=200, description="asserted, expected, planned, hoped, possible, "
                                   "requested, negated, cancelled, denied"),
        since: str | None = Query(None, max_length=10, description="event date on or after YYYY-MM-DD"),
        until: str | None = Query(None, max_length=10, description="event date on or before YYYY-MM-DD"),
        source_kind: str | None = Query(None, max_length=100, description="who reports it: named, anonymous, "
                                        "organization, document, unknown, none (the writer)"),
        outlet: str | None = Query(None, max_length=200, description="the outlet that published a report"),
        q: str | None = Query(None, max_length=500, description="words (or a \"quoted phrase\") in the reporting "
                              "sentence, matched on normalised Arabic forms and stems"),
    ) -> None:
        self.actor, self.dyad, self.directed, self.type, self.status = actor, dyad, directed, type, status
        self.since, self.until, self.source_kind, self.outlet, self.q = since, until, source_kind, outlet, q
