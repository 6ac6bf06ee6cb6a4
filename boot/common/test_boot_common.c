/* Host unit tests for boot/common (mb2_build, elf64): what the builder writes
 * must parse back through the hypervisor's own Multiboot2 parser, and the ELF
 * checks must refuse malformed images. */
#include <stdlib.h>
#include <string.h>
#include "boot/common/elf64.h"
#include "boot/common/mb2_build.h"
#include "core/boot/multiboot2.h"
#include "lib/errors.h"
#include "qtest.h"

static uint8_t buf[4096] __attribute__((aligned(8)));

QTEST(mb2_build_roundtrip)
{
    struct mb2b b;
    uint8_t rsdp[20] = "RSD PTR ";
    mb2b_init(&b, buf, sizeof buf);
    mb2b_string(&b, MB2_TAG_CMDLINE, "test=boot guest_mem=64M");
    mb2b_string(&b, MB2_TAG_LOADER_NAME, "QuantaVirt BIOS stage2");
    mb2b_meminfo(&b, 639, 523136);
    mb2b_mmap_begin(&b);
    mb2b_mmap_add(&b, 0, 0x9fc00, 1);
    mb2b_mmap_add(&b, 0x100000, 0x1ff00000, 1);
    mb2b_mmap_add(&b, 0xfffc0000, 0x40000, 2);
    mb2b_mmap_end(&b);
    mb2b_module(&b, 0x1000000, 0x1001000, "linux-kernel console=ttyS0");
    mb2b_module(&b, 0x1002000, 0x1002010, "vm.cfg");
    mb2b_rsdp(&b, MB2_TAG_ACPI_OLD, rsdp, 20);
    mb2b_measure(&b, 0x70000, 320);
    QCHECK_EQ(mb2b_finish(&b), 0);

    static struct mb2_info mi;
    QCHECK_EQ(mb2_parse(buf, sizeof buf, &mi), QV_OK);
    QCHECK(!strcmp(mi.cmdline, "test=boot guest_mem=64M"));
    QCHECK(!strcmp(mi.loader_name, "QuantaVirt BIOS stage2"));
    QCHECK_EQ(mi.mem_lower, 639u);
    QCHECK_EQ(mi.mmap_count, 3u);
    QCHECK_EQ(mi.mmap[1].base, 0x100000ull);
    QCHECK_EQ(mi.mmap[1].len, 0x1ff00000ull);
    QCHECK_EQ(mi.mmap[2].type, 2u);
    QCHECK_EQ(mi.module_count, 2u);
    QCHECK_EQ(mi.modules[0].start, 0x1000000u);
    QCHECK_EQ(mi.modules[1].end, 0x1002010u);
    QCHECK(!strcmp(mi.modules[0].string, "linux-kernel console=ttyS0"));
    QCHECK_EQ(mi.rsdp_version, 1);
    QCHECK(mi.present & MB2_HAVE_QV_MEASURE);
    QCHECK_EQ(mi.qv_measure.addr, 0x70000ull);
    QCHECK_EQ(mi.qv_measure.size, 320ull);
}

QTEST(mb2_build_overflow_latches)
{
    struct mb2b b;
    mb2b_init(&b, buf, 64);
    mb2b_string(&b, MB2_TAG_CMDLINE, "a command line far too long for a sixty-four byte block");
    mb2b_module(&b, 1, 2, "x");
    QCHECK_EQ(mb2b_finish(&b), -1);
    mb2b_init(&b, buf, sizeof buf);
    mb2b_mmap_add(&b, 0, 1, 1); /* no open mmap tag */
    QCHECK_EQ(mb2b_finish(&b), -1);
}

/* Minimal ELF64: header, one PT_LOAD at 1 MiB covering the file, MB2 header at 0x80. */
static size_t make_elf(uint8_t *e)
{
    memset(e, 0, 512);
    memcpy(e, "\x7f" "ELF\x02\x01\x01", 7);
    e[16] = 2, e[18] = 62, e[20] = 1;
    uint64_t entry = 0x100080, phoff = 64;
    memcpy(e + 24, &entry, 8);
    memcpy(e + 32, &phoff, 8);
    e[52] = 64, e[54] = 56, e[56] = 1;
    uint8_t *ph = e + 64;
    uint32_t one = 1;
    uint64_t off = 0, pa = 0x100000, fs = 512, ms = 4096;
    memcpy(ph, &one, 4);
    memcpy(ph + 8, &off, 8);
    memcpy(ph + 16, &pa, 8);
    memcpy(ph + 24, &pa, 8);
    memcpy(ph + 32, &fs, 8);
    memcpy(ph + 40, &ms, 8);
    uint32_t mb[4] = { 0xe85250d6u, 0, 16, 0 };
    mb[3] = -(mb[0] + mb[1] + mb[2]);
    memcpy(e + 0x80, mb, 16);
    return 512;
}

QTEST(elf64_accepts_and_rejects)
{
    uint8_t e[512];
    struct qvb_elf elf;
    const char *why = NULL;
    size_t n = make_elf(e);
    QCHECK_EQ(qvb_elf_parse(e, n, &elf, &why), 0);
    QCHECK_EQ(elf.nseg, 1u);
    QCHECK_EQ(elf.seg[0].paddr, 0x100000ull);
    QCHECK_EQ(elf.entry, 0x100080ull);
    QCHECK_EQ(elf.hi, 0x101000ull);

    make_elf(e);
    e[1] = 'X';
    QCHECK_EQ(qvb_elf_parse(e, n, &elf, &why), -1);
    make_elf(e);
    e[18] = 3; /* EM_386 */
    QCHECK_EQ(qvb_elf_parse(e, n, &elf, &why), -1);
    make_elf(e);
    e[33] = 0x10; /* phoff beyond the file */
    QCHECK_EQ(qvb_elf_parse(e, n, &elf, &why), -1);
    make_elf(e);
    e[64 + 33] = 0x20; /* filesz 0x2000 > memsz */
    QCHECK_EQ(qvb_elf_parse(e, n, &elf, &why), -1);
    make_elf(e);
    e[64 + 8 + 1] = 1; /* offset 0x100: data beyond the file */
    QCHECK_EQ(qvb_elf_parse(e, n, &elf, &why), -1);
    make_elf(e);
    e[26] = 0x20; /* entry 0x200080: outside */
    QCHECK_EQ(qvb_elf_parse(e, n, &elf, &why), -1);
    make_elf(e);
    e[64 + 16 + 4] = 1, e[64 + 24 + 4] = 1; /* paddr above 4 GiB */
    QCHECK_EQ(qvb_elf_parse(e, n, &elf, &why), -1);
    make_elf(e);
    e[0x8c] ^= 1; /* Multiboot2 checksum */
    QCHECK_EQ(qvb_elf_parse(e, n, &elf, &why), -1);
    QCHECK(why && strstr(why, "Multiboot2"));
    QCHECK_EQ(qvb_elf_parse(e, 10, &elf, &why), -1);
}
