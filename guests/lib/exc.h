/* Guest exception handling: an IDT for vectors 0-31 whose handler either
 * absorbs one expected exception (skipping the faulting instruction) or
 * reports an unexpected one and ends the test with exit code 1. */
#ifndef GUEST_EXC_H
#define GUEST_EXC_H
#include <stdint.h>

#define VEC_UD 6
#define VEC_GP 13

/* pushad frame, then what the stubs and the CPU pushed (SDM vol. 3A §6.12.1). */
struct exc_frame {
    uint32_t edi, esi, ebp, esp_unused, ebx, edx, ecx, eax;
    uint32_t vector, error;
    uint32_t eip, cs, eflags;
};

void exc_install(void);
/* Arm for one exception `vector`; the handler adds `skip` to EIP (the length
 * of the instruction expected to fault, since faults report its address). */
void exc_expect(unsigned vector, unsigned skip);
/* Forget an armed expectation that did not fire. */
void exc_disarm(void);
/* Number of expected exceptions taken so far, and the last error code. */
unsigned exc_taken(void);
uint32_t exc_last_error(void);

#endif
