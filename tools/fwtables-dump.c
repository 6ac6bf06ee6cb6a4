/* Host tool: builds the guest firmware tables for a sample VM and writes each
 * ACPI table to OUTDIR/<sig>.dat (the raw form `iasl -d` disassembles) plus
 * OUTDIR/mptable.bin, and prints a hex dump of every table in the
 * "offset: bytes  ascii" layout of acpidump/iasl.
 *
 *   build/host/fwtables_dump OUTDIR [ncpus] [nvirtio] [pci 0|1]
 *   iasl -d OUTDIR/dsdt.dat            (manual inspection, not a test) */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/vm/fwtables/acpi_build.h"
#include "core/vm/fwtables/mptable.h"

#define GPA 0xE0000ull
#define MP_GPA 0xF0000ull

static uint8_t blob[0x20000], mp[0x10000];
static struct fw_vm_desc d;

static uint32_t rd32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
    return rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static void hexdump(const char *name, uint64_t gpa, const uint8_t *p, size_t n)
{
    printf("%s @ 0x%llx\n", name, (unsigned long long)gpa);
    for (size_t i = 0; i < n; i += 16) {
        printf("  %04zX: ", i);
        for (size_t j = 0; j < 16; j++)
            if (i + j < n)
                printf("%02X ", p[i + j]);
            else
                printf("   ");
        printf(" ");
        for (size_t j = 0; j < 16 && i + j < n; j++)
            putchar(isprint(p[i + j]) ? p[i + j] : '.');
        putchar('\n');
    }
    putchar('\n');
}

static int save(const char *dir, const char *name, const uint8_t *p, size_t n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(p, 1, n, f) != n) {
        perror(path);
        if (f)
            fclose(f);
        return 1;
    }
    return fclose(f) != 0;
}

/* Writes and dumps the SDT at gpa as <sig>.dat. */
static int table(const char *dir, uint64_t gpa)
{
    const uint8_t *t = blob + (gpa - GPA);
    uint32_t len = rd32(t + 4);
    char name[16];
    snprintf(name, sizeof name, "%c%c%c%c.dat", tolower(t[0]), tolower(t[1]), tolower(t[2]),
             tolower(t[3]));
    hexdump(name, gpa, t, len);
    return save(dir, name, t, len);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s OUTDIR [ncpus] [nvirtio] [pci 0|1]\n", argv[0]);
        return 2;
    }
    d.ncpus = argc > 2 ? (unsigned)atoi(argv[2]) : 2;
    for (unsigned i = 0; i < d.ncpus && i < FW_MAX_CPUS; i++)
        d.lapic_ids[i] = i;
    d.nisos = 2;
    d.isos[0] = (struct fw_iso){.src_irq = 0, .gsi = 2};
    d.isos[1] = (struct fw_iso){.src_irq = 9, .gsi = 9,
                                .flags = FW_INTI_ACTIVE_HIGH | FW_INTI_LEVEL};
    d.pm1a_evt_port = 0x600;
    d.pm1a_cnt_port = 0x604;
    d.pm_tmr_port = 0x608;
    d.pm_tmr_32bit = true;
    d.sci_irq = 9;
    d.reset_port = FW_RESET_DEFAULT_PORT;
    d.have_rtc = true;
    d.nvirtio = argc > 3 ? (unsigned)atoi(argv[3]) : 2;
    for (unsigned i = 0; i < d.nvirtio && i < FW_MAX_VIRTIO; i++)
        d.virtio_mmio[i] = (struct fw_virtio_mmio){.base = 0xD0000000 + 0x200 * i,
                                                   .size = 0x200, .gsi = 5 + i};
    d.have_pci = argc > 4 ? atoi(argv[4]) != 0 : true;
    d.ecam_base = 0xB0000000;
    d.bus_end = 255;
    d.pci_io_base = 0xC000;
    d.pci_io_size = 0x4000;
    d.pci_mem32_base = 0xC0000000;
    d.pci_mem32_size = 0x30000000;
    d.pci_mem64_base = 0x8000000000ull;
    d.pci_mem64_size = 1ull << 36;
    d.have_pci_intx = true;
    for (unsigned i = 0; i < 4; i++)
        d.pci_intx_gsi[i] = 16 + i;

    size_t used;
    uint64_t rsdp;
    int rc = fw_build_acpi(&d, GPA, blob, sizeof blob, &used, &rsdp);
    if (rc) {
        fprintf(stderr, "fw_build_acpi: %d\n", rc);
        return 1;
    }
    const char *dir = argv[1];
    const uint8_t *r = blob + (rsdp - GPA);
    hexdump("rsdp.dat", rsdp, r, 36);
    int err = save(dir, "rsdp.dat", r, 36);
    uint64_t xsdt = rd64(r + 24), rsdt = rd32(r + 16);
    err |= table(dir, xsdt) | table(dir, rsdt);
    const uint8_t *x = blob + (xsdt - GPA);
    for (uint32_t off = 36; off < rd32(x + 4); off += 8) {
        uint64_t pa = rd64(x + off);
        err |= table(dir, pa);
        if (!memcmp(blob + (pa - GPA), "FACP", 4)) {
            const uint8_t *f = blob + (pa - GPA);
            err |= table(dir, rd64(f + 140)); /* X_DSDT */
            hexdump("facs.dat", rd64(f + 132), blob + (rd64(f + 132) - GPA), 64);
            err |= save(dir, "facs.dat", blob + (rd64(f + 132) - GPA), 64);
        }
    }
    printf("ACPI blob: %zu bytes at 0x%llx, RSDP at 0x%llx\n", used, (unsigned long long)GPA,
           (unsigned long long)rsdp);

    /* MP tables cannot describe x2APIC ids (> 254): say so and go on. */
    rc = fw_build_mptable(&d, MP_GPA, mp, sizeof mp, &used);
    if (rc) {
        fprintf(stderr, "fw_build_mptable: %d (no mptable.bin)\n", rc);
        return err ? 1 : 0;
    }
    hexdump("mptable.bin", MP_GPA, mp, used);
    err |= save(dir, "mptable.bin", mp, used);
    return err ? 1 : 0;
}
