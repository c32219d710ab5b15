/* Four HX711s on one shared clock (PB0 = Arduino D8) with data lines PD4..PD7 (D4..D7). */
#ifndef POISE_HX711_H
#define POISE_HX711_H
#include <stdint.h>

void hx_init(void);
uint8_t hx_ready_mask(void);              /* bit i set: channel i has a conversion ready (DOUT low) */
void hx_read_all(int32_t counts[4]);      /* one 25-pulse burst: all four, channel A, gain 128 */
void hx_power_cycle(void);                /* SCK high > 60 us resets every chip at once */
#endif
