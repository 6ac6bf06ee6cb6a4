/* Exception/interrupt frames and dispatch. */
#ifndef QV_ARCH_TRAPS_H
#define QV_ARCH_TRAPS_H
#include "lib/types.h"

/* Pushed by isr.asm (lowest address first) followed by the CPU's frame. */
struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error_code;
    uint64_t rip, cs, rflags, rsp, ss;
};

/* Exception vectors (SDM vol. 3A table 6-1). */
enum {
    EXC_DE = 0, EXC_DB = 1, EXC_NMI = 2, EXC_BP = 3, EXC_OF = 4, EXC_BR = 5, EXC_UD = 6,
    EXC_NM = 7, EXC_DF = 8, EXC_TS = 10, EXC_NP = 11, EXC_SS = 12, EXC_GP = 13, EXC_PF = 14,
    EXC_MF = 16, EXC_AC = 17, EXC_MC = 18, EXC_XM = 19, EXC_VE = 20, EXC_CP = 21,
};

#define VEC_FIRST_IRQ 32
#define VEC_IPI_CALL 0xF0
#define VEC_LAPIC_TIMER 0xEF
#define VEC_SPURIOUS 0xFF

typedef void (*irq_handler_fn)(struct trap_frame *f);

void idt_init(void);      /* build the shared IDT once */
void idt_load(void);      /* load it on this CPU */
void irq_register(unsigned vector, irq_handler_fn fn);
void trap_dispatch(struct trap_frame *f);
const char *exception_name(unsigned vector);

#endif
