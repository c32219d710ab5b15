"""Lab Streaming Layer kept on this machine for the tests: one configuration per test process (LSLAPICFG)
with machine scope, the loopback address as the only multicast and peer address, IPv4 only and outlets
listening on 127.0.0.1, set before liblsl (pylsl's, and LabRecorder's own copy) first reads it. Import this
module before pylsl; `pylsl` is None (with `why`) where it cannot be loaded."""
from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

CONFIG = """[ports]
IPv6 = disable
[multicast]
ResolveScope = machine
MachineAddresses = {127.0.0.1}
AddressesOverride = {127.0.0.1}
ListenAddress = 127.0.0.1
TTLOverride = 0
[lab]
KnownPeers = {127.0.0.1}
SessionID = poise-tests-%s
[log]
level = -2
"""
path = Path(tempfile.gettempdir()) / f"poise-lsl-tests-{os.getpid()}.cfg"
if os.environ.get("LSLAPICFG") != str(path):
    path.write_text(CONFIG % uuid.uuid4().hex, encoding="utf-8")
    os.environ["LSLAPICFG"] = str(path)

why = ""
try:
    import pylsl
except ImportError:
    pylsl, why = None, "pylsl is not installed (pip install 'poise[lsl]')"
except (RuntimeError, OSError) as exc:
    pylsl, why = None, f"the pylsl wheel cannot load its liblsl on this machine: {exc}"
