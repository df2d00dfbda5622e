"""The reference central receiver: the server side of the kiosk protocol.

``protocol.py`` is the only module the kiosk side imports. ``service.py`` is
what the center does (enrollment, uploads, codes, publications) over
``db.py`` (SQLite or PostgreSQL) and ``blobs.py`` (sealed envelopes on disk);
``app.py`` and ``routes_*.py`` put it on HTTP; ``server.py`` runs it
(embedded or foreground). See ``PROTOCOL.md``.
"""
