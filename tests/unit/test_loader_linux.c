/* Linux bzImage loader (64-bit boot protocol): synthetic images built here
 * with the setup-header fields of boot.rst, loaded into a host buffer
 * standing in for guest RAM; plus, when build/linux/bzImage exists
 * (make linux-guest), the real Debian kernel. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qtest.h"
#include "core/vm/loader_linux.h"
#include "lib/errors.h"

/* ---------------------------------------------------------------- fake RAM */
struct fake_ram {
    uint8_t *mem;
    uint64_t size;
    unsigned writes;
    int fail_after; /* >= 0: that many calls succeed, then QV_ERR_FAULT */
};
static struct fake_ram ram;
static struct guest_mem_writer wr;

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
static void ram_init(uint64_t size)
{
    free(ram.mem);
    ram.mem = malloc(size);
    memset(ram.mem, 0xAA, size);
    ram.size = size;
    ram.writes = 0;
    ram.fail_after = -1;
    wr = (struct guest_mem_writer){ fr_write, fr_zero, size, &ram };
}
static uint16_t g16(uint64_t gpa) { uint16_t v; memcpy(&v, ram.mem + gpa, 2); return v; }
static uint32_t g32(uint64_t gpa) { uint32_t v; memcpy(&v, ram.mem + gpa, 4); return v; }
static uint64_t g64(uint64_t gpa) { uint64_t v; memcpy(&v, ram.mem + gpa, 8); return v; }

/* ---------------------------------------------------------------- bzImage builder */
#define SETUP_SECTS 2
#define PM_OFF ((SETUP_SECTS + 1) * 512)
#define PM_LEN 0x1000
#define IMG_LEN (PM_OFF + PM_LEN + 0x100) /* + trailing bytes, like a signature */
#define INIT_SIZE MiB(4)

static uint8_t img[IMG_LEN];
static void p8(size_t off, uint8_t v) { img[off] = v; }
static void p16(size_t off, uint16_t v) { memcpy(img + off, &v, 2); }
static void p32(size_t off, uint32_t v) { memcpy(img + off, &v, 4); }
static void p64(size_t off, uint64_t v) { memcpy(img + off, &v, 8); }

/* A protocol 2.15 header as an x86-64 kernel has it (boot.rst). */
static void build(void)
{
    memset(img, 0, sizeof img);
    for (size_t i = 0; i < sizeof img; i++)
        img[i] = (uint8_t)(i * 13 + 5);
    memset(img + 0x1F1, 0, 0x290 - 0x1F1);
    p8(0x1F1, SETUP_SECTS);
    p32(0x1F4, PM_LEN / 16);      /* syssize */
    p16(0x1FA, 0xFFFF);           /* vid_mode */
    p16(0x1FE, 0xAA55);           /* boot_flag */
    p8(0x200, 0xEB);              /* jmp short to 0x26C: end of the header */
    p8(0x201, 0x6A);
    memcpy(img + 0x202, "HdrS", 4);
    p16(0x206, 0x020F);
    p8(0x211, 0x01);              /* loadflags: LOADED_HIGH */
    p32(0x214, 0x100000);         /* code32_start */
    p32(0x22C, 0x7FFFFFFF);       /* initrd_addr_max */
    p32(0x230, 0x200000);         /* kernel_alignment */
    p8(0x234, 1);                 /* relocatable_kernel */
    p8(0x235, 21);                /* min_alignment */
    p16(0x236, 0x7F);             /* xloadflags */
    p32(0x238, 2047);             /* cmdline_size */
    p64(0x258, MiB(16));          /* pref_address */
    p32(0x260, INIT_SIZE);        /* init_size */
    p32(0x264, 0x190);            /* handover_offset */
    p32(0x268, 0x1234);           /* kernel_info_offset */
}

static char err[320];
static struct linux_entry ent;

static int load_e(const char *cmdline, const void *initrd, size_t initrd_len,
                  const struct e820_entry *map, unsigned n)
{
    memset(&ent, 0, sizeof ent);
    ram.writes = 0;
    return load_linux_bzimage(&wr, img, sizeof img, cmdline, initrd, initrd_len, map, n, &ent,
                              err, sizeof err);
}
static int load(const char *cmdline, const void *initrd, size_t initrd_len)
{
    return load_e(cmdline, initrd, initrd_len, NULL, 0);
}

/* Walks the loader's page tables for a 4-level, 2-MiB-page translation. */
static uint64_t walk(uint64_t cr3, uint64_t va, bool *ok)
{
    uint64_t pml4e = g64(cr3 + 8 * ((va >> 39) & 511));
    uint64_t pdpte = (pml4e & 1) ? g64((pml4e & ~0xFFFull) + 8 * ((va >> 30) & 511)) : 0;
    uint64_t pde = (pdpte & 1) && !(pdpte & 0x80)
                       ? g64((pdpte & ~0xFFFull) + 8 * ((va >> 21) & 511)) : 0;
    *ok = (pml4e & 3) == 3 && (pdpte & 3) == 3 && (pde & 0x83) == 0x83;
    return (pde & ~0x1FFFFFull) | (va & 0x1FFFFF);
}

/* ---------------------------------------------------------------- good images */
QTEST(linux_loads_kernel_boot_params_and_entry_state)
{
    build();
    ram_init(MiB(32));
    uint8_t initrd[5000];
    for (unsigned i = 0; i < sizeof initrd; i++)
        initrd[i] = (uint8_t)(i ^ 0x5A);
    QCHECK_EQ(load("console=ttyS0 qv.test=all", initrd, sizeof initrd), QV_OK);
    QCHECK_EQ(err[0], 0);
    /* Protected-mode code at pref_address; syssize bytes, not the trailer. */
    QCHECK_MEM(ram.mem + MiB(16), img + PM_OFF, PM_LEN);
    QCHECK_EQ(ram.mem[MiB(16) + PM_LEN], 0xAA);
    QCHECK_EQ(ent.kernel_gpa, MiB(16));
    QCHECK_EQ(ent.kernel_end, MiB(16) + INIT_SIZE);
    QCHECK_EQ(ent.rip, MiB(16) + 0x200);
    QCHECK_EQ(ent.rsi, LINUX_BOOT_PARAMS_GPA);
    QCHECK_EQ(ent.cr3, LINUX_PML4_GPA);
    QCHECK_EQ(ent.cs, 0x10);
    QCHECK_EQ(ent.ds, 0x18);
    QCHECK_EQ(ent.protocol, 0x020F);
    /* GDT: null, null, flat 64-bit code, flat data (SDM Vol. 3 §3.4.5). */
    QCHECK_EQ(ent.gdt_base, LINUX_GDT_GPA);
    QCHECK_EQ(ent.gdt_limit, 0x1F);
    QCHECK_EQ(g64(LINUX_GDT_GPA), 0);
    QCHECK_EQ(g64(LINUX_GDT_GPA + 8), 0);
    QCHECK_EQ(g64(LINUX_GDT_GPA + 0x10), 0x00AF9B000000FFFFull);
    QCHECK_EQ(g64(LINUX_GDT_GPA + 0x18), 0x00CF93000000FFFFull);

    uint64_t bp = ent.rsi;
    /* Setup header copied 0x1F1..0x26C, then the loader's fields. */
    QCHECK_MEM(ram.mem + bp + 0x1F1, img + 0x1F1, 0x210 - 0x1F1);
    QCHECK_MEM(ram.mem + bp + 0x22C, img + 0x22C, 0x26C - 0x22C);
    QCHECK_EQ(ram.mem[bp + 0x26C], 0); /* past the header: zero */
    QCHECK_EQ(ram.mem[bp + 0x210], 0xFF);            /* type_of_loader */
    QCHECK_EQ(ram.mem[bp + 0x211], 0x81);            /* LOADED_HIGH | CAN_USE_HEAP */
    QCHECK_EQ(g16(bp + 0x224), 0xDE00);              /* heap_end_ptr */
    QCHECK_EQ(g32(bp + 0x214), MiB(16));             /* code32_start */
    QCHECK_EQ(g32(bp + 0x228), LINUX_CMDLINE_GPA);   /* cmd_line_ptr */
    QCHECK_EQ(g32(bp + 0xC8), 0);                    /* ext_cmd_line_ptr */
    QCHECK(strcmp((char *)ram.mem + LINUX_CMDLINE_GPA, "console=ttyS0 qv.test=all") == 0);
    /* initrd: highest page-aligned spot below the end of RAM. */
    uint64_t rd = ALIGN_DOWN(MiB(32) - sizeof initrd, PAGE_SIZE);
    QCHECK_EQ(ent.initrd_gpa, rd);
    QCHECK_EQ(ent.initrd_len, sizeof initrd);
    QCHECK_EQ(g32(bp + 0x218), rd);
    QCHECK_EQ(g32(bp + 0x21C), sizeof initrd);
    QCHECK_EQ(g32(bp + 0xC0), 0);
    QCHECK_EQ(g32(bp + 0xC4), 0);
    QCHECK_MEM(ram.mem + rd, initrd, sizeof initrd);
    /* Default e820: low RAM, legacy hole, RAM above 1 MiB. */
    QCHECK_EQ(ram.mem[bp + 0x1E8], 3);
    uint64_t want[3][3] = { { 0, 0xA0000, 1 }, { 0xA0000, 0x60000, 2 },
                            { 0x100000, MiB(31), 1 } };
    for (unsigned i = 0; i < 3; i++) {
        uint64_t e = bp + 0x2D0 + 20 * i;
        QCHECK_EQ(g64(e), want[i][0]);
        QCHECK_EQ(g64(e + 8), want[i][1]);
        QCHECK_EQ(g32(e + 16), want[i][2]);
    }
    QCHECK_EQ(ram.mem[bp + 0x2D0 + 60], 0);
    QCHECK_EQ(ram.mem[bp + 0x1EF], 0); /* sentinel stays 0: fields are valid */
    /* Identity map covering 4 GiB with 2 MiB pages. */
    uint64_t vas[] = { 0, ent.rip, bp, LINUX_CMDLINE_GPA, rd, 0x7FFFFFFF, 0xFFFFF123 };
    for (unsigned i = 0; i < sizeof vas / sizeof vas[0]; i++) {
        bool ok;
        QCHECK_EQ(walk(ent.cr3, vas[i], &ok), vas[i]);
        QCHECK(ok);
    }
    bool ok;
    walk(ent.cr3, GiB(4), &ok);
    QCHECK(!ok);
    /* Nothing below the low area, nothing between it and the kernel. */
    QCHECK_EQ(ram.mem[0], 0xAA);
    QCHECK_EQ(ram.mem[0xFFF], 0xAA);
    QCHECK_EQ(ram.mem[LINUX_LOW_AREA_END], 0xAA);
    QCHECK_EQ(ram.mem[MiB(1)], 0xAA);
}

QTEST(linux_no_initrd_no_cmdline)
{
    build();
    ram_init(MiB(32));
    QCHECK_EQ(load(NULL, NULL, 0), QV_OK);
    QCHECK_EQ(ent.initrd_gpa, 0);
    QCHECK_EQ(g32(ent.rsi + 0x218), 0);
    QCHECK_EQ(g32(ent.rsi + 0x21C), 0);
    QCHECK_EQ(ram.mem[LINUX_CMDLINE_GPA], 0);
    QCHECK_EQ(ram.mem[MiB(32) - 1], 0xAA);
}

QTEST(linux_setup_sects_zero_means_four)
{
    build();
    p8(0x1F1, 0);
    p32(0x1F4, 0xC00 / 16);
    ram_init(MiB(32));
    QCHECK_EQ(load(NULL, NULL, 0), QV_OK);
    /* Protected mode then starts at (4 + 1) * 512. */
    QCHECK_MEM(ram.mem + MiB(16), img + 5 * 512, 0xC00);
    QCHECK_EQ(ram.mem[MiB(16) + 0xC00], 0xAA);
    QCHECK_EQ(ram.mem[ent.rsi + 0x1F1], 0); /* the header is copied as is */
}

QTEST(linux_initrd_honours_initrd_addr_max)
{
    build();
    ram_init(MiB(64));
    uint8_t rd[0x3000] = { 1 };
    p32(0x22C, MiB(24) - 1);
    QCHECK_EQ(load(NULL, rd, sizeof rd), QV_OK);
    QCHECK_EQ(ent.initrd_gpa, MiB(24) - 0x3000);
    /* Limit inside the kernel's init_size range: go below the kernel. */
    p32(0x22C, MiB(18) - 1);
    ram_init(MiB(64));
    QCHECK_EQ(load(NULL, rd, sizeof rd), QV_OK);
    QCHECK_EQ(ent.initrd_gpa, MiB(16) - 0x3000);
    /* Unaligned size: start page aligned, end within the limit. */
    p32(0x22C, 0x7FFFFFFF);
    ram_init(MiB(64));
    QCHECK_EQ(load(NULL, rd, 0x2001), QV_OK);
    QCHECK_EQ(ent.initrd_gpa, MiB(64) - 0x3000);
}

QTEST(linux_initrd_between_kernel_and_ram_end_too_small_goes_below)
{
    build();
    ram_init(MiB(16) + INIT_SIZE + 0x1000);
    static uint8_t rd[0x2000];
    QCHECK_EQ(load(NULL, rd, sizeof rd), QV_OK);
    QCHECK_EQ(ent.initrd_gpa, MiB(16) - 0x2000);
    QCHECK(ent.initrd_gpa + sizeof rd <= ent.kernel_gpa);
}

QTEST(linux_load_address_choice)
{
    /* pref_address beyond RAM: the lowest aligned usable spot. */
    build();
    ram_init(MiB(16));
    QCHECK_EQ(load(NULL, NULL, 0), QV_OK);
    QCHECK_EQ(ent.kernel_gpa, MiB(2));
    /* Unaligned pref_address: 16 MiB instead. */
    build();
    p64(0x258, MiB(17));
    ram_init(MiB(32));
    QCHECK_EQ(load(NULL, NULL, 0), QV_OK);
    QCHECK_EQ(ent.kernel_gpa, MiB(16));
    /* Aligned pref_address that fits is taken. */
    p64(0x258, MiB(8));
    ram_init(MiB(32));
    QCHECK_EQ(load(NULL, NULL, 0), QV_OK);
    QCHECK_EQ(ent.kernel_gpa, MiB(8));
    QCHECK_EQ(ent.rip, MiB(8) + 0x200);
    /* Non-relocatable: exactly pref_address, whatever the alignment field. */
    p8(0x234, 0);
    p32(0x230, 3);
    p64(0x258, MiB(5));
    ram_init(MiB(32));
    QCHECK_EQ(load(NULL, NULL, 0), QV_OK);
    QCHECK_EQ(ent.kernel_gpa, MiB(5));
    p64(0x258, MiB(30));
    ram_init(MiB(32));
    QCHECK_EQ(load(NULL, NULL, 0), QV_ERR_NOSPC);
    QCHECK(strstr(err, "not relocatable") != NULL);
    QCHECK_EQ(ram.writes, 0);
}

QTEST(linux_caller_e820_map_copied_and_used)
{
    build();
    ram_init(MiB(64));
    /* Usable RAM only up to 20 MiB and from 40 MiB; MMIO above RAM reserved. */
    struct e820_entry map[4] = {
        { 0, 0x9F000, E820_TYPE_RAM },
        { 0x100000, MiB(19), E820_TYPE_RAM },
        { MiB(40), MiB(24), E820_TYPE_RAM },
        { 0xFEC00000, 0x1000, E820_TYPE_RESERVED },
    };
    uint8_t rd[0x1000] = { 7 };
    QCHECK_EQ(load_e(NULL, rd, sizeof rd, map, 4), QV_OK);
    QCHECK_EQ(ent.kernel_gpa, MiB(16));
    QCHECK_EQ(ent.initrd_gpa, MiB(64) - 0x1000);
    QCHECK_EQ(ram.mem[ent.rsi + 0x1E8], 4);
    for (unsigned i = 0; i < 4; i++) {
        uint64_t e = ent.rsi + 0x2D0 + 20 * i;
        QCHECK_EQ(g64(e), map[i].addr);
        QCHECK_EQ(g64(e + 8), map[i].size);
        QCHECK_EQ(g32(e + 16), map[i].type);
    }
    /* initrd_addr_max inside the hole: below the kernel, in usable RAM. */
    p32(0x22C, MiB(30) - 1);
    ram_init(MiB(64));
    QCHECK_EQ(load_e(NULL, rd, sizeof rd, map, 4), QV_OK);
    QCHECK_EQ(ent.initrd_gpa, MiB(16) - 0x1000);
    /* Kernel cannot sit at 16 MiB (only 4 MiB usable from there): lowest spot. */
    map[1].size = MiB(18);
    p32(0x22C, 0x7FFFFFFF);
    ram_init(MiB(64));
    QCHECK_EQ(load_e(NULL, NULL, 0, map, 4), QV_OK);
    QCHECK_EQ(ent.kernel_gpa, MiB(2));
}

/* ---------------------------------------------------------------- bad input */
struct bad_case {
    const char *what;
    size_t off, width;
    uint64_t val;
    int rc;
    const char *msg;
};

QTEST(linux_malformed_headers_rejected_without_writes)
{
    static const struct bad_case cases[] = {
        { "boot flag", 0x1FE, 2, 0x55AA, QV_ERR_CORRUPT, "boot_flag" },
        { "no HdrS", 0x202, 4, 0x53726449, QV_ERR_CORRUPT, "HdrS" },
        { "protocol 2.11", 0x206, 2, 0x020B, QV_ERR_UNSUPPORTED, "2.11" },
        { "no jump", 0x200, 1, 0xE9, QV_ERR_CORRUPT, "short jump" },
        { "header too short", 0x201, 1, 0x40, QV_ERR_CORRUPT, "header end" },
        { "header too long", 0x201, 1, 0xFF, QV_ERR_CORRUPT, "header end" },
        { "32-bit only", 0x236, 2, 0x7E, QV_ERR_UNSUPPORTED, "XLF_KERNEL_64" },
        { "syssize 0", 0x1F4, 4, 0, QV_ERR_CORRUPT, "syssize" },
        { "syssize past end", 0x1F4, 4, (PM_LEN + 0x110) / 16, QV_ERR_TRUNCATED, "past the end" },
        { "setup_sects past end", 0x1F1, 1, 200, QV_ERR_TRUNCATED, "setup_sects 200" },
        { "init_size small", 0x260, 4, PM_LEN - 16, QV_ERR_CORRUPT, "init_size" },
        { "alignment not pow2", 0x230, 4, 0x300000, QV_ERR_CORRUPT, "kernel_alignment" },
        { "alignment 0", 0x230, 4, 0, QV_ERR_CORRUPT, "kernel_alignment" },
        { "init_size > RAM", 0x260, 4, MiB(40), QV_ERR_NOSPC, "too small" },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct bad_case *c = &cases[i];
        build();
        memcpy(img + c->off, &c->val, c->width);
        ram_init(MiB(32));
        int rc = load("x", NULL, 0);
        if (rc != c->rc || ram.writes != 0 || !strstr(err, c->msg))
            printf("  case '%s': rc %d writes %u err '%s'\n", c->what, rc, ram.writes, err);
        QCHECK_EQ(rc, c->rc);
        QCHECK_EQ(ram.writes, 0);
        QCHECK(strstr(err, c->msg) != NULL);
    }
}

QTEST(linux_truncated_files_rejected)
{
    build();
    ram_init(MiB(32));
    for (size_t len = 0; len < PM_OFF + PM_LEN; len += 0x61) {
        ram.writes = 0;
        int rc = load_linux_bzimage(&wr, img, len, NULL, NULL, 0, NULL, 0, &ent, err,
                                    sizeof err);
        QCHECK_EQ(rc, QV_ERR_TRUNCATED);
        QCHECK_EQ(ram.writes, 0);
    }
    QCHECK_EQ(load_linux_bzimage(&wr, img, PM_OFF + PM_LEN, NULL, NULL, 0, NULL, 0, &ent, err,
                                 sizeof err), QV_OK);
}

QTEST(linux_bad_arguments_and_map)
{
    build();
    ram_init(MiB(32));
    char longcl[2100];
    memset(longcl, 'a', sizeof longcl - 1);
    longcl[sizeof longcl - 1] = 0;
    QCHECK_EQ(load(longcl, NULL, 0), QV_ERR_OVERFLOW);
    QCHECK(strstr(err, "2047") != NULL);
    longcl[2047] = 0; /* exactly cmdline_size characters is fine */
    QCHECK_EQ(load(longcl, NULL, 0), QV_OK);
    QCHECK_EQ(strlen((char *)ram.mem + LINUX_CMDLINE_GPA), 2047);
    p32(0x238, 10);
    QCHECK_EQ(load("0123456789a", NULL, 0), QV_ERR_OVERFLOW);
    build();

    QCHECK_EQ(load(NULL, NULL, 10), QV_ERR_INVAL);
    QCHECK_EQ(load_linux_bzimage(&wr, NULL, 10, NULL, NULL, 0, NULL, 0, &ent, err, sizeof err),
              QV_ERR_INVAL);
    QCHECK_EQ(load_linux_bzimage(&wr, img, sizeof img, NULL, NULL, 0, NULL, 0, NULL, err,
                                 sizeof err), QV_ERR_INVAL);
    static uint8_t big[MiB(16)]; /* 12 MiB above the kernel, 15 MiB below */
    QCHECK_EQ(load(NULL, big, sizeof big), QV_ERR_NOSPC);
    QCHECK(strstr(err, "initrd") != NULL);
    QCHECK_EQ(ram.writes, 0);

    struct e820_entry map[LINUX_E820_MAX + 1];
    for (unsigned i = 0; i <= LINUX_E820_MAX; i++)
        map[i] = (struct e820_entry){ MiB(1) + i * 0x1000ull, 0x1000, E820_TYPE_RESERVED };
    map[0] = (struct e820_entry){ 0, MiB(1), E820_TYPE_RAM };
    QCHECK_EQ(load_e(NULL, NULL, 0, map, LINUX_E820_MAX + 1), QV_ERR_LIMIT);
    struct e820_entry beyond[2] = { { 0, 0xA0000, 1 }, { MiB(1), MiB(40), 1 } };
    QCHECK_EQ(load_e(NULL, NULL, 0, beyond, 2), QV_ERR_RANGE);
    QCHECK(strstr(err, "beyond guest RAM") != NULL);
    struct e820_entry nolow[2] = { { 0, 0x1000, 1 }, { MiB(1), MiB(31), 1 } };
    QCHECK_EQ(load_e(NULL, NULL, 0, nolow, 2), QV_ERR_RANGE);
    QCHECK(strstr(err, "page tables") != NULL);
    struct e820_entry empty[2] = { { 0, 0xA0000, 1 }, { MiB(1), 0, 1 } };
    QCHECK_EQ(load_e(NULL, NULL, 0, empty, 2), QV_ERR_INVAL);
    struct e820_entry wraps[2] = { { 0, 0xA0000, 1 }, { ~0ull - 5, 0x10, 2 } };
    QCHECK_EQ(load_e(NULL, NULL, 0, wraps, 2), QV_ERR_INVAL);
    QCHECK_EQ(ram.writes, 0);
}

QTEST(linux_writer_failure_reported)
{
    build();
    uint8_t rd[100] = { 0 };
    for (int n = 0; n < 10; n++) {
        ram_init(MiB(32));
        ram.fail_after = n;
        int rc = load("a", rd, sizeof rd);
        QCHECK_EQ(rc, QV_ERR_FAULT);
        QCHECK(strstr(err, "writing guest memory failed") != NULL);
    }
}

/* ---------------------------------------------------------------- real kernel */
/* The Debian bookworm kernel fetched by guests/linux/fetch.sh; skipped (with a
 * note) when it has not been fetched. */
QTEST(linux_real_debian_bzimage)
{
    const char *path = getenv("QV_LINUX_BZIMAGE") ? getenv("QV_LINUX_BZIMAGE")
                                                  : "build/linux/bzImage";
    FILE *f = fopen(path, "rb");
    if (!f) {
        printf("  note: %s absent (make linux-guest), real-image check skipped\n", path);
        return;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    uint8_t *k = malloc((size_t)n);
    QCHECK(k && fread(k, 1, (size_t)n, f) == (size_t)n);
    fclose(f);
    ram_init(MiB(128));
    uint8_t rd[0x10000];
    memset(rd, 0x42, sizeof rd);
    int rc = load_linux_bzimage(&wr, k, (size_t)n, "console=ttyS0", rd, sizeof rd, NULL, 0,
                                &ent, err, sizeof err);
    if (rc)
        printf("  real image: %s\n", err);
    QCHECK_EQ(rc, QV_OK);
    QCHECK(ent.protocol >= 0x020C);
    QCHECK_EQ(ent.kernel_gpa, MiB(16)); /* x86-64 pref_address */
    QCHECK(ent.kernel_end - ent.kernel_gpa > (uint64_t)n);
    QCHECK(ent.initrd_gpa >= ent.kernel_end);
    unsigned setup = k[0x1F1] ? k[0x1F1] : 4;
    size_t pm = (size_t)(setup + 1) * 512, pmlen = (size_t)g32(ent.rsi + 0x1F4) * 16;
    QCHECK(pm + pmlen <= (size_t)n);
    QCHECK_MEM(ram.mem + ent.kernel_gpa, k + pm, pmlen);
    QCHECK_MEM(ram.mem + ent.rsi + 0x202, "HdrS", 4);
    QCHECK_EQ(ram.mem[ent.rsi + 0x210], 0xFF);
    printf("  real image: protocol %x, load 0x%llx..0x%llx, initrd 0x%llx\n", ent.protocol,
           (unsigned long long)ent.kernel_gpa, (unsigned long long)ent.kernel_end,
           (unsigned long long)ent.initrd_gpa);
    free(k);
}
