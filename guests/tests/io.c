/* io: port I/O exits. Reads of the UART line-status register, reads of an
 * unclaimed port (all-ones at every width, like an undriven ISA bus), and
 * string I/O: `rep insb` from the unclaimed port and `rep outsb` of a marker
 * line to the UART, which only appears on the console if string OUT works. */
#include "arch.h"
#include "console.h"
#include "rt.h"
#include "test.h"

#define UNCLAIMED_PORT 0x2f0u  /* no device in the QuantaVirt platform */

int guest_main(void)
{
    uint8_t lsr = inb(COM1_LSR);
    test_check("io-lsr", lsr != 0xff && (lsr & LSR_THRE), "LSR 0x%x", lsr);

    uint8_t b = inb(UNCLAIMED_PORT);
    test_check("io-unclaimed-byte", b == 0xff, "inb 0x%x = 0x%x", UNCLAIMED_PORT, b);
    uint16_t w = inw(UNCLAIMED_PORT);
    test_check("io-unclaimed-word", w == 0xffff, "inw 0x%x = 0x%x", UNCLAIMED_PORT, w);
    uint32_t d = inl(UNCLAIMED_PORT);
    test_check("io-unclaimed-dword", d == 0xffffffffu, "inl 0x%x = 0x%x", UNCLAIMED_PORT, d);

    uint8_t buf[16];
    memset(buf, 0x5a, sizeof buf);
    uint8_t *dst = buf;
    uint32_t cnt = sizeof buf;
    __asm__ volatile("rep insb" : "+D"(dst), "+c"(cnt) : "d"(UNCLAIMED_PORT) : "memory");
    unsigned ones = 0;
    for (unsigned i = 0; i < sizeof buf; i++)
        ones += buf[i] == 0xff;
    test_check("io-rep-insb", cnt == 0 && dst == buf + sizeof buf && ones == sizeof buf,
               "ECX left %u, EDI advanced %u, %u of %u bytes 0xff", cnt,
               (unsigned)(dst - buf), ones, (unsigned)sizeof buf);

    /* The marker line is written by the instruction under test; the
     * integration test checks the console for it. */
    static const char line[] = "io: rep outsb marker\n";
    const char *src = line;
    cnt = sizeof line - 1;
    __asm__ volatile("rep outsb" : "+S"(src), "+c"(cnt) : "d"(COM1) : "memory");
    test_check("io-rep-outsb", cnt == 0 && src == line + sizeof line - 1,
               "ECX left %u, ESI advanced %u", cnt, (unsigned)(src - line));
    return test_summary();
}
