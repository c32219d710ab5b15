"""The Wii Balance Board byte protocol against the test vectors of wbb.md section 7."""
import pytest

from poise.drivers import wii_protocol as wp

BLOCK = bytes.fromhex("10690000" "07C33CF8048C296B" "0ED243840B3A3069" "15E94A1011EF376E" "5E40E9B6")
TEMP = bytes.fromhex("1A01")


def test_calibration_block_parses_and_its_crc_checks():
    cal = wp.parse_calibration(BLOCK, TEMP)
    assert cal.c0 == (1987, 15608, 1164, 10603)
    assert cal.c17 == (3794, 17284, 2874, 12393)
    assert cal.c34 == (5609, 18960, 4591, 14190)
    assert cal.battery_ref == 0x69 and cal.reference_temperature == 0x1A
    assert cal.crc_ok
    assert wp.crc(BLOCK, TEMP) == 0x5E40E9B6


def test_crc_mismatch_is_reported_not_fatal():
    cal = wp.parse_calibration(BLOCK, bytes.fromhex("1901"))
    assert not cal.crc_ok and cal.c0[0] == 1987


def test_misaligned_block_is_refused():
    with pytest.raises(wp.WiiProtocolError, match="not increasing"):
        wp.parse_calibration(BLOCK[1:] + b"\0", TEMP)


@pytest.mark.parametrize("raw, kg", [
    ((0x0F3C, 0x43F8, 0x0BB8, 0x30D4), (17.9928, 18.1766, 18.2475, 18.0122)),
    ((0x1388, 0x4268, 0x07D0, 0x2CEC), (28.2959, 14.1193, 8.3111, 8.5190)),
    ((0x1770, 0x4384, 0x044C, 0x296B), (37.6623, 17.0000, -0.6363, 0.0)),
])
def test_conversion_to_kg_unclamped(raw, kg):
    cal = wp.parse_calibration(BLOCK, TEMP)
    assert cal.kg(raw) == pytest.approx(kg, abs=1e-4)


def test_real_data_report_capture():
    data = wp.parse(bytes.fromhex("3400 0009B34BBA1E7F3F4E17009800000000000000 00".replace(" ", "")))
    assert data.raw == (2483, 19386, 7807, 16206)
    assert data.temperature == 23 and data.battery_byte == 0x98 and not data.button


def test_synthetic_report_with_front_button():
    data = wp.parse(bytes.fromhex("34000813884268 07D02CEC1A008300000000000000 00".replace(" ", "")))
    assert data.button and data.raw == (0x1388, 0x4268, 0x07D0, 0x2CEC)
    assert wp.battery_level(data.battery_byte, 0x69) == 1.0


@pytest.mark.parametrize("byte, level", [(0x69 + 0x19, 1.0), (0x69 + 0x14, 0.75), (0x69 + 0x0F, 0.5),
                                         (0x69 + 0x01, 0.25), (0x69, 0.0), (0x50, 0.0)])
def test_battery_bars(byte, level):
    assert wp.battery_level(byte, 0x69) == level


def test_read_replies_status_and_ack():
    r1 = wp.parse(bytes.fromhex("210000F00020106900 0007C33CF8048C296B0ED24384".replace(" ", "")))
    assert (r1.offset, r1.error, r1.data[:4]) == (0x0020, 0, bytes.fromhex("10690000")) and len(r1.data) == 16
    r_id = wp.parse(bytes.fromhex("2100005000FA0000A42004020000000000000000 0000".replace(" ", "")))
    assert r_id.offset == 0x00FA and r_id.data == wp.BOARD_EXTENSION_ID
    status = wp.parse(bytes.fromhex("20000012 0000C6".replace(" ", "")))
    assert status.extension and not status.battery_low and status.battery_byte == 0xC6
    ack = wp.parse(bytes.fromhex("2200001600"))
    assert ack == wp.Ack(0x16, 0)


def test_output_reports_are_byte_exact():
    assert wp.led_on() == bytes.fromhex("1110")
    assert wp.status_request() == bytes.fromhex("1500")
    assert wp.set_mode() == bytes.fromhex("120434")
    assert wp.write_register(0xA400F0, b"\x55") == bytes.fromhex("1604A400F00155") + bytes(15)
    assert wp.read_register(0xA40020, 0x20) == bytes.fromhex("1704A400200020")


def test_the_calibration_area_is_never_written():
    with pytest.raises(wp.WiiProtocolError, match="calibration"):
        wp.write_register(0xA40024, b"\x00\x00")


def test_dead_batteries_and_corner_order():
    assert wp.dead_batteries((0, 0, 0, 0)) and not wp.dead_batteries((0, 0, 0, 1))
    assert wp.to_corners(("TR", "BR", "TL", "BL")) == ("TL", "TR", "BL", "BR")
