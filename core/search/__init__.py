"""Search (搜索): one index of everything public, fed by the packages that own it.

``core.search`` holds the mechanism only: the ``search_document`` table (keyed by kind and
id, the segmented text beside the text shown), the Chinese segmenter (jieba), the query on
PostgreSQL full text or SQLite FTS5, and a registry of sources. Each domain package says in
its own ``search.py`` what one of its things looks like to the public (or that the public
may not see it), registers that in ``app.wiring``, and its services call
:func:`core.search.index.refresh` inside the transaction of the write.
"""
