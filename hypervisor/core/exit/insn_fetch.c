/* Instruction fetch from guest memory through the guest's own segmentation
 * and paging (guest_access.c). */
#include "core/exit/insn_fetch.h"
#include "core/exit/emulate.h"
#include "core/exit/guest_access.h"
#include "core/vm/engine.h"
#include "lib/errors.h"

int guest_fetch_insn(struct vcpu *v, uint64_t rip, uint8_t buf[15], size_t *got)
{
    struct guest_mem_ops mem;
    struct vcpu_sregs s;
    struct guest_exception exc = { 0 };
    vcpu_guest_mem(v, &mem);
    vm_engine->get_sregs(v, &s);
    int rc = guest_fetch_code(&mem, &s, rip, buf, 15, got, &exc);
    /* Bytes up to a page the guest cannot fetch are still usable. */
    return rc == QV_ERR_FAULT && *got ? QV_OK : rc;
}
