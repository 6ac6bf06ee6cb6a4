# Generic 4-level page-table engine and its entry formats (AMD NPT / host x86-64, Intel EPT).
PGTABLE_SRCS := hypervisor/core/mm/pgtable.c hypervisor/arch/x86_64/npt/npt_format.c \
                hypervisor/arch/x86_64/ept/ept_format.c
KERNEL_C += $(PGTABLE_SRCS)

UNIT_TESTS += pgtable
UNIT_pgtable_SRCS := tests/unit/test_pgtable.c tests/unit/test_pgtable_atomic.c \
                     tests/unit/test_npt.c tests/unit/test_ept.c \
                     tests/unit/pt_test_util.c $(PGTABLE_SRCS)

FUZZ_TARGETS += pgtable
FUZZ_pgtable_SRCS := tests/fuzz/fuzz_pgtable.c tests/unit/pt_test_util.c $(PGTABLE_SRCS)
