/* QuantaVirt BIOS stage 2, C part (long mode, identity-mapped first 4 GiB).
 *
 * stage2.asm has read the E820 map, the disk directory (at S2_DIR) and the
 * whole payload (at S2_PAYLOAD). Here, before anything is trusted:
 *   - the directory is bounds-checked (boot/common/bootdisk.h),
 *   - every file's ML-DSA-65 signature is checked against the public key
 *     built into this image (refusal names the file, no jump),
 *   - everything is measured with SHA3-256 into the event log (S2_LOG), in
 *     the same format as the UEFI stub (boot/common/measure_uefi.h),
 *   - the hypervisor ELF segments are copied to their physical addresses,
 *   - the Multiboot2 information block is built at S2_MBI,
 * and s2_enter_kernel() enters the hypervisor in 32-bit protected mode
 * (Multiboot2 §3.3). Memory layout: docs/boot.md. */
#include "boot/common/bootdisk.h"
#include "boot/common/elf64.h"
#include "boot/common/mb2_build.h"
#include "boot/common/measure_uefi.h" /* shared log format + qvsig_verify (UEFI engineer's) */
#include "core/boot/multiboot2.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "pqc/mldsa/mldsa.h"

#define S2_BASE 0x8000ull
#define S2_DIR 0x60000ull
#define S2_MBI 0x62000ull
#define S2_MBI_CAP 0xe000ull
#define S2_LOG 0x70000ull
#define S2_LOG_CAP 0x8000ull
#define S2_PAYLOAD 0x1000000ull
#define E820_MAX 128
#define LOADER_NAME "QuantaVirt BIOS stage2"

struct e820 {
    uint64_t base, len;
    uint32_t type, attr;
} __packed;

/* Filled by stage2.asm (label s2_handoff). */
struct s2_handoff {
    uint32_t drive, e820_count, payload_lba, payload_sectors, payload_bytes, pad;
    struct e820 e820[E820_MAX];
} __packed;

extern struct s2_handoff s2_handoff;
extern const uint8_t s2_pubkey[], s2_pubkey_end[];
extern const uint8_t __image_end[];
__noreturn void s2_enter_kernel(uint32_t entry, uint32_t mbi);

static uint8_t mldsa_work[MLDSA_WORK_LEN(6, 5)] __aligned(64);

/* ---------------------------------------------------------------- console */
static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static unsigned vga_row, vga_col;

static void vga_putc(char c)
{
    volatile uint16_t *vga = (volatile uint16_t *)0xb8000;
    if (c == '\n') {
        vga_col = 0;
        vga_row++;
    } else if (c != '\r') {
        vga[vga_row * 80 + vga_col] = (uint16_t)(0x0700 | (uint8_t)c);
        if (++vga_col == 80) {
            vga_col = 0;
            vga_row++;
        }
    }
    if (vga_row == 25) {
        for (unsigned i = 0; i < 24 * 80; i++)
            vga[i] = vga[i + 80];
        for (unsigned i = 24 * 80; i < 25 * 80; i++)
            vga[i] = 0x0720;
        vga_row = 24;
    }
}

static void serial_putc(char c)
{
    for (unsigned i = 0; i < 100000 && !(inb(0x3fd) & 0x20); i++)
        ;
    outb(0x3f8, (uint8_t)c);
}

static void con_write(const char *s)
{
    for (; *s; s++) {
        if (*s == '\n')
            serial_putc('\r');
        serial_putc(*s);
        vga_putc(*s);
    }
}

static __printf(1, 2) void con_printf(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    qv_vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    con_write(buf);
}

static __noreturn __printf(1, 2) void fatal(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    qv_vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    con_write("QV stage2: BOOT REFUSED: ");
    con_write(buf);
    con_write("\nQV stage2: not starting the hypervisor; rebooting in a few seconds\n");
    for (unsigned i = 0; i < 3000000; i++) /* ~1 us per port 0x80 write */
        outb(0x80, 0);
    outb(0x64, 0xfe); /* 8042 reset line */
    for (;;)
        __asm__ volatile("cli; hlt");
}

/* ---------------------------------------------------------------- helpers */
static bool nul_terminated(const char *s, size_t cap)
{
    return strnlen(s, cap) < cap;
}

/* [base, base+len) inside one usable E820 range? */
static bool in_usable_ram(uint64_t base, uint64_t len)
{
    for (uint32_t i = 0; i < s2_handoff.e820_count; i++) {
        const struct e820 *e = &s2_handoff.e820[i];
        if (e->type == 1 && base >= e->base && base - e->base <= e->len &&
            len <= e->len - (base - e->base))
            return true;
    }
    return false;
}

/* ACPI 6.4 §5.2.5.1: RSDP on a 16-byte boundary in the first KiB of the EBDA
 * or in 0xE0000-0xFFFFF; "RSD PTR " and a zero checksum over 20 bytes (and
 * over `length` bytes for revision >= 2). */
static const uint8_t *find_rsdp(void)
{
    uint64_t ebda = (uint64_t)*(volatile uint16_t *)0x40e << 4;
    uint64_t ranges[2][2] = { { ebda, ebda + 1024 }, { 0xe0000, 0x100000 } };
    for (int r = 0; r < 2; r++) {
        if (r == 0 && (ebda < 0x80000 || ebda >= 0xa0000))
            continue;
        for (uint64_t a = ranges[r][0]; a + 36 <= ranges[r][1]; a += 16) {
            const uint8_t *p = (const uint8_t *)a;
            if (memcmp(p, "RSD PTR ", 8))
                continue;
            uint8_t sum = 0;
            for (int i = 0; i < 20; i++)
                sum += p[i];
            if (sum == 0)
                return p;
        }
    }
    return NULL;
}

static void hex8(char *out, const uint8_t *d)
{
    static const char hx[] = "0123456789abcdef";
    for (int i = 0; i < 8; i++) {
        out[2 * i] = hx[d[i] >> 4];
        out[2 * i + 1] = hx[d[i] & 15];
    }
    out[16] = 0;
}

/* ---------------------------------------------------------------- main */
__noreturn void stage2_main(void)
{
    uint8_t bda_col = *(volatile uint8_t *)0x450, bda_row = *(volatile uint8_t *)0x451;
    vga_col = bda_col < 80 ? bda_col : 0;
    vga_row = bda_row < 25 ? bda_row : 24;
    con_printf("QV stage2: long mode, %u E820 entries, payload %u KiB\n",
               s2_handoff.e820_count, s2_handoff.payload_bytes >> 10);

    const struct qvdisk_header *dir = (const struct qvdisk_header *)S2_DIR;
    const uint8_t *payload = (const uint8_t *)S2_PAYLOAD;
    uint64_t plen = s2_handoff.payload_bytes;
    if (dir->version != QVDISK_VERSION || dir->dir_size != QVDISK_DIR_SIZE)
        fatal("disk directory: unsupported version %u or size %u", dir->version, dir->dir_size);
    if (dir->count < 1 || dir->count > QVDISK_MAX_FILES)
        fatal("disk directory: %u files (1..%u allowed)", dir->count, QVDISK_MAX_FILES);
    if (!nul_terminated(dir->cmdline, sizeof dir->cmdline))
        fatal("disk directory: command line not terminated");
    const struct qvdisk_entry *ent =
        (const struct qvdisk_entry *)(S2_DIR + QVDISK_ENTRIES_OFF);

    struct mlog ml;
    mlog_init(&ml, (void *)S2_LOG, S2_LOG_CAP, "bios");
    mlog_add(&ml, "stage2", (const void *)S2_BASE, (size_t)((uint64_t)__image_end - S2_BASE),
             MLOG_F_CONFIG);
    mlog_add(&ml, "cmdline", dir->cmdline, strlen(dir->cmdline), MLOG_F_CONFIG);

    size_t pklen = (size_t)(s2_pubkey_end - s2_pubkey);
    for (uint32_t i = 0; i < dir->count; i++) {
        const struct qvdisk_entry *e = &ent[i];
        if (!nul_terminated(e->name, sizeof e->name) ||
            !nul_terminated(e->string, sizeof e->string))
            fatal("disk directory: entry %u has an unterminated name", i);
        if (e->kind != (i == 0 ? QVDISK_KIND_KERNEL : QVDISK_KIND_MODULE))
            fatal("disk directory: entry %u (%s) has kind %u", i, e->name, e->kind);
        if (e->size == 0 || e->offset > plen || e->size > plen - e->offset ||
            e->sig_offset > plen || e->sig_size > plen - e->sig_offset ||
            !IS_ALIGNED(e->offset, QVDISK_ALIGN))
            fatal("disk directory: %s lies outside the payload (truncated disk image?)",
                  e->name);
        con_printf("QV stage2: verifying %s (%llu bytes): ", e->name,
                   (unsigned long long)e->size);
        char err[128];
        if (sizeof mldsa_work < qvsig_work_len())
            fatal("verifier work buffer too small");
        if (qvsig_verify(s2_pubkey, pklen, payload + e->offset, e->size, payload + e->sig_offset,
                         e->sig_size, mldsa_work, err, sizeof err)) {
            con_write("FAILED\n");
            fatal("signature check failed for %s: %s", e->name, err);
        }
        char h[17];
        const uint8_t *d = mlog_add(&ml, e->name, payload + e->offset, e->size, MLOG_F_SIGNED);
        if (!d)
            fatal("measurement log full");
        hex8(h, d);
        con_printf("signature ok, sha3-256 %s...\n", h);
    }
    if (ml.err)
        fatal("measurement log full");

    /* The hypervisor: segments between 1 MiB and the payload, in usable RAM. */
    struct qvb_elf elf;
    const char *why;
    if (qvb_elf_parse(payload + ent[0].offset, ent[0].size, &elf, &why))
        fatal("%s: %s", ent[0].name, why);
    for (unsigned i = 0; i < elf.nseg; i++) {
        const struct qvb_seg *s = &elf.seg[i];
        if (s->paddr < MiB(1) || s->paddr + s->memsz > S2_PAYLOAD ||
            !in_usable_ram(s->paddr, s->memsz))
            fatal("%s: segment at 0x%llx (+0x%llx) outside usable RAM in [1 MiB, 16 MiB)",
                  ent[0].name, (unsigned long long)s->paddr, (unsigned long long)s->memsz);
    }
    for (unsigned i = 0; i < elf.nseg; i++) {
        const struct qvb_seg *s = &elf.seg[i];
        uint8_t *dst = (uint8_t *)s->paddr;
        memcpy(dst, payload + ent[0].offset + s->offset, s->filesz);
        memset(dst + s->filesz, 0, s->memsz - s->filesz);
    }

    /* Multiboot2 information (§3.6). */
    struct mb2b b;
    mb2b_init(&b, (void *)S2_MBI, S2_MBI_CAP);
    mb2b_string(&b, MB2_TAG_CMDLINE, dir->cmdline);
    mb2b_string(&b, MB2_TAG_LOADER_NAME, LOADER_NAME);
    uint64_t lower = 0, upper = 0;
    for (uint32_t i = 0; i < s2_handoff.e820_count; i++) {
        const struct e820 *e = &s2_handoff.e820[i];
        if (e->type == 1 && e->base == 0)
            lower = MIN(e->len, 640 * 1024ull) >> 10;
        if (e->type == 1 && e->base <= MiB(1) && e->base + e->len > MiB(1))
            upper = (e->base + e->len - MiB(1)) >> 10;
    }
    mb2b_meminfo(&b, (uint32_t)lower, (uint32_t)MIN(upper, 0xffffffffull));
    mb2b_mmap_begin(&b);
    for (uint32_t i = 0; i < s2_handoff.e820_count; i++) {
        const struct e820 *e = &s2_handoff.e820[i];
        /* E820 types 1-5 are the Multiboot2 types; anything else is reserved. */
        mb2b_mmap_add(&b, e->base, e->len, e->type >= 1 && e->type <= 5 ? e->type : 2);
    }
    mb2b_mmap_end(&b);
    for (uint32_t i = 1; i < dir->count; i++)
        mb2b_module(&b, (uint32_t)(S2_PAYLOAD + ent[i].offset),
                    (uint32_t)(S2_PAYLOAD + ent[i].offset + ent[i].size), ent[i].string);
    const uint8_t *rsdp = find_rsdp();
    if (rsdp) {
        mb2b_rsdp(&b, MB2_TAG_ACPI_OLD, rsdp, 20);
        uint32_t l = (uint32_t)rsdp[20] | (uint32_t)rsdp[21] << 8;
        uint8_t sum = 0;
        for (uint32_t i = 0; i < 36; i++)
            sum += rsdp[i];
        if (rsdp[15] >= 2 && l == 36 && sum == 0)
            mb2b_rsdp(&b, MB2_TAG_ACPI_NEW, rsdp, 36);
    } else {
        con_write("QV stage2: warning: no ACPI RSDP found\n");
    }
    mb2b_measure(&b, S2_LOG, mlog_size(&ml));
    if (mb2b_finish(&b))
        fatal("Multiboot2 information does not fit in %llu bytes",
              (unsigned long long)S2_MBI_CAP);

    con_printf("QV stage2: %u measurements logged (%llu bytes at 0x%llx)\n",
               (unsigned)(((const uint8_t *)S2_LOG)[8] | ((const uint8_t *)S2_LOG)[9] << 8),
               (unsigned long long)mlog_size(&ml), (unsigned long long)S2_LOG);
    con_printf("QV stage2: starting %s at 0x%llx, %u modules\n", ent[0].name,
               (unsigned long long)elf.entry, dir->count - 1);
    s2_enter_kernel((uint32_t)elf.entry, (uint32_t)S2_MBI);
}
