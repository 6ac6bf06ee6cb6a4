/* The devices every simple VM gets: COM1 (16550, output to the hypervisor
 * console with the VM's name), the test-exit port 0xf4 and the MMIO test
 * device. One allocation owned by the VM (vm->devices). */
#ifndef QV_CORE_VM_STD_DEVICES_H
#define QV_CORE_VM_STD_DEVICES_H
#include "core/vm/iobus.h"
#include "devices/mmio_testdev.h"
#include "devices/uart16550.h"

struct vm_std_devices {
    struct iobus bus; /* first: vm->devices points here */
    struct uart16550 com1;
    struct mmio_testdev testdev;
};

/* Allocate, attach to vm (vm->devices) and register the devices. */
int vm_std_devices_attach(struct vm *vm);
#endif
