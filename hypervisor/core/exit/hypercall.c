/* VMMCALL hypercalls (ABI in docs/hypercalls.md). */
#include "core/exit/hypercall.h"
#include "core/exit/cpuid.h"
#include "core/exit/handlers.h"
#include "core/vm/engine.h"
#include "core/vm/vm.h"
#include "core/vm/vm_console.h"
#include "lib/errors.h"

int handle_hypercall(struct vcpu *v, struct vm_exit *e)
{
    struct vcpu_regs *r = &v->regs;
    bool wide = vcpu_in_long_mode(v);
    uint64_t mask = wide ? ~0ull : 0xffffffffull;
    uint64_t nr = r->rax & mask, a0 = r->rbx & mask, a1 = r->rcx & mask;
    int64_t ret;
    switch (nr) {
    case HC_VERSION:
        ret = (QV_HV_VERSION_MAJOR << 16) | QV_HV_VERSION_MINOR;
        break;
    case HC_CONSOLE_WRITE: {
        if (a1 > HC_CONSOLE_MAX) {
            ret = QV_ERR_RANGE;
            break;
        }
        char buf[256];
        uint64_t done = 0;
        ret = 0;
        while (done < a1) {
            size_t n = (size_t)MIN(a1 - done, sizeof buf);
            if (vm_read_memory(v->vm, a0 + done, buf, n) != QV_OK) {
                ret = QV_ERR_FAULT; /* buffer outside the guest's RAM */
                break;
            }
            vm_console_write(v->vm, buf, n);
            done += n;
        }
        if (ret == 0)
            ret = (int64_t)done;
        break;
    }
    case HC_YIELD:
        v->yield_requested = true;
        ret = 0;
        break;
    case HC_TEST_EXIT:
        vm_end(v->vm, VM_END_HYPERCALL, (int)(uint32_t)a0);
        return EXIT_VM_ENDED;
    default:
        ret = QV_ERR_INVAL;
        break;
    }
    r->rax = (uint64_t)ret & mask;
    return exit_skip_insn(v, e);
}
