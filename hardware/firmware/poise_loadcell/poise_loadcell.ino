// Poise load-cell board firmware for the Arduino IDE: open this folder as a sketch, choose
// "Arduino Uno" (or Nano, ATmega328P), Upload. The firmware is plain C in the .c files beside
// this one; this sketch only calls it. Do not use Serial here: the firmware drives the UART.
#include "board.h"

void setup() { fw_setup(); }

void loop() { fw_loop(); }
