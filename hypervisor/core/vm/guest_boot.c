/* Guests from boot modules; see guest_boot.h. */
#include "core/vm/guest_boot.h"
#include "core/debug/panic.h"
#include "core/mm/heap.h"
#include "core/mm/phys.h"
#include "core/sched/sched.h"
#include "core/vm/engine.h"
#include "core/vm/iobus.h"
#include "core/vm/loader.h"
#include "core/vm/vm.h"
#include "core/vm/std_devices.h"
#include "lib/errors.h"
#include "lib/printk.h"
#include "lib/string.h"

#define KERNEL_TAG "guest-kernel"
#define MODULE_TAG "guest-module"

static const struct mb2_module *find(const struct mb2_info *mb, const char *tag)
{
    size_t n = strlen(tag);
    for (unsigned i = 0; i < mb->module_count; i++) {
        const char *s = mb->modules[i].string;
        if (!strncmp(s, tag, n) && (s[n] == 0 || s[n] == ' '))
            return &mb->modules[i];
    }
    return NULL;
}

static const char *after_tag(const char *s, const char *tag)
{
    s += strlen(tag);
    while (*s == ' ')
        s++;
    return s;
}

bool guest_boot_requested(const struct mb2_info *mb) { return find(mb, KERNEL_TAG) != NULL; }

static int writer_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
    return vm_write_memory(ctx, gpa, buf, len);
}

static int writer_zero(void *ctx, uint64_t gpa, size_t len)
{
    static const uint8_t zeros[256];
    while (len) {
        size_t n = MIN(len, sizeof zeros);
        int rc = vm_write_memory(ctx, gpa, zeros, n);
        if (rc)
            return rc;
        gpa += n;
        len -= n;
    }
    return QV_OK;
}

static bool is_elf(const uint8_t *p, size_t len)
{
    return len >= 4 && p[0] == 0x7f && p[1] == 'E' && p[2] == 'L' && p[3] == 'F';
}

static void guest_ended(struct vm *vm)
{
    int code = vm->end_reason == VM_END_EXIT_PORT || vm->end_reason == VM_END_HYPERCALL
                   ? vm->exit_code & 0x7f
                   : GUEST_CRASH_EXIT;
    printk(LOG_EMERG, "QV-GUEST %s: %s, exit code %d", vm->name, vm_end_reason_name(vm->end_reason),
           vm->exit_code);
    machine_halt(code);
}

int guest_boot_start(const struct mb2_info *mb, uint64_t ram, unsigned nvcpus)
{
    const struct mb2_module *k = find(mb, KERNEL_TAG), *m = find(mb, MODULE_TAG);
    if (!k)
        return QV_ERR_NOENT;
    if (nvcpus != 1) {
        /* Secondary vCPUs are started by the guest through its LAPIC
         * (INIT/SIPI), which the interrupt-controller model provides. */
        pr_err("run-guest: guest_smp=%u needs the local APIC model; only 1 vCPU is supported yet",
               nvcpus);
        return QV_ERR_UNSUPPORTED;
    }
    const uint8_t *img = phys_to_virt(k->start);
    size_t len = k->end - k->start;
    struct vm *vm = vm_create("guest", 1, ram);
    if (!vm)
        return QV_ERR_NOMEM;
    int rc = vm_std_devices_attach(vm);
    if (rc == QV_OK)
        rc = vm_add_memory_region(vm, 0, ram, VM_MEM_RWX);
    struct guest_mem_writer w = { writer_write, writer_zero, ram, vm };
    struct guest_entry entry;
    char err[160] = "";
    if (rc == QV_OK) {
        if (is_elf(img, len))
            rc = load_multiboot1(&w, img, len, after_tag(k->string, KERNEL_TAG),
                                 m ? phys_to_virt(m->start) : NULL, m ? m->end - m->start : 0,
                                 m ? after_tag(m->string, MODULE_TAG) : NULL, &entry, err, sizeof err);
        else
            rc = load_flat(&w, img, len, GUEST_FLAT_LOAD, &entry);
    }
    struct vcpu *v = rc == QV_OK ? vm_add_vcpu(vm, 0) : NULL;
    if (rc == QV_OK && !v)
        rc = QV_ERR_NOMEM;
    if (rc == QV_OK) {
        vm_engine->vcpu_setup(v, entry.mode == GUEST_START_REAL ? VCPU_START_REAL
                                                               : VCPU_START_PROTECTED,
                              entry.entry, 0);
        struct vcpu_regs r;
        vm_engine->get_regs(v, &r);
        r.rax = entry.eax;
        r.rbx = entry.ebx;
        vm_engine->set_regs(v, &r);
        vm->on_end = guest_ended;
        rc = vm_start(vm);
    }
    if (rc == QV_OK)
        rc = sched_add_vcpu(v, 0);
    if (rc != QV_OK) {
        pr_err("run-guest: cannot start the guest (%s): %s", qv_strerror_name(rc),
               err[0] ? err : qv_strerror(rc));
        vm_end(vm, VM_END_STOPPED, -1);
        vm_destroy(vm);
        return rc;
    }
    pr_info("run-guest: %s image, %zu bytes, cmdline \"%s\"%s, %llu MiB RAM",
            is_elf(img, len) ? "Multiboot ELF32" : "flat real-mode", len,
            after_tag(k->string, KERNEL_TAG), m ? ", with a module" : "",
            (unsigned long long)(ram >> 20));
    return QV_OK;
}
