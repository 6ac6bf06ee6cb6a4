/* The PC platform VM; see platform_pc.h. Wiring only: every device is a
 * host-tested model under devices/, this file connects them to one VM. */
#include "core/vm/platform_pc.h"
#include "arch/x86_64/cpu/percpu.h"
#include "arch/x86_64/cpu/tsc.h"
#include "core/log/console_input.h"
#include "core/mm/heap.h"
#include "core/sched/sched.h"
#include "core/vm/engine.h"
#include "core/vm/fwtables/acpi_build.h"
#include "core/vm/fwtables/mptable.h"
#include "core/vm/iobus.h"
#include "core/vm/loader.h"
#include "core/vm/loader_linux.h"
#include "core/vm/vclock_host.h"
#include "core/vm/vm_console.h"
#include "devices/debug_exit.h"
#include "devices/fw_cfg.h"
#include "devices/mmio_testdev.h"
#include "devices/irq_router.h"
#include "devices/pit8254.h"
#include "devices/pm_timer.h"
#include "devices/port61.h"
#include "devices/rtc_cmos.h"
#include "devices/uart16550.h"
#include "devices/virtio/virtio_blk.h"
#include "devices/virtio/virtio_console.h"
#include "devices/virtio/virtio_mmio.h"
#include "devices/virtio/virtio_net.h"
#include "devices/virtio/virtio_rng.h"
#include "lib/errors.h"
#include "lib/printk.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "pqc/pqc.h"

#define PC_ACPI_GPA 0xE0000ull
#define PC_MPTABLE_GPA 0xF0000ull
#define PC_TABLES_MAX 0x10000u
#define PC_EBDA 0x9FC00ull
#define GSI_PIT 0
#define GSI_COM1 4
#define GSI_RTC 8
#define GSI_SCI 9

enum pc_virtio { PCV_BLK, PCV_NET, PCV_CONSOLE, PCV_RNG, PCV_MAX };

struct pc_devices {
    struct iobus bus; /* first: vm->devices points here */
    struct vm *vm;
    unsigned nvcpus;
    struct pic pic;
    struct ioapic ioapic;
    struct lapic lapics[PC_MAX_VCPUS];
    struct irq_router router;
    struct irq_line irq_pit, irq_com1, irq_rtc, irq_sci;
    struct pit8254 pit;
    struct port61 p61;
    struct rtc_cmos rtc;
    struct pm_timer pm;
    struct uart16550 com1;
    struct fw_cfg fw;
    struct mmio_testdev testdev;
    struct guest_mem gmem;
    bool have[PCV_MAX];
    struct virtio_mmio_dev vio[PCV_MAX];
    uint64_t seen_features[PCV_MAX];
    struct virtio_blk blk;
    struct virtio_net net;
    struct netswitch_port port;
    struct virtio_console vcon;
    struct virtio_rng rng;
    bool vcon_echo;
    bool console_owner; /* receives the hypervisor console's keyboard input */
    struct vm_irqchip chip;
};

static struct pc_devices *pc_of(struct vm *vm) { return vm->devices; }

/* ---------------------------------------------------------------- interrupts */

static void chip_poll(void *ctx, struct vcpu *v, uint64_t now)
{
    struct pc_devices *d = ctx;
    irq_router_timer_update(&d->router, v->id, now);
    if (v->id != 0)
        return; /* platform timers are advanced by the boot vCPU */
    /* Remember what each driver negotiated: a guest reset (power-off) clears it. */
    for (unsigned i = 0; i < PCV_MAX; i++)
        if (d->vio[i].features)
            d->seen_features[i] = d->vio[i].features;
    uint64_t f = iobus_lock(&d->bus);
    if (d->console_owner) {
        char in[32];
        size_t n = console_input_take(in, MIN(sizeof in, uart_rx_room(&d->com1)));
        if (n)
            uart_receive(&d->com1, in, n);
    }
    pit_update(&d->pit, now);
    rtc_update(&d->rtc, now);
    pm_timer_update(&d->pm, now);
    uart_update(&d->com1, now);
    iobus_unlock(&d->bus, f);
    if (d->have[PCV_NET]) {
        virtio_mmio_lock(&d->vio[PCV_NET]);
        virtio_net_poll(&d->net); /* frames the switch queued for us */
        virtio_mmio_unlock(&d->vio[PCV_NET]);
    }
    if (d->have[PCV_CONSOLE]) {
        virtio_mmio_lock(&d->vio[PCV_CONSOLE]);
        virtio_console_poll(&d->vcon);
        virtio_mmio_unlock(&d->vio[PCV_CONSOLE]);
    }
}

static bool chip_has(void *ctx, struct vcpu *v)
{
    return irq_router_has_interrupt(&((struct pc_devices *)ctx)->router, v->id);
}

static int chip_ack(void *ctx, struct vcpu *v)
{
    return irq_router_ack_interrupt(&((struct pc_devices *)ctx)->router, v->id);
}

static bool chip_nmi(void *ctx, struct vcpu *v)
{
    return irq_router_take_nmi(&((struct pc_devices *)ctx)->router, v->id);
}

#define MSR_APIC_BASE 0x1B
#define MSR_TSC_DEADLINE 0x6E0

static int chip_msr(void *ctx, struct vcpu *v, bool write, uint32_t msr, uint64_t *val)
{
    struct pc_devices *d = ctx;
    if (msr != MSR_APIC_BASE && msr != MSR_TSC_DEADLINE && !lapic_msr_owned(msr))
        return QV_ERR_NOENT;
    return write ? irq_router_msr_write(&d->router, v->id, msr, *val)
                 : irq_router_msr_read(&d->router, v->id, msr, val);
}

static void router_kick(void *ctx, unsigned vcpu)
{
    /* A halted vCPU is re-examined on its CPU's next 1 kHz tick. */
    (void)ctx;
    (void)vcpu;
}

static void router_init(void *ctx, unsigned idx)
{
    struct pc_devices *d = ctx;
    struct vcpu *v = vm_get_vcpu(d->vm, idx);
    if (v && idx != 0) /* INIT to the BSP is not a reset we support */
        v->wait_sipi = true;
}

static void router_sipi(void *ctx, unsigned idx, uint8_t vector)
{
    struct pc_devices *d = ctx;
    struct vcpu *v = vm_get_vcpu(d->vm, idx);
    if (!v || !v->wait_sipi || v->running)
        return;
    /* SDM vol. 3A §8.4.3: the AP starts in real mode at CS = vector << 8, IP = 0. */
    vm_engine->vcpu_setup(v, VCPU_START_REAL, (uint64_t)vector << 12, 0);
    v->halted = false;
    __atomic_store_n(&v->wait_sipi, false, __ATOMIC_RELEASE);
}

static const struct irq_router_ops router_ops = { router_kick, router_init, router_sipi };

/* ---------------------------------------------------------------- glue */

static void com1_tx(void *ctx, uint8_t byte)
{
    char c = (char)byte;
    vm_console_write(ctx, &c, 1);
}

static void vcon_out(void *ctx, const uint8_t *buf, size_t n)
{
    struct vm *vm = ctx;
    struct pc_devices *d = pc_of(vm);
    vm_console_write(vm, (const char *)buf, n);
    if (d->vcon_echo) /* loopback for tests: what the guest writes comes back */
        virtio_console_input(&d->vcon, buf, n);
}

static void poweroff(void *ctx) { vm_end(ctx, VM_END_POWEROFF, 0); }

static int gmem_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
    return vm_read_memory(ctx, gpa, buf, len);
}

static int gmem_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
    return vm_write_memory(ctx, gpa, buf, len);
}

static int writer_zero(void *ctx, uint64_t gpa, size_t len)
{
    static const uint8_t zeros[512];
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

static spinlock_t drbg_lock = SPINLOCK_INIT; /* pqc_random is not reentrant */

static int entropy(void *ctx, uint8_t *buf, size_t n)
{
    (void)ctx;
    uint64_t f = spin_lock_irqsave(&drbg_lock);
    int rc = pqc_random(buf, n); /* the PQC DRBG, seeded from RDSEED/RDRAND */
    spin_unlock_irqrestore(&drbg_lock, f);
    return rc;
}

static void blk_fault(void *ctx, int err) { virtio_mmio_set_needs_reset(ctx, err); }

/* ---------------------------------------------------------------- build */

static int add_virtio(struct pc_devices *d, enum pc_virtio which, const struct virtio_backend *be,
                      void *be_ctx, bool no_packed)
{
    struct irq_line irq = { irq_router_sink(&d->router), PC_VIRTIO_GSI_BASE + which };
    irq_router_set_active_low(&d->router, irq.gsi, false);
    int rc = virtio_mmio_init(&d->vio[which], be, be_ctx, &d->gmem, irq);
    if (rc)
        return rc;
    if (no_packed)
        d->vio[which].device_features &= ~(1ull << VIRTIO_F_RING_PACKED);
    d->have[which] = true;
    return iobus_register_mmio(&d->bus, PC_VIRTIO_BASE + 0x1000ull * which, VIRTIO_MMIO_SIZE,
                               &virtio_mmio_ops, &d->vio[which], be->name);
}

static int attach_queues(struct pc_devices *d, enum pc_virtio which,
                         int (*attach)(void *dev, unsigned qi, struct virtqueue *q), void *dev,
                         unsigned nq)
{
    for (unsigned qi = 0; qi < nq; qi++) {
        int rc = attach(dev, qi, virtio_mmio_queue(&d->vio[which], qi));
        if (rc)
            return rc;
    }
    return QV_OK;
}

static int blk_attach(void *dev, unsigned qi, struct virtqueue *q) { return virtio_blk_attach_queue(dev, qi, q); }
static int net_attach(void *dev, unsigned qi, struct virtqueue *q) { return virtio_net_attach_queue(dev, qi, q); }
static int con_attach(void *dev, unsigned qi, struct virtqueue *q) { return virtio_console_attach_queue(dev, qi, q); }
static int rng_attach(void *dev, unsigned qi, struct virtqueue *q) { return virtio_rng_attach_queue(dev, qi, q); }

static int build_devices(struct pc_devices *d, const struct pc_config *cfg)
{
    struct vm *vm = d->vm;
    const struct vclock *clk = &host_vclock;
    uint64_t tsc_hz = tsc_khz() * 1000;
    for (unsigned i = 0; i < d->nvcpus; i++) {
        lapic_init(&d->lapics[i], i, i, i == 0, clk, NULL, NULL);
        lapic_set_tsc(&d->lapics[i], tsc_hz, tsc_at_boot_clock_zero());
    }
    int rc = irq_router_init(&d->router, d->lapics, d->nvcpus, &d->ioapic, &d->pic, clk,
                             &router_ops, d);
    if (rc == QV_OK)
        rc = irq_router_register(&d->router, &d->bus);
    const struct irq_sink *sink = irq_router_sink(&d->router);
    d->irq_pit = (struct irq_line){ sink, GSI_PIT };
    d->irq_com1 = (struct irq_line){ sink, GSI_COM1 };
    d->irq_rtc = (struct irq_line){ sink, GSI_RTC };
    d->irq_sci = (struct irq_line){ sink, GSI_SCI };
    pit_init(&d->pit, clk, &d->irq_pit);
    port61_init(&d->p61, &d->pit);
    uint64_t below4g = MIN(cfg->ram, GiB(3)), above4g = cfg->ram - below4g;
    rtc_init(&d->rtc, clk, &d->irq_rtc, 1764028800 /* 2025-11-25, no host RTC read yet */,
             below4g, above4g);
    pm_timer_init(&d->pm, clk, &d->irq_sci, false, poweroff, vm);
    uart_init(&d->com1, clk, &d->irq_com1, com1_tx, vm);
    fw_cfg_init(&d->fw, (uint16_t)d->nvcpus, cfg->ram);
    if (rc == QV_OK) rc = pit_register(&d->bus, &d->pit);
    if (rc == QV_OK) rc = port61_register(&d->bus, &d->p61);
    if (rc == QV_OK) rc = rtc_register(&d->bus, &d->rtc);
    if (rc == QV_OK)
        rc = pm_timer_register(&d->bus, &d->pm, PM1A_EVT_PORT_DEFAULT, PM1A_CNT_PORT_DEFAULT,
                               PM_TMR_PORT_DEFAULT);
    if (rc == QV_OK) rc = uart_register(&d->bus, &d->com1, UART_COM1_BASE);
    if (rc == QV_OK) rc = fw_cfg_register(&d->bus, &d->fw);
    if (rc == QV_OK) rc = debug_exit_attach(vm, &d->bus);
    if (rc == QV_OK) rc = mmio_testdev_attach(&d->bus, &d->testdev);

    d->gmem = (struct guest_mem){ gmem_read, gmem_write, vm };
    if (rc == QV_OK && cfg->disk) {
        rc = virtio_blk_init(&d->blk, cfg->disk, cfg->disk_len, false, "qv-disk0");
        if (rc == QV_OK)
            rc = add_virtio(d, PCV_BLK, &d->blk.be, &d->blk, cfg->no_packed_rings);
        if (rc == QV_OK) {
            virtio_blk_set_fault_hook(&d->blk, blk_fault, &d->vio[PCV_BLK]);
            rc = attach_queues(d, PCV_BLK, blk_attach, &d->blk, d->blk.be.num_queues);
        }
    }
    if (rc == QV_OK && cfg->sw) {
        rc = netswitch_attach(cfg->sw, &d->port, cfg->mac, NULL, NULL);
        rc = rc < 0 ? rc : QV_OK; /* >= 0 is the port number */
        if (rc == QV_OK)
            rc = virtio_net_init(&d->net, cfg->mac, &d->port);
        if (rc == QV_OK)
            rc = add_virtio(d, PCV_NET, &d->net.be, &d->net, cfg->no_packed_rings);
        if (rc == QV_OK)
            rc = attach_queues(d, PCV_NET, net_attach, &d->net, d->net.be.num_queues);
    }
    d->vcon_echo = cfg->virtio_console_echo;
    d->console_owner = cfg->console_input;
    if (rc == QV_OK && cfg->virtio_console) {
        rc = virtio_console_init(&d->vcon, vcon_out, vm, 80, 25);
        if (rc == QV_OK)
            rc = add_virtio(d, PCV_CONSOLE, &d->vcon.be, &d->vcon, cfg->no_packed_rings);
        if (rc == QV_OK)
            rc = attach_queues(d, PCV_CONSOLE, con_attach, &d->vcon, d->vcon.be.num_queues);
    }
    if (rc == QV_OK && cfg->virtio_rng) {
        rc = virtio_rng_init(&d->rng, entropy, NULL);
        if (rc == QV_OK)
            rc = add_virtio(d, PCV_RNG, &d->rng.be, &d->rng, cfg->no_packed_rings);
        if (rc == QV_OK)
            rc = attach_queues(d, PCV_RNG, rng_attach, &d->rng, d->rng.be.num_queues);
    }
    return rc;
}

/* ACPI tables at 0xE0000 and an MP table at 0xF0000 (guest firmware area). */
static int build_tables(struct pc_devices *d)
{
    struct fw_vm_desc *desc = kzalloc(sizeof *desc);
    uint8_t *buf = kmalloc(PC_TABLES_MAX);
    int rc = desc && buf ? QV_OK : QV_ERR_NOMEM;
    if (rc == QV_OK) {
        desc->ncpus = d->nvcpus;
        for (unsigned i = 0; i < d->nvcpus; i++)
            desc->lapic_ids[i] = i;
        desc->ioapic_id = (uint8_t)d->nvcpus;
        desc->nisos = 2;
        desc->isos[0] = (struct fw_iso){ 0, 2, 0 };
        desc->isos[1] = (struct fw_iso){ GSI_SCI, GSI_SCI, FW_INTI_ACTIVE_HIGH | FW_INTI_LEVEL };
        desc->pm_tmr_port = PM_TMR_PORT_DEFAULT;
        desc->pm1a_evt_port = PM1A_EVT_PORT_DEFAULT;
        desc->pm1a_cnt_port = PM1A_CNT_PORT_DEFAULT;
        desc->sci_irq = GSI_SCI;
        desc->s5_slp_typ = PM_SLP_TYP_S5;
        desc->have_rtc = true;
        for (unsigned i = 0; i < PCV_MAX; i++)
            if (d->have[i])
                desc->virtio_mmio[desc->nvirtio++] = (struct fw_virtio_mmio){
                    PC_VIRTIO_BASE + 0x1000ull * i, VIRTIO_MMIO_SIZE, PC_VIRTIO_GSI_BASE + i, false };
        size_t used = 0;
        uint64_t rsdp = 0;
        rc = fw_build_acpi(desc, PC_ACPI_GPA, buf, PC_TABLES_MAX, &used, &rsdp);
        if (rc == QV_OK)
            rc = vm_write_memory(d->vm, PC_ACPI_GPA, buf, used);
        if (rc == QV_OK)
            rc = fw_build_mptable(desc, PC_MPTABLE_GPA, buf, PC_TABLES_MAX, &used);
        if (rc == QV_OK)
            rc = vm_write_memory(d->vm, PC_MPTABLE_GPA, buf, used);
    }
    kfree(buf);
    kfree(desc);
    return rc;
}

static int load_kernel(struct pc_devices *d, const struct pc_config *cfg, struct vcpu *bsp)
{
    const struct e820_entry e820[] = {
        { 0, PC_EBDA, E820_TYPE_RAM },
        { PC_EBDA, 0xA0000 - PC_EBDA, E820_TYPE_RESERVED },
        { PC_ACPI_GPA, 0x100000 - PC_ACPI_GPA, E820_TYPE_RESERVED },
        { 0x100000, cfg->ram - 0x100000, E820_TYPE_RAM },
    };
    struct guest_mem_writer w = { gmem_write, writer_zero, cfg->ram, d->vm };
    struct linux_entry le;
    char err[160] = "";
    int rc = load_linux_bzimage(&w, cfg->kernel, cfg->kernel_len, cfg->cmdline, cfg->initrd,
                                cfg->initrd_len, e820, ARRAY_SIZE(e820), &le, err, sizeof err);
    if (rc) {
        pr_err("vm %s: Linux kernel rejected: %s", d->vm->name, err);
        return rc;
    }
    vm_engine->vcpu_setup(bsp, VCPU_START_LONG, le.rip, le.cr3);
    vm_engine->set_gdtr(bsp, le.gdt_base, le.gdt_limit);
    bsp->regs.rsi = le.rsi;
    lapic_setup_virtual_wire(&d->lapics[0]);
    pr_info("vm %s: Linux boot protocol %x.%02x, kernel at 0x%llx, initrd %llu KiB at 0x%llx",
            d->vm->name, le.protocol >> 8, le.protocol & 0xff, (unsigned long long)le.kernel_gpa,
            (unsigned long long)(le.initrd_len >> 10), (unsigned long long)le.initrd_gpa);
    return QV_OK;
}

#define FLAT_LOAD_GPA 0x1000

static bool is_elf(const uint8_t *p, size_t len)
{
    return len >= 4 && p[0] == 0x7f && p[1] == 'E' && p[2] == 'L' && p[3] == 'F';
}

/* A test-suite kernel: Multiboot-1 ELF32 (32-bit protected mode, EAX/EBX per
 * Multiboot 0.6.96 §3.2) or a flat binary started in real mode. */
static int load_test_kernel(struct pc_devices *d, const struct pc_config *cfg, struct vcpu *bsp)
{
    struct guest_mem_writer w = { gmem_write, writer_zero, cfg->ram, d->vm };
    struct guest_entry entry;
    char err[160] = "";
    int rc = is_elf(cfg->kernel, cfg->kernel_len)
                 ? load_multiboot1(&w, cfg->kernel, cfg->kernel_len, cfg->cmdline, cfg->initrd,
                                   cfg->initrd_len, cfg->module_string, &entry, err, sizeof err)
                 : load_flat(&w, cfg->kernel, cfg->kernel_len, FLAT_LOAD_GPA, &entry);
    if (rc) {
        pr_err("vm %s: guest image rejected: %s", d->vm->name, err[0] ? err : qv_strerror(rc));
        return rc;
    }
    vm_engine->vcpu_setup(bsp, entry.mode == GUEST_START_REAL ? VCPU_START_REAL
                                                              : VCPU_START_PROTECTED,
                          entry.entry, 0);
    bsp->regs.rax = entry.eax;
    bsp->regs.rbx = entry.ebx;
    lapic_setup_virtual_wire(&d->lapics[0]);
    return QV_OK;
}

int pc_vm_create(const struct pc_config *cfg, struct vm **out)
{
    if (!cfg->nvcpus || cfg->nvcpus > PC_MAX_VCPUS || cfg->ram < MiB(2) || cfg->ram > GiB(3) ||
        !cfg->kernel)
        return QV_ERR_INVAL;
    struct vm *vm = vm_create(cfg->name, cfg->nvcpus, cfg->ram);
    if (!vm)
        return QV_ERR_NOMEM;
    vm->on_end = cfg->on_end;
    struct pc_devices *d = kzalloc(sizeof *d);
    int rc = d ? QV_OK : QV_ERR_NOMEM;
    if (rc == QV_OK) {
        vm->devices = d; /* freed with the VM */
        d->vm = vm;
        d->nvcpus = cfg->nvcpus;
        rc = vm_add_memory_region(vm, 0, cfg->ram, VM_MEM_RWX);
    }
    for (unsigned i = 0; rc == QV_OK && i < cfg->nvcpus; i++)
        if (!vm_add_vcpu(vm, i))
            rc = QV_ERR_NOMEM;
    if (rc == QV_OK)
        rc = build_devices(d, cfg);
    if (rc == QV_OK)
        rc = build_tables(d);
    if (rc == QV_OK)
        rc = cfg->test_kernel ? load_test_kernel(d, cfg, vm->vcpus[0])
                              : load_kernel(d, cfg, vm->vcpus[0]);
    if (rc == QV_OK) {
        for (unsigned i = 1; i < cfg->nvcpus; i++) {
            vm->vcpus[i]->wait_sipi = true; /* APs wait for INIT-SIPI-SIPI */
            vm->vcpus[i]->halted = true;
        }
        d->chip = (struct vm_irqchip){ chip_poll, chip_has, chip_ack, chip_nmi, chip_msr, d };
        vm->irqchip = &d->chip;
        rc = vm_start(vm);
    }
    if (rc == QV_OK) {
        pr_info("vm %s: PC platform, %u vCPUs, %llu MiB, %s%s%s%s", vm->name, cfg->nvcpus,
                (unsigned long long)(cfg->ram >> 20), d->have[PCV_BLK] ? "virtio-blk " : "",
                d->have[PCV_NET] ? "virtio-net " : "", d->have[PCV_CONSOLE] ? "virtio-console " : "",
                d->have[PCV_RNG] ? "virtio-rng" : "");
        if (out)
            *out = vm;
        for (unsigned i = 0; i < cfg->nvcpus && rc == QV_OK; i++)
            rc = sched_add_vcpu(vm->vcpus[i], (cfg->first_pcpu + i) % cpus_online);
        return rc; /* the VM now belongs to the scheduler */
    }
    pr_err("vm %s: cannot build the PC platform: %s (%d)", cfg->name, qv_strerror(rc), rc);
    vm_end(vm, VM_END_STOPPED, -1);
    vm_destroy(vm);
    return rc;
}

void pc_vm_report(struct vm *vm)
{
    static const char *const names[PCV_MAX] = { "virtio-blk", "virtio-net", "virtio-console",
                                                "virtio-rng" };
    struct pc_devices *d = pc_of(vm);
    for (unsigned i = 0; i < PCV_MAX; i++) {
        if (!d->have[i])
            continue;
        uint64_t f = d->seen_features[i];
        pr_info("vm %s: %s negotiated %s rings, features 0x%llx", vm->name, names[i],
                (f >> VIRTIO_F_RING_PACKED) & 1 ? "packed" : "split", (unsigned long long)f);
    }
}

void pc_vm_console_input(struct vm *vm, const char *buf, size_t n)
{
    struct pc_devices *d = pc_of(vm);
    uart_receive(&d->com1, buf, n);
}
