/* Guest loaders: flat binaries and Multiboot 1 ELF32 kernels, loaded into a
 * host buffer standing in for guest RAM. ELF images are built in memory. */
#include <stdlib.h>
#include <string.h>
#include "qtest.h"
#include "core/vm/loader.h"
#include "lib/errors.h"

/* ---------------------------------------------------------------- fake RAM */
struct fake_ram {
    uint8_t *mem;
    uint64_t size;
    unsigned writes;     /* calls that reached guest memory */
    int fail_after;      /* >= 0: that many calls succeed, then QV_ERR_FAULT */
};

static int fr_check(struct fake_ram *r, uint64_t gpa, size_t len)
{
    if (r->fail_after == 0)
        return QV_ERR_FAULT;
    if (r->fail_after > 0)
        r->fail_after--;
    if (gpa > r->size || len > r->size - gpa)
        return QV_ERR_FAULT;
    r->writes++;
    return 0;
}
static int fr_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
    struct fake_ram *r = ctx;
    int rc = fr_check(r, gpa, len);
    if (!rc)
        memcpy(r->mem + gpa, buf, len);
    return rc;
}
static int fr_zero(void *ctx, uint64_t gpa, size_t len)
{
    struct fake_ram *r = ctx;
    int rc = fr_check(r, gpa, len);
    if (!rc)
        memset(r->mem + gpa, 0, len);
    return rc;
}

static struct fake_ram ram;
static struct guest_mem_writer wr;

static void ram_init(uint64_t size)
{
    free(ram.mem);
    ram.mem = malloc(size);
    memset(ram.mem, 0xAA, size); /* garbage, so BSS zeroing is visible */
    ram.size = size;
    ram.writes = 0;
    ram.fail_after = -1;
    wr = (struct guest_mem_writer){ fr_write, fr_zero, size, &ram };
}

static uint32_t g32(uint64_t gpa)
{
    uint32_t v;
    memcpy(&v, ram.mem + gpa, 4);
    return v;
}
static uint64_t g64(uint64_t gpa)
{
    uint64_t v;
    memcpy(&v, ram.mem + gpa, 8);
    return v;
}

/* ---------------------------------------------------------------- ELF builder */
#define IMG_MAX 0x6000
#define SEG_DATA_OFF 0x1000 /* file offset of segment 0's bytes */

struct img {
    uint8_t b[IMG_MAX];
    size_t len;
};

static void p16(struct img *im, size_t off, uint16_t v) { memcpy(im->b + off, &v, 2); }
static void p32(struct img *im, size_t off, uint32_t v) { memcpy(im->b + off, &v, 4); }

static void set_phdr(struct img *im, unsigned i, uint32_t type, uint32_t off, uint32_t vaddr,
                     uint32_t paddr, uint32_t filesz, uint32_t memsz)
{
    size_t ph = 52 + 32 * i;
    p32(im, ph + 0, type);
    p32(im, ph + 4, off);
    p32(im, ph + 8, vaddr);
    p32(im, ph + 12, paddr);
    p32(im, ph + 16, filesz);
    p32(im, ph + 20, memsz);
    p32(im, ph + 24, 5);
    p32(im, ph + 28, 0x1000);
    if (i + 1 > (unsigned)(im->b[44] | im->b[45] << 8))
        p16(im, 44, (uint16_t)(i + 1));
}

static void set_mbhdr(struct img *im, size_t off, uint32_t flags)
{
    p32(im, off, MB1_HEADER_MAGIC);
    p32(im, off + 4, flags);
    p32(im, off + 8, (uint32_t)-(MB1_HEADER_MAGIC + flags));
}

/* A kernel with one PT_LOAD: 0x800 file bytes (pattern) + 0x1800 BSS at `at`,
 * entry at at + 0x20, Multiboot header at the start of the segment. */
static void build(struct img *im, uint32_t at)
{
    memset(im, 0, sizeof *im);
    memcpy(im->b, "\x7f" "ELF", 4);
    im->b[4] = 1; /* ELFCLASS32 */
    im->b[5] = 1; /* little-endian */
    im->b[6] = 1;
    p16(im, 16, 2);  /* ET_EXEC */
    p16(im, 18, 3);  /* EM_386 */
    p32(im, 20, 1);
    p32(im, 24, at + 0x20);
    p32(im, 28, 52);
    p16(im, 40, 52);
    p16(im, 42, 32);
    for (unsigned i = 0; i < 0x800; i++)
        im->b[SEG_DATA_OFF + i] = (uint8_t)(i * 7 + 1);
    set_mbhdr(im, SEG_DATA_OFF, MB1_HF_PAGE_ALIGN | MB1_HF_MEMINFO);
    set_phdr(im, 0, 1, SEG_DATA_OFF, at, at, 0x800, 0x2000);
    im->len = SEG_DATA_OFF + 0x800;
}

static char err[256];
static struct guest_entry ent;

static int load(const struct img *im, const char *cmdline)
{
    memset(&ent, 0, sizeof ent);
    return load_multiboot1(&wr, im->b, im->len, cmdline, NULL, 0, NULL, &ent, err, sizeof err);
}

/* ---------------------------------------------------------------- good kernels */
QTEST(mb1_loads_segment_bss_and_info)
{
    struct img im;
    build(&im, 0x400000);
    ram_init(MiB(8));
    QCHECK_EQ(load(&im, "guest arg1 arg2"), QV_OK);
    QCHECK_MEM(ram.mem + 0x400000, im.b + SEG_DATA_OFF, 0x800);
    uint8_t zeros[0x1800] = { 0 };
    QCHECK_MEM(ram.mem + 0x400800, zeros, sizeof zeros);
    QCHECK_EQ(ram.mem[0x403000], 0xAA); /* nothing written past the info area */
    QCHECK_EQ(ent.entry, 0x400020);
    QCHECK_EQ(ent.mode, GUEST_START_PROTECTED);
    QCHECK_EQ(ent.eax, 0x2BADB002u);
    uint64_t info = ent.ebx;
    QCHECK_EQ(info, 0x402000); /* first page above the kernel's highest byte */
    QCHECK_EQ(g32(info + 0), MB1_INFO_MEM | MB1_INFO_CMDLINE | MB1_INFO_MMAP |
                                 MB1_INFO_LOADER_NAME);
    QCHECK_EQ(g32(info + 4), 640);
    QCHECK_EQ(g32(info + 8), (MiB(8) - MiB(1)) / 1024);
    QCHECK(strcmp((char *)ram.mem + g32(info + 16), "guest arg1 arg2") == 0);
    QCHECK(strcmp((char *)ram.mem + g32(info + 64), "QuantaVirt") == 0);
    QCHECK_EQ(g32(info + 20), 0);
    /* Memory map: low RAM, reserved hole, RAM above 1 MiB (§3.3). */
    uint32_t mlen = g32(info + 44), maddr = g32(info + 48);
    QCHECK_EQ(mlen, 3 * 24);
    uint64_t want[3][3] = { { 0, 0xA0000, 1 }, { 0xA0000, 0x60000, 2 },
                            { 0x100000, MiB(7), 1 } };
    for (unsigned i = 0; i < 3; i++) {
        uint64_t e = maddr + 24 * i;
        QCHECK_EQ(g32(e), 20);
        QCHECK_EQ(g64(e + 4), want[i][0]);
        QCHECK_EQ(g64(e + 12), want[i][1]);
        QCHECK_EQ(g32(e + 20), want[i][2]);
    }
    /* Everything the loader wrote lies above the kernel. */
    QCHECK(maddr > 0x402000 && g32(info + 16) > 0x402000);
}

QTEST(mb1_without_cmdline_has_no_cmdline_flag)
{
    struct img im;
    build(&im, 0x400000);
    ram_init(MiB(8));
    QCHECK_EQ(load(&im, NULL), QV_OK);
    QCHECK_EQ(g32(ent.ebx) & MB1_INFO_CMDLINE, 0);
    QCHECK(g32(ent.ebx) & MB1_INFO_MMAP);
}

QTEST(mb1_module_page_aligned_above_kernel_and_info)
{
    struct img im;
    build(&im, 0x400000);
    ram_init(MiB(8));
    const char mod[] = "NR_CPUS=2\nMEMSIZE=128\n";
    QCHECK_EQ(load_multiboot1(&wr, im.b, im.len, "guest", mod, sizeof mod - 1, "config", &ent,
                              err, sizeof err), QV_OK);
    uint64_t info = ent.ebx;
    QCHECK(g32(info) & MB1_INFO_MODS);
    QCHECK_EQ(g32(info + 20), 1);
    uint64_t m = g32(info + 24);
    uint32_t start = g32(m), end = g32(m + 4);
    QCHECK_EQ(start % 4096, 0);
    QCHECK(start >= info + MB1_AREA_OFF_STRINGS + 6 + 7);
    QCHECK_EQ(end - start, sizeof mod - 1);
    QCHECK_MEM(ram.mem + start, mod, sizeof mod - 1);
    QCHECK(strcmp((char *)ram.mem + g32(m + 8), "config") == 0);
    QCHECK(strcmp((char *)ram.mem + g32(info + 16), "guest") == 0);
}

QTEST(mb1_translates_virtual_entry_to_physical)
{
    struct img im;
    build(&im, 0x400000);
    /* Higher-half link: vaddr 0xC0400000, loaded at paddr 0x400000. */
    set_phdr(&im, 0, 1, SEG_DATA_OFF, 0xC0400000u, 0x400000, 0x800, 0x2000);
    p32(&im, 24, 0xC0400100u);
    ram_init(MiB(8));
    QCHECK_EQ(load(&im, "k"), QV_OK);
    QCHECK_EQ(ent.entry, 0x400100);
}

QTEST(mb1_two_segments_info_after_highest)
{
    struct img im;
    build(&im, 0x400000);
    for (unsigned i = 0; i < 0x100; i++)
        im.b[0x2000 + i] = (uint8_t)(0x55 ^ i);
    /* A data segment above a gap, with a non-loadable header between. */
    set_phdr(&im, 1, 6 /* PT_PHDR */, 52, 0, 0, 64, 64);
    set_phdr(&im, 2, 1, 0x2000, 0x500000, 0x500000, 0x100, 0x3001);
    im.len = 0x2100;
    ram_init(MiB(8));
    QCHECK_EQ(load(&im, "k"), QV_OK);
    QCHECK_MEM(ram.mem + 0x500000, im.b + 0x2000, 0x100);
    QCHECK_EQ(ram.mem[0x503000], 0);
    QCHECK_EQ(ent.ebx, 0x504000);
    QCHECK_EQ(ram.mem[0x402000], 0xAA); /* the gap is left alone */
}

QTEST(mb1_low_kernel_and_hole_skipping)
{
    struct img im;
    build(&im, 0x8000);
    ram_init(MiB(4));
    QCHECK_EQ(load(&im, "low"), QV_OK);
    QCHECK_EQ(ent.entry, 0x8020);
    QCHECK_EQ(ent.ebx, 0xA000); /* fits below 640 KiB */

    /* A kernel ending just below 640 KiB: the info area moves to 1 MiB. */
    build(&im, 0x9E000);
    ram_init(MiB(4));
    QCHECK_EQ(load(&im, "low"), QV_OK);
    QCHECK_EQ(ent.ebx, 0x100000);
    QCHECK_EQ(g32(ent.ebx + 8), 3 * 1024);
}

QTEST(mb1_small_ram_map)
{
    struct img im;
    build(&im, 0x8000);
    ram_init(KiB(512));
    QCHECK_EQ(load(&im, "tiny"), QV_OK);
    uint64_t info = ent.ebx;
    QCHECK_EQ(g32(info + 4), 512);
    QCHECK_EQ(g32(info + 8), 0);
    QCHECK_EQ(g32(info + 44), 2 * 24); /* no entry above 1 MiB */
    QCHECK_EQ(g64(g32(info + 48) + 12), KiB(512));
}

QTEST(mb1_second_header_after_bad_checksum)
{
    struct img im;
    build(&im, 0x400000);
    p32(&im, SEG_DATA_OFF + 8, 0x12345678); /* first header: wrong checksum */
    set_mbhdr(&im, SEG_DATA_OFF + 0x40, MB1_HF_MEMINFO);
    ram_init(MiB(8));
    QCHECK_EQ(load(&im, "k"), QV_OK);
}

/* ---------------------------------------------------------------- bad kernels */
typedef void (*mutator)(struct img *);

static void expect_reject(const struct img *im, int rc, const char *msg, uint64_t ramsz)
{
    ram_init(ramsz);
    int got = load(im, "guest");
    QCHECK_EQ(got, rc);
    if (!strstr(err, msg))
        printf("  message '%s' lacks '%s'\n", err, msg);
    QCHECK(strstr(err, msg) != NULL);
    QCHECK_EQ(ram.writes, 0); /* validate, then commit */
}

#define REJECT(code, msg, ...)                                                  \
    do {                                                                        \
        struct img im;                                                          \
        build(&im, 0x400000);                                                   \
        __VA_ARGS__;                                                            \
        expect_reject(&im, code, msg, MiB(8));                                  \
    } while (0)

QTEST(mb1_rejects_bad_elf_headers)
{
    REJECT(QV_ERR_TRUNCATED, "too short", im.len = 40; set_mbhdr(&im, 0, 0));
    REJECT(QV_ERR_CORRUPT, "not an ELF", im.b[1] = 'X');
    REJECT(QV_ERR_UNSUPPORTED, "ELF class 2 is not ELFCLASS32", im.b[4] = 2);
    REJECT(QV_ERR_UNSUPPORTED, "ELFDATA2LSB", im.b[5] = 2);
    REJECT(QV_ERR_UNSUPPORTED, "EV_CURRENT", p32(&im, 20, 0));
    REJECT(QV_ERR_UNSUPPORTED, "e_type 3 is not ET_EXEC", p16(&im, 16, 3));
    REJECT(QV_ERR_UNSUPPORTED, "e_machine 62 is not EM_386", p16(&im, 18, 62));
    REJECT(QV_ERR_CORRUPT, "e_phentsize 56", p16(&im, 42, 56));
    REJECT(QV_ERR_CORRUPT, "no program headers", p16(&im, 44, 0));
    REJECT(QV_ERR_TRUNCATED, "program-header table", p32(&im, 28, 0x17f0));
    REJECT(QV_ERR_TRUNCATED, "program-header table", p32(&im, 28, 0xfffffff0u));
    REJECT(QV_ERR_TRUNCATED, "program-header table", p16(&im, 44, 0xffff));
}

QTEST(mb1_rejects_bad_segments)
{
    REJECT(QV_ERR_CORRUPT, "ELF program header 0: p_filesz 0x2000 > p_memsz 0x1000",
           set_phdr(&im, 0, 1, SEG_DATA_OFF, 0x400000, 0x400000, 0x2000, 0x1000));
    REJECT(QV_ERR_TRUNCATED, "program header 0: file bytes 0x1000..0x1900 lie outside",
           set_phdr(&im, 0, 1, SEG_DATA_OFF, 0x400000, 0x400000, 0x900, 0x2000));
    REJECT(QV_ERR_TRUNCATED, "program header 0: file bytes",
           set_phdr(&im, 0, 1, 0xfffff000u, 0x400000, 0x400000, 0x2000, 0x2000));
    REJECT(QV_ERR_RANGE, "beyond guest RAM",
           set_phdr(&im, 0, 1, SEG_DATA_OFF, 0x7ff000, 0x7ff000, 0x800, 0x2000);
           p32(&im, 24, 0x7ff000));
    REJECT(QV_ERR_RANGE, "beyond guest RAM",
           set_phdr(&im, 0, 1, SEG_DATA_OFF, 0xfffff000u, 0xfffff000u, 0x800, 0x2000);
           p32(&im, 24, 0xfffff000u));
    REJECT(QV_ERR_RANGE, "640 KiB..1 MiB hole",
           set_phdr(&im, 0, 1, SEG_DATA_OFF, 0xff000, 0xff000, 0x800, 0x2000);
           p32(&im, 24, 0xff000));
    REJECT(QV_ERR_CORRUPT, "program headers 0 and 1 overlap",
           set_phdr(&im, 1, 1, SEG_DATA_OFF, 0x401000, 0x401000, 0x10, 0x1000));
    REJECT(QV_ERR_CORRUPT, "no PT_LOAD", set_phdr(&im, 0, 4, SEG_DATA_OFF, 0x400000,
                                                  0x400000, 0x800, 0x2000));
    REJECT(QV_ERR_CORRUPT, "e_entry 0x401000 is not inside", p32(&im, 24, 0x401000));
    REJECT(QV_ERR_LIMIT, "more than 16 PT_LOAD", {
        for (unsigned i = 1; i <= 16; i++)
            set_phdr(&im, i, 1, SEG_DATA_OFF, 0x500000 + i * 0x1000, 0x500000 + i * 0x1000,
                     0x10, 0x10);
    });
}

QTEST(mb1_rejects_bad_multiboot_headers)
{
    REJECT(QV_ERR_CORRUPT, "no Multiboot header", p32(&im, SEG_DATA_OFF, 0));
    REJECT(QV_ERR_CHECKSUM, "checksum wrong", p32(&im, SEG_DATA_OFF + 8, 1));
    REJECT(QV_ERR_UNSUPPORTED, "bit 16 (a.out kludge",
           set_mbhdr(&im, SEG_DATA_OFF, MB1_HF_AOUT_KLUDGE | MB1_HF_MEMINFO));
    REJECT(QV_ERR_UNSUPPORTED, "bit 2 (video mode)",
           set_mbhdr(&im, SEG_DATA_OFF, MB1_HF_VIDEO));
    REJECT(QV_ERR_UNSUPPORTED, "unknown required flag bits 0x8",
           set_mbhdr(&im, SEG_DATA_OFF, 0x8));
    /* Not 4-byte aligned: not a header. */
    REJECT(QV_ERR_CORRUPT, "no Multiboot header", p32(&im, SEG_DATA_OFF, 0);
           set_mbhdr(&im, SEG_DATA_OFF + 0x42, 0));
    /* Must lie entirely within the first 8192 bytes (§3.1.1). */
    REJECT(QV_ERR_CORRUPT, "no Multiboot header", p32(&im, SEG_DATA_OFF, 0);
           set_mbhdr(&im, 8188, 0); im.len = 0x2100;
           set_phdr(&im, 0, 1, SEG_DATA_OFF, 0x400000, 0x400000, 0x1100, 0x2000));
    /* Optional bits 17-31 are ignored. */
    struct img im;
    build(&im, 0x400000);
    set_mbhdr(&im, SEG_DATA_OFF, 0x80000000u | MB1_HF_MEMINFO);
    ram_init(MiB(8));
    QCHECK_EQ(load(&im, "k"), QV_OK);
}

QTEST(mb1_rejects_when_ram_too_small)
{
    struct img im;
    /* Kernel ends exactly at the end of RAM: no room for the info. */
    build(&im, 0x7fe000);
    expect_reject(&im, QV_ERR_NOSPC, "too small: the Multiboot information", MiB(8));
    /* Info fits, a 1 MiB module does not. */
    build(&im, 0x700000);
    ram_init(MiB(8));
    static uint8_t mod[MiB(1)];
    int rc = load_multiboot1(&wr, im.b, im.len, "k", mod, sizeof mod, "m", &ent, err,
                             sizeof err);
    QCHECK_EQ(rc, QV_ERR_NOSPC);
    QCHECK(strstr(err, "module") != NULL);
    QCHECK_EQ(ram.writes, 0);
}

QTEST(mb1_rejects_bad_arguments)
{
    struct img im;
    build(&im, 0x400000);
    ram_init(MiB(8));
    char *big = malloc(MB1_CMDLINE_MAX + 2);
    memset(big, 'a', MB1_CMDLINE_MAX + 1);
    big[MB1_CMDLINE_MAX + 1] = 0;
    QCHECK_EQ(load(&im, big), QV_ERR_OVERFLOW);
    QCHECK(strstr(err, "command line longer") != NULL);
    big[MB1_CMDLINE_MAX] = 0; /* exactly the limit is fine */
    QCHECK_EQ(load(&im, big), QV_OK);
    QCHECK_EQ(strlen((char *)ram.mem + g32(ent.ebx + 16)), MB1_CMDLINE_MAX);
    free(big);
    QCHECK_EQ(load_multiboot1(&wr, im.b, im.len, "k", NULL, 5, NULL, &ent, err, sizeof err),
              QV_ERR_INVAL);
    QCHECK_EQ(load_multiboot1(NULL, im.b, im.len, "k", NULL, 0, NULL, &ent, err, sizeof err),
              QV_ERR_INVAL);
    /* A NULL or zero-sized error buffer is allowed. */
    QCHECK_EQ(load_multiboot1(&wr, im.b, 10, "k", NULL, 0, NULL, &ent, NULL, 0),
              QV_ERR_CORRUPT);
}

QTEST(mb1_writer_failure_is_reported)
{
    struct img im;
    build(&im, 0x400000);
    for (int n = 0; n < 4; n++) {
        ram_init(MiB(8));
        ram.fail_after = n;
        QCHECK_EQ(load(&im, "k"), QV_ERR_FAULT);
        QCHECK(strstr(err, "writing guest memory failed") != NULL);
    }
}

/* ---------------------------------------------------------------- flat */
QTEST(flat_modes_and_bounds)
{
    static const uint8_t code[] = { 0xb0, 0x41, 0xe6, 0xe9, 0xf4 };
    ram_init(MiB(2));
    QCHECK_EQ(load_flat(&wr, code, sizeof code, 0x7c00, &ent), QV_OK);
    QCHECK_MEM(ram.mem + 0x7c00, code, sizeof code);
    QCHECK_EQ(ent.entry, 0x7c00);
    QCHECK_EQ(ent.mode, GUEST_START_REAL);
    QCHECK_EQ(load_flat(&wr, code, sizeof code, 0x7c04, &ent), QV_OK);
    QCHECK_EQ(ent.mode, GUEST_START_PROTECTED); /* not paragraph aligned */
    QCHECK_EQ(load_flat(&wr, code, sizeof code, 0x100000, &ent), QV_OK);
    QCHECK_EQ(ent.mode, GUEST_START_PROTECTED);
    QCHECK_EQ(ent.entry, 0x100000);
    QCHECK_EQ(load_flat(&wr, code, sizeof code, MiB(2) - sizeof code, &ent), QV_OK);

    ram.writes = 0;
    QCHECK_EQ(load_flat(&wr, code, sizeof code, MiB(2) - 4, &ent), QV_ERR_RANGE);
    QCHECK_EQ(load_flat(&wr, code, sizeof code, UINT64_MAX - 2, &ent), QV_ERR_RANGE);
    QCHECK_EQ(load_flat(&wr, code, 0, 0x7c00, &ent), QV_ERR_INVAL);
    QCHECK_EQ(load_flat(&wr, NULL, 4, 0x7c00, &ent), QV_ERR_INVAL);
    QCHECK_EQ(ram.writes, 0);
    ram.fail_after = 0;
    QCHECK_EQ(load_flat(&wr, code, sizeof code, 0x7c00, &ent), QV_ERR_FAULT);
}
