/* libFuzzer target: the per-table parsers (MADT subtable walk, FADT, MCFG,
 * HPET, DMAR remapping structures and device scopes, IVRS blocks and IVHD
 * device entries) on raw table bytes. The first input byte picks the parser;
 * the rest is the table, header included, copied to an exact-size heap
 * buffer so ASan catches any read past its end. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/acpi/acpi_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct acpi_info info;
    if (size < 1 + ACPI_HDR_LEN || size > 1 + 0x10000)
        return 0;
    uint32_t len = (uint32_t)(size - 1);
    uint8_t *t = malloc(len);
    if (!t)
        return 0;
    memcpy(t, data + 1, len);
    memset(&info, 0, sizeof info);
    switch (data[0] % 6) {
    case 0:
        if (acpi_parse_madt(t, len, &info.madt) == 0 &&
            (info.madt.ncpus > ACPI_MAX_CPUS || info.madt.nlapic_nmis > ACPI_MAX_LAPIC_NMIS))
            abort();
        break;
    case 1:
        (void)acpi_parse_fadt(t, len, &info.fadt);
        break;
    case 2:
        (void)acpi_parse_mcfg(t, len, &info.mcfg);
        break;
    case 3:
        (void)acpi_parse_hpet(t, len, &info.hpet);
        break;
    case 4:
        if (acpi_parse_dmar(t, len, &info.dmar) == 0 && info.dmar.ndrhd > ACPI_MAX_DRHD)
            abort();
        break;
    case 5:
        if (acpi_parse_ivrs(t, len, &info.ivrs) == 0 && info.ivrs.niommus > ACPI_MAX_IOMMUS)
            abort();
        break;
    }
    acpi_print_summary(&info);
    free(t);
    return 0;
}
