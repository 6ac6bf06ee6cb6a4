# Guest firmware tables (ACPI + MP), built by the VM builder into guest memory.
FWTABLES_SRCS := hypervisor/core/vm/fwtables/aml.c hypervisor/core/vm/fwtables/acpi_build.c \
                 hypervisor/core/vm/fwtables/dsdt.c hypervisor/core/vm/fwtables/fadt.c \
                 hypervisor/core/vm/fwtables/madt.c hypervisor/core/vm/fwtables/mcfg.c \
                 hypervisor/core/vm/fwtables/mptable.c
KERNEL_C += $(FWTABLES_SRCS)

# Parses what it builds back with the hypervisor's own ACPI parser.
UNIT_TESTS += fwtables
UNIT_fwtables_SRCS = tests/unit/test_fwtables_aml.c tests/unit/test_fwtables_acpi.c \
                      tests/unit/test_fwtables_mp.c $(FWTABLES_SRCS) $(ACPI_SRCS) \
                      hypervisor/lib/printf.c hypervisor/lib/errors.c

# Writes the tables of a sample VM as raw files for `iasl -d` (manual check).
HOST_TOOLS += fwtables_dump
TOOL_fwtables_dump_SRCS = tools/fwtables-dump.c $(FWTABLES_SRCS)

# Random VM descriptions and buffer sizes: no overrun, parse-back invariants.
FUZZ_TARGETS += fwtables
FUZZ_fwtables_SRCS = tests/fuzz/fuzz_fwtables.c $(FWTABLES_SRCS) $(ACPI_SRCS) hypervisor/lib/printf.c
