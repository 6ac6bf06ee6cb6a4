/* Polled UART output: wait for THRE, then write THR. No interrupts, so it
 * works before (and without) any IDT. */
#include "console.h"
#include "arch.h"

void con_putc(char c)
{
    while (!(inb(COM1_LSR) & LSR_THRE))
        ;
    outb(COM1, (uint8_t)c);
}

void con_puts(const char *s)
{
    while (*s)
        con_putc(*s++);
}

static void put_num(uint64_t v, unsigned base, unsigned width, char pad)
{
    char buf[24];
    unsigned n = 0;
    do {
        uint32_t digit;
        v = div_u64(v, base, &digit);
        buf[n++] = "0123456789abcdef"[digit];
    } while (v);
    while (n < width && width < sizeof buf)
        buf[n++] = pad;
    while (n)
        con_putc(buf[--n]);
}

void con_vprintf(const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            con_putc(*fmt);
            continue;
        }
        char pad = ' ';
        unsigned width = 0, longs = 0;
        if (*++fmt == '0')
            pad = '0';
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (unsigned)(*fmt++ - '0');
        while (*fmt == 'l') {
            longs++;
            fmt++;
        }
        switch (*fmt) {
        case 's': con_puts(va_arg(ap, const char *)); break;
        case 'c': con_putc((char)va_arg(ap, int)); break;
        case 'd': {
            int64_t v = longs >= 2 ? va_arg(ap, long long) : va_arg(ap, int);
            if (v < 0) {
                con_putc('-');
                v = -v;
            }
            put_num((uint64_t)v, 10, width, pad);
            break;
        }
        case 'u':
        case 'x': {
            uint64_t v = longs >= 2 ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned);
            put_num(v, *fmt == 'u' ? 10 : 16, width, pad);
            break;
        }
        case '%': con_putc('%'); break;
        case '\0': return;
        default: con_putc('?'); break;
        }
    }
}

void con_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    con_vprintf(fmt, ap);
    va_end(ap);
}
