/* Host unit tests for the EFI stub's pure code (boot/common/..._uefi.c): the
 * Multiboot2 builder is cross-checked against the hypervisor's own parser
 * (hypervisor/core/boot/multiboot2.c), plus the EFI map conversion, ELF
 * checks, BOOT.CFG parser, measurement log and signature checks. */
#include <stdlib.h>
#include <string.h>
#include "qtest.h"
#include "core/boot/multiboot2.h"
#include "lib/errors.h"
#include "pqc/hash/sha3.h"
#include "pqc/mldsa/mldsa.h"
#include "bootcfg_uefi.h"
#include "elf_load_uefi.h"
#include "mb2_build_uefi.h"
#include "measure_uefi.h"

static uint64_t mbi_buf[8192];
static struct mb2_info info;

/* EFI_MEMORY_DESCRIPTOR with a 48-byte stride (as OVMF reports). */
static void efi_desc(uint8_t *d, uint32_t type, uint64_t base, uint64_t pages)
{
    memset(d, 0, 48);
    memcpy(d, &type, 4);
    memcpy(d + 8, &base, 8);
    memcpy(d + 24, &pages, 8);
}

QTEST(mb2b_roundtrip_through_kernel_parser)
{
    uint8_t map[5 * 48];
    efi_desc(map + 0, 7, 0, 0xA0);             /* conventional below 640 KiB */
    efi_desc(map + 48, 0, 0xA0000, 0x60);      /* reserved */
    efi_desc(map + 96, 2, 0x100000, 0x100);    /* loader data: available, merges */
    efi_desc(map + 144, 4, 0x200000, 0x1000);  /* boot services data */
    efi_desc(map + 192, 9, 0x1200000, 0x10);   /* ACPI reclaim */
    struct mb2b_mmap_entry mm[8];
    int n = mb2b_from_efi_map(map, sizeof map, 48, mm, 8);
    QCHECK_EQ(n, 4);
    QCHECK_EQ(mm[2].base, 0x100000u);
    QCHECK_EQ(mm[2].len, 0x1100000u);
    QCHECK_EQ(mm[3].type, 3u);
    uint32_t lo, up;
    mb2b_meminfo_from_map(mm, (size_t)n, &lo, &up);
    QCHECK_EQ(lo, 640u);
    QCHECK_EQ(up, 0x1100000u >> 10);

    static const uint8_t rsdp[36] = "RSD PTR ";
    uint8_t log[64] = "QVML";
    struct mb2b b;
    mb2b_init(&b, mbi_buf, sizeof mbi_buf);
    mb2b_string(&b, 1, "test=boot");
    mb2b_string(&b, 2, "QuantaVirt UEFI stub");
    mb2b_module(&b, 0x400000, 0x401000, "linux-kernel console=ttyS0");
    mb2b_meminfo(&b, lo, up);
    mb2b_mmap(&b, mm, (size_t)n);
    mb2b_efi64(&b, 0x1234000);
    mb2b_efi64_ih(&b, 0x5678000);
    mb2b_rsdp(&b, 1, rsdp, sizeof rsdp);
    mb2b_efi_mmap(&b, 48, 1, map, sizeof map);
    uint8_t *copy = mb2b_tag(&b, 0x5157, log, sizeof log);
    mb2b_qv_measure(&b, (uint64_t)(uintptr_t)copy, sizeof log);
    size_t total = mb2b_finish(&b);
    QCHECK(total > 0);
    QCHECK_EQ(mb2_parse(mbi_buf, sizeof mbi_buf, &info), QV_OK);
    QCHECK_EQ(info.total_size, (uint32_t)total);
    QCHECK(!strcmp(info.cmdline, "test=boot"));
    QCHECK(!strcmp(info.loader_name, "QuantaVirt UEFI stub"));
    QCHECK_EQ(info.module_count, 1u);
    QCHECK_EQ(info.modules[0].start, 0x400000u);
    QCHECK(!strcmp(info.modules[0].string, "linux-kernel console=ttyS0"));
    QCHECK_EQ(info.mmap_count, 4u);
    QCHECK_EQ(info.mmap[2].len, 0x1100000u);
    QCHECK_EQ(info.efi64_systab, 0x1234000u);
    QCHECK_EQ(info.rsdp_version, 2);
    QCHECK_EQ(info.efi_mmap.count, 5u);
    QCHECK_EQ(info.efi_mmap.desc_size, 48u);
    QCHECK_EQ(info.qv_measure.addr, (uint64_t)(uintptr_t)copy);
    QCHECK_EQ(info.qv_measure.size, sizeof log);
    QCHECK(info.present & MB2_HAVE_QV_MEASURE);
}

QTEST(mb2b_overflow_latches)
{
    struct mb2b b;
    mb2b_init(&b, mbi_buf, 64);
    mb2b_string(&b, 1, "a command line much longer than the fifty-six bytes that are left");
    mb2b_string(&b, 2, "x");
    QCHECK_EQ(mb2b_finish(&b), 0u);
    QCHECK(mb2b_from_efi_map(mbi_buf, 100, 48, NULL, 0) < 0);  /* not a multiple */
    QCHECK(mb2b_from_efi_map(mbi_buf, 96, 24, NULL, 0) < 0);   /* stride too small */
}

/* Minimal ELF64 executable: header, one PT_LOAD, Multiboot2 header. */
static size_t make_elf(uint8_t *f, size_t cap)
{
    memset(f, 0, cap);
    memcpy(f, "\x7f" "ELF\x02\x01\x01", 7);
    uint16_t h16[] = { 2, 62 };
    memcpy(f + 16, h16, 4);
    uint64_t entry = 0x100100, phoff = 64;
    memcpy(f + 24, &entry, 8);
    memcpy(f + 32, &phoff, 8);
    uint16_t phentsize = 56, phnum = 1;
    memcpy(f + 54, &phentsize, 2);
    memcpy(f + 56, &phnum, 2);
    uint8_t *ph = f + 64;
    uint32_t pt = 1;
    uint64_t off = 0x1000, paddr = 0x100000, filesz = 0x200, memsz = 0x3000;
    memcpy(ph, &pt, 4);
    memcpy(ph + 8, &off, 8);
    memcpy(ph + 16, &paddr, 8);
    memcpy(ph + 24, &paddr, 8);
    memcpy(ph + 32, &filesz, 8);
    memcpy(ph + 40, &memsz, 8);
    uint32_t mb[4] = { 0xe85250d6u, 0, 16, 0 };
    mb[3] = (uint32_t)-(mb[0] + mb[1] + mb[2]);
    memcpy(f + 0x1000, mb, 16);
    return 0x1200;
}

QTEST(elfu_accepts_and_rejects)
{
    static uint8_t f[0x2000];
    char err[160];
    struct elfu_image im;
    size_t n = make_elf(f, sizeof f);
    QCHECK_EQ(elfu_parse(f, n, &im, err, sizeof err), 0);
    QCHECK_EQ(im.nseg, 1u);
    QCHECK_EQ(im.lo, 0x100000u);
    QCHECK_EQ(im.hi, 0x103000u);
    QCHECK_EQ(elfu_parse(f, 0x1100, &im, err, sizeof err), -1); /* truncated segment */
    QCHECK(strstr(err, "truncated") != NULL);
    QCHECK_EQ(elfu_parse(f, 40, &im, err, sizeof err), -1);
    f[0x100c] ^= 1; /* bad Multiboot2 checksum */
    QCHECK_EQ(elfu_parse(f, n, &im, err, sizeof err), -1);
    QCHECK(strstr(err, "Multiboot2") != NULL);
    make_elf(f, sizeof f);
    uint64_t bad_entry = 0x200000;
    memcpy(f + 24, &bad_entry, 8);
    QCHECK_EQ(elfu_parse(f, n, &im, err, sizeof err), -1);
    make_elf(f, sizeof f);
    uint64_t low = 0x8000;
    memcpy(f + 64 + 24, &low, 8);
    QCHECK_EQ(elfu_parse(f, n, &im, err, sizeof err), -1);
    f[1] = 'X';
    QCHECK_EQ(elfu_parse(f, n, &im, err, sizeof err), -1);
    /* Every prefix of a valid image fails cleanly or succeeds, never faults. */
    make_elf(f, sizeof f);
    for (size_t len = 0; len <= n; len += 7)
        (void)elfu_parse(f, len, &im, err, sizeof err);
}

QTEST(bootcfg_parses_and_rejects)
{
    static struct bootcfg c;
    char err[160];
    const char *t = "# comment\r\nkernel qv.elf\ncmdline  test=boot serial=1 \nmodule m0\n"
                    "module m1 linux-kernel console=ttyS0\n";
    QCHECK_EQ(bootcfg_parse(t, strlen(t), &c, err, sizeof err), 0);
    QCHECK(!strcmp(c.kernel, "qv.elf"));
    QCHECK(!strcmp(c.cmdline, "test=boot serial=1"));
    QCHECK_EQ(c.nmod, 2u);
    QCHECK(!strcmp(c.mod[0].string, "m0"));
    QCHECK(!strcmp(c.mod[1].string, "linux-kernel console=ttyS0"));
    QCHECK_EQ(bootcfg_parse("", 0, &c, err, sizeof err), 0);
    QCHECK(!strcmp(c.kernel, "quantavirt.elf"));
    QCHECK_EQ(bootcfg_parse("boot x\n", 7, &c, err, sizeof err), -1);
    QCHECK(strstr(err, "line 1") != NULL);
    QCHECK_EQ(bootcfg_parse("module ../x\n", 12, &c, err, sizeof err), -1);
    QCHECK_EQ(bootcfg_parse("kernel a\\b\n", 11, &c, err, sizeof err), -1);
    static char big[2100];
    memset(big, 'a', sizeof big);
    memcpy(big, "cmdline ", 8);
    QCHECK_EQ(bootcfg_parse(big, sizeof big, &c, err, sizeof err), -1);
}

QTEST(mlog_and_signatures)
{
    static uint8_t buf[256];
    struct mlog l;
    mlog_init(&l, buf, sizeof buf, "uefi");
    const uint8_t *d = mlog_add(&l, "kernel", "abc", 3, MLOG_F_SIGNED);
    QCHECK(d != NULL);
    uint8_t want[32];
    sha3_256(want, (const uint8_t *)"abc", 3);
    QCHECK_MEM(d, want, 32);
    QCHECK_EQ(mlog_size(&l), 24u + 56u);
    QCHECK_EQ(buf[8], 1);
    QCHECK(mlog_add(&l, "a-very-long-name-that-does-not-fit-in-what-is-left-of-the-log-buffer"
                        "-after-the-first-entry-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "", 0, 0) == NULL);

    const struct mldsa_params *p = &mldsa65_params;
    uint8_t *work = malloc(mldsa_work_len(p)), seed[32] = { 7 };
    uint8_t *pkf = malloc(15 + p->pk_len), *sigf = malloc(15 + p->sig_len), *sk = malloc(p->sk_len);
    memcpy(pkf, "QVPK\x01\x09ML-DSA-65", 15);
    memcpy(sigf, "QVSG\x01\x09ML-DSA-65", 15);
    QCHECK_EQ(mldsa_keygen(p, pkf + 15, sk, seed, work), 0);
    static const uint8_t msg[] = "hypervisor image";
    QCHECK_EQ(mldsa_sign(p, sigf + 15, sk, msg, sizeof msg, (const uint8_t *)QVSIG_CONTEXT,
                         strlen(QVSIG_CONTEXT), NULL, work), 0);
    char err[160];
    QCHECK(qvsig_work_len() <= mldsa_work_len(p));
    QCHECK_EQ(qvsig_verify(pkf, 15 + p->pk_len, msg, sizeof msg, sigf, 15 + p->sig_len, work,
                           err, sizeof err), 0);
    uint8_t bad[sizeof msg];
    memcpy(bad, msg, sizeof msg);
    bad[3] ^= 0x20;
    QCHECK_EQ(qvsig_verify(pkf, 15 + p->pk_len, bad, sizeof bad, sigf, 15 + p->sig_len, work,
                           err, sizeof err), -1);
    QCHECK(strstr(err, "does not verify") != NULL);
    QCHECK_EQ(qvsig_verify(pkf, 15 + p->pk_len, msg, sizeof msg, sigf, 14 + p->sig_len, work,
                           err, sizeof err), -1);
    QCHECK(strstr(err, "signature file") != NULL);
    sigf[0] = 'X';
    QCHECK_EQ(qvsig_verify(pkf, 15 + p->pk_len, msg, sizeof msg, sigf, 15 + p->sig_len, work,
                           err, sizeof err), -1);
    free(work); free(pkf); free(sigf); free(sk);
}
