# Interrupt controllers (hypervisor/devices): dual 8259 PIC, IOAPIC, LAPIC
# and the per-VM interrupt router. Pure logic: the same files build into the
# kernel, the unit test and the fuzzers. See docs/interrupts.md.
IRQCHIP_SRCS := hypervisor/devices/pic8259.c hypervisor/devices/ioapic.c \
                hypervisor/devices/lapic.c hypervisor/devices/lapic_timer.c \
                hypervisor/devices/irq_router.c
KERNEL_C += $(IRQCHIP_SRCS)

UNIT_TESTS += irqchip
UNIT_irqchip_SRCS := tests/unit/test_pic.c tests/unit/test_ioapic.c tests/unit/test_lapic.c \
                     tests/unit/test_irq_router.c $(IRQCHIP_SRCS) hypervisor/core/vm/iobus.c \
                     hypervisor/lib/errors.c

FUZZ_TARGETS += pic ioapic lapic
FUZZ_pic_SRCS := tests/fuzz/fuzz_pic.c hypervisor/devices/pic8259.c hypervisor/core/vm/iobus.c
FUZZ_ioapic_SRCS := tests/fuzz/fuzz_ioapic.c hypervisor/devices/ioapic.c hypervisor/core/vm/iobus.c
FUZZ_lapic_SRCS := tests/fuzz/fuzz_lapic.c $(IRQCHIP_SRCS) hypervisor/core/vm/iobus.c \
                   hypervisor/lib/errors.c
