/* libFuzzer target for the split virtqueue walker (VirtIO 1.1 §2.6).
 * Input: 8 control bytes, then the image of a 16 KiB guest RAM holding the
 * rings (descriptors at +0, available ring at +0x1000, used ring at +0x1400)
 * and whatever the descriptors point at. Control bit "tame" rewrites the
 * descriptor addresses/lengths into RAM and the avail index/heads into
 * range, so the fuzzer also reaches deep, mostly valid chains.
 * Checks: no crash or access outside the fake RAM; every popped chain keeps
 * the virtio_dev.h promises; a failure breaks the queue for good (no more
 * memory accesses); the work per pop is bounded; the used index in guest
 * memory matches the device's. */
#include <stdio.h>
#include <stdlib.h>
#include "virtio_fake_mem.h"

#define CHECK(c)                                                                        \
    do {                                                                                \
        if (!(c)) {                                                                     \
            fprintf(stderr, "fuzz_virtqueue_split: %s:%d: %s\n", __FILE__, __LINE__, #c); \
            abort();                                                                    \
        }                                                                               \
    } while (0)

#define BASE 0x100000ull
#define RAM (16u * 1024)

static unsigned irqs, errors;
static void h_irq(void *ctx, unsigned qi) { (void)ctx; (void)qi; irqs++; }
static void h_err(void *ctx, unsigned qi, int err) { (void)ctx; (void)qi; (void)err; errors++; }
static const struct vq_host host = { .interrupt = h_irq, .error = h_err };

static unsigned accesses(const struct fake_mem *fm) { return fm->reads + fm->writes + fm->refused; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 8)
        return 0;
    const uint8_t *ctl = data;
    uint16_t num = (ctl[0] & 0x80) ? (uint16_t)(ctl[1] + 1) : (uint16_t)(1u << (ctl[0] % 9));
    uint64_t features = BIT(VIRTIO_F_VERSION_1);
    if (ctl[2] & 1)
        features |= BIT(VIRTIO_F_EVENT_IDX);
    if (ctl[2] & 2)
        features |= BIT(VIRTIO_F_INDIRECT_DESC);
    bool tame = ctl[2] & 4;

    struct fake_mem *fm = fake_mem_new(BASE, RAM);
    size_t img = MIN(size - 8, (size_t)RAM);
    memcpy(fm->ram, data + 8, img);
    uint64_t desc = BASE, avail = BASE + 0x1000, used = BASE + 0x1400;
    if (ctl[2] & 8)
        desc += ctl[3] & 15; /* maybe misaligned */
    if (tame) {
        for (unsigned i = 0; i < num; i++) {
            uint64_t e = desc + 16ull * i;
            uint64_t a = 0;
            memcpy(&a, fake_mem_ptr(fm, e), 8);
            fm_w64(fm, e, BASE + 0x2000 + (a % (RAM - 0x2000)));
            fm_w32(fm, e + 8, fm_r32(fm, e + 8) & 0x3ff);
            fm_w16(fm, e + 14, (uint16_t)(fm_r16(fm, e + 14) % num));
        }
        for (unsigned i = 0; i < num; i++)
            fm_w16(fm, avail + 4 + 2ull * i, (uint16_t)(fm_r16(fm, avail + 4 + 2ull * i) % num));
        fm_w16(fm, avail + 2, (uint16_t)(ctl[5] % (num + 1)));
        fm_w16(fm, used + 2, 0);
    }

    struct virtqueue q;
    irqs = errors = 0;
    vq_bind(&q, 0, &fm->gm, &host, NULL);
    q.num = num;
    q.desc = desc;
    q.driver = avail;
    q.device = used;
    if (vq_start(&q, features) == 0) {
        struct vq_chain c;
        for (unsigned it = 0; it < 2u * num + 2; it++) {
            unsigned before = accesses(fm);
            int r = vq_pop(&q, &c);
            /* Ring index + head + up to num descriptors, or one table of
             * VQ_MAX_INDIRECT entries, each with two range probes. */
            CHECK(accesses(fm) - before <= 8 + 3u * (num + VQ_MAX_INDIRECT));
            if (r < 0) {
                CHECK(q.broken && errors == 1);
                before = accesses(fm);
                CHECK(vq_pop(&q, &c) == QV_ERR_STATE);
                CHECK(vq_push(&q, &c, 0) == QV_ERR_STATE);
                vq_notify_guest(&q);
                CHECK(accesses(fm) == before);
                break;
            }
            CHECK(errors == 0);
            if (r == 0)
                break;
            CHECK(fake_chain_sane(fm, &c));
            CHECK(c.head < num);
            uint8_t buf[256];
            uint32_t n = MIN(c.in_len, (uint32_t)sizeof(buf));
            CHECK(vq_chain_read(&q, &c, 0, buf, n) == (int)n || q.broken);
            if (q.broken)
                break;
            n = MIN(c.out_len, (uint32_t)sizeof(buf));
            memset(buf, 0xee, n);
            CHECK(vq_chain_write(&q, &c, ctl[6], buf, n) >= 0 || q.broken);
            if (q.broken)
                break;
            uint32_t written = c.out_len ? ctl[7] % (c.out_len + 1) : 0;
            CHECK(vq_push(&q, &c, written) == 0);
            CHECK(fm_r16(fm, used + 2) == q.next_used);
            if (it & 1)
                vq_notify_guest(&q);
        }
    }
    CHECK(fake_mem_clean(fm));
    fake_mem_free(fm);
    return 0;
}
