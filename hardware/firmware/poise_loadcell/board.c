/* Poise load-cell board firmware: sample four HX711s in one burst at their own rate (~80 Hz),
 * frame each reading with a sequence number and the MCU time, answer commands. */
#include "board.h"

#include <avr/eeprom.h>
#include <avr/interrupt.h>
#include <avr/io.h>

#include "hx711.h"
#include "protocol.h"
#include "uart.h"

#define RATE_HZ 80
#define PERIOD_US (1000000UL / RATE_HZ)
#define MISSING_AFTER_US (3 * PERIOD_US) /* a chip silent for 3 periods is reported missing */

static fw_t fw;
static volatile uint16_t timer_overflows;
static uint32_t first_ready_us, last_frame_us;
static uint8_t waiting;

ISR(TIMER1_OVF_vect) { timer_overflows++; }

/* Microseconds since power-up from Timer1 (0.5 us ticks); wraps after 71 minutes. */
static uint32_t micros(void) {
    uint8_t sreg = SREG;
    cli();
    uint16_t ticks = TCNT1;
    uint16_t ovf = timer_overflows;
    if ((TIFR1 & _BV(TOV1)) && ticks < 0x8000) ovf++;
    SREG = sreg;
    return (((uint32_t)ovf << 16) | ticks) >> 1;
}

static uint32_t board_id(void) {
    uint32_t *where = (uint32_t *)0;
    uint32_t id = eeprom_read_dword(where);
    if (id == 0xFFFFFFFFUL || id == 0) { /* first boot: make one up from timer jitter and store it */
        id = 0x504F0000UL ^ ((uint32_t)TCNT1 << 8) ^ micros();
        if (id == 0 || id == 0xFFFFFFFFUL) id = 1;
        eeprom_update_dword(where, id);
    }
    return id;
}

static void send_sample(uint32_t t_us, uint8_t missing) {
    int32_t counts[4] = {0, 0, 0, 0};
    hx_read_all(counts);
    for (uint8_t ch = 0; ch < 4; ch++)
        if (missing & (1 << ch)) counts[ch] = 0;
    uint8_t frame[MAX_FRAME];
    uint8_t status = fw_status(&fw, counts, missing);
    size_t n = fw_sample_frame(&fw, t_us, counts, status, frame);
    uart_write(frame, n);
    last_frame_us = t_us;
    waiting = 0;
}

void fw_setup(void) {
    TCCR1A = 0;
    TCCR1B = _BV(CS11); /* clk/8: 0.5 us per tick at 16 MHz */
    TIMSK1 = _BV(TOIE1);
    uart_init();
    hx_init();
    sei();
    fw_init(&fw, board_id(), RATE_HZ);
    hx_power_cycle(); /* start all four chips together */
}

void fw_loop(void) {
    uint8_t byte, reply[MAX_FRAME];
    while (uart_read(&byte)) {
        size_t n = fw_receive(&fw, byte, reply);
        if (n) uart_write(reply, n);
    }
    if (fw.adc_reset_requested) {
        fw.adc_reset_requested = 0;
        hx_power_cycle();
    }
    if (!fw.streaming) return;
    uint8_t ready = hx_ready_mask();
    uint32_t now = micros();
    if (ready == 0x0F) {
        send_sample(now, 0);
    } else if (ready) {
        if (!waiting) {
            waiting = 1;
            first_ready_us = now;
        } else if (now - first_ready_us > MISSING_AFTER_US) {
            send_sample(now, (uint8_t)(~ready & 0x0F)); /* some chips never answered */
        }
    } else if (now - last_frame_us > MISSING_AFTER_US) {
        int32_t none[4] = {0, 0, 0, 0}; /* no chip answers at all: say so at the nominal rate */
        uint8_t frame[MAX_FRAME];
        size_t n = fw_sample_frame(&fw, now, none, fw_status(&fw, none, 0x0F), frame);
        uart_write(frame, n);
        last_frame_us = now - (MISSING_AFTER_US - PERIOD_US);
    }
}
