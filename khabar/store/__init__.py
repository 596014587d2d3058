"""The khabar corpus store: analysed documents, their records and linked events in SQL.

Stable API (used by ``khabar ingest``, ``khabar query`` and ``khabar serve``)::

    from khabar.store import open_store, QueryFilters
    store = open_store("corpus.db")            # or "postgresql://user@host/db"
    store.add_documents(docs)                  # -> AddResult(added, duplicates, events)
    store.get_document(key_or_id)              # khabar/1 dict + "store" block, or None
    store.query_events(filters, limit, offset) # -> (rows, total); filters: QueryFilters or dict
    store.query_mentions(filters, limit, offset)
    store.query_statements(filters, limit, offset)
    store.counts(filters)                      # {"mentions", "events", "documents"}
    store.get_event(event_id)                  # linked event + "mentions", or None
    store.actors()                             # [{"code", "name", "as_actor", "as_recipient", "events"}]
    store.stats()                              # corpus totals
    store.monthly_counts(("USA", "CHN"))       # [{"month", "quad": {"1".."4", "0"}, "total"}]

Filter dict keys: actor, dyad ("USA,CHN" or a pair), directed, type, status, since, until,
source_kind, outlet, text, doc. Bad filters raise ``KhabarError("K017", …)``; database
failures ``K015``.
"""

from __future__ import annotations

from khabar.store.db import AddResult, Store, open_store
from khabar.store.linking import LinkConfig
from khabar.store.query import PLOVER_TYPES, SOURCE_KINDS, STATUSES, QueryFilters

__all__ = ["PLOVER_TYPES", "SOURCE_KINDS", "STATUSES", "AddResult", "LinkConfig", "QueryFilters", "Store",
           "open_store"]
