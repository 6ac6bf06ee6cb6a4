/* Multiboot2 info parser: well-formed blocks with every tag, then one test per
 * kind of malformation (each must be rejected with a message). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qtest.h"
#include "core/boot/multiboot2.h"
#include "lib/errors.h"

/* Builder: appends tags to an 8-aligned buffer the way a loader would. */
struct mb {
    _Alignas(8) uint8_t buf[16384];
    uint32_t len;
};

static void mb_start(struct mb *m)
{
    memset(m->buf, 0, sizeof m->buf);
    m->len = 8;
}

static void put32(struct mb *m, uint32_t off, uint32_t v) { memcpy(m->buf + off, &v, 4); }

/* Append a tag with `plen` payload bytes; returns its offset. */
static uint32_t mb_tag(struct mb *m, uint32_t type, const void *payload, uint32_t plen)
{
    uint32_t off = m->len;
    put32(m, off, type);
    put32(m, off + 4, 8 + plen);
    if (plen)
        memcpy(m->buf + off + 8, payload, plen);
    m->len = (off + 8 + plen + 7) & ~7u;
    return off;
}

static uint32_t mb_str(struct mb *m, uint32_t type, const char *s)
{
    return mb_tag(m, type, s, (uint32_t)strlen(s) + 1);
}

static uint32_t mb_module(struct mb *m, uint32_t start, uint32_t end, const char *s)
{
    uint8_t p[256];
    memcpy(p, &start, 4);
    memcpy(p + 4, &end, 4);
    size_t n = strlen(s) + 1;
    memcpy(p + 8, s, n);
    return mb_tag(m, MB2_TAG_MODULE, p, (uint32_t)(8 + n));
}

static uint32_t mb_mmap(struct mb *m, uint32_t esz, const uint64_t (*e)[3], unsigned n)
{
    static uint8_t p[8 + 64 * 4096];
    memset(p, 0, sizeof p);
    memcpy(p, &esz, 4);
    for (unsigned i = 0; i < n; i++) {
        memcpy(p + 8 + i * esz, &e[i][0], 8);
        memcpy(p + 8 + i * esz + 8, &e[i][1], 8);
        uint32_t type = (uint32_t)e[i][2];
        memcpy(p + 8 + i * esz + 16, &type, 4);
    }
    return mb_tag(m, MB2_TAG_MMAP, p, 8 + n * esz);
}

static void mb_end(struct mb *m)
{
    mb_tag(m, MB2_TAG_END, NULL, 0);
    put32(m, 0, m->len);
}

static const uint64_t std_map[][3] = {
    { 0, 0x9fc00, MB2_MMAP_AVAILABLE },
    { 0x9fc00, 0x400, MB2_MMAP_RESERVED },
    { 0x100000, 0x1fe00000, MB2_MMAP_AVAILABLE },
    { 0x1ff00000, 0x100000, MB2_MMAP_ACPI_RECLAIMABLE },
    { 0xfffc0000, 0x40000, MB2_MMAP_RESERVED },
};

/* A block with every tag the parser extracts, plus an unknown and a skipped one. */
static void build_full(struct mb *m)
{
    uint8_t p[128];
    mb_start(m);
    mb_str(m, MB2_TAG_CMDLINE, "/boot/quantavirt.elf loglevel=7 test=smoke");
    mb_str(m, MB2_TAG_LOADER_NAME, "GRUB 2.06");
    mb_module(m, 0x200000, 0x300000, "guest=linux");
    mb_module(m, 0x300000, 0x300100, "");
    uint32_t mi[2] = { 639, 523264 };
    mb_tag(m, MB2_TAG_BASIC_MEMINFO, mi, 8);
    uint32_t bootdev[3] = { 0x80, 0, 0xffffffff };
    mb_tag(m, MB2_TAG_BOOTDEV, bootdev, 12);
    mb_mmap(m, 24, std_map, 5);
    /* framebuffer: addr, pitch, width, height, bpp, type, reserved u16 */
    memset(p, 0, sizeof p);
    uint64_t fba = 0xfd000000;
    uint32_t fbv[3] = { 4096, 1024, 768 };
    memcpy(p, &fba, 8);
    memcpy(p + 8, fbv, 12);
    p[20] = 32;
    p[21] = 1;
    mb_tag(m, MB2_TAG_FRAMEBUFFER, p, 24);
    /* ELF sections: num=3, entsize=64, shndx=2, 192 bytes of headers */
    memset(p, 0, sizeof p);
    uint32_t elf[3] = { 3, 64, 2 };
    uint8_t elfbuf[12 + 192];
    memset(elfbuf, 0xab, sizeof elfbuf);
    memcpy(elfbuf, elf, 12);
    mb_tag(m, MB2_TAG_ELF_SECTIONS, elfbuf, sizeof elfbuf);
    uint32_t e32 = 0x7f000000;
    mb_tag(m, MB2_TAG_EFI32, &e32, 4);
    uint64_t e64 = 0x7f001000;
    mb_tag(m, MB2_TAG_EFI64, &e64, 8);
    uint8_t rsdp1[20] = "RSD PTR ";
    mb_tag(m, MB2_TAG_ACPI_OLD, rsdp1, 20);
    uint8_t rsdp2[36] = "RSD PTR ";
    rsdp2[15] = 2;
    rsdp2[35] = 0x5a;
    mb_tag(m, MB2_TAG_ACPI_NEW, rsdp2, 36);
    uint8_t efimm[8 + 3 * 48];
    uint32_t dh[2] = { 48, 1 };
    memset(efimm, 0, sizeof efimm);
    memcpy(efimm, dh, 8);
    mb_tag(m, MB2_TAG_EFI_MMAP, efimm, sizeof efimm);
    mb_tag(m, MB2_TAG_EFI_BS, NULL, 0);
    uint32_t ih32 = 0x1234;
    mb_tag(m, MB2_TAG_EFI32_IH, &ih32, 4);
    uint64_t ih64 = 0x123456789ull;
    mb_tag(m, MB2_TAG_EFI64_IH, &ih64, 8);
    uint32_t lb = 0x200000;
    mb_tag(m, MB2_TAG_LOAD_BASE, &lb, 4);
    uint64_t meas[2] = { 0x8000000, 0x2000 };
    mb_tag(m, MB2_TAG_QV_MEASURE, meas, 16);
    mb_tag(m, 0x4242, "xyz", 3); /* unknown: counted, skipped */
    mb_end(m);
}

static struct mb m;
static struct mb2_info info;

QTEST(mb2_full_block)
{
    build_full(&m);
    QCHECK_EQ(mb2_parse(m.buf, m.len, &info), QV_OK);
    QCHECK_EQ(info.total_size, m.len);
    QCHECK(strcmp(info.cmdline, "/boot/quantavirt.elf loglevel=7 test=smoke") == 0);
    QCHECK(strcmp(info.loader_name, "GRUB 2.06") == 0);
    QCHECK_EQ(info.module_count, 2);
    QCHECK_EQ(info.modules[0].start, 0x200000);
    QCHECK_EQ(info.modules[0].end, 0x300000);
    QCHECK(strcmp(info.modules[0].string, "guest=linux") == 0);
    QCHECK(strcmp(info.modules[1].string, "") == 0);
    QCHECK_EQ(info.mem_lower, 639);
    QCHECK_EQ(info.mem_upper, 523264);
    QCHECK_EQ(info.mmap_count, 5);
    for (unsigned i = 0; i < 5; i++) {
        QCHECK_EQ(info.mmap[i].base, std_map[i][0]);
        QCHECK_EQ(info.mmap[i].len, std_map[i][1]);
        QCHECK_EQ(info.mmap[i].type, std_map[i][2]);
    }
    QCHECK_EQ(info.fb.addr, 0xfd000000);
    QCHECK_EQ(info.fb.pitch, 4096);
    QCHECK_EQ(info.fb.width, 1024);
    QCHECK_EQ(info.fb.height, 768);
    QCHECK_EQ(info.fb.bpp, 32);
    QCHECK_EQ(info.fb.type, 1);
    QCHECK_EQ(info.elf.num, 3);
    QCHECK_EQ(info.elf.entsize, 64);
    QCHECK_EQ(info.elf.shndx, 2);
    QCHECK(info.elf.addr > (uintptr_t)m.buf && info.elf.addr < (uintptr_t)m.buf + m.len);
    QCHECK_EQ(*(const uint8_t *)(uintptr_t)info.elf.addr, 0xab);
    QCHECK_EQ(info.efi32_systab, 0x7f000000);
    QCHECK_EQ(info.efi64_systab, 0x7f001000);
    QCHECK_EQ(info.rsdp_version, 2); /* the newer RSDP wins */
    QCHECK_EQ(info.rsdp_len, 36);
    QCHECK_EQ(info.rsdp[15], 2);
    QCHECK_EQ(info.rsdp[35], 0x5a);
    QCHECK_EQ(info.efi_mmap.desc_size, 48);
    QCHECK_EQ(info.efi_mmap.desc_version, 1);
    QCHECK_EQ(info.efi_mmap.count, 3);
    QCHECK(info.present & MB2_HAVE_EFI_BS);
    QCHECK_EQ(info.efi32_image_handle, 0x1234);
    QCHECK_EQ(info.efi64_image_handle, 0x123456789ull);
    QCHECK_EQ(info.load_base, 0x200000);
    QCHECK_EQ(info.qv_measure.addr, 0x8000000);
    QCHECK_EQ(info.qv_measure.size, 0x2000);
    QCHECK_EQ(info.unknown_tags, 1);
    QCHECK_EQ(info.tag_count, 20);
    QCHECK_EQ(info.present & MB2_HAVE_LOAD_BASE, MB2_HAVE_LOAD_BASE);
}

QTEST(mb2_minimal_block)
{
    mb_start(&m);
    mb_end(&m);
    QCHECK_EQ(m.len, 16);
    QCHECK_EQ(mb2_parse(m.buf, m.len, &info), QV_OK);
    QCHECK_EQ(info.present, 0);
    QCHECK_EQ(info.tag_count, 0);
}

QTEST(mb2_old_rsdp_only)
{
    uint8_t r[20] = "RSD PTR ";
    r[19] = 7;
    mb_start(&m);
    mb_tag(&m, MB2_TAG_ACPI_OLD, r, 20);
    mb_end(&m);
    QCHECK_EQ(mb2_parse(m.buf, m.len, &info), QV_OK);
    QCHECK_EQ(info.rsdp_version, 1);
    QCHECK_EQ(info.rsdp_len, 20);
    QCHECK_MEM(info.rsdp, r, 20);
}

QTEST(mb2_unaligned_buffer_ok)
{
    static uint8_t raw[16384 + 1];
    build_full(&m);
    memcpy(raw + 1, m.buf, m.len);
    QCHECK_EQ(mb2_parse(raw + 1, m.len, &info), QV_OK);
    QCHECK_EQ(info.mmap_count, 5);
}

/* Parse and expect `err` with a message containing `needle`. */
static void expect_fail(size_t avail, int err, const char *needle)
{
    int rc = mb2_parse(m.buf, avail, &info);
    QCHECK_EQ(rc, err);
    QCHECK(info.error[0] != 0);
    if (!strstr(info.error, needle))
        printf("  error '%s' lacks '%s'\n", info.error, needle);
    QCHECK(strstr(info.error, needle) != NULL);
}

QTEST(mb2_total_size_checks)
{
    build_full(&m);
    expect_fail(m.len - 8, QV_ERR_TRUNCATED, "larger than");
    expect_fail(4, QV_ERR_TRUNCATED, "fewer than 8");
    put32(&m, 0, 8);
    expect_fail(sizeof m.buf, QV_ERR_CORRUPT, "at least 16");
    put32(&m, 0, m.len - 4);
    expect_fail(sizeof m.buf, QV_ERR_CORRUPT, "multiple of 8");
    build_full(&m);
    put32(&m, 4, 1);
    expect_fail(m.len, QV_ERR_CORRUPT, "reserved");
    QCHECK_EQ(mb2_parse(NULL, 100, &info), QV_ERR_TRUNCATED);
}

QTEST(mb2_tag_overrun)
{
    mb_start(&m);
    uint32_t off = mb_str(&m, MB2_TAG_CMDLINE, "abc");
    mb_end(&m);
    put32(&m, off + 4, 4000);
    expect_fail(m.len, QV_ERR_CORRUPT, "tag 1 at offset 0x8: size 4000 overruns");
    /* The last tag (no end tag after it) running past total_size by one byte. */
    mb_start(&m);
    mb_tag(&m, MB2_TAG_CMDLINE, "abcdefg", 8);
    put32(&m, 0, m.len);
    put32(&m, 12, 17);
    expect_fail(m.len, QV_ERR_CORRUPT, "overruns");
}

QTEST(mb2_zero_and_small_tag)
{
    mb_start(&m);
    uint32_t off = mb_str(&m, MB2_TAG_CMDLINE, "abc");
    mb_end(&m);
    put32(&m, off + 4, 0);
    expect_fail(m.len, QV_ERR_CORRUPT, "size 0 smaller than header");
    put32(&m, off + 4, 7);
    expect_fail(m.len, QV_ERR_CORRUPT, "size 7 smaller");
    /* Meminfo needs 16 bytes. */
    mb_start(&m);
    uint32_t x = 1;
    off = mb_tag(&m, MB2_TAG_BASIC_MEMINFO, &x, 4);
    mb_end(&m);
    expect_fail(m.len, QV_ERR_CORRUPT, "tag 4 at offset 0x8: size 12 smaller than header");
}

QTEST(mb2_missing_end_tag)
{
    mb_start(&m);
    mb_str(&m, MB2_TAG_CMDLINE, "abc");
    put32(&m, 0, m.len);
    expect_fail(m.len, QV_ERR_CORRUPT, "no end tag");
    /* End tag of the wrong size. */
    mb_start(&m);
    mb_tag(&m, MB2_TAG_END, "12345678", 8);
    put32(&m, 0, m.len);
    expect_fail(m.len, QV_ERR_CORRUPT, "end tag size");
}

QTEST(mb2_bad_mmap)
{
    mb_start(&m);
    mb_mmap(&m, 20, std_map, 2);
    mb_end(&m);
    expect_fail(m.len, QV_ERR_CORRUPT, "tag 6 at offset 0x8: bad entry_size 20");
    mb_start(&m);
    mb_mmap(&m, 28, std_map, 2);
    mb_end(&m);
    expect_fail(m.len, QV_ERR_CORRUPT, "bad entry_size 28");
    mb_start(&m);
    mb_mmap(&m, 0, std_map, 0);
    mb_end(&m);
    expect_fail(m.len, QV_ERR_CORRUPT, "bad entry_size 0");
    /* Tag size not a whole number of entries. */
    mb_start(&m);
    uint32_t off = mb_mmap(&m, 24, std_map, 2);
    mb_end(&m);
    put32(&m, off + 4, 16 + 24 + 8);
    expect_fail(m.len, QV_ERR_CORRUPT, "partial");
    /* Wrapping entry. */
    const uint64_t wrap[][3] = { { 0xfffffffffffff000ull, 0x2000, 1 } };
    mb_start(&m);
    mb_mmap(&m, 24, wrap, 1);
    mb_end(&m);
    expect_fail(m.len, QV_ERR_CORRUPT, "wraps");
    /* Larger (future) entry size is accepted. */
    mb_start(&m);
    mb_mmap(&m, 32, std_map, 5);
    mb_end(&m);
    QCHECK_EQ(mb2_parse(m.buf, m.len, &info), QV_OK);
    QCHECK_EQ(info.mmap_count, 5);
    QCHECK_EQ(info.mmap[4].base, 0xfffc0000);
}

QTEST(mb2_mmap_truncation)
{
    static uint64_t big[MB2_MAX_MMAP + 5][3];
    for (unsigned i = 0; i < ARRAY_SIZE(big); i++) {
        big[i][0] = (uint64_t)i << 20;
        big[i][1] = 0x1000;
        big[i][2] = 1 + i % 5;
    }
    mb_start(&m);
    mb_mmap(&m, 24, big, ARRAY_SIZE(big));
    mb_end(&m);
    QCHECK_EQ(mb2_parse(m.buf, m.len, &info), QV_OK);
    QCHECK_EQ(info.mmap_count, MB2_MAX_MMAP);
    QCHECK_EQ(info.mmap_dropped, 5);
    QCHECK_EQ(info.mmap[MB2_MAX_MMAP - 1].base, (uint64_t)(MB2_MAX_MMAP - 1) << 20);
}

QTEST(mb2_bad_module)
{
    mb_start(&m);
    mb_module(&m, 0x300000, 0x200000, "x");
    mb_end(&m);
    expect_fail(m.len, QV_ERR_CORRUPT, "tag 3 at offset 0x8: module start not below end");
    mb_start(&m);
    mb_module(&m, 0x300000, 0x300000, "x");
    mb_end(&m);
    expect_fail(m.len, QV_ERR_CORRUPT, "module start");
    /* 20 modules: 16 kept, 4 dropped. */
    mb_start(&m);
    for (unsigned i = 0; i < 20; i++)
        mb_module(&m, i * 0x1000, i * 0x1000 + 0x800, "m");
    mb_end(&m);
    QCHECK_EQ(mb2_parse(m.buf, m.len, &info), QV_OK);
    QCHECK_EQ(info.module_count, MB2_MAX_MODULES);
    QCHECK_EQ(info.modules_dropped, 4);
    QCHECK_EQ(info.modules[15].start, 15 * 0x1000);
}

QTEST(mb2_unterminated_strings)
{
    mb_start(&m);
    uint32_t off = mb_tag(&m, MB2_TAG_CMDLINE, "abcd", 4);
    mb_end(&m);
    memset(m.buf + off + 12, 'x', 4); /* padding is non-zero too */
    expect_fail(m.len, QV_ERR_CORRUPT, "tag 1 at offset 0x8: string not NUL-terminated");
    mb_start(&m);
    mb_tag(&m, MB2_TAG_LOADER_NAME, "abc", 3);
    mb_end(&m);
    expect_fail(m.len, QV_ERR_CORRUPT, "tag 2 at offset 0x8: string not NUL");
    mb_start(&m);
    uint8_t mod[12] = { 0, 0, 0x10, 0, 0, 0, 0x20, 0, 'a', 'b', 'c', 'd' };
    mb_tag(&m, MB2_TAG_MODULE, mod, sizeof mod);
    mb_end(&m);
    expect_fail(m.len, QV_ERR_CORRUPT, "tag 3");
}

QTEST(mb2_string_lengths)
{
    static char s[2048];
    memset(s, 'a', sizeof s);
    s[MB2_CMDLINE_MAX - 1] = 0; /* 1023 chars: fits */
    mb_start(&m);
    mb_str(&m, MB2_TAG_CMDLINE, s);
    mb_end(&m);
    QCHECK_EQ(mb2_parse(m.buf, m.len, &info), QV_OK);
    QCHECK_EQ(strlen(info.cmdline), MB2_CMDLINE_MAX - 1);
    s[MB2_CMDLINE_MAX - 1] = 'a';
    s[MB2_CMDLINE_MAX] = 0; /* 1024 chars: too long */
    mb_start(&m);
    mb_str(&m, MB2_TAG_CMDLINE, s);
    mb_end(&m);
    expect_fail(m.len, QV_ERR_CORRUPT, "too long");
    /* Long loader names are truncated, not rejected. */
    mb_start(&m);
    mb_str(&m, MB2_TAG_LOADER_NAME, s);
    mb_end(&m);
    QCHECK_EQ(mb2_parse(m.buf, m.len, &info), QV_OK);
    QCHECK_EQ(strlen(info.loader_name), MB2_LOADER_NAME_MAX - 1);
}

QTEST(mb2_duplicates_and_small_fixed_tags)
{
    mb_start(&m);
    mb_str(&m, MB2_TAG_CMDLINE, "a");
    uint32_t off = mb_str(&m, MB2_TAG_CMDLINE, "b");
    mb_end(&m);
    char want[64];
    snprintf(want, sizeof want, "tag 1 at offset 0x%x: duplicate", off);
    expect_fail(m.len, QV_ERR_CORRUPT, want);

    uint8_t r[20] = { 0 };
    mb_start(&m);
    mb_tag(&m, MB2_TAG_ACPI_NEW, r, 20);
    mb_end(&m);
    expect_fail(m.len, QV_ERR_CORRUPT, "tag 15");
    uint32_t v = 1;
    mb_start(&m);
    mb_tag(&m, MB2_TAG_EFI64, &v, 4);
    mb_end(&m);
    expect_fail(m.len, QV_ERR_CORRUPT, "tag 12");
    uint32_t ed[2] = { 12, 1 };
    mb_start(&m);
    mb_tag(&m, MB2_TAG_EFI_MMAP, ed, 8);
    mb_end(&m);
    expect_fail(m.len, QV_ERR_CORRUPT, "bad descriptor_size 12");
    uint32_t elf[3] = { 100, 64, 0 };
    mb_start(&m);
    mb_tag(&m, MB2_TAG_ELF_SECTIONS, elf, 12);
    mb_end(&m);
    expect_fail(m.len, QV_ERR_CORRUPT, "section headers overrun");
    mb_start(&m);
    mb_tag(&m, MB2_TAG_QV_MEASURE, elf, 12);
    mb_end(&m);
    expect_fail(m.len, QV_ERR_CORRUPT, "tag 20822");
}

QTEST(mb2_type_names)
{
    QCHECK(strcmp(mb2_mmap_type_name(1), "available") == 0);
    QCHECK(strcmp(mb2_mmap_type_name(3), "ACPI reclaimable") == 0);
    QCHECK(strcmp(mb2_mmap_type_name(4), "ACPI NVS") == 0);
    QCHECK(strcmp(mb2_mmap_type_name(5), "bad RAM") == 0);
    QCHECK(strcmp(mb2_mmap_type_name(2), "reserved") == 0);
    QCHECK(strcmp(mb2_mmap_type_name(77), "unknown") == 0);
}

/* Every strict prefix of a valid block (with total_size as written) must be
 * rejected as truncated, and every corrupted total_size must not crash. */
QTEST(mb2_prefixes_rejected)
{
    build_full(&m);
    uint32_t accepted = 0;
    for (uint32_t n = 0; n < m.len; n++)
        accepted += mb2_parse(m.buf, n, &info) == QV_OK;
    QCHECK_EQ(accepted, 0);
    QCHECK_EQ(mb2_parse(m.buf, m.len, &info), QV_OK);
}
