/* Test harness: the compiled Poise load-cell firmware (ELF) running in simavr, with four modelled
 * HX711s on the shared clock PB0 and data lines PD4..PD7, and UART0 bridged to a pseudo-terminal.
 *
 *   simavr_hx711 firmware.elf [--missing CH] [--seconds S]
 * prints "PTY /dev/pts/N" on stdout once ready, then runs in real time until killed or S seconds.
 * Channel ch reads 100000*(ch+1) + 2000*sin(2*pi*0.5*t) counts: the tests know what to expect.
 */
#define _XOPEN_SOURCE 600
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <simavr/avr_ioport.h>
#include <simavr/avr_uart.h>
#include <simavr/sim_avr.h>
#include <simavr/sim_elf.h>
#include <simavr/sim_time.h>

#define PERIOD_US 12500 /* the HX711 at 80 samples/s */

static avr_t *avr;
static avr_irq_t *dout[4];
static int master = -1;
static int missing = -1;     /* a channel whose chip never answers */
static int32_t value[4];     /* the conversion being shifted out */
static int pulses = 0;       /* SCK pulses since the conversion became ready */
static int ready = 0;        /* DOUT low, waiting to be read */
static avr_cycle_count_t sck_rose = 0;
static int xon = 1;
static volatile sig_atomic_t stop = 0;

static double sim_seconds(void) { return (double)avr->cycle / avr->frequency; }

static void set_dout(int level) {
    for (int ch = 0; ch < 4; ch++) avr_raise_irq(dout[ch], ch == missing ? 1 : level);
}

static avr_cycle_count_t conversion(avr_t *a, avr_cycle_count_t when, void *param) {
    (void)a; (void)param;
    if (!ready) { /* a finished reading; a reading in progress keeps its value */
        double t = sim_seconds();
        for (int ch = 0; ch < 4; ch++) value[ch] = 100000 * (ch + 1) + (int32_t)(2000.0 * sin(2 * M_PI * 0.5 * t));
        pulses = 0;
        ready = 1;
        set_dout(0);
    }
    return when + avr_usec_to_cycles(avr, PERIOD_US);
}

static void sck_changed(struct avr_irq_t *irq, uint32_t level, void *param) {
    (void)irq; (void)param;
    if (level) {
        sck_rose = avr->cycle;
        if (ready && pulses < 24) {
            int bit = 23 - pulses;
            for (int ch = 0; ch < 4; ch++)
                avr_raise_irq(dout[ch], ch == missing ? 1 : (((uint32_t)value[ch] >> bit) & 1));
        }
        if (ready) pulses++;
        return;
    }
    if (avr_cycles_to_usec(avr, avr->cycle - sck_rose) > 60) { /* held high: power-down, then reset */
        ready = 0;
        pulses = 0;
        set_dout(1);
        return;
    }
    if (ready && pulses >= 25) { /* 25th pulse done: DOUT high until the next conversion */
        ready = 0;
        set_dout(1);
    }
}

static void uart_out(struct avr_irq_t *irq, uint32_t byte, void *param) {
    (void)irq; (void)param;
    uint8_t b = (uint8_t)byte;
    if (write(master, &b, 1) < 0) { /* nobody listening yet: the byte is lost, as on a real wire */
    }
}

static void uart_xon(struct avr_irq_t *irq, uint32_t v, void *param) { (void)irq; (void)v; (void)param; xon = 1; }
static void uart_xoff(struct avr_irq_t *irq, uint32_t v, void *param) { (void)irq; (void)v; (void)param; xon = 0; }

static void on_signal(int sig) { (void)sig; stop = 1; }

static double wall(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s firmware.elf [--missing CH] [--seconds S]\n", argv[0]);
        return 2;
    }
    double limit = 0;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--missing")) missing = atoi(argv[i + 1]);
        if (!strcmp(argv[i], "--seconds")) limit = atof(argv[i + 1]);
    }
    elf_firmware_t fw;
    memset(&fw, 0, sizeof fw);
    if (elf_read_firmware(argv[1], &fw)) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 1;
    }
    avr = avr_make_mcu_by_name("atmega328p");
    if (!avr) return 1;
    avr_init(avr);
    avr->frequency = 16000000;
    avr_load_firmware(avr, &fw);
    avr->log = 0;

    master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) || unlockpt(master)) return 1;
    const char *name = ptsname(master);
    int slave = open(name, O_RDWR | O_NOCTTY); /* held open: raw settings stay and a client closing is no hang-up */
    struct termios tio;
    tcgetattr(slave, &tio);
    cfmakeraw(&tio);
    tcsetattr(slave, TCSANOW, &tio);
    fcntl(master, F_SETFL, O_NONBLOCK);

    for (int ch = 0; ch < 4; ch++) dout[ch] = avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('D'), 4 + ch);
    set_dout(1);
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('B'), 0), sck_changed, NULL);
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUTPUT), uart_out, NULL);
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUT_XON), uart_xon, NULL);
    avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUT_XOFF), uart_xoff, NULL);
    avr_irq_t *uart_in = avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_INPUT);
    avr_cycle_timer_register_usec(avr, PERIOD_US, conversion, NULL);

    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    printf("PTY %s\n", name);
    fflush(stdout);

    double start = wall();
    long steps = 0;
    while (!stop) {
        int state = avr_run(avr);
        if (state == cpu_Done || state == cpu_Crashed) {
            fprintf(stderr, "firmware stopped (state %d)\n", state);
            return 1;
        }
        if (++steps % 2000) continue;
        uint8_t b;
        if (xon && read(master, &b, 1) == 1) avr_raise_irq(uart_in, b);
        double ahead = sim_seconds() - (wall() - start);
        if (ahead > 0.002) usleep((useconds_t)(ahead * 1e6));
        if (limit > 0 && sim_seconds() > limit) break;
    }
    close(slave);
    return 0;
}
