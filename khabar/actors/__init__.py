"""Actors: the Arabic actor dictionary (``data/``), its loader (``dictionary``), the resolver
(``resolver``: ``get_resolver(config).resolve_text(phrase, date)``) and the pipeline stage (``stage``)."""
