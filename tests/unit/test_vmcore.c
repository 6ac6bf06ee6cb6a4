/* VM core pure logic: I/O bus registry and the guest CPUID policy. */
#include <string.h>
#include "qtest.h"
#include "core/exit/cpuid.h"
#include "core/vm/iobus.h"
#include "lib/errors.h"

static uint64_t last_write;
static uint64_t rd(void *ctx, struct vcpu *v, uint64_t off, unsigned size)
{
    (void)v; (void)size;
    return (uint64_t)(uintptr_t)ctx + off;
}
static void wr(void *ctx, struct vcpu *v, uint64_t off, unsigned size, uint64_t val)
{
    (void)ctx; (void)v; (void)size;
    last_write = off << 32 | val;
}
static const struct io_ops ops = { rd, wr };

QTEST(iobus_register_and_dispatch)
{
    static struct iobus bus;
    memset(&bus, 0, sizeof bus);
    QCHECK_EQ(iobus_register_pio(&bus, 0x3f8, 8, &ops, (void *)0x100, "com1"), QV_OK);
    QCHECK_EQ(iobus_register_pio(&bus, 0x3fc, 8, &ops, NULL, "overlap"), QV_ERR_EXIST);
    QCHECK_EQ(iobus_register_pio(&bus, 0xfffc, 8, &ops, NULL, "wraps"), QV_ERR_INVAL);
    QCHECK_EQ(iobus_register_pio(&bus, 0x10, 0, &ops, NULL, "empty"), QV_ERR_INVAL);
    QCHECK_EQ(iobus_pio_read(&bus, NULL, 0x3fd, 1), 0x105);
    iobus_pio_write(&bus, NULL, 0x3f9, 1, 0x42);
    QCHECK_EQ(last_write, (1ull << 32) | 0x42);
    /* Unclaimed ports read all-ones of the access size. */
    QCHECK_EQ(iobus_pio_read(&bus, NULL, 0x2f0, 1), 0xff);
    QCHECK_EQ(iobus_pio_read(&bus, NULL, 0x2f0, 2), 0xffff);
    QCHECK_EQ(iobus_pio_read(&bus, NULL, 0x2f0, 4), 0xffffffffu);
    QCHECK_EQ(bus.unclaimed_pio, 3);
    QCHECK_EQ(iobus_register_mmio(&bus, 0xfee00000, 0x1000, &ops, NULL, "lapic"), QV_OK);
    QCHECK(iobus_find_mmio(&bus, 0xfee00fff) != NULL);
    QCHECK(iobus_find_mmio(&bus, 0xfee01000) == NULL);
}

QTEST(iobus_limit)
{
    static struct iobus bus;
    memset(&bus, 0, sizeof bus);
    for (unsigned i = 0; i < IOBUS_MAX_RANGES; i++)
        QCHECK_EQ(iobus_register_pio(&bus, (uint16_t)(i * 4), 4, &ops, NULL, "x"), QV_OK);
    QCHECK_EQ(iobus_register_pio(&bus, 0x1000, 4, &ops, NULL, "x"), QV_ERR_LIMIT);
}

/* A fake host CPU with SVM, VMX, x2APIC, MONITOR and the 0x8000000A leaf. */
static struct cpuid_result fake_host(uint32_t leaf, uint32_t sub)
{
    (void)sub;
    switch (leaf) {
    case 0: return (struct cpuid_result){ 0xd, 0x68747541, 0x444d4163, 0x69746e65 };
    case 1: return (struct cpuid_result){ 0x00a00f11, 0x01020800, 0x7ffaf3ff, 0x178bfbff };
    case 5: return (struct cpuid_result){ 0x40, 0x40, 3, 0x11 };
    case 0x80000000: return (struct cpuid_result){ 0x8000000a, 0, 0, 0 };
    case 0x80000001: return (struct cpuid_result){ 0, 0, 0x75c237ff, 0x2fd3fbff };
    case 0x8000000a: return (struct cpuid_result){ 1, 0x8000, 0, 0x1ebfbcff };
    default: return (struct cpuid_result){ leaf, 0x11, 0x22, 0x33 };
    }
}

QTEST(cpuid_policy)
{
    struct cpuid_ctx c = { fake_host, 3, 4, false, 0, 0 };
    struct cpuid_result r = cpuid_guest(&c, 0x40000000, 0);
    char sig[13] = { 0 };
    memcpy(sig, &r.ebx, 4);
    memcpy(sig + 4, &r.ecx, 4);
    memcpy(sig + 8, &r.edx, 4);
    QCHECK(strcmp(sig, "QuantaVirt") == 0);
    QCHECK(r.eax >= 0x40000001);
    r = cpuid_guest(&c, 1, 0);
    QCHECK(r.ecx & (1u << 31));          /* hypervisor present */
    QCHECK(!(r.ecx & (1u << 5)));        /* VMX hidden */
    QCHECK(!(r.ecx & (1u << 21)));       /* x2APIC hidden */
    QCHECK(!(r.ecx & (1u << 3)));        /* MONITOR hidden */
    QCHECK(!(r.ecx & (1u << 27)));       /* OSXSAVE follows the guest's CR4 */
    QCHECK_EQ(r.ebx >> 24, 3);           /* initial APIC ID = vCPU id */
    QCHECK_EQ((r.ebx >> 16) & 0xff, 4);
    c.guest_osxsave = true;
    QCHECK(cpuid_guest(&c, 1, 0).ecx & (1u << 27));
    QCHECK(!(cpuid_guest(&c, 0x80000001, 0).ecx & (1u << 2))); /* SVM hidden */
    r = cpuid_guest(&c, 0x8000000a, 0);
    QCHECK(r.eax == 0 && r.ebx == 0 && r.edx == 0);
    r = cpuid_guest(&c, 5, 0);
    QCHECK(r.eax == 0 && r.ecx == 0);
    r = cpuid_guest(&c, 0x20, 0);          /* beyond the host's max leaf */
    QCHECK(r.eax == 0 && r.ebx == 0);
    QCHECK_EQ(cpuid_guest(&c, 2, 0).ebx, 0x11); /* others pass through */
}
