/* libFuzzer target: load_multiboot1 over arbitrary bytes.
 * Input: one configuration byte (RAM size, command line, module), then the
 * image. Checks: no write outside guest RAM, below 4 GiB or into the
 * 640 KiB..1 MiB hole; no two writes overlap (kernel, info and module never
 * clobber each other); on error nothing was written and a message was given;
 * on success the entry lies in loaded bytes and the info structure is sane. */
#include <stdlib.h>
#include <string.h>
#include "core/vm/loader.h"
#include "lib/errors.h"

#define MAX_WRITES 64
static const uint64_t ram_sizes[4] = { 0x9f000, 0x200000, 0x600000, 0x1000000 };
static uint8_t *mem;
static struct { uint64_t gpa, len; } writes[MAX_WRITES];
static unsigned nwrites;
static uint64_t ram_size;

static void record(uint64_t gpa, size_t len)
{
    if (gpa > ram_size || len > ram_size - gpa)
        abort();
    if (len && gpa < LOADER_HIGH_RAM_START && gpa + len > LOADER_LOW_RAM_END)
        abort();
    for (unsigned i = 0; i < nwrites; i++)
        if (len && writes[i].len && gpa < writes[i].gpa + writes[i].len &&
            writes[i].gpa < gpa + len)
            abort();
    if (nwrites == MAX_WRITES)
        abort(); /* at most 16 segments x 2 + 4 info writes */
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
static uint32_t g32(uint64_t gpa)
{
    if (gpa > ram_size - 4)
        abort();
    uint32_t v;
    memcpy(&v, mem + gpa, 4);
    return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (!mem && !(mem = malloc(ram_sizes[3])))
        return 0;
    uint8_t cfg = data[0];
    ram_size = ram_sizes[cfg & 3];
    const char *cmdline = (cfg & 4) ? "fuzz-guest a=1" : NULL;
    const uint8_t *image = data + 1;
    size_t len = size - 1;
    const void *module = (cfg & 8) ? image : NULL;
    size_t module_len = (cfg & 8) ? MIN(len, (size_t)(cfg >> 4) * 1000) : 0;
    nwrites = 0;
    struct guest_mem_writer m = { w_write, w_zero, ram_size, NULL };
    struct guest_entry e;
    char err[160];
    int rc = load_multiboot1(&m, image, len, cmdline, module, module_len, "mod", &e, err,
                             sizeof err);
    if (rc) {
        if (nwrites || !err[0] || rc >= 0)
            abort();
        return 0;
    }
    /* The entry point is one of the loaded bytes. */
    bool in = false;
    for (unsigned i = 0; i < nwrites; i++)
        in |= e.entry >= writes[i].gpa && e.entry < writes[i].gpa + writes[i].len;
    uint32_t flags = g32(e.ebx);
    if (!in || e.eax != MB1_BOOT_MAGIC || e.mode != GUEST_START_PROTECTED ||
        (flags & (MB1_INFO_MEM | MB1_INFO_MMAP)) != (MB1_INFO_MEM | MB1_INFO_MMAP) ||
        !(flags & MB1_INFO_CMDLINE) != !cmdline || !(flags & MB1_INFO_MODS) != !module)
        abort();
    if (cmdline && strcmp((const char *)mem + g32(e.ebx + MB1_INFO_OFF_CMDLINE), cmdline))
        abort();
    uint32_t mlen = g32(e.ebx + MB1_INFO_OFF_MMAP_LENGTH);
    uint64_t maddr = g32(e.ebx + MB1_INFO_OFF_MMAP_ADDR);
    if (mlen == 0 || mlen % MB1_MMAP_ENTRY_SIZE || maddr + mlen > ram_size)
        abort();
    if (module) {
        uint64_t ml = g32(e.ebx + MB1_INFO_OFF_MODS_ADDR);
        uint64_t start = g32(ml), end = g32(ml + 4);
        if (start % 4096 || end - start != module_len || end > ram_size ||
            memcmp(mem + start, module, module_len))
            abort();
    }
    return 0;
}
