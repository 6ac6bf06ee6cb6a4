/* SVM per-vCPU state (private to arch/x86_64/svm/). */
#ifndef QV_SVM_VCPU_H
#define QV_SVM_VCPU_H
#include "arch/x86_64/svm/vmcb.h"
#include "core/vm/engine.h"

struct svm_vcpu {
    struct vmcb *vmcb;
    uint64_t vmcb_pa;
    uint64_t iopm_pa;    /* 12 KiB I/O permission map */
    uint64_t msrpm_pa;   /* 8 KiB MSR permission map */
    uint64_t guest_efer; /* EFER as the guest sees it (without SVME) */
    bool pending_event;
    int last_cpu;        /* physical CPU of the last VMRUN: -1 = never */
    uint64_t host_vmcb_pa; /* that CPU's host-state VMCB (VMLOADed after exits) */
};

static inline struct svm_vcpu *to_svm(struct vcpu *v) { return (struct svm_vcpu *)v->arch; }

void svm_vmrun(uint64_t guest_vmcb_pa, struct vcpu_regs *regs, uint64_t host_vmcb_pa);
void svm_decode_exit(struct vcpu *v, struct vm_exit *e);
int svm_cpu_enable(void);
uint64_t svm_host_vmcb_pa(void);
extern const struct vcpu_engine_ops svm_engine_ops;
#endif
