/* 16550A UART model; see uart16550.h. Section names refer to the PC16550D
 * datasheet: "Interrupt Identification Register" (Table IV priorities),
 * "FIFO Control Register", "Line Status Register", "Modem Control Register",
 * "FIFO Interrupt Mode Operation". */
#include "devices/uart16550.h"
#include "lib/string.h"

#define IER_RDA 0x01
#define IER_THRE 0x02
#define IER_RLS 0x04
#define IER_MSR 0x08

#define IIR_NONE 0x01
#define IIR_MSR 0x00
#define IIR_THRE 0x02
#define IIR_RDA 0x04
#define IIR_RLS 0x06
#define IIR_TIMEOUT 0x0c
#define IIR_FIFO 0xc0

#define FCR_ENABLE 0x01
#define FCR_CLEAR_RX 0x02

#define LCR_DLAB 0x80

#define MCR_DTR 0x01
#define MCR_RTS 0x02
#define MCR_OUT1 0x04
#define MCR_OUT2 0x08
#define MCR_LOOP 0x10

#define LSR_DR 0x01
#define LSR_OE 0x02
#define LSR_ERRS 0x1e          /* OE, PE, FE, BI */
#define LSR_THRE 0x20
#define LSR_TEMT 0x40

#define MSR_CTS 0x10
#define MSR_DSR 0x20
#define MSR_RI 0x40
#define MSR_DCD 0x80
#define MSR_TERI 0x04

static const uint8_t trigger_levels[4] = { 1, 4, 8, 14 };

static bool fifo_on(const struct uart16550 *u) { return u->fcr & FCR_ENABLE; }

static unsigned rx_capacity(const struct uart16550 *u)
{
    return fifo_on(u) ? UART_FIFO_SIZE : 1;   /* non-FIFO mode: the RBR alone */
}

/* One character time in ns: start bit, 5-8 data bits, optional parity, 1 or 2
 * stop bits (1.5 for 5-bit words, rounded up) at 115200 / divisor baud;
 * divisor 0 is taken as 65536. */
static uint64_t char_ns(const struct uart16550 *u)
{
    uint64_t div = (uint64_t)(u->dlm << 8 | u->dll);
    if (!div)
        div = 65536;
    unsigned bits = 1 + 5 + (u->lcr & 3) + ((u->lcr & 0x08) ? 1 : 0) + ((u->lcr & 0x04) ? 2 : 1);
    return bits * div * 1000000000ull / UART_CLOCK_BAUD;
}

/* "FIFO Interrupt Mode Operation": a timeout interrupt when characters sit in
 * the FIFO and nothing was received or read for four character times. */
static uint64_t timeout_deadline(const struct uart16550 *u)
{
    if (!fifo_on(u) || !u->rx_count)
        return 0;
    uint64_t d = u->rx_activity_ns + 4 * char_ns(u);
    return d < u->rx_activity_ns ? UINT64_MAX : d;
}

static bool rda(const struct uart16550 *u)
{
    return u->rx_count >= (fifo_on(u) ? trigger_levels[u->fcr >> 6] : 1);
}

/* Highest-priority pending interrupt (Table IV), IIR bits 3:0. */
static uint8_t pending(const struct uart16550 *u, uint64_t now)
{
    if ((u->ier & IER_RLS) && (u->lsr_err & LSR_ERRS))
        return IIR_RLS;
    if (u->ier & IER_RDA) {
        if (rda(u))
            return IIR_RDA;
        uint64_t d = timeout_deadline(u);
        if (d && now >= d)
            return IIR_TIMEOUT;
    }
    if ((u->ier & IER_THRE) && u->thre_pending)
        return IIR_THRE;
    if ((u->ier & IER_MSR) && (u->msr & 0x0f))
        return IIR_MSR;
    return IIR_NONE;
}

/* On a PC the INTR pin reaches the interrupt controller through a buffer
 * enabled by OUT2; loopback forces OUT2 inactive ("Modem Control Register"). */
static void sync_irq(struct uart16550 *u, uint64_t now)
{
    bool level = pending(u, now) != IIR_NONE && (u->mcr & (MCR_OUT2 | MCR_LOOP)) == MCR_OUT2;
    u->synced_ns = now;
    if (level != u->level) {
        u->level = level;
        irq_line_set(&u->irq, level);
    }
}

static uint64_t now_of(const struct uart16550 *u) { return vclock_now(u->clk); }

/* Modem status inputs: in loopback DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD;
 * otherwise the host side holds CTS, DSR and DCD asserted. Changes set the
 * delta bits (RI: trailing edge only). */
static void set_modem_lines(struct uart16550 *u)
{
    uint8_t lines;
    if (u->mcr & MCR_LOOP)
        lines = (uint8_t)(((u->mcr & MCR_RTS) ? MSR_CTS : 0) | ((u->mcr & MCR_DTR) ? MSR_DSR : 0) |
                          ((u->mcr & MCR_OUT1) ? MSR_RI : 0) | ((u->mcr & MCR_OUT2) ? MSR_DCD : 0));
    else
        lines = MSR_CTS | MSR_DSR | MSR_DCD;
    uint8_t old = u->msr & 0xf0, changed = old ^ lines, delta = 0;
    if (changed & MSR_CTS)
        delta |= 0x01;
    if (changed & MSR_DSR)
        delta |= 0x02;
    if ((old & MSR_RI) && !(lines & MSR_RI))
        delta |= MSR_TERI;
    if (changed & MSR_DCD)
        delta |= 0x08;
    u->msr = (uint8_t)(lines | ((u->msr | delta) & 0x0f));
}

static void rx_push(struct uart16550 *u, uint8_t b, uint64_t now)
{
    u->rx_activity_ns = now;
    if (u->rx_count >= rx_capacity(u)) {
        /* Overrun: in FIFO mode the new character is lost; without FIFOs it
         * overwrites the RBR. Either way LSR.OE is set. */
        u->lsr_err |= LSR_OE;
        if (!fifo_on(u))
            u->rx[u->rx_head] = b;
        return;
    }
    u->rx[(u->rx_head + u->rx_count) % UART_FIFO_SIZE] = b;
    u->rx_count++;
}

static uint8_t rx_pop(struct uart16550 *u, uint64_t now)
{
    if (!u->rx_count)
        return u->rx[u->rx_head];   /* empty: the RBR keeps its last value */
    uint8_t b = u->rx[u->rx_head];
    u->rx_count--;
    if (u->rx_count)                /* keep the last byte visible in the RBR slot */
        u->rx_head = (uint8_t)((u->rx_head + 1) % UART_FIFO_SIZE);
    u->rx_activity_ns = now;
    return b;
}

static void rx_clear(struct uart16550 *u)
{
    u->rx_head = 0;
    u->rx_count = 0;
}

static uint8_t read_reg(struct uart16550 *u, unsigned off, uint64_t now)
{
    bool dlab = u->lcr & LCR_DLAB;
    switch (off) {
    case 0: return dlab ? u->dll : rx_pop(u, now);
    case 1: return dlab ? u->dlm : u->ier;
    case 2: {
        uint8_t id = pending(u, now);
        if (id == IIR_THRE)          /* reading IIR clears a reported THRE interrupt */
            u->thre_pending = false;
        return (uint8_t)(id | (fifo_on(u) ? IIR_FIFO : 0));
    }
    case 3: return u->lcr;
    case 4: return u->mcr;
    case 5: {
        uint8_t lsr = (uint8_t)((u->rx_count ? LSR_DR : 0) | u->lsr_err | LSR_THRE | LSR_TEMT);
        u->lsr_err = 0;              /* error bits clear on read */
        return lsr;
    }
    case 6: {
        uint8_t msr = u->msr;
        u->msr &= 0xf0;              /* delta bits clear on read */
        return msr;
    }
    default: return u->scr;
    }
}

static void write_reg(struct uart16550 *u, unsigned off, uint8_t b, uint64_t now)
{
    bool dlab = u->lcr & LCR_DLAB;
    switch (off) {
    case 0:
        if (dlab) {
            u->dll = b;
            break;
        }
        if (u->mcr & MCR_LOOP)
            rx_push(u, b, now);      /* loopback: TX is wired to RX internally */
        else if (u->tx)
            u->tx(u->tx_ctx, b);
        u->thre_pending = true;      /* sent at once: THR empty again */
        break;
    case 1:
        if (dlab) {
            u->dlm = b;
            break;
        }
        /* Enabling ETBEI while THR is empty raises THRE at once. */
        if ((b & IER_THRE) && !(u->ier & IER_THRE))
            u->thre_pending = true;
        u->ier = b & 0x0f;
        break;
    case 2:
        /* "FCR0 must be 1 when other FCR bits are written to or they will not
         * be programmed"; toggling FCR0 clears both FIFOs. */
        if ((b ^ u->fcr) & FCR_ENABLE)
            rx_clear(u);
        if (!(b & FCR_ENABLE)) {
            u->fcr = 0;
            break;
        }
        if (b & FCR_CLEAR_RX)
            rx_clear(u);
        u->fcr = (uint8_t)(b & 0xc1);
        break;
    case 3: u->lcr = b; break;
    case 4:
        u->mcr = b & 0x1f;
        set_modem_lines(u);
        break;
    case 5:
    case 6: break;                   /* LSR, MSR: read-only (factory test writes ignored) */
    default: u->scr = b; break;
    }
}

uint64_t uart_io_read(void *ctx, struct vcpu *v, uint64_t offset, unsigned size)
{
    struct uart16550 *u = ctx;
    (void)v;
    uint64_t now = now_of(u), r = 0;
    if (size > 8)
        size = 8;
    for (unsigned i = 0; i < size; i++) {
        uint64_t off = offset + i;
        uint8_t b = off < 8 ? read_reg(u, (unsigned)off, now) : 0xff;
        r |= (uint64_t)b << (8 * i);
    }
    sync_irq(u, now);
    return r;
}

void uart_io_write(void *ctx, struct vcpu *v, uint64_t offset, unsigned size, uint64_t value)
{
    struct uart16550 *u = ctx;
    (void)v;
    uint64_t now = now_of(u);
    if (size > 8)
        size = 8;
    for (unsigned i = 0; i < size && offset + i < 8; i++)
        write_reg(u, (unsigned)(offset + i), (uint8_t)(value >> (8 * i)), now);
    sync_irq(u, now);
}

size_t uart_rx_room(const struct uart16550 *u)
{
    return (u->mcr & MCR_LOOP) ? 0 : rx_capacity(u) - u->rx_count;
}

size_t uart_receive(struct uart16550 *u, const char *buf, size_t n)
{
    if (u->mcr & MCR_LOOP || !n)
        return 0;
    uint64_t now = now_of(u);
    size_t stored = 0;
    for (size_t i = 0; i < n; i++) {
        if (u->rx_count < rx_capacity(u))
            stored++;
        rx_push(u, (uint8_t)buf[i], now);
    }
    sync_irq(u, now);
    return stored;
}

uint64_t uart_next_event_ns(const struct uart16550 *u)
{
    if (!(u->ier & IER_RDA) || rda(u))
        return 0;
    /* A deadline already seen by the last sync is reflected in the line. */
    uint64_t d = timeout_deadline(u);
    return d > u->synced_ns ? d : 0;
}

void uart_update(struct uart16550 *u, uint64_t now_ns)
{
    sync_irq(u, now_ns);
}

void uart_init(struct uart16550 *u, const struct vclock *clk, const struct irq_line *irq,
               void (*tx)(void *ctx, uint8_t byte), void *tx_ctx)
{
    memset(u, 0, sizeof *u);
    u->clk = clk;
    if (irq)
        u->irq = *irq;
    u->tx = tx;
    u->tx_ctx = tx_ctx;
    u->lcr = 0x03;
    u->dll = 12;
    set_modem_lines(u);
    u->msr &= 0xf0;                  /* no deltas at reset */
}

static const struct io_ops uart_ops = { uart_io_read, uart_io_write };

int uart_register(struct iobus *bus, struct uart16550 *u, uint16_t base)
{
    return iobus_register_pio(bus, base, 8, &uart_ops, u, "uart16550");
}
