/* Intel MultiProcessor Specification 1.4 tables for the guest: MP floating
 * pointer structure (§4.1) followed by the MP configuration table (§4.2-§4.3).
 * Pure logic, like acpi_build.h; see docs/guest-firmware.md. */
#ifndef QV_CORE_VM_FWTABLES_MPTABLE_H
#define QV_CORE_VM_FWTABLES_MPTABLE_H
#include "core/vm/fwtables/acpi_build.h"

/* Where an OS looks for the floating pointer (MP spec §4): the last KiB of
 * 640 KiB base memory or the BIOS ROM area 0xF0000-0xFFFFF. */
#define FW_MP_BASEMEM_LAST_KIB 0x9FC00ull
#define FW_MP_BIOS_AREA 0xF0000ull
#define FW_MP_LAPIC_VERSION 0x14  /* integrated xAPIC */
#define FW_MP_IOAPIC_VERSION 0x11
#define FW_MP_CPU_SIGNATURE 0x600 /* family 6 */
#define FW_MP_CPU_FEATURES 0x201  /* CPUID.1:EDX FPU | APIC */

/* Writes the floating pointer at gpa (16-byte aligned, inside one of the two
 * windows above, the whole blob ending inside the same window) and the
 * configuration table right after it. Entries: one processor per CPU
 * (lapic_ids[0] is the BSP), bus 0 "ISA", the IOAPIC, one I/O interrupt per
 * ISA IRQ 0-15 routed through the ISOs (an IRQ whose pin another IRQ was
 * overridden onto, e.g. IRQ2 for IRQ0 -> pin 2, is left out), ExtINT on
 * LINT0 and NMI on LINT1 of all local APICs.
 * Errors: QV_ERR_INVAL (NULL, misaligned), QV_ERR_RANGE (ncpus 0 or >
 * FW_MAX_CPUS, an APIC id above 254, gpa outside the windows),
 * QV_ERR_NOSPC (cap too small; nothing written at or past buf + cap). */
int fw_build_mptable(const struct fw_vm_desc *d, uint64_t gpa, uint8_t *buf, size_t cap,
                     size_t *used);

#endif
