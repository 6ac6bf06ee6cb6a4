/* The generic vCPU loop: enter the guest through the engine, count the exit,
 * dispatch it through the exit table, repeat until the VM stops or the
 * scheduler wants the CPU back. */
#include "core/vm/vcpu.h"
#include "core/exit/handlers.h"
#include "core/vm/engine.h"
#include "core/vm/vm.h"
#include "core/vm/vm_console.h"
#include "arch/x86_64/cpu/x86.h"
#include "core/time/clock.h"
#include "lib/printk.h"

static void record_exit(struct vcpu *v, const struct vm_exit *e)
{
    v->exit_count[e->reason < EXIT_REASON_MAX ? e->reason : EXIT_UNKNOWN]++;
    unsigned i = v->last_exit_pos;
    v->last_exits[i].rip = e->rip;
    v->last_exits[i].vendor_code = e->vendor_code;
    v->last_exits[i].reason = e->reason;
    v->last_exit_pos = (i + 1) % VCPU_LAST_EXITS;
}

/* Deliver what the VM's interrupt controllers have for this vCPU: an NMI, or
 * the highest pending vector when the guest can take it now; otherwise ask
 * for an exit at the moment it can (interrupt window). */
static void deliver_interrupts(struct vcpu *v, const struct vm_irqchip *chip)
{
    chip->poll(chip->ctx, v, clock_boot_ns());
    if (chip->take_nmi(chip->ctx, v)) {
        struct vcpu_event nmi = { 2, EV_NMI, false, 0 };
        if (vm_engine->inject_event(v, &nmi))
            v->halted = false;
    }
    if (!chip->has_interrupt(chip->ctx, v))
        return;
    if (!vm_engine->guest_interruptible(v)) {
        vm_engine->request_intr_window(v, true);
        return;
    }
    int vec = chip->ack_interrupt(chip->ctx, v);
    if (vec < 0)
        return;
    struct vcpu_event ev = { (uint8_t)vec, EV_EXTINT, false, 0 };
    vm_engine->inject_event(v, &ev); /* cannot fail: the guest is interruptible */
    v->halted = false;
}

bool vcpu_wants_to_run(struct vcpu *v)
{
    if (v->wait_sipi)
        return false; /* only a start-up IPI brings it to life */
    if (!v->halted)
        return true;
    /* HLT ends when an interrupt the guest accepts (RFLAGS.IF) or an NMI arrives. */
    const struct vm_irqchip *chip = v->vm->irqchip;
    if (!chip)
        return false;
    chip->poll(chip->ctx, v, clock_boot_ns());
    if (chip->has_interrupt(chip->ctx, v) && (v->regs.rflags & BIT(9)))
        v->halted = false;
    return !v->halted;
}

enum vcpu_slice_end vcpu_run_slice(struct vcpu *v, uint64_t deadline_tsc)
{
    struct vm *vm = v->vm;
    const struct vm_irqchip *chip = vm->irqchip;
    for (;;) {
        if (vm->state != VM_RUNNING)
            return SLICE_VM_NOT_RUNNING;
        if (chip)
            deliver_interrupts(v, chip);
        if (v->halted || v->wait_sipi)
            return SLICE_HALTED;
        struct vm_exit e;
        vm_engine->run(v, &e);
        record_exit(v, &e);
        if (exit_dispatch(v, &e) == EXIT_VM_ENDED)
            return SLICE_VM_NOT_RUNNING;
        if (v->yield_requested) {
            v->yield_requested = false;
            return SLICE_YIELD;
        }
        /* Slices end on the host tick, which arrives as an INTR exit: no
         * need to read the clock on every other exit. */
        if (e.reason == EXIT_INTR && (int64_t)(rdtsc() - deadline_tsc) >= 0)
            return SLICE_EXPIRED;
    }
}

void vcpu_dump(struct vcpu *v, const char *why)
{
    struct vcpu_regs r;
    struct vcpu_sregs s;
    vm_engine->get_regs(v, &r);
    vm_engine->get_sregs(v, &s);
    vm_console_flush(v->vm);
    pr_err("vm %s vcpu %u stopped: %s", v->vm->name, v->id, why);
    pr_err("  RIP %016llx RSP %016llx RFLAGS %08llx CS %04x (base %llx attr %03x) CPL %u",
           (unsigned long long)r.rip, (unsigned long long)r.rsp, (unsigned long long)r.rflags,
           s.cs.selector, (unsigned long long)s.cs.base, s.cs.attrib, s.cpl);
    pr_err("  RAX %016llx RBX %016llx RCX %016llx RDX %016llx", (unsigned long long)r.rax,
           (unsigned long long)r.rbx, (unsigned long long)r.rcx, (unsigned long long)r.rdx);
    pr_err("  RSI %016llx RDI %016llx RBP %016llx R8  %016llx", (unsigned long long)r.rsi,
           (unsigned long long)r.rdi, (unsigned long long)r.rbp, (unsigned long long)r.r8);
    pr_err("  CR0 %llx CR3 %llx CR4 %llx EFER %llx", (unsigned long long)s.cr0,
           (unsigned long long)s.cr3, (unsigned long long)s.cr4, (unsigned long long)s.efer);
    uint64_t total = 0;
    for (unsigned i = 0; i < EXIT_REASON_MAX; i++)
        total += v->exit_count[i];
    pr_err("  %llu exits; last ones (oldest first):", (unsigned long long)total);
    for (unsigned i = 0; i < VCPU_LAST_EXITS; i++) {
        const __typeof__(v->last_exits[0]) *e = &v->last_exits[(v->last_exit_pos + i) % VCPU_LAST_EXITS];
        if (e->reason == EXIT_NONE)
            continue;
        pr_err("    %-20s rip %llx (vendor code 0x%llx)", exit_reason_name(e->reason),
               (unsigned long long)e->rip, (unsigned long long)e->vendor_code);
    }
}

void vcpu_print_exit_stats(struct vcpu *v)
{
    for (unsigned i = 0; i < EXIT_REASON_MAX; i++)
        if (v->exit_count[i])
            pr_info("  vm %s vcpu %u: %-20s %llu", v->vm->name, v->id,
                    exit_reason_name((enum vm_exit_reason)i), (unsigned long long)v->exit_count[i]);
}
