/* Virtualization bring-up and VM construction helpers. */
#include "core/vm/vm_boot.h"
#include "arch/x86_64/cpu/features.h"
#include "arch/x86_64/cpu/percpu.h"
#include "arch/x86_64/cpu/smp.h"
#include "arch/x86_64/svm/svm_vcpu.h"
#include "core/mm/heap.h"
#include "core/sched/sched.h"
#include "core/vm/engine.h"
#include "core/vm/iobus.h"
#include "core/vm/std_devices.h"
#include "lib/errors.h"
#include "lib/printk.h"

static volatile int enable_rc[MAX_CPUS];

static void enable_here(void *arg)
{
    (void)arg;
    enable_rc[this_cpu()->index] = vm_engine->cpu_enable();
}

int virt_init(void)
{
    if (boot_cpu.svm && !boot_cpu.svm_disabled_by_bios) {
        vm_engine = &svm_engine_ops;
    } else {
        pr_err("virt: no execution engine for this CPU yet (the Intel VMX engine is a later "
               "milestone); guests cannot run");
        return QV_ERR_UNSUPPORTED;
    }
    for (unsigned c = 0; c < MAX_CPUS; c++) {
        if (!cpu_areas[c] || !cpu_areas[c]->online)
            continue;
        int rc = smp_call_on(c, enable_here, NULL);
        if (rc == QV_OK)
            rc = enable_rc[c];
        if (rc != QV_OK) {
            pr_err("virt: %s could not be enabled on CPU %u: %s", vm_engine->name, c,
                   qv_strerror(rc));
            vm_engine = NULL;
            return rc;
        }
    }
    pr_info("virt: %s enabled on %u CPUs (nested paging, %s next-RIP)", vm_engine->name,
            cpus_online, boot_cpu.nrips ? "hardware" : "decoded");
    return QV_OK;
}

int vm_create_flat(const char *name, uint64_t ram, const void *image, size_t len,
                   uint64_t load_gpa, unsigned pcpu, void (*on_end)(struct vm *vm))
{
    struct vm *vm = vm_create(name, 1, ram);
    if (!vm)
        return QV_ERR_NOMEM;
    vm->on_end = on_end;
    int rc = vm_std_devices_attach(vm);
    if (rc == QV_OK)
        rc = vm_add_memory_region(vm, 0, ram, VM_MEM_RWX);
    if (rc == QV_OK && (load_gpa + len > ram || load_gpa + len < load_gpa))
        rc = QV_ERR_RANGE;
    if (rc == QV_OK)
        rc = vm_write_memory(vm, load_gpa, image, len);
    struct vcpu *v = rc == QV_OK ? vm_add_vcpu(vm, 0) : NULL;
    if (rc == QV_OK && !v)
        rc = QV_ERR_NOMEM;
    if (rc == QV_OK) {
        vm_engine->vcpu_setup(v, VCPU_START_REAL, load_gpa, 0);
        rc = vm_start(vm);
    }
    if (rc == QV_OK) {
        pr_info("vm %s: %llu KiB RAM, %zu-byte image at 0x%llx, vCPU 0 on CPU %u", name,
                (unsigned long long)(ram >> 10), len, (unsigned long long)load_gpa, pcpu);
        /* From here on the VM may run, end and be destroyed on another CPU. */
        rc = sched_add_vcpu(v, pcpu);
        if (rc == QV_OK)
            return QV_OK;
    }
    {
        pr_err("vm %s: cannot create: %s", name, qv_strerror(rc));
        vm_end(vm, VM_END_STOPPED, -1);
        vm_destroy(vm);
        return rc;
    }
}
