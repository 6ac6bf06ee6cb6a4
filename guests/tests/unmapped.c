/* unmapped: a read of guest-physical memory the VM does not own. The
 * hypervisor must stop the VM with a bad-access diagnostic: the guest prints
 * one line before the access and never gets to the FAIL line or its exit. */
#include "console.h"
#include "rt.h"

#define FAR_GPA 0xE0000000u /* far above a 128 MiB VM, below the LAPIC/IOAPIC */

int guest_main(void)
{
    /* Only meaningful if RAM ends below the address (mem_upper counts from 1 MiB). */
    if (guest_mem_upper_kib() >= (FAR_GPA >> 10) - 1024) {
        con_printf("SKIP: unmapped guest RAM reaches 0x%x\n", FAR_GPA);
        return 0;
    }
    con_printf("unmapped: reading guest-physical 0x%x, expecting the VM to be stopped\n",
               FAR_GPA);
    uint32_t v = *(volatile uint32_t *)FAR_GPA;
    con_printf("FAIL: unmapped read returned 0x%x\n", v);
    return 1;
}
