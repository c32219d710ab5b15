/* Poise load-cell board: frame encoder, checksum and command handling (hardware/PROTOCOL.md). */
#include "protocol.h"

void fw_init(fw_t *fw, uint32_t board_id, uint8_t rate_hz) {
    uint8_t *p = (uint8_t *)fw;
    for (size_t i = 0; i < sizeof *fw; i++) p[i] = 0;
    fw->board_id = board_id;
    fw->rate_hz = rate_hz;
    fw_adc_was_reset(fw);
}

void fw_adc_was_reset(fw_t *fw) {
    fw->reset_pending = 1;
    fw->settle_left = 4; /* HX711 output settling: ~4 conversions after power-up or reset */
}

/* CRC-16/XMODEM: poly 0x1021, init 0, no reflection, no final xor ("123456789" -> 0x31C3). */
uint16_t fw_crc16(const uint8_t *data, size_t n) {
    uint16_t crc = 0;
    for (size_t i = 0; i < n; i++) {
        crc ^= (uint16_t)data[i] << 8;
        for (uint8_t b = 0; b < 8; b++) crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
    }
    return crc;
}

/* Consistent Overhead Byte Stuffing: the output has no zero bytes; returns its length. */
size_t fw_cobs_encode(const uint8_t *in, size_t n, uint8_t *out) {
    size_t code_at = 0, o = 1;
    uint8_t code = 1;
    for (size_t i = 0; i < n; i++) {
        if (in[i] == 0) {
            out[code_at] = code;
            code_at = o++;
            code = 1;
        } else {
            out[o++] = in[i];
            if (++code == 0xFF) {
                out[code_at] = code;
                code_at = o++;
                code = 1;
            }
        }
    }
    out[code_at] = code;
    return o;
}

/* Inverse of fw_cobs_encode; returns 0 for a malformed frame. */
size_t fw_cobs_decode(const uint8_t *in, size_t n, uint8_t *out) {
    size_t i = 0, o = 0;
    while (i < n) {
        uint8_t code = in[i++];
        if (code == 0 || i + code - 1 > n) return 0;
        for (uint8_t k = 1; k < code; k++) {
            if (in[i] == 0) return 0;
            out[o++] = in[i++];
        }
        if (code != 0xFF && i < n) out[o++] = 0;
    }
    return o;
}

static size_t finish(uint8_t *payload, size_t n, uint8_t *out) {
    uint16_t crc = fw_crc16(payload, n);
    payload[n] = (uint8_t)(crc & 0xFF);
    payload[n + 1] = (uint8_t)(crc >> 8);
    size_t len = fw_cobs_encode(payload, n + 2, out);
    out[len] = 0x00;
    return len + 1;
}

static int32_t clip24(int32_t v) {
    if (v > 0x7FFFFF) return 0x7FFFFF;
    if (v < -0x800000) return -0x800000;
    return v;
}

uint8_t fw_status(fw_t *fw, const int32_t counts[4], uint8_t missing) {
    uint8_t status = missing & STATUS_MISSING_MASK;
    for (uint8_t ch = 0; ch < 4; ch++) {
        if (missing & (1 << ch)) continue;
        if (counts[ch] >= 0x7FFFFF || counts[ch] <= -0x800000) status |= STATUS_SATURATED;
    }
    if (fw->reset_pending) {
        status |= STATUS_RESET;
        fw->reset_pending = 0;
    }
    if (fw->settle_left) {
        status |= STATUS_SETTLING;
        fw->settle_left--;
    }
    return status;
}

size_t fw_sample_frame(fw_t *fw, uint32_t t_us, const int32_t counts[4], uint8_t status, uint8_t *out) {
    uint8_t p[SAMPLE_PAYLOAD + 2];
    p[0] = MSG_SAMPLE;
    p[1] = (uint8_t)(fw->seq & 0xFF);
    p[2] = (uint8_t)(fw->seq >> 8);
    for (uint8_t i = 0; i < 4; i++) p[3 + i] = (uint8_t)(t_us >> (8 * i));
    for (uint8_t ch = 0; ch < 4; ch++) {
        uint32_t v = (uint32_t)clip24(counts[ch]);
        p[7 + 3 * ch] = (uint8_t)(v & 0xFF);
        p[8 + 3 * ch] = (uint8_t)((v >> 8) & 0xFF);
        p[9 + 3 * ch] = (uint8_t)((v >> 16) & 0xFF);
    }
    p[19] = status;
    fw->seq++;
    return finish(p, SAMPLE_PAYLOAD, out);
}

size_t fw_info_frame(const fw_t *fw, uint8_t *out) {
    uint8_t p[INFO_PAYLOAD + 2];
    p[0] = MSG_INFO;
    p[1] = 'P';
    p[2] = 'O';
    p[3] = 'I';
    p[4] = 'S';
    p[5] = PROTOCOL_VERSION;
    p[6] = FW_MAJOR;
    p[7] = FW_MINOR;
    p[8] = FW_PATCH;
    for (uint8_t i = 0; i < 4; i++) p[9 + i] = (uint8_t)(fw->board_id >> (8 * i));
    p[13] = 4; /* channels */
    p[14] = fw->rate_hz;
    p[15] = fw->streaming;
    return finish(p, INFO_PAYLOAD, out);
}

size_t fw_ack_frame(uint8_t command, uint8_t result, uint8_t *out) {
    uint8_t p[5] = {MSG_ACK, command, result};
    return finish(p, 3, out);
}

static size_t dispatch(fw_t *fw, const uint8_t *frame, size_t n, uint8_t *out) {
    uint8_t payload[RX_BUFFER];
    size_t len = fw_cobs_decode(frame, n, payload);
    if (len < 3 || fw_crc16(payload, len - 2) != (uint16_t)(payload[len - 2] | (payload[len - 1] << 8))) {
        fw->bad_commands++;
        return 0; /* corrupt: dropped silently, the host repeats */
    }
    uint8_t cmd = payload[0];
    if (len != 3) return fw_ack_frame(cmd, ACK_MALFORMED, out);
    switch (cmd) {
    case CMD_IDENTIFY:
        return fw_info_frame(fw, out);
    case CMD_START:
        fw->streaming = 1;
        return fw_ack_frame(cmd, ACK_OK, out);
    case CMD_STOP:
        fw->streaming = 0;
        return fw_ack_frame(cmd, ACK_OK, out);
    case CMD_PING:
        return fw_ack_frame(cmd, ACK_OK, out);
    case CMD_RESET_ADC:
        fw->adc_reset_requested = 1;
        fw_adc_was_reset(fw);
        return fw_ack_frame(cmd, ACK_OK, out);
    default:
        return fw_ack_frame(cmd, ACK_UNKNOWN, out);
    }
}

/* Feed one received byte; returns the length of a reply frame written to `out` (0: none yet). */
size_t fw_receive(fw_t *fw, uint8_t byte, uint8_t *out) {
    if (byte != 0x00) {
        if (fw->rx_len < RX_BUFFER)
            fw->rx[fw->rx_len++] = byte;
        else
            fw->rx_overflow = 1;
        return 0;
    }
    size_t n = fw->rx_len;
    uint8_t overflow = fw->rx_overflow;
    fw->rx_len = 0;
    fw->rx_overflow = 0;
    if (n == 0) return 0;
    if (overflow) {
        fw->bad_commands++;
        return 0;
    }
    return dispatch(fw, fw->rx, n, out);
}
