/* Virtual CPUs: generic state, the run loop and exit statistics. Vendor
 * specifics stay behind struct vcpu_engine_ops (engine.h). */
#ifndef QV_CORE_VCPU_H
#define QV_CORE_VCPU_H
#include "core/vm/exit.h"
#include "lib/types.h"

struct vm;
struct fpu_state;

/* General-purpose registers as the generic code sees them. */
struct vcpu_regs {
    uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rip, rflags;
};

struct vcpu_segment {
    uint16_t selector;
    uint16_t attrib; /* descriptor bits 40-47 in 7:0 and 52-55 in 11:8 */
    uint32_t limit;
    uint64_t base;
};

/* Control state needed to interpret guest addresses (guest page walk, mode). */
struct vcpu_sregs {
    struct vcpu_segment cs, ds, es, fs, gs, ss, tr, ldtr;
    struct { uint64_t base; uint16_t limit; } gdtr, idtr;
    uint64_t cr0, cr2, cr3, cr4, efer;
    uint8_t cpl;
};

/* An event to inject (vendor-neutral: both EVENTINJ and VM-entry interruption
 * information use these types). */
enum vcpu_event_type { EV_EXTINT = 0, EV_NMI = 2, EV_EXCEPTION = 3, EV_SOFTINT = 4 };
struct vcpu_event {
    uint8_t vector;
    uint8_t type;
    bool has_error;
    uint32_t error;
};

#define VCPU_LAST_EXITS 8

struct vcpu {
    /* The guest's registers while it is not running. The engine's world
     * switch loads and saves them directly, so exit handlers read and write
     * v->regs without any call (first member: fixed offset for the asm). */
    struct vcpu_regs regs;
    struct vm *vm;
    unsigned id;
    unsigned pcpu;            /* physical CPU this vCPU runs on */
    void *arch;               /* engine-private state (VMCB, ...) */
    volatile bool running;
    bool halted;
    volatile bool wait_sipi;  /* an AP after INIT: runs only after a start-up IPI */
    bool yield_requested;
    struct fpu_state *fpu;    /* guest FPU/SSE/AVX registers while not loaded */
    /* Emulated MSR state (exit/msr.c). */
    uint64_t msr_pat;
    uint64_t msr_mtrr_def_type;
    uint64_t msr_tsc_aux;
    /* Statistics: per exit reason, and the last few exits for diagnostics. */
    uint64_t exit_count[EXIT_REASON_MAX];
    struct { uint64_t rip, vendor_code; enum vm_exit_reason reason; } last_exits[VCPU_LAST_EXITS];
    unsigned last_exit_pos;
    bool mode64;              /* executing 64-bit code (EFER.LMA and CS.L), set by the engine per exit */
};

enum vcpu_slice_end { SLICE_EXPIRED, SLICE_HALTED, SLICE_YIELD, SLICE_VM_NOT_RUNNING };
/* Run the vCPU on this physical CPU until its slice ends (TSC deadline), it
 * halts or yields, or its VM stops running. Called with interrupts off. */
enum vcpu_slice_end vcpu_run_slice(struct vcpu *v, uint64_t deadline_tsc);
/* False while the vCPU is halted with nothing to wake it (the scheduler
 * skips it); re-checks the VM's interrupt controllers. */
bool vcpu_wants_to_run(struct vcpu *v);
/* Exit counters per reason (what the management CLI will show). */
void vcpu_print_exit_stats(struct vcpu *v);
/* Print registers, the exit counters and the last exits (VM crash report). */
void vcpu_dump(struct vcpu *v, const char *why);
#endif
