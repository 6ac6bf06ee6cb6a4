/* MMIO test device for hypervisor self-tests (in the spirit of Jailhouse's
 * test device): one 4 KiB page of device registers at a fixed guest-physical
 * address, so a guest can check that the #NPF path decodes and emulates its
 * instructions with exactly the accesses the instruction makes.
 *
 * Register map (offsets in the page, little endian):
 *
 *   0x000-0x0ff SCRATCH  RW  256 bytes of storage; any width 1/2/4/8 at any
 *                            alignment reads back what was written.
 *   0x100       ID       RO  8 bytes, MMIO_TESTDEV_ID ("QVTESTD1").
 *   0x108       COUNT    RW  8 bytes, number of recorded accesses. A write
 *                            replaces the bytes it covers and clears LAST and
 *                            LAST_VALUE (write 0 to start a measurement).
 *   0x110       LAST     RO  8 bytes, the last recorded access:
 *                            bits 11:0 offset, 19:16 size in bytes,
 *                            bit 24 direction (1 = write), bit 31 valid.
 *   0x118       LAST_VALUE RO the value of that access (written, or returned
 *                            to the guest), zero-extended from its size.
 *   other                    reads return all-ones, writes are ignored.
 *
 * Every access is recorded (COUNT += 1, LAST/LAST_VALUE updated) except
 * accesses that start in 0x108-0x11f: reading the observation registers must
 * not disturb them. Each byte of an access is served independently, so an
 * access overlapping two registers or the end of the scratch area sees each
 * byte from where it lies. Offsets come from the iobus (the emulator never
 * passes an access straddling the page) but are still bounds-checked.
 *
 * Not locked: meant for VMs whose vCPUs do not race on it (the test guests
 * are single-vCPU). */
#ifndef QV_DEVICES_MMIO_TESTDEV_H
#define QV_DEVICES_MMIO_TESTDEV_H
#include "core/vm/iobus.h"

#define MMIO_TESTDEV_GPA 0xFEB00000ull /* free in the PC hole, below IOAPIC 0xFEC00000 */
#define MMIO_TESTDEV_SIZE 0x1000ull

#define MMIO_TESTDEV_SCRATCH 0x000u
#define MMIO_TESTDEV_SCRATCH_LEN 0x100u
#define MMIO_TESTDEV_REG_ID 0x100u
#define MMIO_TESTDEV_REG_COUNT 0x108u
#define MMIO_TESTDEV_REG_LAST 0x110u
#define MMIO_TESTDEV_REG_LAST_VALUE 0x118u
#define MMIO_TESTDEV_OBS_END 0x120u /* end of the observation registers */

#define MMIO_TESTDEV_ID 0x3144545345545651ull /* "QVTESTD1" in memory order */

#define MMIO_TESTDEV_LAST_OFF_MASK 0xfffu
#define MMIO_TESTDEV_LAST_SIZE_SHIFT 16
#define MMIO_TESTDEV_LAST_WRITE (1u << 24)
#define MMIO_TESTDEV_LAST_VALID (1u << 31)

struct mmio_testdev {
    uint8_t scratch[MMIO_TESTDEV_SCRATCH_LEN];
    uint64_t count;
    uint64_t last;
    uint64_t last_value;
};

/* Clears d and claims [MMIO_TESTDEV_GPA, +4 KiB) on bus; the iobus errors
 * (QV_ERR_EXIST if the page is taken, QV_ERR_LIMIT) pass through. */
int mmio_testdev_attach(struct iobus *bus, struct mmio_testdev *d);
/* Same at another page-aligned base (tests, several devices); QV_ERR_INVAL
 * if base is not page aligned. */
int mmio_testdev_attach_at(struct iobus *bus, struct mmio_testdev *d, uint64_t base);
/* The callbacks, for driving the model without a bus (unit tests). */
extern const struct io_ops mmio_testdev_ops;
#endif
