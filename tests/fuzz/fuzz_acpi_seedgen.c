/* Writes the fuzz seeds in tests/fuzz/seeds/acpi and acpi_leaf from the unit
 * tests' QEMU-like fixtures: `build/host/acpi_seedgen tests/fuzz/seeds`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test_acpi_build.h"

#define FUZZ_BASE 0xE0000ull /* must match fuzz_acpi.c */

static void write_file(const char *dir, const char *name, const uint8_t *sel,
                       const uint8_t *p, size_t n)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || (sel && fwrite(sel, 1, 1, f) != 1) || fwrite(p, 1, n, f) != n) {
        perror(path);
        exit(1);
    }
    fclose(f);
}

static uint32_t len_at(struct fake_mem *fm, uint64_t pa)
{
    const uint8_t *p = fake_ptr(fm, pa);
    return (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24;
}

int main(int argc, char **argv)
{
    static const struct { const char *name; unsigned flags; int ncpus; } machines[] = {
        {"pc_seabios.bin", FX_HPET, 2},
        {"q35_seabios.bin", FX_Q35 | FX_HPET, 4},
        {"q35_xsdt_dmar.bin", FX_XSDT | FX_Q35 | FX_HPET | FX_DMAR, 3},
        {"q35_xsdt_ivrs.bin", FX_XSDT | FX_Q35 | FX_IVRS, 8},
    };
    char dir[400];
    if (argc != 2) {
        fprintf(stderr, "usage: %s SEEDS_DIR\n", argv[0]);
        return 2;
    }
    for (size_t i = 0; i < sizeof machines / sizeof machines[0]; i++) {
        struct fake_mem fm;
        fake_init(&fm, FUZZ_BASE, 0x4000);
        struct fx_layout l = fx_qemu(&fm, FUZZ_BASE, FUZZ_BASE + 0x40, machines[i].flags,
                                     machines[i].ncpus);
        snprintf(dir, sizeof dir, "%s/acpi", argv[1]);
        write_file(dir, machines[i].name, NULL, fm.buf, l.end - FUZZ_BASE);
        if (i == 2 || i == 3) {
            /* Leaf seeds: selector byte (fuzz_acpi_leaf.c order) + table. */
            const struct { uint8_t sel; uint64_t pa; const char *name; } leaves[] = {
                {0, l.madt, "madt.bin"}, {1, l.fadt, "fadt.bin"}, {2, l.mcfg, "mcfg.bin"},
                {3, l.hpet, "hpet.bin"}, {4, l.dmar, "dmar.bin"}, {5, l.ivrs, "ivrs.bin"},
            };
            snprintf(dir, sizeof dir, "%s/acpi_leaf", argv[1]);
            for (size_t k = 0; k < sizeof leaves / sizeof leaves[0]; k++)
                if (leaves[k].pa)
                    write_file(dir, leaves[k].name, &leaves[k].sel,
                               fake_ptr(&fm, leaves[k].pa), len_at(&fm, leaves[k].pa));
        }
        fake_free(&fm);
    }
    return 0;
}
