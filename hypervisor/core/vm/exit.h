/* Vendor-neutral VM exits: the SVM and VMX engines translate their exit codes
 * into struct vm_exit; generic handlers never see a VMCB or VMCS. */
#ifndef QV_CORE_VM_EXIT_H
#define QV_CORE_VM_EXIT_H
#include "lib/types.h"

#define EXIT_REASONS(X) \
    X(EXIT_NONE, "none") \
    X(EXIT_CPUID, "cpuid") \
    X(EXIT_IO, "io") \
    X(EXIT_MSR_READ, "rdmsr") \
    X(EXIT_MSR_WRITE, "wrmsr") \
    X(EXIT_HLT, "hlt") \
    X(EXIT_HYPERCALL, "hypercall") \
    X(EXIT_NPF, "nested-page-fault") \
    X(EXIT_SHUTDOWN, "shutdown") \
    X(EXIT_INTR, "external-interrupt") \
    X(EXIT_NMI, "nmi") \
    X(EXIT_INTR_WINDOW, "interrupt-window") \
    X(EXIT_CR_WRITE, "cr-write") \
    X(EXIT_VIRT_INSN, "virtualization-instruction") \
    X(EXIT_XSETBV, "xsetbv") \
    X(EXIT_INVD, "invd") \
    X(EXIT_PAUSE, "pause") \
    X(EXIT_EXCEPTION, "exception") \
    X(EXIT_ENTRY_FAILED, "entry-failed") \
    X(EXIT_UNKNOWN, "unknown")

enum vm_exit_reason {
#define X(e, s) e,
    EXIT_REASONS(X)
#undef X
    EXIT_REASON_MAX
};

struct vm_exit {
    enum vm_exit_reason reason;
    uint64_t vendor_code;     /* raw SVM EXITCODE / VMX basic reason, for reports */
    uint64_t rip;             /* guest RIP of the exiting instruction */
    uint8_t insn_len;         /* 0: unknown, the handler must decode */
    union {
        struct {
            uint16_t port;
            uint8_t size;     /* 1, 2 or 4 */
            bool in;
            bool string;
            bool rep;
            uint8_t addr_size;/* 16, 32, 64 */
        } io;
        struct {
            uint32_t index;
        } msr;
        struct {
            uint64_t gpa;
            bool read, write, fetch, present;
        } npf;
        struct {
            uint8_t cr;
        } cr;
        struct {
            uint8_t vector;
            uint32_t error;
        } exc;
    };
};

const char *exit_reason_name(enum vm_exit_reason r);
#endif
