/* FXSAVE/XSAVE-based guest FPU state switching; see fpu.h. */
#include "arch/x86_64/cpu/fpu.h"
#include "arch/x86_64/cpu/features.h"
#include "arch/x86_64/cpu/x86.h"
#include "lib/string.h"

static bool use_xsave;

static inline void xsetbv(uint32_t idx, uint64_t v)
{
    __asm__ volatile("xsetbv" : : "c"(idx), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline uint64_t xgetbv(uint32_t idx)
{
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(idx));
    return ((uint64_t)hi << 32) | lo;
}

void fpu_cpu_init(void)
{
    uint64_t cr4 = read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT;
    use_xsave = boot_cpu.xsave && boot_cpu.xsave_size <= FPU_AREA_MAX;
    if (use_xsave)
        cr4 |= CR4_OSXSAVE;
    write_cr4(cr4);
    /* CR0.TS/EM clear and MP/NE set: FPU instructions run without faults. */
    write_cr0((read_cr0() & ~(CR0_TS | CR0_EM)) | CR0_MP | CR0_NE);
    if (use_xsave)
        xsetbv(0, boot_cpu.xcr0_supported & 0x7); /* x87 | SSE | AVX as present */
}

void fpu_state_init(struct fpu_state *s)
{
    memset(s->area, 0, sizeof s->area);
    /* FXSAVE layout (SDM vol. 1 §10.5.1): FCW at 0, MXCSR at 24. */
    s->area[0] = 0x7f;
    s->area[1] = 0x03;
    s->area[24] = 0x80;
    s->area[25] = 0x1f;
    s->xcr0 = 1;
}

void fpu_save(struct fpu_state *s)
{
    if (use_xsave)
        __asm__ volatile("xsave64 %0" : "=m"(*s->area) : "a"(~0u), "d"(~0u) : "memory");
    else
        __asm__ volatile("fxsave64 %0" : "=m"(*s->area) : : "memory");
}

void fpu_restore(const struct fpu_state *s)
{
    if (use_xsave)
        __asm__ volatile("xrstor64 %0" : : "m"(*s->area), "a"(~0u), "d"(~0u) : "memory");
    else
        __asm__ volatile("fxrstor64 %0" : : "m"(*s->area) : "memory");
}

void fpu_load_guest_xcr0(uint64_t xcr0)
{
    if (use_xsave && xgetbv(0) != xcr0)
        xsetbv(0, xcr0);
}
