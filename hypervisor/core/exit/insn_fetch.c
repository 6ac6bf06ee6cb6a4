/* Instruction fetch from guest memory: linear = CS.base + RIP (the CS base is
 * ignored in 64-bit mode), then guest-physical through the guest's paging. */
#include "core/exit/insn_fetch.h"
#include "core/vm/engine.h"
#include "core/vm/vm.h"
#include "arch/x86_64/cpu/x86.h"
#include "lib/errors.h"

int guest_fetch_insn(struct vcpu *v, uint64_t rip, uint8_t buf[15], size_t *got)
{
    struct vcpu_sregs s;
    vm_engine->get_sregs(v, &s);
    bool long64 = (s.efer & EFER_LMA) && (s.cs.attrib & BIT(9));
    uint64_t linear = long64 ? rip : (s.cs.base + rip) & 0xffffffffu;
    if (s.cr0 & CR0_PG)
        return QV_ERR_UNSUPPORTED; /* needs the guest page walker */
    *got = 0;
    /* Up to 15 bytes, stopping at the end of guest RAM. */
    for (size_t n = 15; n > 0; n--) {
        if (vm_read_memory(v->vm, linear, buf, n) == QV_OK) {
            *got = n;
            return QV_OK;
        }
    }
    return QV_ERR_FAULT;
}
