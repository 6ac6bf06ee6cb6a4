/* Glue between the pure instruction emulator and a running vCPU. */
#include "core/exit/emulate.h"
#include "core/exit/guest_access.h"
#include "core/exit/handlers.h"
#include "core/exit/insn_emulate.h"
#include "core/vm/engine.h"
#include "core/vm/iobus.h"
#include "core/vm/vm.h"
#include "lib/errors.h"

static int read_gpa(void *ctx, uint64_t gpa, void *buf, size_t len)
{
    return vm_read_memory(ctx, gpa, buf, len);
}

static int write_gpa(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
    return vm_write_memory(ctx, gpa, buf, len);
}

void vcpu_guest_mem(struct vcpu *v, struct guest_mem_ops *ops)
{
    *ops = (struct guest_mem_ops){ 0 };
    ops->read_gpa = read_gpa;
    ops->write_gpa = write_gpa;
    ops->ctx = v->vm;
}

struct emu_ctx {
    struct vcpu *v;
    struct guest_mem_ops mem;
    struct vcpu_sregs s;
};

static int mmio_read(void *ctx, uint64_t gpa, unsigned size, uint64_t *val)
{
    struct emu_ctx *c = ctx;
    return iobus_mmio_read(c->v->vm->devices, c->v, gpa, size, val);
}

static int mmio_write(void *ctx, uint64_t gpa, unsigned size, uint64_t val)
{
    struct emu_ctx *c = ctx;
    return iobus_mmio_write(c->v->vm->devices, c->v, gpa, size, val);
}

static int pio_in(void *ctx, uint16_t port, unsigned size, uint32_t *val)
{
    struct emu_ctx *c = ctx;
    *val = (uint32_t)iobus_pio_read(c->v->vm->devices, c->v, port, size);
    return QV_OK;
}

static int pio_out(void *ctx, uint16_t port, unsigned size, uint32_t val)
{
    struct emu_ctx *c = ctx;
    iobus_pio_write(c->v->vm->devices, c->v, port, size, val);
    return c->v->vm->state == VM_RUNNING ? QV_OK : QV_ERR_STATE;
}

static int mem_read(void *ctx, uint64_t linear, void *buf, unsigned size, struct guest_exception *exc)
{
    struct emu_ctx *c = ctx;
    return guest_read_linear(&c->mem, &c->s, linear, buf, size, GW_READ | guest_access_user(&c->s), exc);
}

static int mem_write(void *ctx, uint64_t linear, const void *buf, unsigned size,
                     struct guest_exception *exc)
{
    struct emu_ctx *c = ctx;
    return guest_write_linear(&c->mem, &c->s, linear, buf, size,
                              GW_WRITE | guest_access_user(&c->s), exc);
}

static int translate(void *ctx, uint64_t linear, unsigned access, uint64_t *gpa,
                     struct guest_exception *exc)
{
    struct emu_ctx *c = ctx;
    uint32_t pfec = 0;
    int rc = guest_walk(&c->mem, &c->s, linear, access | guest_access_user(&c->s), gpa, &pfec);
    if (rc == QV_ERR_FAULT)
        *exc = (struct guest_exception){ GX_PF, true, pfec, linear };
    return rc;
}

static void inject(struct vcpu *v, const struct guest_exception *x)
{
    if (x->vector == GX_PF)
        vm_engine->set_cr(v, 2, x->cr2);
    exit_inject_exception(v, x->vector, x->has_error, x->error);
}

int exit_emulate_insn(struct vcpu *v, uint64_t fault_gpa)
{
    struct emu_ctx c = { .v = v };
    vcpu_guest_mem(v, &c.mem);
    vm_engine->get_sregs(v, &c.s);
    uint8_t bytes[15];
    size_t got = 0;
    struct guest_exception exc = { 0 };
    int rc = guest_fetch_code(&c.mem, &c.s, v->regs.rip, bytes, sizeof bytes, &got, &exc);
    if (rc == QV_ERR_FAULT && got == 0) {
        inject(v, &exc);
        return EXIT_CONTINUE;
    }
    struct insn in;
    rc = insn_decode(bytes, got, guest_code_mode(&c.s), &in);
    if (rc == QV_ERR_TRUNCATED && exc.vector) {
        inject(v, &exc); /* the instruction runs into a page the guest cannot fetch */
        return EXIT_CONTINUE;
    }
    if (rc != QV_OK)
        return exit_end_vm(v, VM_END_UNHANDLED, "cannot decode the instruction at 0x%llx (%s)",
                           (unsigned long long)v->regs.rip, qv_strerror_name(rc));
    struct emu_ops ops = { &c, mmio_read, mmio_write, pio_in, pio_out, mem_read, mem_write,
                           translate, fault_gpa, &exc };
    rc = insn_emulate(&in, &v->regs, &c.s, &ops);
    if (rc == QV_OK)
        return v->vm->state == VM_RUNNING ? EXIT_CONTINUE : EXIT_VM_ENDED;
    if (rc == QV_ERR_FAULT) {
        inject(v, &exc);
        return EXIT_CONTINUE;
    }
    if (v->vm->state != VM_RUNNING)
        return EXIT_VM_ENDED; /* a device write ended the VM mid-instruction */
    return exit_end_vm(v, VM_END_UNHANDLED, "cannot emulate %s at 0x%llx (%s)",
                       insn_kind_name(in.kind), (unsigned long long)v->regs.rip,
                       qv_strerror_name(rc));
}
