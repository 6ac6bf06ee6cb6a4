/* VM objects and their lifecycle. */
#include "core/vm/vm.h"
#include "arch/x86_64/cpu/fpu.h"
#include "core/vm/engine.h"
#include "core/vm/vcpu.h"
#include "core/vm/vm_memory.h"
#include "core/mm/heap.h"
#include "lib/errors.h"
#include "lib/printk.h"
#include "lib/string.h"

const struct vcpu_engine_ops *vm_engine;
static struct vm *all_vms;
static spinlock_t vms_lock = SPINLOCK_INIT;
static unsigned next_vm_id = 1;

static const char *const state_names[] = { "created", "running", "paused", "stopped", "destroyed" };
static const char *const end_names[] = {
    "none", "exit-port", "exit-hypercall", "triple-fault", "bad-memory-access",
    "unhandled-exit", "entry-failed", "stopped", "power-off",
};

const char *vm_state_name(enum vm_state s) { return s <= VM_DESTROYED ? state_names[s] : "?"; }
const char *vm_end_reason_name(enum vm_end_reason r)
{
    return (unsigned)r < ARRAY_SIZE(end_names) ? end_names[r] : "?";
}

static bool valid_name(const char *name)
{
    size_t n = name ? strnlen(name, VM_NAME_MAX) : 0;
    if (n == 0 || n >= VM_NAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return false;
    }
    return true;
}

struct vm *vm_create(const char *name, unsigned max_vcpus, uint64_t ram_size)
{
    if (!vm_engine || !valid_name(name) || max_vcpus == 0 || max_vcpus > VM_MAX_VCPUS ||
        ram_size == 0 || !IS_ALIGNED(ram_size, PAGE_SIZE))
        return NULL;
    struct vm *vm = kzalloc(sizeof *vm);
    if (!vm)
        return NULL;
    memcpy(vm->name, name, strnlen(name, VM_NAME_MAX - 1));
    vm->max_vcpus = max_vcpus;
    vm->ram_size = ram_size;
    vm->state = VM_CREATED;
    if (vm_memory_init(vm) != QV_OK) {
        kfree(vm);
        return NULL;
    }
    uint64_t f = spin_lock_irqsave(&vms_lock);
    vm->id = next_vm_id++;
    vm->next = all_vms;
    all_vms = vm;
    spin_unlock_irqrestore(&vms_lock, f);
    return vm;
}

struct vm *vm_first(void) { return all_vms; }

struct vcpu *vm_add_vcpu(struct vm *vm, unsigned id)
{
    if (!vm || vm->state != VM_CREATED || id >= vm->max_vcpus || vm->vcpus[id])
        return NULL;
    struct vcpu *v = kzalloc(sizeof *v);
    if (!v)
        return NULL;
    v->vm = vm;
    v->id = id;
    v->fpu = kmalloc(sizeof *v->fpu);
    /* XSAVE needs a 64-byte aligned area; large heap blocks are page-based. */
    if (!v->fpu || ((uintptr_t)v->fpu & 63) || vm_engine->vcpu_create(v) != QV_OK) {
        kfree(v->fpu);
        kfree(v);
        return NULL;
    }
    fpu_state_init(v->fpu);
    vm->vcpus[id] = v;
    vm->nvcpus++;
    return v;
}

struct vcpu *vm_get_vcpu(struct vm *vm, unsigned id)
{
    return vm && id < VM_MAX_VCPUS ? vm->vcpus[id] : NULL;
}

/* Checked transitions (see vm.h). */
static int transition(struct vm *vm, enum vm_state from_mask_a, enum vm_state from_b, enum vm_state to)
{
    if (!vm)
        return QV_ERR_INVAL;
    uint64_t f = spin_lock_irqsave(&vm->lock);
    int rc = QV_OK;
    if (vm->state == from_mask_a || vm->state == from_b)
        vm->state = to;
    else
        rc = QV_ERR_STATE;
    spin_unlock_irqrestore(&vm->lock, f);
    return rc;
}

int vm_start(struct vm *vm)
{
    if (vm && vm->nvcpus == 0)
        return QV_ERR_STATE;
    return transition(vm, VM_CREATED, VM_CREATED, VM_RUNNING);
}
int vm_pause(struct vm *vm) { return transition(vm, VM_RUNNING, VM_RUNNING, VM_PAUSED); }
int vm_resume(struct vm *vm) { return transition(vm, VM_PAUSED, VM_PAUSED, VM_RUNNING); }

int vm_stop(struct vm *vm)
{
    int rc = transition(vm, VM_RUNNING, VM_PAUSED, VM_STOPPED);
    if (rc == QV_OK && vm->end_reason == VM_END_NONE)
        vm->end_reason = VM_END_STOPPED;
    return rc;
}

int vm_reset(struct vm *vm)
{
    /* A reset re-enters the loader's state; for now only a stopped or created
     * VM can be reset, and it returns to CREATED with its memory kept. */
    int rc = transition(vm, VM_STOPPED, VM_CREATED, VM_CREATED);
    if (rc == QV_OK) {
        vm->end_reason = VM_END_NONE;
        vm->exit_code = 0;
    }
    return rc;
}

void vm_end(struct vm *vm, enum vm_end_reason why, int exit_code)
{
    uint64_t f = spin_lock_irqsave(&vm->lock);
    if (vm->state == VM_RUNNING || vm->state == VM_PAUSED) {
        vm->state = VM_STOPPED;
        vm->end_reason = why;
        vm->exit_code = exit_code;
    }
    spin_unlock_irqrestore(&vm->lock, f);
}

int vm_destroy(struct vm *vm)
{
    if (!vm || vm->state == VM_DESTROYED)
        return QV_ERR_INVAL;
    if (vm->vcpus_running)
        return QV_ERR_BUSY; /* stop it first; its vCPUs must have left the guest */
    uint64_t f = spin_lock_irqsave(&vms_lock);
    for (struct vm **p = &all_vms; *p; p = &(*p)->next)
        if (*p == vm) {
            *p = vm->next;
            break;
        }
    spin_unlock_irqrestore(&vms_lock, f);
    for (unsigned i = 0; i < VM_MAX_VCPUS; i++) {
        if (!vm->vcpus[i])
            continue;
        vm_engine->vcpu_destroy(vm->vcpus[i]);
        kfree(vm->vcpus[i]->fpu);
        kfree(vm->vcpus[i]);
    }
    vm->state = VM_DESTROYED;
    vm_memory_destroy(vm);
    kfree(vm->devices); /* one allocation owned by the VM (vm.h) */
    kfree(vm->console);
    kfree(vm);
    return QV_OK;
}
