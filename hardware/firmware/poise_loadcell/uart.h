/* USART0 at 115200 baud (U2X), interrupt driven both ways. */
#ifndef POISE_UART_H
#define POISE_UART_H
#include <stddef.h>
#include <stdint.h>

void uart_init(void);
void uart_write(const uint8_t *data, size_t n); /* waits only while the transmit buffer is full */
int uart_read(uint8_t *byte);                   /* 1 if a byte was waiting */
#endif
