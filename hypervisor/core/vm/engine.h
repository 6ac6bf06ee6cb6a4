/* The execution-engine interface (style.md "one engine interface, two
 * engines"): the only way generic code drives hardware virtualization. The
 * SVM engine implements it in arch/x86_64/svm/; VMX will implement the same. */
#ifndef QV_CORE_VM_ENGINE_H
#define QV_CORE_VM_ENGINE_H
#include "core/vm/vcpu.h"

struct vm;
struct pt_format;

/* Initial CPU mode of a vCPU (where a loader starts the guest). */
enum vcpu_start_mode {
    VCPU_START_REAL,      /* CS:IP, CR0.PE=0 */
    VCPU_START_PROTECTED, /* flat 32-bit segments, paging off */
    VCPU_START_LONG,      /* 64-bit, identity-mapped by the loader's CR3 */
};

struct vcpu_engine_ops {
    const char *name;
    /* Turn virtualization on for the calling physical CPU. */
    int (*cpu_enable)(void);
    /* Nested-paging entry format for this engine's guests. */
    const struct pt_format *nested_format;
    int (*vcpu_create)(struct vcpu *v);
    void (*vcpu_destroy)(struct vcpu *v);
    /* Architectural reset state, then the loader's start mode and entry. */
    void (*vcpu_setup)(struct vcpu *v, enum vcpu_start_mode mode, uint64_t entry, uint64_t cr3);
    /* Enter the guest until the next exit; fills *exit. */
    void (*run)(struct vcpu *v, struct vm_exit *exit);
    void (*get_regs)(struct vcpu *v, struct vcpu_regs *r);
    void (*set_regs)(struct vcpu *v, const struct vcpu_regs *r);
    void (*get_sregs)(struct vcpu *v, struct vcpu_sregs *s);
    /* Cheap reads for the exit fast paths. */
    uint64_t (*get_cr)(struct vcpu *v, unsigned cr);
    /* Emulated control-register and EFER writes (values already validated). */
    void (*set_cr)(struct vcpu *v, unsigned cr, uint64_t val);
    void (*set_efer)(struct vcpu *v, uint64_t efer);
    /* Loader-provided descriptor table (64-bit entry of the Linux protocol). */
    void (*set_gdtr)(struct vcpu *v, uint64_t base, uint16_t limit);
    /* Queue an event for the next entry; false if one is already pending. */
    bool (*inject_event)(struct vcpu *v, const struct vcpu_event *e);
    /* Ask for an exit as soon as the guest can take an interrupt. */
    void (*request_intr_window)(struct vcpu *v, bool on);
    bool (*guest_interruptible)(struct vcpu *v);
    /* Intercept (or pass through) one I/O port for this vCPU. */
    void (*set_io_intercept)(struct vcpu *v, uint16_t port, bool intercept);
    /* Invalidate this vCPU's guest-physical translations. */
    void (*flush_tlb)(struct vcpu *v);
};

/* The engine chosen at boot (SVM or VMX); NULL if none. */
extern const struct vcpu_engine_ops *vm_engine;
#endif
