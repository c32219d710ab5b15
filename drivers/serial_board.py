"""`serial:///dev/ttyACM0`, `serial://COM3` — the load-cell board (firmware in hardware/firmware).

Opens the port (a device path or any pyserial URL), waits out the Arduino's
auto-reset by repeating IDENTIFY until the board answers, then decodes
frames in a reader thread: corrupt frames are counted and dropped; sequence
numbers and the board's clock sort samples into the stream (gaps are lost
samples; duplicates, late frames and frames that do not fit are dropped and
counted; a restarted board starts a new stream); counts become kg with the
board's calibration, and every sample says which corners must not be used
(a chip that did not answer, a count within 1 % of full scale or beyond what a load cell can give,
a glitch code, a spike). A pulled
cable is reported, and the driver reopens the same port by itself when it
comes back.
"""
from __future__ import annotations

import os
import threading
import time
from typing import Callable

import serial

from .conversion import Calibration, ZeroTracker, far_zero_message

from . import serial_protocol as sp
from .base import FLAG_FAULT, BoardInfo, BoardStatus, Geometry, Sample, corner_list
from .errors import BoardNotFound, BoardProtocolError, Reason
from .threaded import ThreadedBoard
from .url import BoardURL, positive, take_options
from .validity import CornerGuard
from poise.i18n import _

# After the DTR reset that opening the port causes, the slowest public reports: an old-bootloader Nano clone starts
# its sketch after about 2-2.5 s, an Arduino NG's bootloader after 6-8 s, a Mega 2560's stk500v2 bootloader after
# about 5 s and a Sanguino's ATmegaBOOT after about 10 s; the HX711 then needs 400 ms to settle at 10 samples/s
# (datasheet). So the handshake waits up to 12 s, saying what it waits for.
BOOT_WAIT_S = 12.0
OPTIONS = {"baud": (int, 115200), "timeout": (positive, BOOT_WAIT_S), "width": (positive, 433.0),
           "depth": (positive, 238.0)}
SAY_EVERY_S = 2.0  # while waiting, say so this often
OTHER_PROTOCOL_S = 2.0  # bytes that are not Poise's protocol, arriving this long: something else is on the board
IDENTIFY_EVERY_S = 0.25
READ_TIMEOUT_S = 0.05
STALE_S = 0.5  # no valid frame this long: ask the board to stream again
REOPEN_EVERY_S = 0.5
# Before calibration: a typical 50 kg cell (about 1 mV/V) on an HX711 at gain 128 gives ~18 000 counts per kg.
NOMINAL_KG_PER_COUNT = 1.0 / 18000.0
CORNERS = ("tl", "tr", "bl", "br")
UNPLUGGED = "load-cell board unplugged — check its USB cable"
RESTART_SHOWN_S = 5.0  # how long the status line says the board restarted
RESTARTED = "the board restarted (a power dip or reset): check its USB cable and power supply"
STUCK_FRAMES = 40  # frames dropped in a row for the same reason (half a second at 80 Hz): say what is wrong


def open_port(port: str, baud: int) -> serial.SerialBase:
    """Open without trusting DTR handling: on a pty setting DTR fails (ENOTTY), on Linux it resets the MCU anyway."""
    s = serial.serial_for_url(port, baudrate=baud, timeout=READ_TIMEOUT_S, write_timeout=1.0, do_not_open=True)
    if hasattr(s, "exclusive") and "://" not in port:
        s.exclusive = True  # a second program must not silently steal bytes
    try:
        s.dtr = False
    except (OSError, ValueError, serial.SerialException):
        pass
    s.open()
    return s


def device_of(port: str) -> str:
    """The device a port name leads to now (a udev symlink's target), to notice a board that came back elsewhere."""
    return os.path.realpath(port) if "://" not in port else port


def handshake(port: serial.SerialBase, decoder: sp.Decoder, timeout: float,
              progress: Callable[[str], None] | None = None, moved: Callable[[], bool] = lambda: False) -> sp.InfoFrame:
    """IDENTIFY every 250 ms until INFO comes back: survives a bootloader that eats the first commands and takes
    seconds to start the firmware. `progress` hears what it waits for every SAY_EVERY_S. Gives up after `timeout`
    with "no answer at all" or "answers, but not Poise's protocol" (at once when something else keeps talking), or
    at once when `moved()` says the port's name now leads to another device (a board that came back elsewhere)."""
    start = time.monotonic()
    end, said = start + timeout, start
    heard = bytearray()  # the first bytes that came, to show what answered
    unframed_at_start = decoder.unframed
    first_heard = last_heard = None
    port.reset_input_buffer()
    while time.monotonic() < end and not moved():
        port.write(sp.command(sp.CMD_IDENTIFY))
        wait_until = time.monotonic() + IDENTIFY_EVERY_S
        while time.monotonic() < wait_until:
            data = port.read(max(1, port.in_waiting))
            now = time.monotonic()
            unframed = decoder.unframed
            heard += data[:max(0, 48 - len(heard))]
            frames = decoder.feed(data)
            for f in frames:
                if isinstance(f, sp.InfoFrame):
                    if f.protocol != sp.PROTOCOL_VERSION:
                        raise BoardProtocolError(_("the board speaks protocol {protocol}, this Poise speaks "
                                                   "{protocol_version}: update the firmware or Poise").format(
                            protocol=f.protocol, protocol_version=sp.PROTOCOL_VERSION))
                    return f
            if decoder.unframed > unframed:  # bytes that are no frame: a bootloader's banner, or another program
                first_heard = first_heard or now
                last_heard = now
            if first_heard and now - last_heard < 0.5 and last_heard - first_heard >= OTHER_PROTOCOL_S:
                raise BoardNotFound(_other_protocol(port.port, heard), Reason.WRONG_DEVICE)
        now = time.monotonic()
        if progress and now - said >= SAY_EVERY_S:
            said = now
            progress(_("waiting for the board on {port} to start ({s:.0f} of {timeout:g} s): opening the port "
                       "restarts an Arduino, and an old bootloader takes seconds before the firmware runs").format(
                port=port.port, s=now - start, timeout=timeout))
    if decoder.unframed > unframed_at_start or decoder.buffer:
        raise BoardNotFound(_other_protocol(port.port, heard), Reason.WRONG_DEVICE)
    raise BoardNotFound(_("no answer at all from {port} in {timeout:g} s: is the board powered and the Poise firmware "
                          "on it? (flash it with: make -C hardware/firmware flash)").format(
        port=port.port, timeout=timeout))


def _other_protocol(port: str, heard: bytes) -> str:
    shown = heard.decode("ascii", errors="replace").encode("unicode_escape").decode("ascii")[:40]
    return _("{port} answers, but not in Poise's protocol (it sent {shown!r}): another program is on the board; "
             "flash the Poise firmware (make -C hardware/firmware flash)").format(port=port, shown=shown)


class SerialBoard(ThreadedBoard):
    can_calibrate = True

    def __init__(self, url: BoardURL, clock: Callable[[], float], calibration: Calibration | None = None,
                 progress: Callable[[str], None] | None = None):
        """`progress` hears what the first connection waits for (a slow bootloader), for the command to show."""
        super().__init__(BoardStatus(connected=False, message="connecting"))
        self.progress = progress
        opts = take_options(url, OPTIONS)
        self.port_name = url.target
        if not self.port_name:
            raise BoardNotFound(_("serial:// needs a port, e.g. serial:///dev/ttyACM0 or serial://COM3"))
        self.baud, self.timeout = opts["baud"], opts["timeout"]
        self.clock = clock
        self.calibrated = calibration is not None  # False: nominal gains, good for testing, not for measuring
        self.decoder = sp.Decoder()
        self.port: serial.SerialBase | None = None
        self.info_frame: sp.InfoFrame | None = None
        self.corrupt_earlier = 0  # corrupt frames counted by decoders of earlier connections
        self.reader = SampleReader(calibration)
        self._restarted_at: float | None = None
        self._problem = ""
        self._connect(first=True)
        ident = f"loadcell-{self.info_frame.board_id:08x}"
        geometry = Geometry(opts["width"] / 2, opts["depth"] / 2)
        self.info = BoardInfo(url=url.raw, name=f"Load-cell board {self.info_frame.board_id:08x}", identity=ident,
                              rate_hz=float(self.info_frame.rate_hz), geometry=geometry, own_clock=True)
        self._thread = threading.Thread(target=self._run, name="serial-reader", daemon=True)
        self._thread.start()

    # --- connection -------------------------------------------------------------------
    def _connect(self, first: bool = False) -> bool:
        try:
            port = open_port(self.port_name, self.baud)
        except (serial.SerialException, OSError, ValueError) as exc:
            if first:
                raise _open_failure(self.port_name, exc) from None
            return False
        try:
            self.corrupt_earlier += self.decoder.corrupt
            self.decoder = sp.Decoder()
            device = device_of(self.port_name)
            info = handshake(port, self.decoder, self.timeout, self.progress if first else None,
                             moved=lambda: device_of(self.port_name) != device)
            port.write(sp.command(sp.CMD_START))
        except (BoardNotFound, BoardProtocolError):
            port.close()
            if first:
                raise
            return False
        except (serial.SerialException, OSError):
            port.close()
            if first:
                raise BoardNotFound(_("lost {port_name} while connecting: check the USB cable").format(
                    port_name=self.port_name), Reason.DISCONNECTED) from None
            return False
        self.port, self.info_frame = port, info
        self.reader.new_stream(info.rate_hz)  # the board may have been power-cycled with the cable
        self._set_status(self._health())
        return True

    def _run(self) -> None:
        last_frame = time.monotonic()
        while not self._stop.is_set():
            if self.port is None:
                if not self._connect():
                    self._stop.wait(REOPEN_EVERY_S)
                last_frame = time.monotonic()
                continue
            try:
                data = self.port.read(max(1, self.port.in_waiting))
                frames = self.decoder.feed(data) if data else []
                now = time.monotonic()
                if frames:
                    last_frame = now
                for f in frames:
                    if isinstance(f, sp.SampleFrame):
                        self._on_sample(f)
                if now - last_frame > STALE_S:  # the board reset (or stopped): ask again
                    self._problem = "no data from the board: restarting the stream"
                    self.port.write(sp.command(sp.CMD_START))
                    last_frame = now
                self._set_status(self._health())
            except (serial.SerialException, OSError, TypeError):
                # pyserial raises SerialException (or OSError, or TypeError from a closed fd) when the cable goes
                self._drop()

    def _drop(self) -> None:
        try:
            self.port.close()
        except Exception:  # noqa: BLE001 - the port is already gone
            pass
        self.port = None
        self._set_status(BoardStatus(connected=False, message=UNPLUGGED, corrupt_frames=self.corrupt,
                                     lost_samples=self.lost, dropped_frames=self.reader.sequence.dropped,
                                     spikes=self.reader.guard.spikes))

    @property
    def lost(self) -> int:
        return self.reader.sequence.lost

    @property
    def zero(self) -> ZeroTracker:
        return self.reader.zero

    def _on_sample(self, f: sp.SampleFrame) -> None:
        sample = self.reader.read(f, self.clock())
        if self.reader.restarted:
            self._restarted_at = time.monotonic()
        self._problem = self.reader.problem
        if sample is not None:
            self._emit(sample)

    @property
    def calibration(self) -> Calibration:
        """Counts to kg as applied right now (nominal gains until the board is calibrated)."""
        return self.reader.zero.calibration

    def set_calibration(self, calibration: Calibration, calibrated_at: str | None = None) -> None:
        """Counts to kg from now on (the wizard's result, or a stored one for this board id)."""
        self.calibrated = True
        self.calibrated_at = calibrated_at
        self.reader.set_calibration(calibration)

    def _health(self) -> BoardStatus:
        restarted = self._restarted_at is not None and time.monotonic() - self._restarted_at < RESTART_SHOWN_S
        message = self._problem or (RESTARTED if restarted else "") or (
            far_zero_message(self.reader.zero, "the zero of its calibration") if self.calibrated
            else "not calibrated yet: run poise calibrate")
        return BoardStatus(connected=self.port is not None, message=message, corrupt_frames=self.corrupt,
                           lost_samples=self.lost, dropped_frames=self.reader.sequence.dropped,
                           spikes=self.reader.guard.spikes, fault=self.reader.fault)

    @property
    def corrupt(self) -> int:
        return self.corrupt_earlier + self.decoder.corrupt

    def close(self) -> None:
        self._stop.set()
        if getattr(self, "_thread", None) is not None:
            self._thread.join(timeout=2.0)
        if self.port is not None:
            try:
                self.port.write(sp.command(sp.CMD_STOP))
                self.port.close()
            except (serial.SerialException, OSError):
                pass
            self.port = None


class SampleReader:
    """SAMPLE frames to Samples, without I/O: which frames belong to the stream (SequenceTracker), the
    board's clock in seconds (unwrapped, and carried on across restarts), counts to kg (calibration and
    zero tracking) and which corners must not be used (status bits, full-scale and glitch codes,
    CornerGuard). `problem` and `fault` describe the latest sample's corner faults."""

    def __init__(self, calibration: Calibration | None = None, nominal_hz: float = 80.0):
        self.calibrated = calibration is not None
        self.zero = ZeroTracker(calibration or Calibration((0.0,) * 4, (NOMINAL_KG_PER_COUNT,) * 4))
        self.sequence = sp.SequenceTracker(nominal_hz)
        self.guard = CornerGuard()
        self.problem = self.fault = ""
        self.restarted = False  # the last frame began a new stream after the board restarted
        self._t_wraps = 0
        self._t_origin = 0.0  # s added to the board's clock so it never runs backwards across restarts
        self._last_t_us: int | None = None
        self._last_board_t: float | None = None
        self._last_host_t = 0.0
        self._rebase = False
        self._previous: sp.SampleFrame | None = None  # the frame before this one, accepted or not
        self._stuck = 0  # frames in a row dropped because the board's number or clock does not move

    def new_stream(self, nominal_hz: float) -> None:
        """A new connection: the next frame starts the stream again, and the board's clock carries on."""
        self.sequence.nominal_period_us = 1e6 / max(1.0, nominal_hz)
        self.sequence.new_stream()
        self._rebase = True

    def set_calibration(self, calibration: Calibration) -> None:
        self.calibrated = True
        self.zero = ZeroTracker(calibration)

    def read(self, f: sp.SampleFrame, t: float) -> Sample | None:
        """The Sample for frame `f` arriving at host time `t`, or None for a frame that is not one (a
        duplicate, late or out-of-line frame, or a settling sample)."""
        verdict = self.sequence.accept(f)
        self.restarted = verdict == "restart"
        previous, self._previous = self._previous, f
        if verdict not in ("ok", "restart", "resync"):
            self._stuck_check(previous, f)
            return None  # a duplicate, a late frame, or one whose number or board time does not fit
        self._stuck = 0
        board_t = self._board_time(f.t_us, t, rebase=self._rebase or verdict != "ok")
        self._rebase = False
        if f.status & sp.STATUS_SETTLING:
            return None  # the HX711s are still settling after a reset: not a reading yet
        missing, saturated, impossible, coded = sp.channel_faults(f)
        hard = missing | saturated | impossible
        problems = []
        if missing:
            problems.append(f"corner {corner_list(missing)} not answering: check the wires between that "
                            "corner's HX711 and the microcontroller (DOUT, SCK, VCC, GND)")
        if saturated:
            problems.append(f"corner {corner_list(saturated)} reads full scale: its load cell is overloaded or "
                            "miswired (check its four wires to the HX711: E+, E-, A+, A-), or the firmware reads "
                            "the HX711's bits out of step")
        elif f.status & sp.STATUS_SATURATED:
            problems.append("a load cell reads full scale: overloaded or miswired")
        if impossible:
            problems.append(f"corner {corner_list(impossible)} reads more than a load cell can give "
                            f"({max(abs(f.counts[i]) for i in range(4) if impossible & (1 << i)) / sp.FULL_SCALE:.0%} "
                            "of the HX711's range): check the firmware's HX711 timing (DOUT must be read after "
                            "SCK rises, 24 bits MSB first), that it sets gain 128 on channel A, and that "
                            "corner's wiring")
        self.problem = self.fault = "; ".join(problems)
        kg = self.zero.calibration.apply(f.counts)
        invalid = self.guard.check(kg, hard=hard, coded=coded, zero_known=self.calibrated or self.zero.tared)
        if not invalid:  # only good readings move the zero
            kg = self.zero.update(t, f.counts)
        return Sample(t, *map(float, kg), flags=FLAG_FAULT if hard else 0, board_t=board_t, invalid=invalid)

    def _stuck_check(self, previous: sp.SampleFrame | None, f: sp.SampleFrame) -> None:
        """Every frame dropped because the firmware's sequence number or clock does not move: say which."""
        same_seq = previous is not None and previous.seq == f.seq
        same_clock = previous is not None and previous.t_us == f.t_us
        self._stuck = self._stuck + 1 if same_seq or same_clock else 0
        if self._stuck < STUCK_FRAMES:
            return
        if same_seq:
            self.problem = (f"every frame is dropped: the board numbers every frame {f.seq} (seq must go up by 1 for "
                            "each SAMPLE): a firmware fault; update or fix the firmware (hardware/PROTOCOL.md)")
        else:
            self.problem = (f"every frame is dropped: the board's clock is stuck at {f.t_us} us (t_us must be the "
                            "microsecond clock when each reading was ready): its timer is not running; check that "
                            "the firmware keeps interrupts on and reads micros() (hardware/PROTOCOL.md)")

    def _board_time(self, t_us: int, host_t: float, rebase: bool = False) -> float:
        """The MCU's clock in seconds, unwrapped across its 32-bit microsecond counter; after a restart
        or a reconnect (the MCU's clock starts again) it carries on from where it was, never backwards."""
        if rebase and self._last_board_t is not None:
            gap = max(host_t - self._last_host_t, 1e-6)
            self._t_origin, self._t_wraps = self._last_board_t + gap - t_us / 1e6, 0
        elif self._last_t_us is not None and t_us < self._last_t_us - (1 << 31):
            self._t_wraps += 1
        self._last_t_us = t_us
        self._last_board_t = self._t_origin + (self._t_wraps * (1 << 32) + t_us) / 1e6
        self._last_host_t = host_t
        return self._last_board_t


def _open_failure(port: str, exc: Exception) -> BoardNotFound:
    text = str(exc)
    if "Permission denied" in text or "Errno 13" in text:
        return BoardNotFound(f"no permission to open {port}: add yourself to the 'dialout' group "
                             "(sudo usermod -aG dialout $USER) and log in again", Reason.PERMISSION)
    if "No such file" in text or "Errno 2" in text or "could not open port" in text and "FileNotFound" in text:
        return BoardNotFound(f"no serial port {port}: is the board plugged in? (poise boards lists what is connected)")
    if "busy" in text.lower() or "Errno 16" in text or "lock" in text.lower():
        return BoardNotFound(f"{port} is in use by another program (close the Arduino serial monitor)", Reason.BUSY)
    return BoardNotFound(f"cannot open {port}: {text}")
