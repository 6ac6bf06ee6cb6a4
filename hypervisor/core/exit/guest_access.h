/* Guest virtual-memory helpers for exit handlers: code mode from CS,
 * segmentation (effective -> linear address with limit/canonical checks),
 * and reads/writes/instruction fetches at linear addresses that may cross
 * page boundaries, on top of guest_walk(). */
#ifndef QV_CORE_EXIT_GUEST_ACCESS_H
#define QV_CORE_EXIT_GUEST_ACCESS_H
#include "core/exit/guest_walk.h"
#include "core/exit/insn_decode.h"
#include "core/vm/vcpu.h"

/* Exception vectors these helpers and the emulator raise (SDM vol. 3A §6.15). */
#define GX_UD 6
#define GX_SS 12
#define GX_GP 13
#define GX_PF 14

/* An exception for the caller to inject into the guest. */
struct guest_exception {
    uint8_t vector;    /* 0 when none is pending */
    bool has_error;
    uint32_t error;    /* #PF: PFEC_* bits; #GP/#SS: 0 */
    uint64_t cr2;      /* #PF: faulting linear address */
};

/* 64-bit code when EFER.LMA and CS.L; else CS.D selects 32 or 16 bits;
 * real mode (CR0.PE = 0) is 16-bit (SDM vol. 3A §5.2.1, APM vol. 2 §4.8.1). */
enum insn_mode guest_code_mode(const struct vcpu_sregs *s);

/* The segment register numbered seg (enum insn_seg), or NULL. */
const struct vcpu_segment *guest_segment(const struct vcpu_sregs *s, unsigned seg);

/* Linear address of seg:ea for an access of size bytes. In 64-bit mode only
 * FS/GS bases apply and the address must be canonical; otherwise the segment
 * must be present and of the right type and ea must be inside its limit
 * (expand-up or expand-down; limit is byte-granular as in the VMCB), and the
 * result wraps at 4 GiB (SDM vol. 3A §3.4, §5.3). On a violation returns
 * QV_ERR_FAULT with *exc = #GP(0), or #SS(0) for SS. */
int guest_linear(const struct vcpu_sregs *s, enum insn_mode mode, unsigned seg, uint64_t ea,
                 unsigned size, bool write, uint64_t *linear, struct guest_exception *exc);

/* GW_USER when the guest runs at CPL 3. */
unsigned guest_access_user(const struct vcpu_sregs *s);

/* Copy len bytes at linear, page by page. access: GW_* (GW_WRITE is added
 * for writes). Every page is translated before any byte is written, so a
 * faulting write changes nothing. Returns 0, QV_ERR_FAULT with *exc (#PF or
 * #GP for a non-canonical address), QV_ERR_IO if the memory is not guest RAM
 * (or write_gpa is missing), or guest_walk()'s QV_ERR_UNSUPPORTED. */
int guest_read_linear(const struct guest_mem_ops *m, const struct vcpu_sregs *s, uint64_t linear,
                      void *buf, size_t len, unsigned access, struct guest_exception *exc);
int guest_write_linear(const struct guest_mem_ops *m, const struct vcpu_sregs *s, uint64_t linear,
                       const void *buf, size_t len, unsigned access, struct guest_exception *exc);

/* Fetch up to max (<= 15) instruction bytes at CS:rip. *got receives the
 * number of bytes read. If the first byte cannot be fetched, returns
 * QV_ERR_FAULT with *exc; if a later page faults, returns 0 with fewer bytes
 * and the pending exception in *exc: inject it only if the decoder then
 * reports QV_ERR_TRUNCATED (the instruction really extends into that page). */
int guest_fetch_code(const struct guest_mem_ops *m, const struct vcpu_sregs *s, uint64_t rip,
                     uint8_t *buf, size_t max, size_t *got, struct guest_exception *exc);

#endif
