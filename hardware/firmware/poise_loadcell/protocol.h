/* Poise load-cell board: wire protocol (hardware/PROTOCOL.md). Portable C99, no hardware access:
 * the same file runs on the ATmega328P and, in the tests, on the host. */
#ifndef POISE_PROTOCOL_H
#define POISE_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

#define PROTOCOL_VERSION 1
#define FW_MAJOR 1
#define FW_MINOR 0
#define FW_PATCH 0

/* message types (first payload byte) */
#define MSG_SAMPLE 0x53   /* 'S' device -> host */
#define MSG_INFO 0x49     /* 'I' device -> host */
#define MSG_ACK 0x41      /* 'A' device -> host */
#define CMD_IDENTIFY 0x69 /* 'i' host -> device */
#define CMD_START 0x73    /* 's' */
#define CMD_STOP 0x78     /* 'x' */
#define CMD_PING 0x70     /* 'p' */
#define CMD_RESET_ADC 0x72 /* 'r' */

#define ACK_OK 0
#define ACK_UNKNOWN 1
#define ACK_MALFORMED 2

/* status bits of a sample */
#define STATUS_MISSING_MASK 0x0F /* bit i: channel i did not answer; its count is 0 */
#define STATUS_SATURATED 0x10    /* a channel read its full-scale code */
#define STATUS_RESET 0x20        /* first sample since power-up or an ADC reset */
#define STATUS_SETTLING 0x40     /* the HX711s are still settling after a reset (4 samples) */

#define SAMPLE_PAYLOAD 20
#define INFO_PAYLOAD 16
#define MAX_FRAME 32 /* longest encoded frame including CRC, COBS overhead and delimiter */
#define RX_BUFFER 24

typedef struct {
    uint16_t seq;           /* sequence number of the next sample, wraps */
    uint8_t streaming;      /* 1 after START, 0 after STOP */
    uint8_t reset_pending;  /* the next sample carries STATUS_RESET */
    uint8_t settle_left;    /* samples still flagged STATUS_SETTLING */
    uint8_t adc_reset_requested; /* set by RESET_ADC; the main loop power-cycles the chips and clears it */
    uint32_t board_id;
    uint8_t rate_hz;
    uint8_t rx[RX_BUFFER];
    uint8_t rx_len;
    uint8_t rx_overflow;
    uint16_t bad_commands;  /* frames dropped for a bad CRC or length */
} fw_t;

void fw_init(fw_t *fw, uint32_t board_id, uint8_t rate_hz);
uint16_t fw_crc16(const uint8_t *data, size_t n);
size_t fw_cobs_encode(const uint8_t *in, size_t n, uint8_t *out);
size_t fw_cobs_decode(const uint8_t *in, size_t n, uint8_t *out);
uint8_t fw_status(fw_t *fw, const int32_t counts[4], uint8_t missing);
size_t fw_sample_frame(fw_t *fw, uint32_t t_us, const int32_t counts[4], uint8_t status, uint8_t *out);
size_t fw_info_frame(const fw_t *fw, uint8_t *out);
size_t fw_ack_frame(uint8_t command, uint8_t result, uint8_t *out);
size_t fw_receive(fw_t *fw, uint8_t byte, uint8_t *out);
void fw_adc_was_reset(fw_t *fw);

#endif
