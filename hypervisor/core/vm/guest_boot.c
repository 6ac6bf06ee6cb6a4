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
#include "core/vm/platform_pc.h"
#include "lib/errors.h"
#include "lib/printk.h"
#include "lib/string.h"

#define KERNEL_TAG "guest-kernel"
#define MODULE_TAG "guest-module"

static const char *after_tag(const char *s, const char *tag)
{
    s += strlen(tag);
    while (*s == ' ')
        s++;
    return s;
}

bool guest_boot_requested(const struct mb2_info *mb) { return mb2_find_module(mb, KERNEL_TAG) != NULL; }



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
    const struct mb2_module *k = mb2_find_module(mb, KERNEL_TAG), *m = mb2_find_module(mb, MODULE_TAG);
    if (!k)
        return QV_ERR_NOENT;
    /* The PC platform gives test-suite kernels what they expect (platform.md):
     * COM1, the exit port, fw_cfg with the CPU count and RAM size, LAPICs that
     * take INIT/SIPI for secondary CPUs, an IOAPIC and ACPI tables with the PM
     * timer in the 0xE0000 area. */
    struct pc_config cfg = { 0 };
    cfg.name = "guest";
    cfg.nvcpus = nvcpus;
    cfg.ram = ram;
    cfg.kernel = phys_to_virt(k->start);
    cfg.kernel_len = k->end - k->start;
    cfg.cmdline = after_tag(k->string, KERNEL_TAG);
    if (m) {
        cfg.initrd = phys_to_virt(m->start);
        cfg.initrd_len = m->end - m->start;
        cfg.module_string = after_tag(m->string, MODULE_TAG);
    }
    cfg.test_kernel = true;
    cfg.console_input = true;
    cfg.on_end = guest_ended;
    int rc = pc_vm_create(&cfg, NULL);
    if (rc != QV_OK)
        pr_err("run-guest: cannot start the guest: %s", qv_strerror_name(rc));
    else
        pr_info("run-guest: %s image, %zu bytes, cmdline \"%s\"%s, %llu MiB RAM, %u vCPUs",
                is_elf(cfg.kernel, cfg.kernel_len) ? "Multiboot ELF32" : "flat real-mode",
                cfg.kernel_len, cfg.cmdline, m ? ", with a module" : "",
                (unsigned long long)(ram >> 20), nvcpus);
    return rc;
}
