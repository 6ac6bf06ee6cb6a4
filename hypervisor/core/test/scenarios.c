/* Built-in test scenarios (test=NAME on the command line). */
#include "core/test/scenarios.h"
#include "core/test/vm_scenarios.h"
#include "core/boot/bootinfo.h"
#include "core/debug/panic.h"
#include "core/mm/heap.h"
#include "core/mm/kframes.h"
#include "lib/printk.h"
#include "lib/string.h"

/* test=boot: everything the boot sequence did already passed its own checks;
 * also prove the allocators give memory back. */
static int scenario_boot(void)
{
    struct frame_stats before, after;
    struct heap_stats hbefore, hafter;
    frame_stats(&kernel_frames, &before);
    heap_get_stats(&kernel_heap, &hbefore);
    void *p[64];
    for (int i = 0; i < 64; i++) {
        p[i] = kmalloc((size_t)(16u << (i % 10)));
        if (!p[i]) {
            pr_err("kmalloc failed");
            return -1;
        }
        memset(p[i], 0xA5, (size_t)(16u << (i % 10)));
    }
    for (int i = 0; i < 64; i++)
        kfree(p[i]);
    uint64_t f = kframe_alloc_contig(512, 512);
    if (!f || (f & (MiB(2) - 1))) {
        pr_err("2 MiB-aligned contiguous allocation failed");
        return -1;
    }
    kframe_free(f, 512);
    frame_stats(&kernel_frames, &after);
    heap_get_stats(&kernel_heap, &hafter);
    /* Every frame is either free again or held by the heap for reuse. */
    uint64_t held = hafter.pages - hbefore.pages;
    pr_info("memory round trip: %llu frames free before, %llu after + %llu kept by the heap; "
            "%llu live heap objects before, %llu after",
            (unsigned long long)before.free, (unsigned long long)after.free,
            (unsigned long long)held, (unsigned long long)hbefore.objects,
            (unsigned long long)hafter.objects);
    return after.free + held == before.free && hafter.objects == hbefore.objects ? 0 : -1;
}

/* test=fault: a deliberate page fault in hypervisor code; the exception
 * handler must print the dump and stop the machine with QV_EXIT_EXCEPTION. */
__attribute__((noinline)) static int scenario_fault(void)
{
    pr_info("triggering a page fault at 0x0000700000000000 on purpose");
    volatile uint64_t *bad = (volatile uint64_t *)0x0000700000000000ull;
    *bad = 0xdeadbeef;
    return -1; /* not reached */
}

/* test=panic: panic() must show the log ring, including debug-level lines
 * that never reached the console. */
static int scenario_panic(void)
{
    pr_debug("log-ring-only marker: this debug line is not on the console");
    panic("deliberate panic (test=panic)");
}

static const struct {
    const char *name;
    int (*fn)(void);
} scenarios[] = {
    { "boot", scenario_boot },
    { "fault", scenario_fault },
    { "panic", scenario_panic },
    { "vm-hello", scenario_vm_hello },
    { "vm-isolation", scenario_vm_isolation },
    { "vm-lifecycle", scenario_vm_lifecycle },
};

__attribute__((noreturn)) void test_run_scenario(const char *name)
{
    for (unsigned i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
        if (strcmp(scenarios[i].name, name))
            continue;
        int rc = scenarios[i].fn();
        if (rc == 0) {
            printk(LOG_EMERG, "QV-TEST %s: PASS", name);
            machine_halt(QV_EXIT_SUCCESS);
        }
        printk(LOG_EMERG, "QV-TEST %s: FAIL (%d)", name, rc);
        machine_halt(QV_EXIT_TEST_FAILED);
    }
    printk(LOG_EMERG, "QV-TEST %s: FAIL: no such scenario (see docs/cmdline.md)", name);
    machine_halt(QV_EXIT_TEST_FAILED);
}
