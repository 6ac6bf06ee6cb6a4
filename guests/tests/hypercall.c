/* hypercall: the VMMCALL ABI (guests/README.md). Version, console write
 * (and its length limit), yield, an unknown number, then the test-exit
 * hypercall ends the VM, so its end reason must be the hypercall, not the
 * exit port. */
#include "console.h"
#include "hypercall.h"
#include "rt.h"
#include "test.h"

#define HC_UNKNOWN 0x1234u

int guest_main(void)
{
    int32_t v = hypercall(HC_VERSION, 0, 0, 0);
    test_check("hypercall-version", v > 0, "returned %d", v);
    con_printf("hypercall: version %u.%u\n", (uint32_t)v >> 16, (uint32_t)v & 0xffff);

    /* Paging is off: the buffer's address is its guest-physical address. */
    static const char msg[] = "hypercall: console write marker\n";
    int32_t n = hypercall(HC_CONSOLE_WRITE, (uint32_t)msg, sizeof msg - 1, 0);
    test_check("hypercall-console-write", n == (int32_t)(sizeof msg - 1), "returned %d, want %u",
               n, (unsigned)(sizeof msg - 1));
    n = hypercall(HC_CONSOLE_WRITE, (uint32_t)msg, HC_CONSOLE_MAX + 1, 0);
    test_check("hypercall-console-too-long", n < 0, "length %u returned %d, want < 0",
               HC_CONSOLE_MAX + 1, n);

    int32_t y = hypercall(HC_YIELD, 0, 0, 0);
    test_check("hypercall-yield", y == 0, "returned %d", y);
    int32_t u = hypercall(HC_UNKNOWN, 0, 0, 0);
    test_check("hypercall-unknown", u == HC_ERR_INVAL, "number 0x%x returned %d, want %d",
               HC_UNKNOWN, u, HC_ERR_INVAL);

    int code = test_summary();
    hypercall(HC_TEST_EXIT, (uint32_t)code, 0, 0);
    con_printf("FAIL: hypercall-test-exit returned\n");
    return 1;
}
