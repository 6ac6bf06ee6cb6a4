/* See std_devices.h. */
#include "core/vm/std_devices.h"
#include "core/mm/heap.h"
#include "core/vm/vclock_host.h"
#include "core/vm/vm.h"
#include "core/vm/vm_console.h"
#include "devices/debug_exit.h"
#include "lib/errors.h"

static void com1_tx(void *ctx, uint8_t byte)
{
    char c = (char)byte;
    vm_console_write(ctx, &c, 1);
}

int vm_std_devices_attach(struct vm *vm)
{
    struct vm_std_devices *d = kzalloc(sizeof *d);
    if (!d)
        return QV_ERR_NOMEM;
    vm->devices = d; /* freed with the VM */
    uart_init(&d->com1, &host_vclock, NULL, com1_tx, vm);
    int rc = uart_register(&d->bus, &d->com1, UART_COM1_BASE);
    if (rc == QV_OK)
        rc = debug_exit_attach(vm, &d->bus);
    if (rc == QV_OK)
        rc = mmio_testdev_attach(&d->bus, &d->testdev);
    return rc;
}
