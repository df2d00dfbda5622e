"""The reference central receiver: the server side of the kiosk protocol.

``protocol.py`` is the only module the kiosk side imports; ``app.py`` builds
the Starlette application; ``server.py`` runs it (embedded or foreground).
"""
