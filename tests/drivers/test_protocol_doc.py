"""hardware/PROTOCOL.md agrees with the code on both sides of the wire."""
import re

from conftest import ROOT

from poise.drivers import serial_protocol as sp

DOC = (ROOT / "hardware" / "PROTOCOL.md").read_text()
HEADER = (ROOT / "hardware" / "firmware" / "poise_loadcell" / "protocol.h").read_text()


def test_the_worked_example_is_what_the_driver_sends():
    wire = re.search(r"on the wire `([0-9A-F ]+)`", DOC).group(1)
    assert bytes.fromhex(wire) == sp.command(sp.CMD_IDENTIFY)


def test_message_and_command_bytes_match_the_firmware_and_the_driver():
    for name, doc_row in [("MSG_SAMPLE", "SAMPLE — type 0x53"), ("MSG_INFO", "INFO — type 0x49"),
                          ("MSG_ACK", "ACK — type 0x41")]:
        value = int(re.search(rf"#define {name} (0x[0-9A-F]+)", HEADER).group(1), 16)
        assert value == getattr(sp, name) and doc_row in DOC
    for name, word in [("IDENTIFY", "IDENTIFY"), ("START", "START"), ("STOP", "STOP"), ("PING", "PING"),
                       ("RESET_ADC", "RESET ADC")]:
        value = int(re.search(rf"#define CMD_{name} (0x[0-9A-F]+)", HEADER).group(1), 16)
        assert value == getattr(sp, f"CMD_{name}")
        assert re.search(rf"\| 0x{value:02x} `'.'` \| {word} \|", DOC), name


def test_status_bits_match():
    for name, mask in [("STATUS_MISSING_MASK", "0x0F"), ("STATUS_SATURATED", "0x10"), ("STATUS_RESET", "0x20"),
                       ("STATUS_SETTLING", "0x40")]:
        assert int(re.search(rf"#define {name} (0x[0-9A-F]+)", HEADER).group(1), 16) == getattr(sp, name)
        assert f"| {mask} |" in DOC


def test_pin_map_agrees_between_firmware_diagram_and_build_guide():
    import importlib.util
    spec = importlib.util.spec_from_file_location("wiring", ROOT / "hardware" / "make_wiring_diagram.py")
    wiring = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(wiring)
    hx = (ROOT / "hardware" / "firmware" / "poise_loadcell" / "hx711.c").read_text()
    assert "#define SCK_BIT PB0" in hx and wiring.CLOCK_PIN == ("D8", "PB0")
    shift = int(re.search(r"#define DOUT_SHIFT (\d)", hx).group(1))
    guide = (ROOT / "hardware" / "load-cell-board.md").read_text()
    for ch, corner in enumerate(("tl", "tr", "bl", "br")):
        arduino, port = wiring.DATA_PINS[corner]
        assert port == f"PD{shift + ch}" and arduino == f"D{shift + ch}"
        assert re.search(rf"\| data, {wiring.CORNER_NAMES[corner]} \| {arduino} \| {port} \|", guide)
    assert "| clock (SCK) | D8 | PB0 |" in guide
    assert (ROOT / "hardware" / "wiring.png").stat().st_size > 20_000
