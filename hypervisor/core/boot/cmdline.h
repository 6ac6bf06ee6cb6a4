/* Kernel command-line parser (parameters documented in docs/cmdline.md).
 *
 * Syntax: tokens separated by blanks (space, tab, CR, LF); each token is
 * `key=value`, `key="quoted value"` or a bare `key`. A first token containing
 * '/' and no '=' is the kernel image path some loaders prepend (QEMU -kernel,
 * GRUB): it is skipped. Later duplicates of a parameter override earlier ones.
 *
 * Validate, then commit: the whole line is parsed into a private copy that
 * starts from the defaults; *out is written only if every known parameter is
 * valid, so an error never leaves a half-applied configuration behind.
 */
#ifndef QV_CORE_BOOT_CMDLINE_H
#define QV_CORE_BOOT_CMDLINE_H
#include "lib/types.h"

#define CMDLINE_MAX_LEN 4096 /* longer input is rejected */
#define CMDLINE_TEST_MAX 32 /* scenario name: up to 31 chars of [a-z0-9_-] */
#define CMDLINE_MAX_UNKNOWN 8
#define CMDLINE_UNKNOWN_NAME_MAX 32 /* longer names are stored truncated */
#define CMDLINE_MAX_CPUS 256
#define CMDLINE_GUEST_MEM_MIN (1ull << 20)
#define CMDLINE_GUEST_MEM_MAX (64ull << 30)
#define CMDLINE_GUEST_MEM_DEFAULT (128ull << 20)
#define CMDLINE_GUEST_SMP_MAX 64

enum qv_sched_kind {
    QV_SCHED_CREDIT = 0,
    QV_SCHED_CREDIT2 = 1, /* default (product.md "CLI") */
    QV_SCHED_RTDS = 2,
};

struct qv_cmdline {
    uint8_t loglevel; /* 0..7, LOG_* in lib/printk.h; default 6 */
    enum qv_sched_kind sched;
    char test[CMDLINE_TEST_MAX]; /* "" = no test scenario */
    uint32_t maxcpus; /* 1..256; 1 when nosmp */
    bool nosmp;
    uint64_t guest_mem; /* RAM of a guest started from boot modules (run-guest) */
    uint32_t guest_smp; /* its vCPUs */
    uint32_t linux_vms; /* Linux guests from the boot modules (1 or 2) */
    bool no_packed;     /* VirtIO devices do not offer packed rings */
    bool exit_on_end;   /* stop the machine (QEMU exit) when the guests end */
    bool vcon_echo;     /* virtio-console loopback on the host side (tests) */
    bool image_skipped; /* a leading image path was dropped */
    uint32_t unknown_count; /* all unknown parameters seen */
    char unknown[CMDLINE_MAX_UNKNOWN][CMDLINE_UNKNOWN_NAME_MAX]; /* first 8 names */
};

/* Fill *out with the defaults (what an empty command line yields). */
void cmdline_defaults(struct qv_cmdline *out);

/* Parse NUL-terminated `s` (NULL counts as empty). Returns QV_OK, or
 * QV_ERR_INVAL / QV_ERR_RANGE / QV_ERR_CORRUPT with a message naming the
 * parameter and value in err (if errlen > 0); *out is then left untouched. */
int cmdline_parse(const char *s, struct qv_cmdline *out, char *err, size_t errlen);

/* "credit", "credit2", "rtds". */
const char *cmdline_sched_name(enum qv_sched_kind k);

#endif
