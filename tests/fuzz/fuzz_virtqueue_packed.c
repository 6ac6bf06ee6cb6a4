/* libFuzzer target for the packed virtqueue walker (VirtIO 1.1 §2.7).
 * Input: 8 control bytes, then the image of a 16 KiB guest RAM with the
 * descriptor ring at +0, the driver event area at +0x1000, the device event
 * area at +0x1004 and the buffers. Control bit "tame" rewrites descriptor
 * addresses/lengths into RAM and marks the descriptors available in the
 * first lap (keeping NEXT/WRITE/INDIRECT), so chains get walked deep.
 * Chains are completed out of order (up to 4 held), exercising the used
 * position and wrap counter. Checks: no access outside the fake RAM; chains
 * keep the virtio_dev.h promises and never take more than num descriptors;
 * a failure breaks the queue for good; work per pop is bounded. */
#include <stdio.h>
#include <stdlib.h>
#include "virtio_fake_mem.h"

#define CHECK(c)                                                                         \
    do {                                                                                 \
        if (!(c)) {                                                                      \
            fprintf(stderr, "fuzz_virtqueue_packed: %s:%d: %s\n", __FILE__, __LINE__, #c); \
            abort();                                                                     \
        }                                                                                \
    } while (0)

#define BASE 0x100000ull
#define RAM (16u * 1024)

static unsigned irqs, errors;
static void h_irq(void *ctx, unsigned qi) { (void)ctx; (void)qi; irqs++; }
static void h_err(void *ctx, unsigned qi, int err) { (void)ctx; (void)qi; (void)err; errors++; }
static const struct vq_host host = { .interrupt = h_irq, .error = h_err };

static unsigned accesses(const struct fake_mem *fm) { return fm->reads + fm->writes + fm->refused; }

static struct vq_chain held[4];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 8)
        return 0;
    const uint8_t *ctl = data;
    uint16_t num = (uint16_t)(ctl[0] % 255 + 1);
    uint64_t features = BIT(VIRTIO_F_VERSION_1) | BIT(VIRTIO_F_RING_PACKED);
    if (ctl[2] & 1)
        features |= BIT(VIRTIO_F_EVENT_IDX);
    if (ctl[2] & 2)
        features |= BIT(VIRTIO_F_INDIRECT_DESC);
    bool tame = ctl[2] & 4;
    unsigned hold = 1 + (ctl[2] >> 4) % 4;

    struct fake_mem *fm = fake_mem_new(BASE, RAM);
    size_t img = MIN(size - 8, (size_t)RAM);
    memcpy(fm->ram, data + 8, img);
    uint64_t desc = BASE, drv = BASE + 0x1000, dev = BASE + 0x1004;
    if (ctl[2] & 8)
        drv += ctl[3] & 3; /* maybe misaligned */
    if (tame) {
        for (unsigned i = 0; i < num; i++) {
            uint64_t e = desc + 16ull * i;
            uint64_t a = 0;
            memcpy(&a, fake_mem_ptr(fm, e), 8);
            fm_w64(fm, e, BASE + 0x2000 + (a % (RAM - 0x2000)));
            fm_w32(fm, e + 8, fm_r32(fm, e + 8) & 0x3ff);
            uint16_t fl = fm_r16(fm, e + 14);
            fm_w16(fm, e + 14, (uint16_t)((fl & 7) | VIRTQ_DESC_F_AVAIL));
        }
    }

    struct virtqueue q;
    irqs = errors = 0;
    vq_bind(&q, 0, &fm->gm, &host, NULL);
    q.num = num;
    q.desc = desc;
    q.driver = drv;
    q.device = dev;
    unsigned nheld = 0;
    uint32_t popped_desc = 0, pushed_desc = 0;
    if (vq_start(&q, features) == 0) {
        for (unsigned it = 0; it < 2u * num + 2; it++) {
            struct vq_chain *c = &held[nheld];
            unsigned before = accesses(fm);
            int r = vq_pop(&q, c);
            CHECK(accesses(fm) - before <= 8 + 3u * (num + VQ_MAX_INDIRECT));
            if (r < 0) {
                CHECK(q.broken && errors == 1);
                before = accesses(fm);
                CHECK(vq_pop(&q, c) == QV_ERR_STATE);
                vq_notify_guest(&q);
                CHECK(accesses(fm) == before);
                break;
            }
            CHECK(errors == 0);
            if (r == 0)
                break;
            CHECK(fake_chain_sane(fm, c));
            CHECK(c->ndesc >= 1 && c->ndesc <= num);
            popped_desc += c->ndesc;
            CHECK(popped_desc - pushed_desc <= num);
            uint8_t buf[256];
            uint32_t n = MIN(c->out_len, (uint32_t)sizeof(buf));
            memset(buf, 0xee, n);
            if (vq_chain_write(&q, c, ctl[6], buf, n) < 0) {
                CHECK(q.broken);
                break;
            }
            if (++nheld == hold) {
                while (nheld) { /* newest first: out of order */
                    struct vq_chain *h = &held[--nheld];
                    uint32_t written = h->out_len ? ctl[7] % (h->out_len + 1) : 0;
                    CHECK(vq_push(&q, h, written) == 0);
                    pushed_desc += h->ndesc;
                }
                vq_notify_guest(&q);
            }
            CHECK(q.next_used == pushed_desc % num);
        }
    }
    CHECK(fake_mem_clean(fm));
    fake_mem_free(fm);
    return 0;
}
