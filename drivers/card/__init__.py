"""The chip-card reader: a small port, its PC/SC adapter, and the real parts to test it on.

    port.py        CardReader / CardConnection / CardEvent: what the kiosk uses
    pcsc.py        PcscCardReader: the port over pcscd through pyscard
    monitor.py     the thread that turns pcscd state changes into CardEvents
    pcsclite.py    the only module that calls pyscard; PC/SC codes -> kiosk errors
    apdu.py        command/response APDU values; 61xx / 6Cxx resolution
    pcscd.py       PcscDaemon: a private pcscd with the vpcd virtual reader
    vpcd.py        VpcdLink: plugs a software card into vpcd over loopback TCP
    softcard.py    SoftCard protocol and FileSystemCard (ISO 7816-4 SELECT / READ BINARY)
    simulator.py   SimulatedCardStation: pcscd + vpcd + a software card in one line

Importing this package imports nothing else: pyscard loads only with ``pcsc``,
``pcsclite``, ``monitor``, ``pcscd`` or ``simulator``.
"""
