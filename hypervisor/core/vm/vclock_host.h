/* Guest time for device models: the hypervisor's boot clock (TSC based). */
#ifndef QV_CORE_VM_VCLOCK_HOST_H
#define QV_CORE_VM_VCLOCK_HOST_H
#include "core/vm/irq.h"
extern const struct vclock host_vclock;
#endif
