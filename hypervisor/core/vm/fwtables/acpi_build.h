/* Guest firmware tables: ACPI (RSDP, RSDT, XSDT, FADT, FACS, DSDT, MADT, MCFG)
 * built into a caller buffer that the VM builder copies into guest memory.
 * Pure logic: no guest memory access, no allocation (docs/guest-firmware.md).
 *
 * Layout of the blob (offsets from table_gpa; each table's absolute address
 * aligned as noted):
 *   RSDP (16-byte aligned, first) | FACS (64) | DSDT | FADT | MADT | [MCFG] |
 *   XSDT | RSDT   (tables 16-byte aligned)
 * Copy the blob to table_gpa = 0xE0000 (FW_ACPI_DEFAULT_GPA) and legacy
 * scans of 0xE0000-0xFFFFF find the RSDP (ACPI 6.5 §5.2.5.1); a blob placed
 * elsewhere is reachable only through *rsdp_gpa_out handed over some other
 * way (boot_params.acpi_rsdp_addr, PVH start_info.rsdp_paddr). */
#ifndef QV_CORE_VM_FWTABLES_ACPI_BUILD_H
#define QV_CORE_VM_FWTABLES_ACPI_BUILD_H
#include "lib/types.h"

#define FW_MAX_CPUS 256
#define FW_MAX_ISOS 16
#define FW_MAX_VIRTIO 16

#define FW_ACPI_DEFAULT_GPA 0xE0000ull
#define FW_LAPIC_DEFAULT_BASE 0xFEE00000ull
#define FW_IOAPIC_DEFAULT_BASE 0xFEC00000u
#define FW_RESET_DEFAULT_PORT 0xCF9
#define FW_RESET_DEFAULT_VALUE 0x06 /* 0xCF9: full reset (bit 2) + system reset (bit 1) */

/* MPS INTI flags (ACPI 6.5 §5.2.12.5; same encoding in MP spec 1.4 §4.3.4). */
#define FW_INTI_ACTIVE_HIGH 0x1
#define FW_INTI_ACTIVE_LOW 0x3
#define FW_INTI_EDGE (0x1 << 2)
#define FW_INTI_LEVEL (0x3 << 2)

struct fw_iso {
    uint8_t src_irq;   /* ISA IRQ */
    uint32_t gsi;
    uint16_t flags;    /* FW_INTI_* (0 = conforms to the bus) */
};

struct fw_virtio_mmio {
    uint64_t base, size;
    uint32_t gsi;
    bool edge;         /* false: Level, ActiveHigh (the usual virtio-mmio wiring) */
};

struct fw_vm_desc {
    /* CPUs: lapic_ids[0] is the BSP. ids >= 255 get x2APIC MADT entries
     * (§5.2.12.12) and cannot appear in an MP table. */
    unsigned ncpus;
    uint32_t lapic_ids[FW_MAX_CPUS];
    uint64_t lapic_base;              /* 0 -> FW_LAPIC_DEFAULT_BASE */
    uint8_t ioapic_id;
    uint32_t ioapic_base;             /* 0 -> FW_IOAPIC_DEFAULT_BASE */
    uint32_t ioapic_gsi_base;
    uint8_t ioapic_npins;             /* for the MP table's IRQ range; 0 -> 24 */
    unsigned nisos;
    struct fw_iso isos[FW_MAX_ISOS];  /* e.g. IRQ0->GSI2, IRQ9 level/high (SCI) */

    /* ACPI fixed hardware (§4.8). pm1a_evt_port (4 bytes: status + enable)
     * and pm1a_cnt_port (2 bytes) are required; pm_tmr_port 0 = no timer. */
    uint16_t pm_tmr_port, pm1a_evt_port, pm1a_cnt_port;
    uint16_t gpe0_port;               /* 0 = none */
    uint8_t gpe0_len;                 /* bytes, even */
    uint8_t sci_irq;
    bool pm_tmr_32bit;
    uint8_t s5_slp_typ;               /* PM1_CNT.SLP_TYP value for soft-off */
    uint16_t reset_port;              /* 0 = no reset register */
    uint8_t reset_value;              /* 0 -> FW_RESET_DEFAULT_VALUE */
    bool have_8042, have_vga, have_rtc;

    unsigned nvirtio;
    struct fw_virtio_mmio virtio_mmio[FW_MAX_VIRTIO];

    /* PCI Express host bridge (ECAM, PCI Firmware spec 3.2 §4.1.2). ecam_base
     * is the address of bus 0 (as in MCFG); windows with size 0 are left out. */
    bool have_pci;
    uint64_t ecam_base;
    uint8_t bus_start, bus_end;
    uint16_t pci_io_base, pci_io_size;
    uint32_t pci_mem32_base, pci_mem32_size;
    uint64_t pci_mem64_base, pci_mem64_size;
    bool have_pci_intx;               /* emit _PRT: INTA-D of slot s -> gsi[(s + pin) % 4] */
    uint32_t pci_intx_gsi[4];
};

/* Builds every ACPI table into buf[0, cap) for a blob that will live at
 * table_gpa (16-byte aligned; the whole blob must end below 4 GiB because
 * the RSDT, FADT.DSDT and FADT.FIRMWARE_CTRL hold 32-bit addresses).
 * On success *used = blob size and *rsdp_gpa_out = table_gpa (the RSDP comes
 * first). Errors: QV_ERR_INVAL (NULL pointers, misaligned table_gpa, missing
 * PM1 ports, bad bus range), QV_ERR_RANGE (ncpus 0 or > FW_MAX_CPUS, too many
 * ISOs or virtio devices, blob above 4 GiB, an address that does not fit its
 * field), QV_ERR_NOSPC (cap too small). Nothing is written at or past
 * buf + cap; on error the contents of buf are unspecified. */
int fw_build_acpi(const struct fw_vm_desc *d, uint64_t table_gpa, uint8_t *buf, size_t cap,
                  size_t *used, uint64_t *rsdp_gpa_out);

#endif
