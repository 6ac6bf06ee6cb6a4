/* What the boot sequence learned about the machine; read by the banner, the
 * test scenarios and (later) the VM layer. */
#ifndef QV_CORE_BOOTINFO_H
#define QV_CORE_BOOTINFO_H
#include "core/acpi/acpi.h"
#include "core/boot/cmdline.h"
#include "core/boot/measure_log.h"
#include "core/boot/multiboot2.h"
#include "core/mm/frame.h"
#include "core/mm/heap.h"

struct bootinfo {
    struct mb2_info mb2;
    struct qv_cmdline cmdline;
    struct acpi_info acpi;
    bool acpi_ok;
    uint64_t max_ram_pa;
    uint64_t usable_bytes;
    struct mlog measurements; /* what our own loader measured (count 0: none) */
};

extern struct bootinfo boot;
extern struct frame_alloc kernel_frames;
extern struct heap kernel_heap;
#endif
