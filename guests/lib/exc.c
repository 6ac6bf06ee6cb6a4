#include "exc.h"
#include "console.h"
#include "rt.h"

#define IDT_VECTORS 32
#define GATE_INTR32 0x8E00u /* present, DPL 0, 32-bit interrupt gate (SDM vol. 3A §6.11) */
#define SEL_CODE32 0x08u

extern const uint32_t exc_stubs[IDT_VECTORS];
void exc_dispatch(struct exc_frame *f);

static uint64_t idt[IDT_VECTORS] __attribute__((aligned(8)));
static volatile int expect_vec = -1;
static volatile unsigned expect_skip, taken;
static volatile uint32_t last_error;

void exc_install(void)
{
    for (unsigned i = 0; i < IDT_VECTORS; i++) {
        uint32_t h = exc_stubs[i];
        idt[i] = (uint64_t)(h & 0xffff) | (uint64_t)SEL_CODE32 << 16 |
                 (uint64_t)GATE_INTR32 << 32 | (uint64_t)(h >> 16) << 48;
    }
    struct __attribute__((packed)) { uint16_t limit; uint32_t base; } d = {
        sizeof idt - 1, (uint32_t)idt
    };
    __asm__ volatile("lidt %0" :: "m"(d) : "memory");
}

void exc_expect(unsigned vector, unsigned skip)
{
    expect_skip = skip;
    expect_vec = (int)vector;
}

void exc_disarm(void) { expect_vec = -1; }

unsigned exc_taken(void) { return taken; }
uint32_t exc_last_error(void) { return last_error; }

void exc_dispatch(struct exc_frame *f)
{
    if ((int)f->vector == expect_vec) {
        expect_vec = -1;
        last_error = f->error;
        taken++;
        f->eip += expect_skip;
        return;
    }
    con_printf("FAIL: unexpected exception %u (error 0x%x) at eip 0x%x\n", f->vector, f->error,
               f->eip);
    guest_exit(1);
}
