#include "uart.h"

#include <avr/interrupt.h>
#include <avr/io.h>

#define TX_SIZE 128 /* a power of two; holds five sample frames */
#define RX_SIZE 32

static volatile uint8_t tx_buf[TX_SIZE], rx_buf[RX_SIZE];
static volatile uint8_t tx_head, tx_tail, rx_head, rx_tail;

void uart_init(void) {
    UCSR0A = _BV(U2X0);
    UBRR0 = 16; /* 16 MHz, U2X: 117647 baud, +2.1 % from 115200 */
    UCSR0B = _BV(RXEN0) | _BV(TXEN0) | _BV(RXCIE0);
    UCSR0C = _BV(UCSZ01) | _BV(UCSZ00); /* 8N1 */
}

void uart_write(const uint8_t *data, size_t n) {
    for (size_t i = 0; i < n; i++) {
        uint8_t next = (uint8_t)((tx_head + 1) & (TX_SIZE - 1));
        while (next == tx_tail) {
        }
        tx_buf[tx_head] = data[i];
        tx_head = next;
        UCSR0B |= _BV(UDRIE0);
    }
}

int uart_read(uint8_t *byte) {
    if (rx_head == rx_tail) return 0;
    *byte = rx_buf[rx_tail];
    rx_tail = (uint8_t)((rx_tail + 1) % RX_SIZE);
    return 1;
}

ISR(USART_UDRE_vect) {
    if (tx_head == tx_tail) {
        UCSR0B &= (uint8_t)~_BV(UDRIE0);
        return;
    }
    UDR0 = tx_buf[tx_tail];
    tx_tail = (uint8_t)((tx_tail + 1) & (TX_SIZE - 1));
}

ISR(USART_RX_vect) {
    uint8_t b = UDR0;
    uint8_t next = (uint8_t)((rx_head + 1) % RX_SIZE);
    if (next != rx_tail) {
        rx_buf[rx_head] = b;
        rx_head = next;
    }
}
