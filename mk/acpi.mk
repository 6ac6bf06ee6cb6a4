# ACPI table discovery and parsers (hypervisor/core/acpi), host unit test and fuzzers.
ACPI_SRCS := hypervisor/core/acpi/rsdp.c hypervisor/core/acpi/sdt.c \
             hypervisor/core/acpi/madt.c hypervisor/core/acpi/fadt.c \
             hypervisor/core/acpi/mcfg.c hypervisor/core/acpi/hpet.c \
             hypervisor/core/acpi/dmar.c hypervisor/core/acpi/ivrs.c \
             hypervisor/core/acpi/summary.c
KERNEL_C += $(ACPI_SRCS)

UNIT_TESTS += acpi
UNIT_acpi_SRCS := tests/unit/test_acpi_build.c tests/unit/test_acpi_root.c \
                  tests/unit/test_acpi_madt.c tests/unit/test_acpi_tables.c \
                  tests/unit/test_acpi_iommu.c \
                  $(ACPI_SRCS) hypervisor/lib/printf.c hypervisor/lib/errors.c

# fuzz_acpi: RSDP + tables in one blob at a fake base; fuzz_acpi_leaf: each
# table parser (MADT subtable walker, DMAR scopes, IVHD entries...) alone.
FUZZ_TARGETS += acpi acpi_leaf
FUZZ_acpi_SRCS := tests/fuzz/fuzz_acpi.c $(ACPI_SRCS) hypervisor/lib/printf.c
FUZZ_acpi_leaf_SRCS := tests/fuzz/fuzz_acpi_leaf.c $(ACPI_SRCS) hypervisor/lib/printf.c

# Regenerates tests/fuzz/seeds/acpi*/ from the unit-test fixtures.
HOST_TOOLS += acpi_seedgen
TOOL_acpi_seedgen_SRCS := tests/fuzz/fuzz_acpi_seedgen.c tests/unit/test_acpi_build.c
TOOL_acpi_seedgen_CFLAGS := -Itests/unit
