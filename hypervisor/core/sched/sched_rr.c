/* Round-robin per physical CPU; see sched.h. */
#include "core/sched/sched.h"
#include "arch/x86_64/cpu/fpu.h"
#include "arch/x86_64/cpu/lapic.h"
#include "arch/x86_64/cpu/percpu.h"
#include "arch/x86_64/cpu/smp.h"
#include "arch/x86_64/cpu/traps.h"
#include "arch/x86_64/cpu/tsc.h"
#include "arch/x86_64/cpu/x86.h"
#include "core/vm/engine.h"
#include "core/vm/vm.h"
#include "core/vm/vm_console.h"
#include "lib/errors.h"
#include "lib/printk.h"
#include "lib/spinlock.h"

#define RQ_MAX 32

struct runqueue {
    spinlock_t lock;
    struct vcpu *v[RQ_MAX];
    unsigned n, next;
    struct vcpu *fpu_owner; /* whose FPU registers are in this CPU now */
};

static struct runqueue rqs[MAX_CPUS];

static void wake(void *arg) { (void)arg; } /* the IPI itself ends the target's HLT */

int sched_add_vcpu(struct vcpu *v, unsigned pcpu)
{
    if (pcpu >= MAX_CPUS || !cpu_areas[pcpu] || !cpu_areas[pcpu]->online)
        return QV_ERR_INVAL;
    struct runqueue *rq = &rqs[pcpu];
    uint64_t f = spin_lock_irqsave(&rq->lock);
    int rc = QV_ERR_LIMIT;
    if (rq->n < RQ_MAX) {
        v->pcpu = pcpu;
        rq->v[rq->n++] = v;
        __atomic_add_fetch(&v->vm->vcpus_running, 1, __ATOMIC_SEQ_CST);
        rc = QV_OK;
    }
    spin_unlock_irqrestore(&rq->lock, f);
    if (rc == QV_OK && pcpu != this_cpu()->index)
        smp_call_on(pcpu, wake, NULL);
    return rc;
}

/* The last vCPU of a stopped VM to leave reports its end. */
static void vcpu_leave(struct vcpu *v)
{
    struct vm *vm = v->vm;
    if (__atomic_sub_fetch(&vm->vcpus_running, 1, __ATOMIC_SEQ_CST) != 0)
        return;
    vm_console_flush(vm);
    pr_info("vm %s ended: %s, exit code %d", vm->name, vm_end_reason_name(vm->end_reason),
            vm->exit_code);
    for (unsigned i = 0; i < VM_MAX_VCPUS; i++)
        if (vm->vcpus[i])
            vcpu_print_exit_stats(vm->vcpus[i]);
    if (vm->on_end)
        vm->on_end(vm);
}

/* Pick the next vCPU that can run; drop the ones whose VM has stopped. */
static struct vcpu *pick(struct runqueue *rq)
{
    struct vcpu *found = NULL;
    uint64_t f = spin_lock_irqsave(&rq->lock);
    for (unsigned tries = 0; tries < rq->n && !found;) {
        unsigned i = rq->next % rq->n;
        struct vcpu *v = rq->v[i];
        if (v->vm->state == VM_STOPPED || v->vm->state == VM_DESTROYED) {
            rq->v[i] = rq->v[--rq->n];
            if (rq->fpu_owner == v)
                rq->fpu_owner = NULL; /* its state dies with it */
            spin_unlock_irqrestore(&rq->lock, f);
            vcpu_leave(v);
            f = spin_lock_irqsave(&rq->lock);
            continue;
        }
        rq->next = i + 1;
        tries++;
        if (v->vm->state == VM_RUNNING && vcpu_wants_to_run(v))
            found = v;
    }
    spin_unlock_irqrestore(&rq->lock, f);
    return found;
}

__attribute__((noreturn)) void sched_idle_loop(void)
{
    struct runqueue *rq = &rqs[this_cpu()->index];
    uint64_t slice = tsc_khz() * SCHED_SLICE_US / 1000;
    /* A periodic host tick bounds how long a guest runs without an exit
     * (each tick is an INTR exit), so slices end on time and emulated timers
     * (guest LAPIC, PIT, RTC) are checked at least every tick. */
    hw_lapic_timer_periodic(SCHED_TICK_HZ, VEC_LAPIC_TIMER);
    for (;;) {
        cli();
        struct vcpu *v = pick(rq);
        if (!v) {
            /* Nothing runnable: sleep until an interrupt (timer, IPI). */
            __asm__ volatile("sti; hlt" ::: "memory");
            continue;
        }
        if (rq->fpu_owner != v) {
            if (rq->fpu_owner)
                fpu_save(rq->fpu_owner->fpu);
            fpu_load_guest_xcr0(v->fpu->xcr0);
            fpu_restore(v->fpu);
            rq->fpu_owner = v;
        }
        v->running = true;
        vcpu_run_slice(v, rdtsc() + slice);
        v->running = false;
        sti();
    }
}
