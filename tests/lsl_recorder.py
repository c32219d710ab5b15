"""A stand-in for the LabRecorder program, on LabRecorder's own recording code (the `labrecorder` package), run
as its own process as a lab runs LabRecorder: `python lsl_recorder.py FILE.xdf NAME...` finds the streams by
name (LSLAPICFG as the test set it), records them to FILE.xdf, says "recording" on stdout once it is, and stops
and closes the file when a line comes on stdin."""
import sys
import time

import labrecorder
import pylsl  # the test's LSL configuration comes in LSLAPICFG

names = sys.argv[2:]
found = []
deadline = time.monotonic() + 30.0
while len(found) < len(names) and time.monotonic() < deadline:
    found = [s for s in pylsl.resolve_streams(1.0) if s.name() in names]
if len(found) < len(names):
    sys.exit(f"streams not found: {sorted(set(names) - {s.name() for s in found})}")
with labrecorder.Recording(sys.argv[1], found) as recording:
    print("recording", flush=True)
    sys.stdin.readline()
    recording.stop()
