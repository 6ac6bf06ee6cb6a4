/* Measured and verified boot for the QuantaVirt EFI stub.
 *
 * Measurement log handed to the hypervisor through the Multiboot2 tag 0x5156
 * (u64 log_addr, u64 log_size; see hypervisor/core/boot/multiboot2.h). Layout,
 * little-endian, every field naturally aligned:
 *     header (24 bytes): char magic[4] = "QVML"; u16 version = 1;
 *         u16 hash = 1 (SHA3-256, FIPS 202); u32 count; u32 size (bytes,
 *         header included); char loader[8] ("uefi", NUL-padded)
 *     entry: u32 entry_size (multiple of 8); u32 flags (MLOG_F_*);
 *         u64 data_len; u8 digest[32] = SHA3-256(file contents as read);
 *         char name[] NUL-terminated, zero-padded to entry_size
 *
 * Image signatures: the qv-pqc file formats (docs/pqc.md "Key and signature
 * files"): "QVPK"/"QVSG", version 1, name "ML-DSA-65", raw FIPS 204 payload;
 * pure ML-DSA with the context string "QuantaVirt image v1" (FIPS 204 §5.2).
 * Pure logic (host-testable). */
#ifndef QV_BOOT_MEASURE_UEFI_H
#define QV_BOOT_MEASURE_UEFI_H
#include <stddef.h>
#include <stdint.h>

#define MLOG_F_SIGNED 1u /* ML-DSA-65 signature verified before use */
#define MLOG_F_CONFIG 2u /* configuration (not signed), measured only */

struct mlog {
    uint8_t *buf;
    size_t cap;
    int err;
};

void mlog_init(struct mlog *l, void *buf, size_t cap, const char *loader);
/* Appends SHA3-256(data) under `name` and returns a pointer to the digest
 * in the log; NULL (latched in l->err) if the log is full. */
const uint8_t *mlog_add(struct mlog *l, const char *name, const void *data, size_t len,
                        uint32_t flags);
size_t mlog_size(const struct mlog *l);

#define QVSIG_CONTEXT "QuantaVirt image v1"

/* Work buffer needed by qvsig_verify. */
size_t qvsig_work_len(void);
/* Checks the public-key file and signature file formats and verifies the
 * signature over data. 0 on success; -1 with a reason in err otherwise. */
int qvsig_verify(const uint8_t *pkfile, size_t pklen, const uint8_t *data, size_t len,
                 const uint8_t *sigfile, size_t siglen, void *work, char *err, size_t errlen);
/* SHA3-256 of the public key payload (the qv-pqc key fingerprint), or -1. */
int qvsig_pk_fingerprint(const uint8_t *pkfile, size_t pklen, uint8_t fp[32]);
#endif
