/* msr: RDMSR/WRMSR exits. An MSR the hypervisor does not know must raise #GP
 * in the guest (SDM vol. 2B "RDMSR": reserved or unimplemented MSR), PAT must
 * round-trip and refuse reserved memory types (SDM vol. 3A §13.12.2), EFER
 * must not show SVME (the guest has no SVM), and the TSC MSR must advance. */
#include "arch.h"
#include "console.h"
#include "exc.h"
#include "rt.h"
#include "test.h"

#define MSR_UNKNOWN 0xC0011234u
#define MSR_INSN_LEN 2                     /* RDMSR 0F 32, WRMSR 0F 30 */
#define PAT_TEST 0x0007010600070106ull     /* UC-,UC,WC,WB / UC-,UC,WC,WB: valid types */
#define PAT_RESERVED 0x0007040600070402ull /* entry 0 = type 2, reserved */

static bool gp_from_rdmsr(uint32_t msr)
{
    unsigned before = exc_taken();
    exc_expect(VEC_GP, MSR_INSN_LEN);
    (void)rdmsr(msr);
    exc_disarm();
    return exc_taken() == before + 1;
}

static bool gp_from_wrmsr(uint32_t msr, uint64_t v)
{
    unsigned before = exc_taken();
    exc_expect(VEC_GP, MSR_INSN_LEN);
    wrmsr(msr, v);
    exc_disarm();
    return exc_taken() == before + 1;
}

int guest_main(void)
{
    exc_install();

    test_check("msr-unknown-rdmsr-gp", gp_from_rdmsr(MSR_UNKNOWN),
               "RDMSR 0x%x did not raise #GP", MSR_UNKNOWN);
    test_check("msr-unknown-wrmsr-gp", gp_from_wrmsr(MSR_UNKNOWN, 1),
               "WRMSR 0x%x did not raise #GP", MSR_UNKNOWN);

    uint64_t pat = rdmsr(MSR_PAT);
    wrmsr(MSR_PAT, PAT_TEST);
    uint64_t back = rdmsr(MSR_PAT);
    wrmsr(MSR_PAT, pat);
    uint64_t restored = rdmsr(MSR_PAT);
    test_check("msr-pat-roundtrip", back == PAT_TEST && restored == pat,
               "wrote 0x%llx read 0x%llx; restored 0x%llx read 0x%llx", PAT_TEST, back, pat,
               restored);
    bool gp = gp_from_wrmsr(MSR_PAT, PAT_RESERVED);
    uint64_t after = rdmsr(MSR_PAT);
    test_check("msr-pat-reserved-gp", gp && after == pat,
               "#GP %s, PAT now 0x%llx (was 0x%llx)", gp ? "raised" : "missing", after, pat);

    uint64_t efer = rdmsr(MSR_EFER);
    test_check("msr-efer-no-svme", !(efer & EFER_SVME) && !(efer & EFER_LMA),
               "EFER 0x%llx (SVME is bit 12, LMA bit 10)", efer);

    uint64_t t1 = rdmsr(MSR_TSC);
    uint64_t t2 = rdmsr(MSR_TSC);
    test_check("msr-tsc-increasing", t2 > t1, "TSC 0x%llx then 0x%llx", t1, t2);
    return test_summary();
}
