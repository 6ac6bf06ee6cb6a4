# Kernel core: entry, CPU setup, console, debug, boot sequence.
KERNEL_ASM += hypervisor/arch/x86_64/entry/multiboot2_header.asm \
              hypervisor/arch/x86_64/entry/boot32.asm \
              hypervisor/arch/x86_64/entry/ap_trampoline.asm \
              hypervisor/arch/x86_64/cpu/isr.asm
KERNEL_C += hypervisor/arch/x86_64/cpu/gdt.c hypervisor/arch/x86_64/cpu/idt.c \
            hypervisor/arch/x86_64/cpu/traps.c hypervisor/arch/x86_64/cpu/backtrace.c \
            hypervisor/arch/x86_64/cpu/halt.c hypervisor/arch/x86_64/cpu/lapic.c \
            hypervisor/arch/x86_64/cpu/pit.c hypervisor/arch/x86_64/cpu/tsc.c \
            hypervisor/arch/x86_64/cpu/features.c hypervisor/arch/x86_64/cpu/paging.c \
            hypervisor/arch/x86_64/cpu/smp.c \
            hypervisor/drivers/serial/uart16550.c \
            hypervisor/core/log/printk.c hypervisor/core/log/logring.c hypervisor/core/log/console_input.c \
            hypervisor/core/debug/ksyms.c hypervisor/core/debug/panic.c \
            hypervisor/core/test/scenarios.c hypervisor/core/main.c hypervisor/core/boot/measure_log.c

UNIT_TESTS += logring
UNIT_logring_SRCS := tests/unit/test_logring.c hypervisor/core/log/logring.c

UNIT_TESTS += measure_log
UNIT_measure_log_SRCS := tests/unit/test_measure_log.c hypervisor/core/boot/measure_log.c
