/* The firmware's two entry points: called from main() (avr-gcc build) or setup()/loop() (Arduino IDE). */
#ifndef POISE_BOARD_H
#define POISE_BOARD_H
#ifdef __cplusplus
extern "C" {
#endif
void fw_setup(void);
void fw_loop(void);
#ifdef __cplusplus
}
#endif
#endif
