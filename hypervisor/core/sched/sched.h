/* vCPU scheduling. Today: each vCPU is bound to one physical CPU, and every
 * physical CPU round-robins over its vCPUs in fixed slices. The credit,
 * credit2 and RTDS schedulers (sched= on the command line) will replace the
 * policy behind this interface. */
#ifndef QV_CORE_SCHED_H
#define QV_CORE_SCHED_H
#include "core/vm/vcpu.h"

#define SCHED_SLICE_US 10000
#define SCHED_TICK_HZ 250 /* resolution of emulated timers; each tick is an exit per busy vCPU */

/* Queue v on physical CPU pcpu and wake that CPU. */
int sched_add_vcpu(struct vcpu *v, unsigned pcpu);
/* The loop every physical CPU runs when it has nothing else to do. */
__attribute__((noreturn)) void sched_idle_loop(void);
#endif
