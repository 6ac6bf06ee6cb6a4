/* triplefault: with an empty IDT (limit 0) every vector lies beyond the
 * limit, so INT3 raises #GP, delivering that raises #DF, and delivering #DF
 * shuts the processor down (SDM vol. 3A §6.15 "Interrupt 8"). The VM must end
 * with a shutdown reason; the FAIL lines are only reached if it does not. */
#include <stdint.h>
#include "console.h"
#include "rt.h"

int guest_main(void)
{
    con_printf("triplefault: loading an empty IDT and raising #BP, expecting a shutdown\n");
    struct __attribute__((packed)) { uint16_t limit; uint32_t base; } empty = { 0, 0 };
    __asm__ volatile("lidt %0" :: "m"(empty) : "memory");
    __asm__ volatile("int3" ::: "memory");
    con_printf("FAIL: triplefault: int3 with an empty IDT returned\n");
    __asm__ volatile("ud2" ::: "memory");
    con_printf("FAIL: triplefault: ud2 with an empty IDT returned\n");
    return 1;
}
