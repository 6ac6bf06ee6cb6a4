/* kmain: the boot sequence, from the Multiboot2 handover to a running,
 * fully-checked machine. Each step either succeeds or stops the machine with
 * a message naming what is wrong. */
#include "arch/x86_64/cpu/features.h"
#include "arch/x86_64/cpu/lapic.h"
#include "arch/x86_64/cpu/paging.h"
#include "arch/x86_64/cpu/smp.h"
#include "arch/x86_64/cpu/traps.h"
#include "arch/x86_64/cpu/tsc.h"
#include "arch/x86_64/cpu/x86.h"
#include "core/boot/bootinfo.h"
#include "core/debug/panic.h"
#include "core/log/console.h"
#include "core/mm/heap.h"
#include "core/mm/kframes.h"
#include "core/mm/phys.h"
#include "core/sched/sched.h"
#include "core/test/scenarios.h"
#include "core/vm/guest_boot.h"
#include "core/vm/linux_boot.h"
#include "core/vm/vm_boot.h"
#include "drivers/serial/uart16550.h"
#include "lib/errors.h"
#include "pqc/pqc.h"
#include "lib/printf.h"
#include "lib/printk.h"
#include "lib/string.h"

#define QV_VERSION "0.1.0"

struct bootinfo boot;
struct frame_alloc kernel_frames;
struct heap kernel_heap;

extern char __kernel_start[], __kernel_end[];

static void com1_write(const char *s, size_t n) { hostuart_write(COM1_PORT, s, n); }

/* ---------------------------------------------------------------- memory */

struct range {
    uint64_t base, end;
};

static bool overlaps(uint64_t b, uint64_t e, const struct range *r, unsigned n, uint64_t *skip_to)
{
    for (unsigned i = 0; i < n; i++)
        if (b < r[i].end && r[i].base < e) {
            *skip_to = r[i].end;
            return true;
        }
    return false;
}

static void memory_init(uint64_t mbi_pa)
{
    const struct mb2_info *mb = &boot.mb2;
    if (!(mb->present & MB2_HAVE_MMAP))
        panic("boot loader gave no memory map (Multiboot2 tag 6)");

    /* Everything the allocator must never hand out. */
    struct range busy[MB2_MAX_MODULES + 4];
    unsigned nbusy = 0;
    busy[nbusy++] = (struct range){ 0, MiB(1) };
    busy[nbusy++] = (struct range){ (uint64_t)__kernel_start, (uint64_t)__kernel_end };
    busy[nbusy++] = (struct range){ mbi_pa, mbi_pa + mb->total_size };
    for (unsigned i = 0; i < mb->module_count; i++)
        busy[nbusy++] = (struct range){ ALIGN_DOWN((uint64_t)mb->modules[i].start, PAGE_SIZE),
                                        ALIGN_UP((uint64_t)mb->modules[i].end, PAGE_SIZE) };

    uint64_t max_pa = 0, usable = 0;
    for (unsigned i = 0; i < mb->mmap_count; i++) {
        const struct mb2_mmap_entry *e = &mb->mmap[i];
        if (e->type != MB2_MMAP_AVAILABLE || e->len == 0)
            continue;
        usable += e->len;
        max_pa = MAX(max_pa, e->base + e->len);
    }
    max_pa = MIN(max_pa, GiB(512));
    boot.max_ram_pa = max_pa;
    boot.usable_bytes = usable;

    /* Place the bitmap in the first usable gap that is below 4 GiB (mapped). */
    size_t words = frame_bitmap_words(max_pa);
    uint64_t need = ALIGN_UP(words * sizeof(uint64_t), PAGE_SIZE), bitmap_pa = 0;
    for (unsigned i = 0; i < mb->mmap_count && !bitmap_pa; i++) {
        const struct mb2_mmap_entry *e = &mb->mmap[i];
        if (e->type != MB2_MMAP_AVAILABLE)
            continue;
        uint64_t b = ALIGN_UP(MAX(e->base, MiB(1)), PAGE_SIZE), end = MIN(e->base + e->len, GiB(4));
        uint64_t skip;
        while (b + need <= end) {
            if (!overlaps(b, b + need, busy, nbusy, &skip)) {
                bitmap_pa = b;
                break;
            }
            b = ALIGN_UP(skip, PAGE_SIZE);
        }
    }
    if (!bitmap_pa)
        panic("no room below 4 GiB for the %llu-byte frame bitmap", (unsigned long long)need);

    frame_init(&kernel_frames, max_pa, phys_to_virt(bitmap_pa), words);
    for (unsigned i = 0; i < mb->mmap_count; i++) {
        const struct mb2_mmap_entry *e = &mb->mmap[i];
        if (e->type == MB2_MMAP_AVAILABLE)
            frame_add_free(&kernel_frames, e->base, e->len);
    }
    frame_reserve(&kernel_frames, 0, MiB(1), "BIOS + AP trampoline");
    frame_reserve(&kernel_frames, (uint64_t)__kernel_start,
                  (uint64_t)__kernel_end - (uint64_t)__kernel_start, "hypervisor image");
    frame_reserve(&kernel_frames, mbi_pa, mb->total_size, "multiboot2 info");
    frame_reserve(&kernel_frames, bitmap_pa, need, "frame bitmap");
    for (unsigned i = 0; i < mb->module_count; i++)
        frame_reserve(&kernel_frames, busy[3 + i].base, busy[3 + i].end - busy[3 + i].base,
                      "boot module");

    int rc = paging_map_identity(&kernel_frames, max_pa, boot_cpu.pdpe1gb);
    if (rc)
        panic("cannot map RAM above 4 GiB: %s", qv_strerror(rc));
    heap_init(&kernel_heap, &kernel_frames);
    heap_set_lock(kmem_lock, kmem_unlock);
}

/* ---------------------------------------------------------------- measured boot */

static void measurements_init(void)
{
    if (!(boot.mb2.present & MB2_HAVE_QV_MEASURE))
        return;
    uint64_t a = boot.mb2.qv_measure.addr, n = boot.mb2.qv_measure.size;
    if (a >= GiB(4) || n > MiB(1) || a + n > GiB(4)) {
        pr_err("measured boot: log at 0x%llx (%llu bytes) is outside the mapped memory",
               (unsigned long long)a, (unsigned long long)n);
        return;
    }
    int rc = mlog_parse(phys_to_virt(a), n, &boot.measurements);
    if (rc) {
        pr_err("measured boot: malformed log (%s)", qv_strerror_name(rc));
        return;
    }
    pr_info("measured boot: %u entries from the %s loader (SHA3-256)", boot.measurements.count,
            boot.measurements.loader);
    for (unsigned i = 0; i < boot.measurements.count; i++) {
        const struct mlog_entry *e = &boot.measurements.e[i];
        char hex[65];
        for (int j = 0; j < 32; j++)
            qv_snprintf(hex + 2 * j, 3, "%02x", e->sha3_256[j]);
        pr_info("  %s %s (%llu bytes%s)", hex, e->name, (unsigned long long)e->data_len,
                e->flags & MLOG_FLAG_VERIFIED ? ", signature verified" : "");
    }
}

/* ---------------------------------------------------------------- ACPI */

static const void *acpi_map_identity(void *ctx, uint64_t pa, size_t len)
{
    (void)ctx;
    /* The boot identity map covers the first 4 GiB, where firmware puts its tables. */
    if (pa >= GiB(4) || len > GiB(4) - pa)
        return NULL;
    return phys_to_virt(pa);
}

static void acpi_init(void)
{
    struct acpi_mem mem = { acpi_map_identity, NULL };
    int rc;
    if (boot.mb2.rsdp_version)
        rc = acpi_parse(&mem, boot.mb2.rsdp, boot.mb2.rsdp_len, &boot.acpi);
    else
        rc = acpi_discover(&mem, &boot.acpi);
    boot.acpi_ok = rc == QV_OK;
    if (rc)
        pr_err("acpi: %s (%s); continuing with one CPU and no ACPI devices", boot.acpi.error,
               qv_strerror_name(rc));
    else
        acpi_print_summary(&boot.acpi);
}

/* ---------------------------------------------------------------- time */

static void timer_selftest(void)
{
    /* Periodic: 100 Hz for 50 ms must give about 5 ticks. */
    uint64_t t0 = this_cpu()->timer_ticks;
    hw_lapic_timer_periodic(100, VEC_LAPIC_TIMER);
    sti();
    udelay(50000);
    hw_lapic_timer_stop();
    uint64_t periodic = this_cpu()->timer_ticks - t0;
    udelay(1000); /* let a tick that was already pending arrive before the next count */
    cli();
    /* One-shot: exactly one tick. */
    t0 = this_cpu()->timer_ticks;
    hw_lapic_timer_oneshot_ns(1000000, VEC_LAPIC_TIMER);
    sti();
    udelay(20000);
    cli();
    uint64_t oneshot = this_cpu()->timer_ticks - t0;
    pr_info("timer: LAPIC %llu Hz input; periodic 100 Hz gave %llu ticks in 50 ms, one-shot 1 ms gave %llu",
            (unsigned long long)hw_lapic_timer_hz(), (unsigned long long)periodic,
            (unsigned long long)oneshot);
    if (periodic < 2 || oneshot != 1)
        panic("LAPIC timer self-test failed (periodic %llu, one-shot %llu)",
              (unsigned long long)periodic, (unsigned long long)oneshot);
}

/* ---------------------------------------------------------------- SMP */

static void ipi_probe(void *arg)
{
    __atomic_add_fetch((volatile uint32_t *)arg, this_cpu()->apic_id + 1, __ATOMIC_SEQ_CST);
}

static void smp_init(void)
{
    uint32_t ids[ACPI_MAX_CPUS];
    unsigned n = 0;
    if (boot.acpi_ok && boot.acpi.madt.present)
        for (unsigned i = 0; i < boot.acpi.madt.ncpus; i++)
            if (boot.acpi.madt.cpus[i].enabled)
                ids[n++] = boot.acpi.madt.cpus[i].apic_id;
    unsigned max = boot.cmdline.nosmp ? 1 : boot.cmdline.maxcpus;
    smp_boot_aps(ids, n, max);
    /* Prove cross-CPU calls work: every AP adds its APIC ID + 1. */
    for (unsigned c = 1; c < MAX_CPUS; c++) {
        if (!cpu_areas[c] || !cpu_areas[c]->online)
            continue;
        volatile uint32_t sum = 0;
        int rc = smp_call_on(c, ipi_probe, (void *)&sum);
        if (rc || sum != cpu_areas[c]->apic_id + 1)
            panic("cross-CPU call to CPU %u failed: %s", c, qv_strerror(rc));
    }
    if (cpus_online > 1)
        pr_info("smp: cross-CPU function calls answered by all %u APs", cpus_online - 1);
}

/* ---------------------------------------------------------------- banner */

static void banner(void)
{
    const struct cpu_features *f = &boot_cpu;
    struct frame_stats fs;
    frame_stats(&kernel_frames, &fs);
    char ids[128] = "";
    size_t len = 0;
    for (unsigned c = 0; c < MAX_CPUS; c++)
        if (cpu_areas[c] && cpu_areas[c]->online)
            len += (size_t)qv_snprintf(ids + len, sizeof ids - MIN(len, sizeof ids - 1), "%s%u",
                                       len ? " " : "", cpu_areas[c]->apic_id);
    char tables[160] = "";
    len = 0;
    for (unsigned i = 0; boot.acpi_ok && i < boot.acpi.ntables && len < sizeof tables - 6; i++)
        len += (size_t)qv_snprintf(tables + len, sizeof tables - len, "%s%s", len ? " " : "",
                                   boot.acpi.tables[i].sig);
    pr_info("==================================================================");
    pr_info(" QuantaVirt %s - bare-metal x86-64 hypervisor", QV_VERSION);
    pr_info(" CPUs:    %u online (APIC IDs %s), %s", cpus_online, ids, f->vendor);
    pr_info(" Memory:  %llu MiB usable RAM, %llu MiB free, %llu MiB reserved",
            (unsigned long long)(boot.usable_bytes >> 20),
            (unsigned long long)(fs.free * PAGE_SIZE >> 20),
            (unsigned long long)(fs.reserved * PAGE_SIZE >> 20));
    if (f->svm)
        pr_info(" Virt:    AMD SVM%s NPT=%s NRIP=%s AVIC=%s decode-assists=%s, %u ASIDs",
                f->svm_disabled_by_bios ? " (disabled by firmware)" : "", f->npt ? "yes" : "no",
                f->nrips ? "yes" : "no", f->avic ? "yes" : "no", f->decode_assists ? "yes" : "no",
                f->svm_nasid);
    if (f->vmx)
        pr_info(" Virt:    Intel VMX%s EPT=%s VPID=%s unrestricted-guest=%s",
                f->vmx_disabled_by_bios ? " (disabled by firmware)" : "", f->ept ? "yes" : "no",
                f->vpid ? "yes" : "no", f->unrestricted_guest ? "yes" : "no");
    pr_info(" ACPI:    %s", boot.acpi_ok ? tables : "unavailable");
    pr_info(" Modules: %u", boot.mb2.module_count);
    pr_info(" TSC:     %llu.%03llu MHz (%s)", (unsigned long long)(tsc_khz() / 1000),
            (unsigned long long)(tsc_khz() % 1000), tsc_source());
    pr_info("==================================================================");
}

/* ---------------------------------------------------------------- kmain */

__noreturn void kmain(uint32_t magic, uint64_t mbi_pa)
{
    hostuart_init(COM1_PORT, 115200);
    console_register(com1_write);
    pr_info("QuantaVirt %s starting", QV_VERSION);

    if (magic != MB2_BOOTLOADER_MAGIC)
        panic("not started by a Multiboot2 loader (EAX = 0x%x, expected 0x%x)", magic,
              MB2_BOOTLOADER_MAGIC);
    uint32_t total = *(volatile uint32_t *)phys_to_virt(mbi_pa);
    int rc = mb2_parse(phys_to_virt(mbi_pa), MIN(total, (uint32_t)MiB(1)), &boot.mb2);
    if (rc)
        panic("malformed Multiboot2 information: %s (%s)", boot.mb2.error, qv_strerror_name(rc));

    char err[160];
    rc = cmdline_parse(boot.mb2.cmdline, &boot.cmdline, err, sizeof err);
    if (rc) {
        pr_err("command line rejected: %s; using defaults", err);
        cmdline_defaults(&boot.cmdline);
    }
    console_set_loglevel(boot.cmdline.loglevel);
    machine_set_test_mode(boot.cmdline.test[0] != 0 || boot.cmdline.exit_on_end);
    pr_info("command line: \"%s\" (loader: %s)", boot.mb2.cmdline, boot.mb2.loader_name);
    for (unsigned i = 0; i < boot.cmdline.unknown_count && i < CMDLINE_MAX_UNKNOWN; i++)
        pr_warn("command line: unknown parameter \"%s\" ignored", boot.cmdline.unknown[i]);

    cpu_features_detect(&boot_cpu);
    tsc_init();
    memory_init(mbi_pa);
    if (smp_init_bsp(&kernel_frames))
        panic("cannot set up the bootstrap CPU");
    hw_lapic_timer_calibrate();
    cpu_features_print(&boot_cpu);

    const char *why = NULL;
    if (!cpu_virt_usable(&boot_cpu, &why)) {
        printk(LOG_EMERG, "Error: %s (%d): %s", qv_strerror_name(QV_ERR_NOVMX), QV_ERR_NOVMX, why);
        printk(LOG_EMERG, "QuantaVirt cannot run virtual machines on this CPU; stopping.");
        machine_halt(QV_EXIT_NOVMX);
    }

    measurements_init();
    acpi_init();
    timer_selftest();
    smp_init();
    frame_dump_reservations(&kernel_frames);
    rc = pqc_init();
    if (rc)
        pr_warn("pqc: no usable backend (%s): no random numbers for guests (virtio-rng waits); "
                "the software DRBG needs RDSEED or RDRAND (QEMU: -cpu ...,+rdrand)",
                qv_strerror_name(rc));
    else
        pr_info("pqc: %s backend ready, DRBG seeded from the CPU's entropy source",
                pqc_backend_name());
    int virt_rc = virt_init();
    banner();

    if (boot.cmdline.test[0])
        test_run_scenario(boot.cmdline.test);
    if (linux_boot_requested(&boot.mb2)) {
        rc = virt_rc == QV_OK ? linux_boot_start(&boot.mb2, boot.cmdline.guest_mem,
                                                 boot.cmdline.guest_smp, boot.cmdline.linux_vms,
                                                 !boot.cmdline.no_packed, boot.cmdline.vcon_echo)
                              : virt_rc;
        if (rc != QV_OK) {
            printk(LOG_EMERG, "QV-LINUX-VM: not started (%s)", qv_strerror_name(rc));
            machine_halt(GUEST_CRASH_EXIT);
        }
    } else if (guest_boot_requested(&boot.mb2)) {
        /* run-guest: the guest's exit ends the machine with its code. */
        machine_set_test_mode(true);
        rc = virt_rc == QV_OK ? guest_boot_start(&boot.mb2, boot.cmdline.guest_mem,
                                                 boot.cmdline.guest_smp)
                              : virt_rc;
        if (rc != QV_OK) {
            printk(LOG_EMERG, "QV-GUEST guest: not started (%s)", qv_strerror_name(rc));
            machine_halt(GUEST_CRASH_EXIT);
        }
    } else if (virt_rc == QV_OK) {
        pr_info("starting the built-in default VM");
        vm_create_flat("default", MiB(1), builtin_hello_start,
                       (size_t)(builtin_hello_end - builtin_hello_start), 0x10000, 0, NULL);
    }
    pr_info("boot complete. Quit QEMU with Ctrl-A then X.");
    sched_idle_loop();
}
