/* Entry point for the plain avr-gcc build (make); the Arduino IDE uses poise_loadcell.ino instead. */
#include "poise_loadcell/board.h"

int main(void) {
    fw_setup();
    for (;;) fw_loop();
}
