"""Search for the hosted site and the offline archive alike: a prebuilt, sharded index
(``index``) of the terms ``analysis`` and ``dates`` make, read by
``docs/assets/briefing/search-worker.js``, which finds the same terms in a query the same way."""

from .analysis import Analyser
from .facts import Facts, page_facts
from .index import Packed, Prepared, plain, prepare, read, read_docs, shard_name, write

__all__ = [
    "Analyser",
    "Facts",
    "Packed",
    "Prepared",
    "page_facts",
    "plain",
    "prepare",
    "read",
    "read_docs",
    "shard_name",
    "write",
]
