/* HX711 burst reader: every clock pulse clocks all four chips, so all four are read together. */
#include "hx711.h"

#include <avr/io.h>
#include <util/delay.h>

#define SCK_BIT PB0
#define DOUT_SHIFT 4 /* PD4..PD7 */

void hx_init(void) {
    DDRB |= _BV(SCK_BIT);
    PORTB &= (uint8_t)~_BV(SCK_BIT);
    DDRD &= 0x0F;  /* data lines are inputs ... */
    PORTD |= 0xF0; /* ... pulled up, so a missing chip reads "not ready" instead of floating */
}

uint8_t hx_ready_mask(void) {
    return (uint8_t)((~PIND >> DOUT_SHIFT) & 0x0F);
}

void hx_read_all(int32_t counts[4]) {
    uint32_t v[4] = {0, 0, 0, 0};
    uint8_t sreg = SREG;
    __asm__ __volatile__("cli" ::: "memory"); /* a stretched SCK-high phase (> 60 us) would power the chips down */
    for (uint8_t bit = 0; bit < 24; bit++) {
        PORTB |= _BV(SCK_BIT);
        _delay_us(1);
        uint8_t d = PIND; /* DOUT is valid 0.1 us after the rising edge */
        PORTB &= (uint8_t)~_BV(SCK_BIT);
        for (uint8_t ch = 0; ch < 4; ch++) v[ch] = (v[ch] << 1) | ((d >> (DOUT_SHIFT + ch)) & 1u);
        _delay_us(1);
    }
    PORTB |= _BV(SCK_BIT); /* 25th pulse: next conversion on channel A, gain 128 */
    _delay_us(1);
    PORTB &= (uint8_t)~_BV(SCK_BIT);
    SREG = sreg;
    for (uint8_t ch = 0; ch < 4; ch++) counts[ch] = ((int32_t)(v[ch] << 8)) >> 8; /* sign-extend 24 bits */
}

void hx_power_cycle(void) {
    PORTB |= _BV(SCK_BIT);
    _delay_us(80);
    PORTB &= (uint8_t)~_BV(SCK_BIT);
}
