/* VM lifecycle and memory API (QV-ARCH-001 "Memory Management APIs";
 * product.md "Kernel VM API"). Generic code: no vendor (SVM/VMX) details here.
 *
 * States: CREATED -> RUNNING <-> PAUSED -> STOPPED -> (destroyed); any state
 * may go to destroyed. Illegal transitions return QV_ERR_STATE. */
#ifndef QV_CORE_VM_H
#define QV_CORE_VM_H
#include "core/mm/pgtable.h"
#include "lib/spinlock.h"
#include "lib/types.h"

#define VM_MEM_READ 0x1u
#define VM_MEM_WRITE 0x2u
#define VM_MEM_EXEC 0x4u
#define VM_MEM_RWX (VM_MEM_READ | VM_MEM_WRITE | VM_MEM_EXEC)

#define VM_NAME_MAX 64
#define VM_MAX_VCPUS 64
#define VM_MAX_REGIONS 16

enum vm_state { VM_CREATED, VM_RUNNING, VM_PAUSED, VM_STOPPED, VM_DESTROYED };

/* Why a VM ended (reported when it stops). */
enum vm_end_reason {
    VM_END_NONE = 0,
    VM_END_EXIT_PORT,   /* guest wrote its exit code to the test-exit port 0xf4 */
    VM_END_HYPERCALL,   /* guest used the test-exit hypercall */
    VM_END_SHUTDOWN,    /* triple fault */
    VM_END_BAD_ACCESS,  /* access to guest-physical memory it does not own */
    VM_END_UNHANDLED,   /* an exit the hypervisor does not handle */
    VM_END_ENTRY_FAILED,/* the CPU refused the guest state */
    VM_END_STOPPED,     /* vm_stop() from the management side */
    VM_END_POWEROFF,    /* guest powered off */
};

/* A piece of guest RAM backed by physically contiguous host frames. */
struct vm_extent {
    uint64_t gpa;
    uint64_t hpa;
    uint64_t size;
};

struct vm_mem_region {
    uint64_t gpa;
    uint64_t size;
    uint32_t flags;
    unsigned first_extent, nextents;
};

struct vcpu;

/* The VM's interrupt controllers and timers, as the vCPU loop sees them
 * (implemented by the platform that builds the VM: LAPIC + IOAPIC + PIC). */
struct vm_irqchip {
    /* Advance device timers to now_ns (fires due timer interrupts). */
    void (*poll)(void *ctx, struct vcpu *v, uint64_t now_ns);
    /* An interrupt is waiting for the vCPU. */
    bool (*has_interrupt)(void *ctx, struct vcpu *v);
    /* Take it (IRR -> ISR, or the PIC's INTA cycle): the vector to inject,
     * or -1 if it went away. Called only when the guest can take it now. */
    int (*ack_interrupt)(void *ctx, struct vcpu *v);
    /* An NMI is pending for the vCPU (cleared by the call that returns true). */
    bool (*take_nmi)(void *ctx, struct vcpu *v);
    /* MSRs the interrupt controllers own (APIC base, x2APIC, TSC deadline):
     * 0 handled, QV_ERR_NOENT not theirs, another error = #GP. */
    int (*msr)(void *ctx, struct vcpu *v, bool write, uint32_t msr, uint64_t *val);
    void *ctx;
};

struct vm {
    char name[VM_NAME_MAX];
    unsigned id;
    enum vm_state state;
    spinlock_t lock;
    unsigned max_vcpus;
    uint64_t ram_size;
    struct vcpu *vcpus[VM_MAX_VCPUS];
    unsigned nvcpus;
    struct vm_mem_region regions[VM_MAX_REGIONS];
    unsigned nregions;
    struct vm_extent *extents; /* sorted by gpa */
    unsigned nextents, extents_cap;
    struct pt nested;          /* guest-physical -> host-physical (NPT/EPT) */
    bool nested_ready;
    /* End-of-life report. */
    enum vm_end_reason end_reason;
    int exit_code;             /* guest-provided code (port 0xf4 / hypercall) */
    volatile unsigned vcpus_running;
    void *devices;             /* device-model state, one kmalloc'd block starting with a
                                  struct iobus; owned (freed) by the VM */
    void *console;             /* line buffer of the guest console */
    const struct vm_irqchip *irqchip; /* NULL: a VM without interrupt sources */
    /* Called once on the CPU of the last vCPU to leave, after the VM ended. */
    void (*on_end)(struct vm *vm);
    struct vm *next;           /* all-VMs list */
};

struct vm *vm_create(const char *name, unsigned max_vcpus, uint64_t ram_size);
int vm_destroy(struct vm *vm);
int vm_start(struct vm *vm);
int vm_stop(struct vm *vm);
int vm_pause(struct vm *vm);
int vm_resume(struct vm *vm);
int vm_reset(struct vm *vm);
struct vcpu *vm_add_vcpu(struct vm *vm, unsigned id);
struct vcpu *vm_get_vcpu(struct vm *vm, unsigned id);

int vm_add_memory_region(struct vm *vm, uint64_t gpa_base, uint64_t size, uint32_t flags);
void *vm_gpa_to_hva(struct vm *vm, uint64_t gpa);
int vm_read_memory(struct vm *vm, uint64_t gpa, void *buf, size_t len);
int vm_write_memory(struct vm *vm, uint64_t gpa, const void *buf, size_t len);

/* Called by the vCPU loop when the guest ends the VM; first reason wins. */
void vm_end(struct vm *vm, enum vm_end_reason why, int exit_code);
const char *vm_state_name(enum vm_state s);
const char *vm_end_reason_name(enum vm_end_reason r);
/* Iterate the live VMs (for the management side and diagnostics). */
struct vm *vm_first(void);
#endif
