/* libFuzzer target: the whole ACPI discovery path on firmware-controlled bytes.
 *
 * The input is a blob of "physical memory" starting at FUZZ_BASE (inside the
 * BIOS search area): the RSDP at offset 0, tables anywhere in the blob, every
 * pointer relative to FUZZ_BASE. acpi_parse() starts from offset 0 and
 * acpi_discover() searches the blob for an RSDP itself. The accessor maps
 * only bytes inside the blob, so ASan flags any read the parsers did not map. */
#include <stdint.h>
#include <stdlib.h>
#include "core/acpi/acpi.h"

#define FUZZ_BASE 0xE0000ull

struct blob {
    const uint8_t *data;
    size_t size;
};

static const void *blob_map(void *ctx, uint64_t pa, size_t len)
{
    const struct blob *b = ctx;
    if (pa < FUZZ_BASE || pa - FUZZ_BASE > b->size || len > b->size - (pa - FUZZ_BASE))
        return NULL;
    return b->data + (pa - FUZZ_BASE);
}

/* Structural invariants every successful parse must keep. */
static void check(const struct acpi_info *a)
{
    if (a->ntables > ACPI_MAX_TABLES || a->madt.ncpus > ACPI_MAX_CPUS ||
        a->madt.nioapics > ACPI_MAX_IOAPICS || a->madt.nisos > ACPI_MAX_ISOS ||
        a->mcfg.necam > ACPI_MAX_ECAM || a->dmar.ndrhd > ACPI_MAX_DRHD ||
        a->dmar.nrmrr > ACPI_MAX_RMRR || a->ivrs.niommus > ACPI_MAX_IOMMUS ||
        a->nbad > a->ntables)
        abort();
    for (uint32_t i = 0; i < a->ntables; i++)
        if (a->tables[i].sig[4] != '\0' || (a->tables[i].status == 0 && !a->tables[i].checksum_ok))
            abort();
    for (uint32_t i = 0; i < a->madt.ncpus; i++)
        if (!a->madt.cpus[i].enabled && !a->madt.cpus[i].online_capable)
            abort();
    if (a->ivrs.present)
        for (uint32_t i = 0; i < a->ivrs.niommus; i++)
            if (a->ivrs.iommus[i].nspecial > ACPI_MAX_IVHD_SPECIAL)
                abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct acpi_info info;
    struct blob b = {data, size};
    struct acpi_mem m = {blob_map, &b};

    if (acpi_parse(&m, data, size, &info) == 0) {
        check(&info);
        acpi_print_summary(&info);
        (void)acpi_find(&info, "APIC");
    } else if (info.error[0] == '\0') {
        abort(); /* a failed parse always says why */
    }
    if (acpi_discover(&m, &info) == 0)
        check(&info);
    return 0;
}
