# Emulated PC platform devices (hypervisor/devices): 8254 PIT, port 0x61,
# MC146818 RTC/CMOS, ACPI PM timer + PM1a blocks, 16550A UART, fw_cfg.
# Pure logic driven by struct vclock; see docs/devices.md.
PLATFORM_DEV_SRCS := hypervisor/devices/fw_cfg.c hypervisor/devices/pit8254.c hypervisor/devices/port61.c \
                     hypervisor/devices/uart16550.c hypervisor/devices/pm_timer.c hypervisor/devices/rtc_cmos.c

KERNEL_C += $(PLATFORM_DEV_SRCS)

UNIT_TESTS += platform_devices
UNIT_platform_devices_SRCS := tests/unit/test_fw_cfg.c tests/unit/test_pit.c tests/unit/test_uart.c tests/unit/test_pm_timer.c tests/unit/test_rtc.c \
                              $(PLATFORM_DEV_SRCS) hypervisor/core/vm/iobus.c

FUZZ_TARGETS += fw_cfg
FUZZ_fw_cfg_SRCS := tests/fuzz/fuzz_fw_cfg.c hypervisor/devices/fw_cfg.c hypervisor/core/vm/iobus.c
FUZZ_TARGETS += pit
FUZZ_pit_SRCS := tests/fuzz/fuzz_pit.c hypervisor/devices/pit8254.c hypervisor/devices/port61.c \
                 hypervisor/core/vm/iobus.c
FUZZ_TARGETS += uart
FUZZ_uart_SRCS := tests/fuzz/fuzz_uart.c hypervisor/devices/uart16550.c hypervisor/core/vm/iobus.c
FUZZ_TARGETS += rtc
FUZZ_rtc_SRCS := tests/fuzz/fuzz_rtc.c hypervisor/devices/rtc_cmos.c hypervisor/core/vm/iobus.c
