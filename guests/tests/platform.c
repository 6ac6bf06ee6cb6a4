/* platform: the PC platform as independent test-suite kernels probe it
 * (platform.md "Small guest test kernels"): fw_cfg, ACPI RSDP/RSDT/XSDT/FADT
 * and the PM timer, PIT channel 2 through port 0x61, the CMOS RTC and PCI
 * configuration mechanism #1 with no devices behind it. */
#include "arch.h"
#include "console.h"
#include "exc.h"
#include "pc.h"
#include "rt.h"
#include "test.h"

/* ---------------- fw_cfg ---------------- */

static uint32_t fw_cpus;

static void check_fw_cfg(void)
{
    char sig[5] = {0};
    fw_cfg_read(FW_CFG_SIGNATURE, sig, 4);
    test_check("fwcfg-signature", !memcmp(sig, "QEMU", 4), "read \"%s\"", sig);

    /* ID bit 0: traditional interface present (fw_cfg.rst "Feature bitmap"). */
    uint32_t id = (uint32_t)fw_cfg_read_le(FW_CFG_ID, 4);
    test_check("fwcfg-id", id & 1, "id 0x%x", id);

    fw_cpus = (uint32_t)fw_cfg_read_le(FW_CFG_NB_CPUS, 2);
    uint32_t want = pc_config_u32("NR_CPUS", 0);
    if (want)
        test_check("fwcfg-nb-cpus", fw_cpus == want, "fw_cfg %u, NR_CPUS %u", fw_cpus, want);
    else
        test_check("fwcfg-nb-cpus", fw_cpus > 0 && fw_cpus <= 255, "fw_cfg %u", fw_cpus);
    uint32_t max = (uint32_t)fw_cfg_read_le(FW_CFG_MAX_CPUS, 2);
    test_check("fwcfg-max-cpus", max >= fw_cpus, "max %u < nb %u", max, fw_cpus);

    uint64_t ram = fw_cfg_read_le(FW_CFG_RAM_SIZE, 8);
    uint32_t mib = pc_config_u32("MEMSIZE", 0);
    uint64_t mb_low = ((uint64_t)guest_mem_upper_kib() + 1024) * 1024;
    if (mib)
        test_check("fwcfg-ram-size", ram == (uint64_t)mib << 20, "fw_cfg 0x%llx, MEMSIZE %u MiB",
                   (unsigned long long)ram, mib);
    else
        /* Multiboot mem_upper counts the RAM above 1 MiB up to the first hole. */
        test_check("fwcfg-ram-size", ram > 0 && ram >= mb_low, "fw_cfg 0x%llx, mem_upper end 0x%llx",
                   (unsigned long long)ram, (unsigned long long)mb_low);

    /* Reading past the end of an item returns 0 (fw_cfg.rst). */
    uint8_t b[6];
    fw_cfg_read(FW_CFG_SIGNATURE, b, 6);
    test_check("fwcfg-read-past-end", b[4] == 0 && b[5] == 0, "bytes 0x%x 0x%x", b[4], b[5]);
}

/* ---------------- ACPI ---------------- */

static uint8_t sum8(const void *p, uint32_t n)
{
    const uint8_t *b = p;
    uint8_t s = 0;
    while (n--)
        s = (uint8_t)(s + *b++);
    return s;
}

static uint32_t rd32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

/* A System Description Table header (ACPI 6.4 §5.2.6) whose length and
 * checksum hold; tables are below the RAM top, which paging-off reaches. */
static const uint8_t *sdt_at(uint64_t addr, const char *sig)
{
    if (!addr || addr >= 0xFFFFF000u)
        return NULL;
    const uint8_t *t = (const uint8_t *)(uint32_t)addr;
    uint32_t len = rd32(t + 4);
    if (len < 36 || len > (1u << 20) || (sig && memcmp(t, sig, 4)) || sum8(t, len))
        return NULL;
    return t;
}

static const uint8_t *fadt, *madt;
static uint32_t pm_port, pm_mask = 0xffffff;

static void check_acpi(void)
{
    /* RSDP: "RSD PTR " on a 16-byte boundary in the BIOS area E0000-FFFFF,
     * checksum over the first 20 bytes, ACPI 2+ also over `length` (§5.2.5). */
    const uint8_t *rsdp = NULL;
    for (uint32_t a = 0xE0000; a < 0x100000 && !rsdp; a += 16) {
        const uint8_t *p = (const uint8_t *)a;
        if (!memcmp(p, "RSD PTR ", 8) && !sum8(p, 20))
            rsdp = p;
    }
    if (!test_check("acpi-rsdp", rsdp != NULL, "no RSDP with a valid checksum in 0xE0000-0xFFFFF"))
        return;
    con_printf("platform: RSDP at 0x%x, revision %u, OEM %c%c%c%c%c%c\n", (uint32_t)rsdp,
               rsdp[15], rsdp[9], rsdp[10], rsdp[11], rsdp[12], rsdp[13], rsdp[14]);

    const uint8_t *root = NULL;
    unsigned esz = 4;
    if (rsdp[15] >= 2) {
        uint32_t len = rd32(rsdp + 20);
        bool ok = len >= 36 && len < 4096 && !sum8(rsdp, len);
        test_check("acpi-rsdp-ext-checksum", ok, "length %u", len);
        uint64_t xsdt = rd64(rsdp + 24);
        if (ok && xsdt) {
            root = sdt_at(xsdt, "XSDT");
            esz = 8;
            test_check("acpi-xsdt", root != NULL, "XSDT at 0x%llx invalid", (unsigned long long)xsdt);
        }
    }
    uint32_t rsdt_addr = rd32(rsdp + 16);
    const uint8_t *rsdt = sdt_at(rsdt_addr, "RSDT");
    if (rsdt_addr || !root)
        test_check("acpi-rsdt", rsdt != NULL, "RSDT at 0x%x invalid", rsdt_addr);
    if (!root) {
        root = rsdt;
        esz = 4;
    }
    if (!root)
        return;

    uint32_t n = (rd32(root + 4) - 36) / esz;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t a = esz == 8 ? rd64(root + 36 + i * 8) : rd32(root + 36 + i * 4);
        const uint8_t *t = sdt_at(a, NULL);
        if (!t)
            continue;
        if (!memcmp(t, "FACP", 4))
            fadt = t;
        else if (!memcmp(t, "APIC", 4))
            madt = t;
    }
    if (!test_check("acpi-fadt", fadt != NULL, "no FACP in the %s (%u entries)",
                    esz == 8 ? "XSDT" : "RSDT", n))
        return;

    /* FADT (§5.2.9): PM_TMR_BLK at 76, PM_TMR_LEN at 91, flags at 112
     * (bit 8 TMR_VAL_EXT), X_PM_TMR_BLK (GAS) at 208 if the table is long enough. */
    uint32_t flen = rd32(fadt + 4);
    pm_port = rd32(fadt + 76);
    if (flen >= 116 && (rd32(fadt + 112) & (1u << 8)))
        pm_mask = 0xffffffffu;
    if (flen >= 220 && rd64(fadt + 208 + 4)) {
        uint64_t x = rd64(fadt + 208 + 4);
        if (!pm_port)
            pm_port = (uint32_t)x;
        test_check("acpi-x-pm-tmr-blk", fadt[208] == 1 && x == pm_port,
                   "space %u address 0x%llx, PM_TMR_BLK 0x%x", fadt[208], (unsigned long long)x,
                   pm_port);
    }
    test_check("acpi-pm-tmr-blk", pm_port && pm_port < 0x10000 && fadt[91] == 4,
               "PM_TMR_BLK 0x%x, PM_TMR_LEN %u", pm_port, fadt[91]);
    con_printf("platform: PM timer at port 0x%x, %u bits\n", pm_port, pm_mask == 0xffffff ? 24 : 32);

    /* MADT (§5.2.12): one enabled Processor Local APIC (type 0) or x2APIC
     * (type 9) entry per CPU; fw_cfg says how many. */
    if (!test_check("acpi-madt", madt != NULL, "no APIC table"))
        return;
    uint32_t mlen = rd32(madt + 4), cpus = 0;
    bool ioapic = false;
    test_check("acpi-madt-lapic-address", rd32(madt + 36) == LAPIC_BASE, "0x%x", rd32(madt + 36));
    for (uint32_t off = 44; off + 2 <= mlen;) {
        uint8_t type = madt[off], len = madt[off + 1];
        if (len < 2 || off + len > mlen)
            break;
        if (type == 0 && len >= 8 && (rd32(madt + off + 4) & 1))
            cpus++;
        if (type == 9 && len >= 16 && (rd32(madt + off + 8) & 1))
            cpus++;
        if (type == 1 && len >= 12 && rd32(madt + off + 4) == 0xFEC00000u)
            ioapic = true;
        off += len;
    }
    test_check("acpi-madt-cpus", cpus == fw_cpus, "MADT %u enabled CPUs, fw_cfg %u", cpus, fw_cpus);
    test_check("acpi-madt-ioapic", ioapic, "no I/O APIC entry at 0xFEC00000");
}

/* ---------------- PIT channel 2 and the PM timer ---------------- */

#define PIT_10MS 11932u /* 10 ms at 1.193182 MHz */
#define PM_HZ 3579545u

static void check_pit_and_pm(void)
{
    /* Mode 0: OUT low after the control word, high at terminal count. */
    pit_ch2_start(0xffff);
    bool low = !pit_ch2_out();
    outb(PIT_CMD, 0x80); /* counter latch, channel 2 */
    uint32_t c1 = inb(PIT_CH2);
    c1 |= (uint32_t)inb(PIT_CH2) << 8;
    for (volatile int i = 0; i < 2000; i++)
        ;
    outb(PIT_CMD, 0x80);
    uint32_t c2 = inb(PIT_CH2);
    c2 |= (uint32_t)inb(PIT_CH2) << 8;
    test_check("pit-ch2-counts-down", low && c2 < c1, "OUT low %d, latched 0x%x then 0x%x", low,
               c1, c2);

    pit_ch2_start(PIT_10MS);
    uint32_t reads = pit_ch2_wait(PIT_MAX_READS);
    test_check("pit-ch2-out-rises", reads > 1, "OUT after %u reads of port 0x61 (0 = never)", reads);

    /* Port 0x61 bit 4 (refresh) toggles every 15 us. */
    uint8_t r0 = inb(PORT61) & 0x10;
    bool toggled = false;
    pit_ch2_start(PIT_10MS / 10);
    for (uint32_t i = 0; i < PIT_MAX_READS && !toggled; i++) {
        uint8_t v = inb(PORT61);
        toggled = (v & 0x10) != r0;
        if (v & PORT61_OUT2)
            break; /* 1 ms is over */
    }
    test_check("port61-refresh-toggles", toggled, "bit 4 did not change within 1 ms");

    if (!pm_port) {
        test_skip("pm-timer-rate", "no PM timer port from the FADT");
        return;
    }
    uint32_t a = inl((uint16_t)pm_port) & pm_mask;
    uint32_t b = inl((uint16_t)pm_port) & pm_mask;
    /* Over 5 x 10 ms: expected 178977 PM ticks; allow 1/4x to 4x. */
    uint32_t t0 = inl((uint16_t)pm_port) & pm_mask;
    bool pit_ok = true;
    for (int i = 0; i < 5; i++) {
        pit_ch2_start(PIT_10MS);
        pit_ok &= pit_ch2_wait(PIT_MAX_READS) != 0;
    }
    uint32_t t1 = inl((uint16_t)pm_port) & pm_mask;
    uint32_t d = (t1 - t0) & pm_mask;
    uint32_t want = PM_HZ / 20;
    test_check("pm-timer-advances", d > 0 && b != 0xffffffffu, "reads 0x%x 0x%x 0x%x 0x%x", a, b,
               t0, t1);
    con_printf("platform: PM timer advanced %u ticks over 50 ms of PIT (expected %u)\n", d, want);
    test_check("pm-timer-rate", pit_ok && d >= want / 4 && d <= want * 4,
               "%u ticks over 50 ms of PIT, expected %u (+/- 4x), PIT ok %d", d, want, pit_ok);
}

/* ---------------- CMOS RTC (MC146818A) ---------------- */

static uint8_t cmos(uint8_t idx)
{
    outb(0x70, idx);
    return inb(0x71);
}
static uint32_t bcd(uint8_t v, bool binary) { return binary ? v : (v >> 4) * 10u + (v & 15u); }

struct rtc_time {
    uint8_t s, m, h, dow, d, mo, y, c;
};

/* Waits for UIP (A bit 7) to be clear, then reads; repeats until two reads
 * agree, as the datasheet's "read after UIP" method and Linux do. */
static bool rtc_read(struct rtc_time *t)
{
    for (int tries = 0; tries < 10; tries++) {
        uint32_t n = 0;
        while ((cmos(0x0A) & 0x80) && n < 1000000u)
            n++;
        if (n == 1000000u)
            return false;
        struct rtc_time a = {cmos(0), cmos(2), cmos(4), cmos(6), cmos(7), cmos(8), cmos(9), cmos(0x32)};
        struct rtc_time b = {cmos(0), cmos(2), cmos(4), cmos(6), cmos(7), cmos(8), cmos(9), cmos(0x32)};
        if (!memcmp(&a, &b, sizeof a)) {
            *t = a;
            return true;
        }
    }
    return false;
}

static void check_rtc(void)
{
    uint8_t ra = cmos(0x0A), rb = cmos(0x0B), rd = cmos(0x0D);
    con_printf("platform: RTC A 0x%x B 0x%x D 0x%x\n", ra, rb, rd);
    /* A: divider 010 (32.768 kHz time base) so the clock runs. */
    test_check("rtc-reg-a-divider", (ra & 0x70) == 0x20, "register A 0x%x", ra);
    test_check("rtc-reg-b-running", !(rb & 0x80), "register B 0x%x has SET", rb);
    test_check("rtc-reg-d-vrt", rd & 0x80, "register D 0x%x", rd);

    struct rtc_time t;
    if (!test_check("rtc-read-stable", rtc_read(&t), "UIP stuck or the time never read twice the same"))
        return;
    bool bin = rb & 0x04, h24 = rb & 0x02;
    uint32_t s = bcd(t.s, bin), m = bcd(t.m, bin), d = bcd(t.d, bin), mo = bcd(t.mo, bin),
             y = bcd(t.y, bin), c = bcd(t.c, bin), dow = bcd(t.dow, bin);
    uint32_t h = bcd(t.h & 0x7f, bin);
    bool hok = h24 ? h < 24 : (h >= 1 && h <= 12);
    if (!h24 && (t.h & 0x80))
        h = h % 12 + 12;
    else if (!h24)
        h %= 12;
    bool bcd_ok = bin || ((t.s & 15) < 10 && (t.m & 15) < 10 && (t.d & 15) < 10 &&
                          (t.mo & 15) < 10 && (t.y & 15) < 10 && (t.y >> 4) < 10);
    con_printf("platform: RTC %u%02u-%02u-%02u %02u:%02u:%02u dow %u (%s, %s)\n", c, y, mo, d, h, m,
               s, dow, bin ? "binary" : "BCD", h24 ? "24h" : "12h");
    test_check("rtc-values-in-range",
               bcd_ok && s < 60 && m < 60 && hok && d >= 1 && d <= 31 && mo >= 1 && mo <= 12 &&
                   y <= 99 && dow >= 1 && dow <= 7,
               "raw s 0x%x m 0x%x h 0x%x dow 0x%x d 0x%x mo 0x%x y 0x%x", t.s, t.m, t.h, t.dow, t.d,
               t.mo, t.y);
    test_check("rtc-century", c >= 19 && c <= 21, "century byte 0x32 = 0x%x", t.c);

    /* The clock runs: within 1.5 s (PIT-timed) UIP is seen set and the
     * seconds change. */
    bool uip = false, changed = false;
    for (int i = 0; i < 150 && !(changed && uip); i++) {
        /* Sample A continuously for 10 ms: UIP is set only 244 us a second. */
        pit_ch2_start(PIT_10MS);
        uint32_t n = 0;
        while (!pit_ch2_out() && n++ < PIT_MAX_READS)
            uip |= (cmos(0x0A) & 0x80) != 0;
        struct rtc_time u;
        if (rtc_read(&u) && u.s != t.s)
            changed = true;
    }
    test_check("rtc-seconds-advance", changed, "seconds stayed 0x%x for 1.5 s", t.s);
    test_check("rtc-uip-seen", uip, "register A bit 7 never set across a seconds update");
}

/* ---------------- PCI configuration mechanism #1 ---------------- */

static void check_pci(void)
{
    /* No PCI is emulated: reads of any device's config space at 0xCFC give
     * all ones (the host bridge's master abort, PCI local bus 3.0 §3.2.2.3.2). */
    bool ok = true;
    uint32_t bad_addr = 0, bad_val = 0;
    for (uint32_t dev = 0; dev < 32; dev++) {
        uint32_t addr = 0x80000000u | dev << 11;
        outl(0xCF8, addr);
        uint32_t v = inl(0xCFC);
        if (v != 0xffffffffu && ok) {
            ok = false;
            bad_addr = addr;
            bad_val = v;
        }
    }
    test_check("pci-conf1-absent-dword", ok, "address 0x%x read 0x%x", bad_addr, bad_val);
    outl(0xCF8, 0x80000000u | 3u << 11 | 2);
    uint16_t w = inw(0xCFE);
    outl(0xCF8, 0x80000000u | 0x10000u | 1);
    uint8_t bt = inb(0xCFD);
    test_check("pci-conf1-absent-narrow", w == 0xffff && bt == 0xff, "word 0x%x byte 0x%x", w, bt);
    outl(0xCF8, 0);
}

int guest_main(void)
{
    exc_install();
    con_printf("platform: PC platform checks (fw_cfg, ACPI, PM timer, PIT, RTC, PCI)\n");
    check_fw_cfg();
    check_acpi();
    check_pit_and_pm();
    check_rtc();
    check_pci();
    return test_summary();
}
