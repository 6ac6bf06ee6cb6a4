/* Guest page-table walker: translates a guest linear address to a guest
 * physical address the way the guest's MMU would, so that exit handlers
 * (MMIO emulation, instruction fetch, string I/O) can reach guest memory.
 * Needed because SVM on QEMU TCG has no decode assists (platform.md).
 *
 * Modes (SDM vol. 3A §4.1.1, APM vol. 2 §5.1): paging off, 32-bit (with
 * PSE/PSE-36 4 MiB pages), PAE and 4-level long mode (1 GiB/2 MiB/4 KiB).
 * 5-level paging (CR4.LA57) is not supported. */
#ifndef QV_CORE_EXIT_GUEST_WALK_H
#define QV_CORE_EXIT_GUEST_WALK_H
#include "core/vm/vcpu.h"
#include "lib/types.h"

/* Access type bits for guest_walk(). A data read is GW_READ (or 0). */
#define GW_READ  0x01u
#define GW_WRITE 0x02u
#define GW_USER  0x04u /* the access is made at CPL 3 (SDM §4.6 "user-mode access") */
#define GW_FETCH 0x10u
#define GW_AC    0x20u /* RFLAGS.AC=1 for an explicit supervisor access: SMAP allows user pages */

/* #PF error code bits (SDM vol. 3A §4.7, APM vol. 2 §8.4.2). */
#define PFEC_P    BIT(0) /* 0: not-present entry, 1: protection violation */
#define PFEC_W    BIT(1) /* the access was a write */
#define PFEC_U    BIT(2) /* the access was a user-mode access */
#define PFEC_RSVD BIT(3) /* a reserved bit was set in a paging-structure entry */
#define PFEC_ID   BIT(4) /* instruction fetch (only with EFER.NXE or CR4.SMEP) */

#define GW_DEFAULT_MAXPHYADDR 48

/* Guest-physical memory access for the walker. */
struct guest_mem_ops {
    /* Read len bytes at gpa: 0, or a negative QV_ERR_* if gpa is not guest RAM. */
    int (*read_gpa)(void *ctx, uint64_t gpa, void *buf, size_t len);
    /* Optional: write len bytes at gpa. When set, guest_walk sets the accessed
     * flag of every entry used and the dirty flag of the leaf on writes
     * (SDM vol. 3A §4.8). When NULL, A/D bits are left alone. */
    int (*write_gpa)(void *ctx, uint64_t gpa, const void *buf, size_t len);
    void *ctx;
    /* Guest MAXPHYADDR (CPUID 8000_0008h EAX[7:0]); 0 means 48. Entry bits at
     * and above it are reserved (SDM vol. 3A §4.1.4). */
    uint8_t maxphyaddr;
};

/* Translate linear for an access of type access (GW_* bits).
 * Returns 0 with *gpa set, or:
 *   QV_ERR_FAULT       the guest takes #PF: *pf_error holds the error code
 *                      (CR2 = linear);
 *   QV_ERR_INVAL       non-canonical address in long mode (the guest takes #GP);
 *   QV_ERR_IO          a paging structure is not in guest RAM (stop the VM);
 *   QV_ERR_UNSUPPORTED CR4.LA57 is set.
 * *pf_error is 0 unless QV_ERR_FAULT is returned. A/D updates are done only
 * after a walk succeeds (one byte write per entry, not atomic against other
 * vCPUs of the same guest). */
int guest_walk(const struct guest_mem_ops *mem, const struct vcpu_sregs *s, uint64_t linear,
               unsigned access, uint64_t *gpa, uint32_t *pf_error);

#endif
