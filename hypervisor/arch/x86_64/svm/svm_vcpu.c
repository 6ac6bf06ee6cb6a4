/* SVM vCPUs: VMCB set-up, register access, event injection, running. */
#include "arch/x86_64/svm/svm_vcpu.h"
#include "arch/x86_64/cpu/features.h"
#include "arch/x86_64/cpu/percpu.h"
#include "arch/x86_64/cpu/x86.h"
#include "arch/x86_64/npt/npt_format.h"
#include "core/mm/heap.h"
#include "core/mm/kframes.h"
#include "core/mm/phys.h"
#include "core/vm/vm.h"
#include "lib/errors.h"
#include "lib/string.h"

/* svm_run.asm addresses the GPRs by these offsets. */
_Static_assert(offsetof(struct vcpu_regs, rbx) == 8 && offsetof(struct vcpu_regs, rbp) == 48 &&
               offsetof(struct vcpu_regs, r8) == 64 && offsetof(struct vcpu_regs, r15) == 120,
               "struct vcpu_regs layout used by svm_run.asm");

#define IOPM_PAGES 3   /* 64K ports + 3 bits (APM vol. 2 §15.10.1) */
#define MSRPM_PAGES 2  /* APM vol. 2 §15.11 */
#define PAT_RESET 0x0007040600070406ull

/* MSRs whose guest values live in the VMCB and are switched by VMRUN or
 * VMLOAD/VMSAVE: the guest may use them directly. */
static const uint32_t passthrough_msrs[] = {
    0xC0000100, /* FS_BASE */
    0xC0000101, /* GS_BASE */
    0xC0000102, /* KERNEL_GS_BASE */
    0xC0000081, /* STAR */
    0xC0000082, /* LSTAR */
    0xC0000083, /* CSTAR */
    0xC0000084, /* SFMASK */
    0x174, 0x175, 0x176, /* SYSENTER_CS/ESP/EIP */
};

/* MSR permission map: 2 bits per MSR (read, write) in three 2 KiB ranges. */
static void msrpm_allow(uint8_t *pm, uint32_t msr)
{
    uint32_t base;
    if (msr <= 0x1FFF)
        base = 0;
    else if (msr >= 0xC0000000 && msr <= 0xC0001FFF)
        base = 0x800, msr -= 0xC0000000;
    else if (msr >= 0xC0010000 && msr <= 0xC0011FFF)
        base = 0x1000, msr -= 0xC0010000;
    else
        return;
    uint32_t bit = msr * 2;
    pm[base + bit / 8] &= (uint8_t)~(3u << (bit % 8));
}

static int svm_vcpu_create(struct vcpu *v)
{
    struct svm_vcpu *s = kzalloc(sizeof *s);
    if (!s)
        return QV_ERR_NOMEM;
    s->vmcb_pa = kframe_alloc();
    s->iopm_pa = kframe_alloc_contig(IOPM_PAGES, 1);
    s->msrpm_pa = kframe_alloc_contig(MSRPM_PAGES, 1);
    if (!s->vmcb_pa || !s->iopm_pa || !s->msrpm_pa) {
        if (s->vmcb_pa) kframe_free(s->vmcb_pa, 1);
        if (s->iopm_pa) kframe_free(s->iopm_pa, IOPM_PAGES);
        if (s->msrpm_pa) kframe_free(s->msrpm_pa, MSRPM_PAGES);
        kfree(s);
        return QV_ERR_NOMEM;
    }
    s->vmcb = phys_to_virt(s->vmcb_pa);
    s->last_cpu = -1;
    memset(phys_to_virt(s->iopm_pa), 0xff, IOPM_PAGES * PAGE_SIZE);
    uint8_t *pm = phys_to_virt(s->msrpm_pa);
    memset(pm, 0xff, MSRPM_PAGES * PAGE_SIZE);
    for (unsigned i = 0; i < ARRAY_SIZE(passthrough_msrs); i++)
        msrpm_allow(pm, passthrough_msrs[i]);
    v->arch = s;
    return QV_OK;
}

static void svm_vcpu_destroy(struct vcpu *v)
{
    struct svm_vcpu *s = to_svm(v);
    if (!s)
        return;
    kframe_free(s->vmcb_pa, 1);
    kframe_free(s->iopm_pa, IOPM_PAGES);
    kframe_free(s->msrpm_pa, MSRPM_PAGES);
    kfree(s);
    v->arch = NULL;
}

static void seg(struct vmcb_seg *sg, uint16_t sel, uint64_t base, uint32_t limit, uint16_t attrib)
{
    sg->selector = sel;
    sg->base = base;
    sg->limit = limit;
    sg->attrib = attrib;
}

/* Segment attributes: descriptor bits 40-47 -> 7:0, 52-55 -> 11:8. */
#define ATTR_CODE16 0x09B
#define ATTR_DATA16 0x093
#define ATTR_CODE32 0xC9B
#define ATTR_DATA32 0xC93
#define ATTR_CODE64 0xA9B
#define ATTR_TSS_BUSY32 0x08B
#define ATTR_LDT 0x082

static void svm_vcpu_setup(struct vcpu *v, enum vcpu_start_mode mode, uint64_t entry, uint64_t cr3)
{
    struct svm_vcpu *s = to_svm(v);
    struct vmcb *vm = s->vmcb;
    memset(vm, 0, sizeof *vm);
    memset(&v->regs, 0, sizeof v->regs);
    struct vmcb_control *c = &vm->control;

    /* Default intercepts (QV-ARCH-001 "SVM Intercept Controls") plus what
     * correctness needs: interrupts and NMIs go to the host, triple faults end
     * the VM, the virtualization instructions are ours. */
    c->intercept_exceptions = BIT(18); /* #MC is the host's */
    c->intercept_misc1 = INTERCEPT_INTR | INTERCEPT_NMI | INTERCEPT_SMI | INTERCEPT_CR0_SEL_WRITE |
                         INTERCEPT_CPUID | INTERCEPT_INVD | INTERCEPT_HLT | INTERCEPT_INVLPGA |
                         INTERCEPT_IOIO_PROT | INTERCEPT_MSR_PROT | INTERCEPT_SHUTDOWN;
    c->intercept_misc2 = INTERCEPT_VMRUN | INTERCEPT_VMMCALL | INTERCEPT_VMLOAD | INTERCEPT_VMSAVE |
                         INTERCEPT_STGI | INTERCEPT_CLGI | INTERCEPT_SKINIT | INTERCEPT_MONITOR |
                         INTERCEPT_MWAIT | INTERCEPT_XSETBV;
    c->iopm_base_pa = s->iopm_pa;
    c->msrpm_base_pa = s->msrpm_pa;
    /* ASID 0 is the host's; VMs share the others round-robin. A reused ASID
     * is harmless: every vCPU flushes the TLB on its first run on a CPU. */
    c->asid = 1 + (v->vm->id - 1) % (boot_cpu.svm_nasid > 1 ? boot_cpu.svm_nasid - 1 : 1);
    c->tlb_control = TLB_CONTROL_FLUSH_ALL;
    c->vintr = VINTR_MASKING;
    c->np_enable = 1;
    c->n_cr3 = pt_root_pa(&v->vm->nested);

    struct vmcb_save *st = &vm->save;
    st->dr6 = 0xFFFF0FF0;
    st->dr7 = 0x400;
    v->regs.rflags = 0x2;
    st->g_pat = PAT_RESET;
    seg(&st->ldtr, 0, 0, 0xFFFF, ATTR_LDT);
    seg(&st->tr, 0, 0, 0xFFFF, ATTR_TSS_BUSY32);
    st->gdtr.limit = 0xFFFF;
    st->idtr.limit = 0xFFFF;
    s->guest_efer = 0;

    switch (mode) {
    case VCPU_START_REAL: {
        /* CS:IP = entry>>4 : 0 when entry is a paragraph below 1 MiB (as a
         * start-up IPI does: CS = vector << 8), else base:offset. */
        uint64_t base = (entry < 0x100000 && !(entry & 0xF)) ? entry : entry & ~0xFFFFull;
        seg(&st->cs, (uint16_t)(base >> 4), base, 0xFFFF, ATTR_CODE16);
        struct vmcb_seg d = { 0, ATTR_DATA16, 0xFFFF, 0 };
        st->ds = st->es = st->fs = st->gs = st->ss = d;
        v->regs.rip = entry - base;
        st->cr0 = BIT(4); /* ET */
        break;
    }
    case VCPU_START_PROTECTED: {
        seg(&st->cs, 0x10, 0, 0xFFFFFFFF, ATTR_CODE32);
        struct vmcb_seg d = { 0x18, ATTR_DATA32, 0xFFFFFFFF, 0 };
        st->ds = st->es = st->fs = st->gs = st->ss = d;
        seg(&st->tr, 0, 0, 0x67, ATTR_TSS_BUSY32);
        v->regs.rip = entry;
        st->cr0 = CR0_PE | BIT(4);
        break;
    }
    case VCPU_START_LONG: {
        seg(&st->cs, 0x10, 0, 0xFFFFFFFF, ATTR_CODE64);
        struct vmcb_seg d = { 0x18, ATTR_DATA32, 0xFFFFFFFF, 0 };
        st->ds = st->es = st->fs = st->gs = st->ss = d;
        seg(&st->tr, 0, 0, 0x67, ATTR_TSS_BUSY32);
        v->regs.rip = entry;
        st->cr0 = CR0_PG | CR0_PE | CR0_NE | BIT(4) | CR0_WP;
        st->cr3 = cr3;
        st->cr4 = CR4_PAE;
        s->guest_efer = EFER_LME | EFER_LMA;
        break;
    }
    }
    /* The CPU requires EFER.SVME in the guest state; the guest never sees it. */
    st->efer = s->guest_efer | EFER_SVME;
    s->pending_event = false;
}

static void svm_get_regs(struct vcpu *v, struct vcpu_regs *r)
{
    *r = v->regs;
}

static void svm_set_regs(struct vcpu *v, const struct vcpu_regs *r)
{
    v->regs = *r;
    v->regs.rflags |= 0x2; /* bit 1 is always set */
}

static void to_seg(struct vcpu_segment *d, const struct vmcb_seg *s)
{
    d->selector = s->selector;
    d->attrib = s->attrib;
    d->limit = s->limit;
    d->base = s->base;
}

static void svm_get_sregs(struct vcpu *v, struct vcpu_sregs *r)
{
    const struct vmcb_save *st = &to_svm(v)->vmcb->save;
    to_seg(&r->cs, &st->cs); to_seg(&r->ds, &st->ds); to_seg(&r->es, &st->es);
    to_seg(&r->fs, &st->fs); to_seg(&r->gs, &st->gs); to_seg(&r->ss, &st->ss);
    to_seg(&r->tr, &st->tr); to_seg(&r->ldtr, &st->ldtr);
    r->gdtr.base = st->gdtr.base; r->gdtr.limit = (uint16_t)st->gdtr.limit;
    r->idtr.base = st->idtr.base; r->idtr.limit = (uint16_t)st->idtr.limit;
    r->cr0 = st->cr0; r->cr2 = st->cr2; r->cr3 = st->cr3; r->cr4 = st->cr4;
    r->efer = to_svm(v)->guest_efer | (st->efer & EFER_LMA);
    r->cpl = st->cpl;
}

static uint64_t svm_get_cr(struct vcpu *v, unsigned cr)
{
    const struct vmcb_save *st = &to_svm(v)->vmcb->save;
    return cr == 0 ? st->cr0 : cr == 2 ? st->cr2 : cr == 3 ? st->cr3 : cr == 4 ? st->cr4 : 0;
}

static void svm_set_cr(struct vcpu *v, unsigned cr, uint64_t val)
{
    struct svm_vcpu *s = to_svm(v);
    struct vmcb_save *st = &s->vmcb->save;
    switch (cr) {
    case 0:
        st->cr0 = val;
        /* Long mode activates when paging is enabled with EFER.LME (APM vol. 2 §14.6.1). */
        if ((val & CR0_PG) && (s->guest_efer & EFER_LME))
            s->guest_efer |= EFER_LMA;
        else if (!(val & CR0_PG))
            s->guest_efer &= ~EFER_LMA;
        st->efer = s->guest_efer | EFER_SVME;
        break;
    case 2: st->cr2 = val; break; /* #PF address the guest sees (VMRUN loads it) */
    case 3: st->cr3 = val; break;
    case 4: st->cr4 = val; break;
    default: break;
    }
}

static void svm_set_gdtr(struct vcpu *v, uint64_t base, uint16_t limit)
{
    to_svm(v)->vmcb->save.gdtr.base = base;
    to_svm(v)->vmcb->save.gdtr.limit = limit;
}

static void svm_set_efer(struct vcpu *v, uint64_t efer)
{
    struct svm_vcpu *s = to_svm(v);
    s->guest_efer = efer;
    s->vmcb->save.efer = efer | EFER_SVME;
}

static bool svm_inject_event(struct vcpu *v, const struct vcpu_event *e)
{
    struct svm_vcpu *s = to_svm(v);
    if (s->vmcb->control.eventinj & EVENTINJ_VALID)
        return false;
    uint64_t ev = e->vector | ((uint64_t)(e->type & 7) << EVENTINJ_TYPE_SHIFT) | EVENTINJ_VALID;
    if (e->has_error)
        ev |= EVENTINJ_EV | ((uint64_t)e->error << 32);
    s->vmcb->control.eventinj = ev;
    return true;
}

static void svm_request_intr_window(struct vcpu *v, bool on)
{
    struct vmcb_control *c = &to_svm(v)->vmcb->control;
    /* A virtual interrupt the guest can only "take" when it is interruptible:
     * intercepting VINTR turns that moment into an exit (APM vol. 2 §15.21.4). */
    if (on) {
        c->vintr |= VINTR_IRQ | VINTR_IGN_TPR;
        c->intercept_misc1 |= INTERCEPT_VINTR;
    } else {
        c->vintr &= ~(uint64_t)(VINTR_IRQ | VINTR_IGN_TPR);
        c->intercept_misc1 &= ~INTERCEPT_VINTR;
    }
}

static bool svm_guest_interruptible(struct vcpu *v)
{
    struct vmcb *vm = to_svm(v)->vmcb;
    return (v->regs.rflags & RFLAGS_IF) && !(vm->control.interrupt_shadow & 1) &&
           !(vm->control.eventinj & EVENTINJ_VALID);
}

static void svm_set_io_intercept(struct vcpu *v, uint16_t port, bool intercept)
{
    uint8_t *pm = phys_to_virt(to_svm(v)->iopm_pa);
    if (intercept)
        pm[port / 8] |= (uint8_t)(1u << (port % 8));
    else
        pm[port / 8] &= (uint8_t)~(1u << (port % 8));
}

static void svm_flush_tlb(struct vcpu *v)
{
    /* QEMU honours only TLB_CONTROL 0 and 1 (platform.md): flush everything. */
    to_svm(v)->vmcb->control.tlb_control = TLB_CONTROL_FLUSH_ALL;
}

static void svm_run(struct vcpu *v, struct vm_exit *e)
{
    struct svm_vcpu *s = to_svm(v);
    struct vmcb *vm = s->vmcb;
    int cpu = (int)this_cpu()->index;
    if (s->last_cpu != cpu) {
        /* New CPU: its TLB may hold this ASID's translations from another
         * VM that had it before, and the host state to restore is that CPU's. */
        vm->control.tlb_control = TLB_CONTROL_FLUSH_ALL;
        s->last_cpu = cpu;
        s->host_vmcb_pa = svm_host_vmcb_pa();
    }
    /* GIF=0 holds physical interrupts across the switch; RFLAGS.IF=1 makes
     * them INTR exits while the guest runs (V_INTR_MASKING). */
    /* RAX, RSP, RIP and RFLAGS travel in the VMCB; the rest in v->regs. */
    vm->save.rax = v->regs.rax;
    vm->save.rsp = v->regs.rsp;
    vm->save.rip = v->regs.rip;
    vm->save.rflags = v->regs.rflags;
    __asm__ volatile("cli; clgi; sti" ::: "memory");
    svm_vmrun(s->vmcb_pa, &v->regs, s->host_vmcb_pa);
    /* #VMEXIT restored the host's RFLAGS.IF=1: STGI lets the interrupt that
     * caused an INTR exit be taken right here, then we turn IF off again. */
    __asm__ volatile("stgi; cli" ::: "memory");
    v->regs.rax = vm->save.rax;
    v->regs.rsp = vm->save.rsp;
    v->regs.rip = vm->save.rip;
    v->regs.rflags = vm->save.rflags;
    v->mode64 = (vm->save.efer & EFER_LMA) && (vm->save.cs.attrib & BIT(9));
    vm->control.tlb_control = TLB_CONTROL_DO_NOTHING;
    /* An event interrupted by this exit (e.g. a #NPF while delivering it
     * through the IDT) must be delivered again (APM vol. 2 §15.7.2). */
    vm->control.eventinj = 0;
    if (vm->control.exitintinfo & EVENTINJ_VALID)
        vm->control.eventinj = vm->control.exitintinfo;
    svm_decode_exit(v, e);
}

const struct vcpu_engine_ops svm_engine_ops = {
    .name = "AMD SVM",
    .cpu_enable = svm_cpu_enable,
    .nested_format = &pt_fmt_npt,
    .vcpu_create = svm_vcpu_create,
    .vcpu_destroy = svm_vcpu_destroy,
    .vcpu_setup = svm_vcpu_setup,
    .run = svm_run,
    .get_regs = svm_get_regs,
    .set_regs = svm_set_regs,
    .get_sregs = svm_get_sregs,
    .get_cr = svm_get_cr,
    .set_cr = svm_set_cr,
    .set_efer = svm_set_efer,
    .set_gdtr = svm_set_gdtr,
    .inject_event = svm_inject_event,
    .request_intr_window = svm_request_intr_window,
    .guest_interruptible = svm_guest_interruptible,
    .set_io_intercept = svm_set_io_intercept,
    .flush_tlb = svm_flush_tlb,
};
