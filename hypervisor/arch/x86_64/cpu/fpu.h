/* Guest FPU/SSE/AVX register state. The hypervisor itself never uses these
 * registers (-mgeneral-regs-only), so a guest's state can stay in the CPU
 * across its exits; it is saved and restored only when another vCPU is about
 * to run on the same physical CPU (lazy switch, like Jailhouse/NOVA). */
#ifndef QV_ARCH_FPU_H
#define QV_ARCH_FPU_H
#include "lib/types.h"

#define FPU_AREA_MAX 4096 /* XSAVE area upper bound we accept (CPUID 0xD) */

struct fpu_state {
    uint8_t area[FPU_AREA_MAX] __aligned(64);
    uint64_t xcr0;        /* the guest's XCR0 (1 = x87 only after reset) */
};

/* Enable FXSAVE/XSAVE use on this CPU (CR4.OSFXSR, CR4.OSXSAVE). */
void fpu_cpu_init(void);
/* Architectural reset state (FCW 0x37F, MXCSR 0x1F80, x87 only). */
void fpu_state_init(struct fpu_state *s);
void fpu_save(struct fpu_state *s);
void fpu_restore(const struct fpu_state *s);
/* Make the CPU's XCR0 the guest's before entering it (SDM vol. 1 §13.3). */
void fpu_load_guest_xcr0(uint64_t xcr0);
#endif
