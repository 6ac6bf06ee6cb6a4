/* PC platform helpers for the platform-level test guests (smp, apic,
 * platform): fw_cfg, PIT channel 2 timing through port 0x61, the LAPIC page
 * and the Multiboot module's KEY=VALUE lines. Header-only (static inline) so
 * the shared runtime's object list stays as it is. */
#ifndef GUEST_PC_H
#define GUEST_PC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "arch.h"
#include "rt.h"

/* ---- fw_cfg, traditional I/O interface (QEMU docs/specs/fw_cfg.rst) ---- */
#define FW_CFG_PORT_SEL 0x510u
#define FW_CFG_PORT_DATA 0x511u
#define FW_CFG_SIGNATURE 0x0000u
#define FW_CFG_ID 0x0001u
#define FW_CFG_RAM_SIZE 0x0003u
#define FW_CFG_NB_CPUS 0x0005u
#define FW_CFG_MAX_CPUS 0x000fu

/* A 16-bit write to the selector selects the item and rewinds it. */
static inline void fw_cfg_read(uint16_t key, void *buf, size_t n)
{
    uint8_t *p = buf;
    outw(FW_CFG_PORT_SEL, key);
    while (n--)
        *p++ = inb(FW_CFG_PORT_DATA);
}
/* Little-endian integer items (RAM size, CPU counts). */
static inline uint64_t fw_cfg_read_le(uint16_t key, unsigned bytes)
{
    uint8_t b[8] = {0};
    fw_cfg_read(key, b, bytes > 8 ? 8 : bytes);
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | b[i];
    return v;
}

/* ---- 8254 channel 2 gated through port 0x61 (PC/AT system control port B) ---- */
#define PIT_HZ 1193182u
#define PIT_CH2 0x42u
#define PIT_CMD 0x43u
#define PORT61 0x61u
#define PORT61_GATE2 0x01u
#define PORT61_SPKR 0x02u
#define PORT61_OUT2 0x20u

/* Channel 2, LSB then MSB, mode 0 (interrupt on terminal count), binary:
 * OUT goes low on the control word and high count+1 clocks after the count
 * is loaded (8254 datasheet, mode 0). Gate on, speaker off. */
static inline void pit_ch2_start(uint16_t count)
{
    outb(PORT61, (uint8_t)((inb(PORT61) & ~PORT61_SPKR) | PORT61_GATE2));
    outb(PIT_CMD, 0xB0);
    outb(PIT_CH2, (uint8_t)count);
    outb(PIT_CH2, (uint8_t)(count >> 8));
}
static inline bool pit_ch2_out(void) { return inb(PORT61) & PORT61_OUT2; }

/* Waits for channel 2's OUT to rise, reading port 0x61 at most max_reads
 * times; returns the number of reads, or 0 if it never rose. */
static inline uint32_t pit_ch2_wait(uint32_t max_reads)
{
    for (uint32_t i = 1; i <= max_reads; i++)
        if (pit_ch2_out())
            return i;
    return 0;
}

/* Busy-waits about `us` microseconds (<= 50 ms) on PIT channel 2. */
#define PIT_MAX_READS 5000000u
static inline bool pit_delay_us(uint32_t us)
{
    uint32_t count = (uint32_t)div_u64((uint64_t)us * PIT_HZ, 1000000u, NULL);
    if (count < 2)
        count = 2;
    if (count > 0xffff)
        count = 0xffff;
    pit_ch2_start((uint16_t)count);
    return pit_ch2_wait(PIT_MAX_READS) != 0;
}

/* ---- xAPIC page (SDM vol. 3A §10.4.1, Table 10-1) ---- */
#define LAPIC_BASE 0xFEE00000u
#define MSR_APIC_BASE 0x1Bu
#define APIC_BASE_BSP (1u << 8)
#define APIC_BASE_EN (1u << 11)
#define LAPIC_ID 0x20u
#define LAPIC_VER 0x30u
#define LAPIC_TPR 0x80u
#define LAPIC_PPR 0xA0u
#define LAPIC_EOI 0xB0u
#define LAPIC_SVR 0xF0u
#define LAPIC_ISR 0x100u
#define LAPIC_TMR 0x180u
#define LAPIC_IRR 0x200u
#define LAPIC_ESR 0x280u
#define LAPIC_ICR_LO 0x300u
#define LAPIC_ICR_HI 0x310u
#define LAPIC_LVT_TIMER 0x320u
#define LAPIC_TIMER_ICR 0x380u
#define LAPIC_TIMER_CCR 0x390u
#define LAPIC_TIMER_DCR 0x3E0u
#define SVR_ENABLE (1u << 8)
#define LVT_MASKED (1u << 16)
#define LVT_PERIODIC (1u << 17)
#define ICR_DM_INIT (5u << 8)
#define ICR_DM_SIPI (6u << 8)
#define ICR_PENDING (1u << 12)
#define ICR_ASSERT (1u << 14)
#define ICR_SH_SELF (1u << 18)
#define ICR_SH_ALL_BUT_SELF (3u << 18)

static inline uint32_t lapic_read(uint32_t off)
{
    return *(volatile uint32_t *)(LAPIC_BASE + off);
}
static inline void lapic_write(uint32_t off, uint32_t v)
{
    *(volatile uint32_t *)(LAPIC_BASE + off) = v;
}
/* IRR/ISR/TMR: eight 32-bit registers 16 bytes apart. */
static inline bool lapic_vec_bit(uint32_t base, unsigned vec)
{
    return lapic_read(base + (vec / 32) * 0x10) >> (vec % 32) & 1;
}
static inline bool lapic_icr_wait(void)
{
    for (uint32_t i = 0; i < 1000000u; i++)
        if (!(lapic_read(LAPIC_ICR_LO) & ICR_PENDING))
            return true;
    return false;
}

/* ---- Multiboot 1 information (0.6.96 §3.3) ---- */
/* entry.asm pushes EBX (info) then EAX (magic) just below stack_top, and
 * guest_start never returns, so both stay there; the magic and the command
 * line pointer confirm the slot was not reused. */
extern char stack_top[];
static inline const uint32_t *mb1_info(void)
{
    uintptr_t top = (uintptr_t)stack_top;
    __asm__("" : "+r"(top)); /* an address, not an array the compiler may bound */
    const volatile uint32_t *slot = (const volatile uint32_t *)(top - 8);
    if (slot[0] != MB1_BOOT_MAGIC || !slot[1])
        return NULL;
    const uint32_t *mbi = (const uint32_t *)slot[1];
    if ((mbi[0] & (1u << 2)) && (const char *)mbi[4] != guest_cmdline())
        return NULL;
    return mbi;
}

/* Finds `key=N` (decimal) at the start of a word in [s, end). */
static inline bool pc_kv_find(const char *s, const char *end, const char *key, uint32_t *out)
{
    size_t klen = strlen(key);
    for (const char *w = s; w < end; w++) {
        if (w > s && w[-1] != ' ' && w[-1] != '\t' && w[-1] != '\n' && w[-1] != '\r')
            continue;
        if ((size_t)(end - w) <= klen + 1 || memcmp(w, key, klen) || w[klen] != '=')
            continue;
        uint64_t v = 0;
        const char *p = w + klen + 1;
        if (!(*p >= '0' && *p <= '9'))
            continue;
        for (; p < end && *p >= '0' && *p <= '9'; p++)
            if ((v = v * 10 + (uint64_t)(*p - '0')) > 0xffffffffu)
                return false;
        *out = (uint32_t)v;
        return true;
    }
    return false;
}

/* Value of `key=N` from the first Multiboot module's KEY=VALUE lines, else
 * from the command line; def if neither has it. */
static inline uint32_t pc_config_u32(const char *key, uint32_t def)
{
    const uint32_t *mbi = mb1_info();
    uint32_t v;
    if (mbi && (mbi[0] & (1u << 3)) && mbi[5] > 0) {
        const uint32_t *mod = (const uint32_t *)mbi[6];
        if (mod[1] > mod[0] && mod[1] - mod[0] < (1u << 20) &&
            pc_kv_find((const char *)mod[0], (const char *)mod[1], key, &v))
            return v;
    }
    const char *c = guest_cmdline();
    if (pc_kv_find(c, c + strlen(c), key, &v))
        return v;
    return def;
}

#endif
