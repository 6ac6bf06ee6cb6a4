/* Linux guests from boot modules; see linux_boot.h. */
#include "core/vm/linux_boot.h"
#include "arch/x86_64/cpu/tsc.h"
#include "core/debug/panic.h"
#include "core/mm/heap.h"
#include "core/mm/phys.h"
#include "core/vm/platform_pc.h"
#include "lib/errors.h"
#include "lib/printf.h"
#include "lib/printk.h"
#include "lib/string.h"

static struct netswitch the_switch;
static volatile unsigned vms_running;
static volatile int worst_code;

bool linux_boot_requested(const struct mb2_info *mb) { return mb2_find_module(mb, "linux-kernel") != NULL; }

static void linux_ended(struct vm *vm)
{
    bool clean = vm->end_reason == VM_END_POWEROFF ||
                 ((vm->end_reason == VM_END_EXIT_PORT || vm->end_reason == VM_END_HYPERCALL) &&
                  vm->exit_code == 0);
    int code = clean ? 0 : vm->end_reason == VM_END_EXIT_PORT ? (vm->exit_code & 0x7f) : 126;
    pc_vm_report(vm);
    printk(LOG_EMERG, "QV-LINUX-VM %s: %s, exit code %d", vm->name,
           vm_end_reason_name(vm->end_reason), vm->exit_code);
    if (code > worst_code)
        worst_code = code;
    if (__atomic_sub_fetch(&vms_running, 1, __ATOMIC_SEQ_CST) == 0 && machine_test_mode())
        machine_halt(worst_code);
}

int linux_boot_start(const struct mb2_info *mb, uint64_t ram, unsigned nvcpus, unsigned nvms,
                     bool packed_rings, bool console_echo)
{
    const struct mb2_module *k = mb2_find_module(mb, "linux-kernel"), *i = mb2_find_module(mb, "linux-initrd"),
                            *dk = mb2_find_module(mb, "linux-disk");
    if (!k)
        return QV_ERR_NOENT;
    const char *cmdline = k->string + strlen("linux-kernel");
    while (*cmdline == ' ')
        cmdline++;
    netswitch_init(&the_switch);
    vms_running = nvms;
    for (unsigned n = 0; n < nvms; n++) {
        struct pc_config cfg = { 0 };
        char name[16], cl[MB2_MODULE_STRING_MAX + 32];
        qv_snprintf(name, sizeof name, "linux-%c", 'a' + n);
        /* "@VM@" in the command line becomes this VM's letter (a, b):
         * e.g. qv.test=net-@VM@ gives each VM its side of the network test. */
        size_t o = 0;
        for (const char *p = cmdline; *p && o + 2 < sizeof cl; p++) {
            if (!strncmp(p, "@VM@", 4)) {
                cl[o++] = (char)('a' + n);
                p += 3;
            } else {
                cl[o++] = *p;
            }
        }
        cl[o] = 0;
        /* The guest reads the host TSC directly: tell Linux its frequency, as
         * PIT calibration under emulation is unreliable (platform.md). */
        if (!strstr(cl, "tsc_early_khz=") && o + 40 < sizeof cl)
            qv_snprintf(cl + o, sizeof cl - o, " tsc_early_khz=%llu",
                        (unsigned long long)tsc_khz());
        cfg.name = name;
        cfg.nvcpus = nvcpus;
        cfg.ram = ram;
        cfg.kernel = phys_to_virt(k->start);
        cfg.kernel_len = k->end - k->start;
        cfg.cmdline = cl;
        if (i) {
            cfg.initrd = phys_to_virt(i->start);
            cfg.initrd_len = i->end - i->start;
        }
        if (dk && n == 0) { /* the disk image belongs to the first VM */
            cfg.disk = phys_to_virt(dk->start);
            cfg.disk_len = dk->end - dk->start;
        }
        if (nvms > 1) {
            static const uint8_t base_mac[6] = { 0x52, 0x54, 0x00, 0x51, 0x56, 0x00 };
            memcpy(cfg.mac, base_mac, 6);
            cfg.mac[5] = (uint8_t)(n + 1);
            cfg.sw = &the_switch;
        }
        cfg.virtio_console = true;
        cfg.virtio_console_echo = console_echo;
        cfg.virtio_rng = true;
        cfg.no_packed_rings = !packed_rings;
        cfg.first_pcpu = n;
        cfg.console_input = n == 0;
        cfg.on_end = linux_ended;
        int rc = pc_vm_create(&cfg, NULL);
        if (rc)
            return rc;
    }
    return QV_OK;
}
