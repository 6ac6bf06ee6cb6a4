/* libFuzzer target: load_linux_bzimage over arbitrary bytes.
 * Input: byte 0 configures RAM size (bits 0-1), command line (bit 2), initrd
 * (bit 3, length (bits 5-7) x 700 bytes taken from the image), caller e820
 * map (bit 4: then 4 entries of 3 bytes follow: addr 64 KiB units, size
 * 128 KiB units, type); the rest is the image.
 * Checks: every write inside guest RAM and below 4 GiB, no two writes
 * overlap; on error nothing was written and a message was given; on success
 * the entry state matches the placement: kernel bytes inside
 * [kernel_gpa, kernel_end), the initrd clear of it, boot_params consistent
 * with the returned values, and the page tables map the entry 1:1. */
#include <stdlib.h>
#include <string.h>
#include "core/vm/loader_linux.h"
#include "lib/errors.h"

#define MAX_WRITES 16
static const uint64_t ram_sizes[4] = { 0x9f000, MiB(3), MiB(24), MiB(40) };
static uint8_t *mem;
static struct { uint64_t gpa, len; } writes[MAX_WRITES];
static unsigned nwrites;
static uint64_t ram_size;

static void record(uint64_t gpa, size_t len)
{
    if (gpa > ram_size || len > ram_size - gpa || gpa + len > GiB(4))
        abort();
    for (unsigned i = 0; i < nwrites; i++)
        if (len && writes[i].len && gpa < writes[i].gpa + writes[i].len &&
            writes[i].gpa < gpa + len)
            abort();
    if (nwrites == MAX_WRITES)
        abort(); /* kernel, initrd, GDT, zero page, cmdline, 6 table pages */
    writes[nwrites].gpa = gpa;
    writes[nwrites++].len = len;
}
static int w_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
    (void)ctx;
    record(gpa, len);
    memcpy(mem + gpa, buf, len);
    return 0;
}
static int w_zero(void *ctx, uint64_t gpa, size_t len)
{
    (void)ctx;
    record(gpa, len);
    memset(mem + gpa, 0, len);
    return 0;
}
static uint64_t g(uint64_t gpa, unsigned n)
{
    if (gpa > ram_size - n)
        abort();
    uint64_t v = 0;
    memcpy(&v, mem + gpa, n);
    return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (!mem && !(mem = malloc(ram_sizes[3])))
        return 0;
    uint8_t cfg = data[0];
    data++, size--;
    ram_size = ram_sizes[cfg & 3];
    struct e820_entry map[4];
    unsigned nmap = 0;
    if (cfg & 16) {
        if (size < 12)
            return 0;
        for (unsigned i = 0; i < 4; i++, data += 3, size -= 3)
            map[nmap++] = (struct e820_entry){ (uint64_t)data[0] << 16,
                                               (uint64_t)data[1] << 17, data[2] % 6u };
    }
    const char *cmdline = (cfg & 4) ? "console=ttyS0 qv.test=all" : NULL;
    const void *initrd = (cfg & 8) ? data : NULL;
    size_t initrd_len = (cfg & 8) ? MIN(size, (size_t)(cfg >> 5) * 700) : 0;
    nwrites = 0;
    struct guest_mem_writer m = { w_write, w_zero, ram_size, NULL };
    struct linux_entry e;
    char err[200];
    int rc = load_linux_bzimage(&m, data, size, cmdline, initrd, initrd_len,
                                nmap ? map : NULL, nmap, &e, err, sizeof err);
    if (rc) {
        if (nwrites || !err[0] || rc >= 0)
            abort();
        return 0;
    }
    /* Entry state. */
    if (e.rip != e.kernel_gpa + 0x200 || e.rsi != LINUX_BOOT_PARAMS_GPA ||
        e.cr3 != LINUX_PML4_GPA || e.cs != LINUX_BOOT_CS || e.ds != LINUX_BOOT_DS ||
        e.kernel_end > ram_size || e.kernel_gpa < MiB(1) || e.protocol < LINUX_MIN_PROTOCOL)
        abort();
    /* The first write is the kernel, inside its reserved range. */
    if (writes[0].gpa != e.kernel_gpa || writes[0].len > e.kernel_end - e.kernel_gpa)
        abort();
    if (initrd_len && (e.initrd_gpa % PAGE_SIZE || e.initrd_gpa < MiB(1) ||
                       (e.initrd_gpa < e.kernel_end && e.kernel_gpa < e.initrd_gpa + initrd_len) ||
                       memcmp(mem + e.initrd_gpa, initrd, initrd_len)))
        abort();
    /* Zero page agrees with the returned placement. */
    uint64_t bp = e.rsi;
    if (g(bp + LINUX_HDR_RAMDISK_IMAGE, 4) != e.initrd_gpa ||
        g(bp + LINUX_HDR_RAMDISK_SIZE, 4) != initrd_len ||
        g(bp + LINUX_HDR_CMD_LINE_PTR, 4) != LINUX_CMDLINE_GPA ||
        g(bp + LINUX_HDR_TYPE_OF_LOADER, 1) != 0xFF ||
        g(bp + LINUX_BP_E820_ENTRIES, 1) != (nmap ? nmap : 3) ||
        g(bp + LINUX_HDR_MAGIC, 4) != LINUX_HDR_MAGIC_VALUE)
        abort();
    if (cmdline && strcmp((const char *)mem + LINUX_CMDLINE_GPA, cmdline))
        abort();
    /* The entry point is mapped 1:1 by a 2 MiB page. */
    uint64_t pml4e = g(e.cr3, 8);
    uint64_t pdpte = g((pml4e & ~0xFFFull) + 8 * ((e.rip >> 30) & 511), 8);
    uint64_t pde = g((pdpte & ~0xFFFull) + 8 * ((e.rip >> 21) & 511), 8);
    if ((pde & 0x83) != 0x83 || (pde & ~0x1FFFFFull) != (e.rip & ~0x1FFFFFull))
        abort();
    return 0;
}
