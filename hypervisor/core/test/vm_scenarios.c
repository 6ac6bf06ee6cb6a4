/* Boot-time scenarios that run VMs (test=vm-*). Each starts its VMs, lets the
 * scheduler run them, and judges the result when the last VM has ended. */
#include "core/test/vm_scenarios.h"
#include "core/boot/bootinfo.h"
#include "core/debug/panic.h"
#include "core/sched/sched.h"
#include "core/vm/vm_boot.h"
#include "arch/x86_64/cpu/percpu.h"
#include "lib/errors.h"
#include "lib/printk.h"
#include "lib/string.h"

struct expect {
    const char *vm;
    enum vm_end_reason reason;
    int code;
};

static const struct expect *expected;
static unsigned nexpected;
static volatile unsigned ended, failures;
static const char *scenario;

static __noreturn void finish(void)
{
    if (failures) {
        printk(LOG_EMERG, "QV-TEST %s: FAIL (%u VM(s) ended unexpectedly)", scenario, failures);
        machine_halt(QV_EXIT_TEST_FAILED);
    }
    printk(LOG_EMERG, "QV-TEST %s: PASS", scenario);
    machine_halt(QV_EXIT_SUCCESS);
}

static void judge(struct vm *vm)
{
    for (unsigned i = 0; i < nexpected; i++) {
        if (strcmp(vm->name, expected[i].vm))
            continue;
        bool ok = vm->end_reason == expected[i].reason &&
                  (expected[i].code < 0 || vm->exit_code == expected[i].code);
        pr_info("check: vm %s ended with %s/%d, expected %s/%d: %s", vm->name,
                vm_end_reason_name(vm->end_reason), vm->exit_code,
                vm_end_reason_name(expected[i].reason), expected[i].code, ok ? "ok" : "WRONG");
        if (!ok)
            __atomic_add_fetch(&failures, 1, __ATOMIC_SEQ_CST);
    }
    vm_destroy(vm);
    if (__atomic_add_fetch(&ended, 1, __ATOMIC_SEQ_CST) == nexpected)
        finish();
}

/* Set before the first VM starts: a VM may end (on another CPU) at once. */
static void expect_all(const char *name, const struct expect *e, unsigned n)
{
    scenario = name;
    expected = e;
    nexpected = n;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static void start(const char *name, uint64_t ram, const char *img, const char *img_end,
                  unsigned pcpu)
{
    if (vm_create_flat(name, ram, img, (size_t)(img_end - img), 0x10000, pcpu % cpus_online,
                       judge) != QV_OK) {
        printk(LOG_EMERG, "QV-TEST %s: FAIL: cannot create VM %s", scenario, name);
        machine_halt(QV_EXIT_TEST_FAILED);
    }
}

/* test=vm-hello: the default guest runs to its clean exit. */
int scenario_vm_hello(void)
{
    static const struct expect e[] = { { "hello", VM_END_EXIT_PORT, 0 } };
    expect_all("vm-hello", e, 1);
    start("hello", MiB(1), builtin_hello_start, builtin_hello_end, 0);
    sched_idle_loop();
}

/* test=vm-isolation: one VM triple-faults, another reads memory it does not
 * own, a third must still finish its work. */
int scenario_vm_isolation(void)
{
    static const struct expect e[] = {
        { "crasher", VM_END_SHUTDOWN, -1 },
        { "intruder", VM_END_BAD_ACCESS, -1 },
        { "worker", VM_END_EXIT_PORT, 0 },
    };
    expect_all("vm-isolation", e, 3);
    start("crasher", MiB(1), builtin_crash_start, builtin_crash_end, 0);
    start("intruder", KiB(512), builtin_badaccess_start, builtin_badaccess_end, 1);
    start("worker", MiB(1), builtin_hello_start, builtin_hello_end, 0);
    sched_idle_loop();
}

/* test=vm-lifecycle: checked state transitions, several VMs at once, and
 * vm_destroy giving back every page. */
int scenario_vm_lifecycle(void)
{
    struct frame_stats before, after;
    frame_stats(&kernel_frames, &before);
    struct vm *vms[4];
    int bad = 0;
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 4; i++) {
            char name[16] = "life-0";
            name[5] = (char)('0' + i);
            vms[i] = vm_create(name, 2, MiB(8));
            if (!vms[i] || vm_add_memory_region(vms[i], 0, MiB(8), VM_MEM_RWX) ||
                !vm_add_vcpu(vms[i], 0) || !vm_add_vcpu(vms[i], 1)) {
                pr_err("lifecycle: cannot build VM %d", i);
                return -1;
            }
            /* Memory is per VM: a pattern written in one is not in another. */
            uint32_t tag = 0xC0DE0000u + (uint32_t)i, got = 0;
            vm_write_memory(vms[i], 0x1000, &tag, sizeof tag);
            if (i && (vm_read_memory(vms[i - 1], 0x1000, &got, sizeof got) || got == tag))
                bad++;
        }
        /* Transitions: CREATED -> RUNNING -> PAUSED -> RUNNING -> STOPPED. */
        bad += vm_pause(vms[0]) != QV_ERR_STATE;    /* not running yet */
        bad += vm_start(vms[0]) != QV_OK;
        bad += vm_start(vms[0]) != QV_ERR_STATE;
        bad += vm_pause(vms[0]) != QV_OK;
        bad += vm_resume(vms[0]) != QV_OK;
        bad += vm_stop(vms[0]) != QV_OK;
        bad += vm_resume(vms[0]) != QV_ERR_STATE;
        bad += vm_add_memory_region(vms[1], MiB(4), MiB(1), VM_MEM_RWX) != QV_ERR_EXIST;
        /* More RAM than the machine has: refused, and nothing half-applied
         * (every frame taken on the way is given back). */
        struct frame_stats mid, mid2;
        frame_stats(&kernel_frames, &mid);
        bad += vm_add_memory_region(vms[2], GiB(1), GiB(64), VM_MEM_RWX) != QV_ERR_NOMEM;
        frame_stats(&kernel_frames, &mid2);
        bad += mid2.free != mid.free;
        bad += vm_gpa_to_hva(vms[2], GiB(1)) != NULL;
        bad += vm_read_memory(vms[1], MiB(8), &bad, 1) != QV_ERR_FAULT;
        bad += vm_gpa_to_hva(vms[1], MiB(9)) != NULL;
        for (int i = 0; i < 4; i++)
            bad += vm_destroy(vms[i]) != QV_OK;
    }
    frame_stats(&kernel_frames, &after);
    pr_info("lifecycle: %llu free frames before, %llu after 12 VMs created and destroyed",
            (unsigned long long)before.free, (unsigned long long)after.free);
    if (bad)
        pr_err("lifecycle: %d checks failed", bad);
    return bad == 0 && after.free == before.free ? 0 : -1;
}
