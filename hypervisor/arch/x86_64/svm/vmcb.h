/* VMCB layout (AMD APM vol. 2, appendix B "Layout of VMCB"). Only files in
 * arch/x86_64/svm/ may include this: generic code never sees VMCB offsets. */
#ifndef QV_SVM_VMCB_H
#define QV_SVM_VMCB_H
#include "lib/types.h"

struct vmcb_seg {
    uint16_t selector;
    uint16_t attrib;
    uint32_t limit;
    uint64_t base;
} __packed;

struct vmcb_control {
    uint32_t intercept_cr;        /* 0x000: reads 15:0, writes 31:16 */
    uint32_t intercept_dr;        /* 0x004 */
    uint32_t intercept_exceptions;/* 0x008 */
    uint32_t intercept_misc1;     /* 0x00C */
    uint32_t intercept_misc2;     /* 0x010 */
    uint32_t intercept_misc3;     /* 0x014 */
    uint8_t reserved_018[0x03C - 0x018];
    uint16_t pause_filter_threshold; /* 0x03C */
    uint16_t pause_filter_count;  /* 0x03E */
    uint64_t iopm_base_pa;        /* 0x040 */
    uint64_t msrpm_base_pa;       /* 0x048 */
    uint64_t tsc_offset;          /* 0x050 */
    uint32_t asid;                /* 0x058 */
    uint8_t tlb_control;          /* 0x05C */
    uint8_t reserved_05d[3];
    uint64_t vintr;               /* 0x060: V_TPR, V_IRQ, V_INTR_PRIO, V_INTR_MASKING, V_INTR_VECTOR */
    uint64_t interrupt_shadow;    /* 0x068 */
    uint64_t exitcode;            /* 0x070 */
    uint64_t exitinfo1;           /* 0x078 */
    uint64_t exitinfo2;           /* 0x080 */
    uint64_t exitintinfo;         /* 0x088 */
    uint64_t np_enable;           /* 0x090 */
    uint64_t avic_apic_bar;       /* 0x098 */
    uint64_t ghcb_pa;             /* 0x0A0 */
    uint64_t eventinj;            /* 0x0A8 */
    uint64_t n_cr3;               /* 0x0B0 */
    uint64_t lbr_virt_enable;     /* 0x0B8 */
    uint32_t clean_bits;          /* 0x0C0 */
    uint32_t reserved_0c4;
    uint64_t next_rip;            /* 0x0C8 */
    uint8_t insn_bytes_fetched;   /* 0x0D0 */
    uint8_t insn_bytes[15];       /* 0x0D1 */
    uint8_t reserved_0e0[0x400 - 0x0E0];
} __packed;

struct vmcb_save {
    struct vmcb_seg es, cs, ss, ds, fs, gs, gdtr, ldtr, idtr, tr; /* 0x400..0x49F */
    uint8_t reserved_4a0[0x4CB - 0x4A0];
    uint8_t cpl;                  /* 0x4CB */
    uint32_t reserved_4cc;
    uint64_t efer;                /* 0x4D0 */
    uint8_t reserved_4d8[0x548 - 0x4D8];
    uint64_t cr4;                 /* 0x548 */
    uint64_t cr3;                 /* 0x550 */
    uint64_t cr0;                 /* 0x558 */
    uint64_t dr7;                 /* 0x560 */
    uint64_t dr6;                 /* 0x568 */
    uint64_t rflags;              /* 0x570 */
    uint64_t rip;                 /* 0x578 */
    uint8_t reserved_580[0x5D8 - 0x580];
    uint64_t rsp;                 /* 0x5D8 */
    uint8_t reserved_5e0[0x5F8 - 0x5E0];
    uint64_t rax;                 /* 0x5F8 */
    uint64_t star;                /* 0x600 */
    uint64_t lstar;               /* 0x608 */
    uint64_t cstar;               /* 0x610 */
    uint64_t sfmask;              /* 0x618 */
    uint64_t kernel_gs_base;      /* 0x620 */
    uint64_t sysenter_cs;         /* 0x628 */
    uint64_t sysenter_esp;        /* 0x630 */
    uint64_t sysenter_eip;        /* 0x638 */
    uint64_t cr2;                 /* 0x640 */
    uint8_t reserved_648[0x668 - 0x648];
    uint64_t g_pat;               /* 0x668 */
    uint64_t dbgctl;              /* 0x670 */
    uint64_t br_from;             /* 0x678 */
    uint64_t br_to;               /* 0x680 */
    uint64_t last_excp_from;      /* 0x688 */
    uint64_t last_excp_to;        /* 0x690 */
} __packed;

struct vmcb {
    struct vmcb_control control;
    struct vmcb_save save;
    uint8_t reserved[4096 - 0x400 - sizeof(struct vmcb_save)];
} __packed;

_Static_assert(sizeof(struct vmcb_control) == 0x400, "VMCB control area size");
_Static_assert(__builtin_offsetof(struct vmcb, save.efer) == 0x4D0, "VMCB EFER offset");
_Static_assert(__builtin_offsetof(struct vmcb, save.cr4) == 0x548, "VMCB CR4 offset");
_Static_assert(__builtin_offsetof(struct vmcb, save.rax) == 0x5F8, "VMCB RAX offset");
_Static_assert(__builtin_offsetof(struct vmcb, save.g_pat) == 0x668, "VMCB G_PAT offset");
_Static_assert(sizeof(struct vmcb) == 4096, "VMCB size");

/* Intercept vector 3 (offset 0x00C), APM vol. 2 §15.9-15.13. */
#define INTERCEPT_INTR BIT(0)
#define INTERCEPT_NMI BIT(1)
#define INTERCEPT_SMI BIT(2)
#define INTERCEPT_INIT BIT(3)
#define INTERCEPT_VINTR BIT(4)
#define INTERCEPT_CR0_SEL_WRITE BIT(5)
#define INTERCEPT_RDTSC BIT(14)
#define INTERCEPT_CPUID BIT(18)
#define INTERCEPT_INVD BIT(22)
#define INTERCEPT_PAUSE BIT(23)
#define INTERCEPT_HLT BIT(24)
#define INTERCEPT_INVLPGA BIT(26)
#define INTERCEPT_IOIO_PROT BIT(27)
#define INTERCEPT_MSR_PROT BIT(28)
#define INTERCEPT_TASK_SWITCH BIT(29)
#define INTERCEPT_SHUTDOWN BIT(31)
/* Intercept vector 4 (offset 0x010). */
#define INTERCEPT_VMRUN BIT(0)
#define INTERCEPT_VMMCALL BIT(1)
#define INTERCEPT_VMLOAD BIT(2)
#define INTERCEPT_VMSAVE BIT(3)
#define INTERCEPT_STGI BIT(4)
#define INTERCEPT_CLGI BIT(5)
#define INTERCEPT_SKINIT BIT(6)
#define INTERCEPT_RDTSCP BIT(7)
#define INTERCEPT_ICEBP BIT(8)
#define INTERCEPT_WBINVD BIT(9)
#define INTERCEPT_MONITOR BIT(10)
#define INTERCEPT_MWAIT BIT(11)
#define INTERCEPT_XSETBV BIT(13)

/* V_INTR fields (offset 0x060). */
#define VINTR_IRQ BIT(8)
#define VINTR_IGN_TPR BIT(20)
#define VINTR_MASKING BIT(24)
#define VINTR_PRIO_SHIFT 16
#define VINTR_VECTOR_SHIFT 32

#define TLB_CONTROL_DO_NOTHING 0
#define TLB_CONTROL_FLUSH_ALL 1

/* EVENTINJ / EXITINTINFO format (APM vol. 2 §15.20). */
#define EVENTINJ_VALID BIT(31)
#define EVENTINJ_EV BIT(11)
#define EVENTINJ_TYPE_SHIFT 8

/* Exit codes (APM vol. 2 appendix C). */
#define VMEXIT_CR0_WRITE 0x010
#define VMEXIT_EXCP_BASE 0x040
#define VMEXIT_INTR 0x060
#define VMEXIT_NMI 0x061
#define VMEXIT_SMI 0x062
#define VMEXIT_INIT 0x063
#define VMEXIT_VINTR 0x064
#define VMEXIT_CR0_SEL_WRITE 0x065
#define VMEXIT_RDTSC 0x06E
#define VMEXIT_CPUID 0x072
#define VMEXIT_INVD 0x076
#define VMEXIT_PAUSE 0x077
#define VMEXIT_HLT 0x078
#define VMEXIT_INVLPGA 0x07A
#define VMEXIT_IOIO 0x07B
#define VMEXIT_MSR 0x07C
#define VMEXIT_TASK_SWITCH 0x07D
#define VMEXIT_SHUTDOWN 0x07F
#define VMEXIT_VMRUN 0x080
#define VMEXIT_VMMCALL 0x081
#define VMEXIT_VMLOAD 0x082
#define VMEXIT_VMSAVE 0x083
#define VMEXIT_STGI 0x084
#define VMEXIT_CLGI 0x085
#define VMEXIT_SKINIT 0x086
#define VMEXIT_RDTSCP 0x087
#define VMEXIT_WBINVD 0x089
#define VMEXIT_MONITOR 0x08A
#define VMEXIT_MWAIT 0x08B
#define VMEXIT_XSETBV 0x08D
#define VMEXIT_NPF 0x400
#define VMEXIT_INVALID ((uint64_t)-1)

/* IOIO EXITINFO1 (APM vol. 2 §15.10.2, figure 15-2). */
#define IOIO_TYPE_IN BIT(0)
#define IOIO_STR BIT(2)
#define IOIO_REP BIT(3)
#define IOIO_SZ8 BIT(4)
#define IOIO_SZ16 BIT(5)
#define IOIO_SZ32 BIT(6)
#define IOIO_A16 BIT(7)
#define IOIO_A32 BIT(8)
#define IOIO_A64 BIT(9)

/* #NPF EXITINFO1 error code (APM vol. 2 §15.25.6). */
#define NPF_P BIT(0)
#define NPF_RW BIT(1)
#define NPF_US BIT(2)
#define NPF_RSV BIT(3)
#define NPF_ID BIT(4)

#endif
