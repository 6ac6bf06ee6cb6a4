/* virtio-rng back-end tests, plus the fake virtqueue every virtio device
 * test in this binary uses (declared again in each test file).
 *
 * The fake queue implements the virtio_dev.h queue API over an array of
 * chains the test builds and a flat 64 KiB "guest memory"; like the real
 * walker it only hands out segments inside that memory, readable ones first. */
#include <stdlib.h>
#include <string.h>
#include "devices/virtio/virtio_rng.h"
#include "lib/errors.h"
#include "qtest.h"

/* ------------------------------------------------------------ fake queue */
#define FQ_MEM_SIZE 65536u
#define FQ_MAX_CHAINS 128
#define FQ_MAX_USED 128

struct fq_seg { uint64_t gpa; uint32_t len; bool write; };

struct virtqueue {
    struct vq_chain chains[FQ_MAX_CHAINS];
    unsigned nchains, next;
    uint16_t used_head[FQ_MAX_USED];
    uint32_t used_len[FQ_MAX_USED];
    unsigned nused, notifies;
    int pop_error;
};

uint8_t fq_mem[FQ_MEM_SIZE];

struct virtqueue *fq_new(void)
{
    struct virtqueue *q = calloc(1, sizeof *q);
    QCHECK(q != NULL);
    return q;
}

void fq_free(struct virtqueue *q) { free(q); }

/* Make a chain available; returns its head id. */
unsigned fq_add(struct virtqueue *q, const struct fq_seg *s, unsigned n)
{
    QCHECK(q->nchains < FQ_MAX_CHAINS && n <= VQ_MAX_SEGS);
    if (q->nchains >= FQ_MAX_CHAINS || n > VQ_MAX_SEGS)
        return 0;
    struct vq_chain *c = &q->chains[q->nchains];
    memset(c, 0, sizeof *c);
    c->head = (uint16_t)(100 + q->nchains);
    for (unsigned i = 0; i < n; i++) {
        QCHECK(s[i].gpa + s[i].len <= FQ_MEM_SIZE);
        QCHECK(i == 0 || !s[i - 1].write || s[i].write); /* readable first */
        c->seg[i].gpa = s[i].gpa;
        c->seg[i].len = s[i].len;
        c->seg[i].write = s[i].write;
        if (s[i].write)
            c->out_len += s[i].len;
        else
            c->in_len += s[i].len;
    }
    c->nsegs = (uint16_t)n;
    c->ndesc = (uint16_t)n;
    q->nchains++;
    return c->head;
}

void fq_set_pop_error(struct virtqueue *q, int err) { q->pop_error = err; }
unsigned fq_used(const struct virtqueue *q) { return q->nused; }
unsigned fq_used_head(const struct virtqueue *q, unsigned i) { return q->used_head[i]; }
uint32_t fq_used_len(const struct virtqueue *q, unsigned i) { return q->used_len[i]; }
unsigned fq_notifies(const struct virtqueue *q) { return q->notifies; }
unsigned fq_avail(const struct virtqueue *q) { return q->nchains - q->next; }

int vq_pop(struct virtqueue *q, struct vq_chain *c)
{
    if (q->pop_error)
        return q->pop_error;
    if (q->next == q->nchains)
        return 0;
    *c = q->chains[q->next++];
    return 1;
}

int vq_push(struct virtqueue *q, const struct vq_chain *c, uint32_t written)
{
    QCHECK(q->nused < FQ_MAX_USED);
    QCHECK(written <= c->out_len);
    if (q->nused >= FQ_MAX_USED)
        return QV_ERR_NOSPC;
    q->used_head[q->nused] = c->head;
    q->used_len[q->nused++] = written;
    return QV_OK;
}

void vq_notify_guest(struct virtqueue *q) { q->notifies++; }

/* Copy between buf and the chain's readable (write=false) or writable part. */
static int fq_copy(const struct vq_chain *c, bool write, uint32_t off, void *buf, uint32_t len)
{
    uint32_t done = 0, pos = 0;
    for (unsigned i = 0; i < c->nsegs && done < len; i++) {
        const struct vq_seg *s = &c->seg[i];
        if (s->write != write)
            continue;
        if (off < pos + s->len) {
            uint32_t skip = off > pos ? off - pos : 0;
            uint32_t n = s->len - skip;
            if (n > len - done)
                n = len - done;
            if (write)
                memcpy(fq_mem + s->gpa + skip, (uint8_t *)buf + done, n);
            else
                memcpy((uint8_t *)buf + done, fq_mem + s->gpa + skip, n);
            done += n;
            off += n;
        }
        pos += s->len;
    }
    return (int)done;
}

int vq_chain_read(struct virtqueue *q, const struct vq_chain *c, uint32_t off, void *buf, uint32_t len)
{
    (void)q;
    return fq_copy(c, false, off, buf, len);
}

int vq_chain_write(struct virtqueue *q, const struct vq_chain *c, uint32_t off, const void *buf,
                   uint32_t len)
{
    (void)q;
    return fq_copy(c, true, off, (void *)buf, len);
}

QTEST(fake_queue_copies_across_segments)
{
    struct virtqueue *q = fq_new();
    struct fq_seg s[] = {{0, 3, false}, {100, 5, false}, {200, 4, true}, {300, 4, true}};
    fq_add(q, s, 4);
    memcpy(fq_mem, "abc", 3);
    memcpy(fq_mem + 100, "defgh", 5);
    struct vq_chain c;
    QCHECK_EQ(vq_pop(q, &c), 1);
    char out[8] = {0};
    QCHECK_EQ(vq_chain_read(q, &c, 2, out, 8), 6); /* short: only 6 readable from 2 */
    QCHECK_MEM(out, "cdefgh", 6);
    QCHECK_EQ(vq_chain_write(q, &c, 2, "WXYZ", 4), 4);
    QCHECK_MEM(fq_mem + 202, "WX", 2);
    QCHECK_MEM(fq_mem + 300, "YZ", 2);
    fq_free(q);
}

/* ------------------------------------------------------------ rng tests */
struct src { unsigned calls; uint8_t next; int fail; size_t last_n; };

static int counter_source(void *ctx, uint8_t *buf, size_t n)
{
    struct src *s = ctx;
    s->calls++;
    s->last_n = n;
    if (s->fail)
        return s->fail;
    for (size_t i = 0; i < n; i++)
        buf[i] = (uint8_t)(s->next++ | 0x80); /* never 0: distinguishable from the 0 fill */
    return 0;
}

static struct virtio_rng *rng_setup(struct virtqueue *q, struct src *s)
{
    static struct virtio_rng r;
    QCHECK_EQ(virtio_rng_init(&r, counter_source, s), QV_OK);
    QCHECK_EQ(virtio_rng_attach_queue(&r, 0, q), QV_OK);
    QCHECK_EQ(virtio_rng_attach_queue(&r, 1, q), QV_ERR_INVAL);
    r.be.activate(&r, BIT(VIRTIO_F_VERSION_1));
    return &r;
}

QTEST(rng_backend_description)
{
    struct virtio_rng r;
    QCHECK_EQ(virtio_rng_init(&r, NULL, NULL), QV_ERR_INVAL);
    QCHECK_EQ(virtio_rng_init(&r, counter_source, NULL), QV_OK);
    QCHECK_EQ(r.be.device_id, VIRTIO_ID_RNG);
    QCHECK_EQ(r.be.num_queues, 1);
    QCHECK_EQ(r.be.features, BIT(VIRTIO_F_VERSION_1));
    QCHECK_EQ(r.be.config_read(&r, 0, 4), 0);
}

QTEST(rng_fills_exactly_the_requested_sizes)
{
    struct virtqueue *q = fq_new();
    struct src s = {0};
    struct virtio_rng *r = rng_setup(q, &s);
    memset(fq_mem, 0, FQ_MEM_SIZE);
    struct fq_seg a[] = {{0, 1, true}};
    struct fq_seg b[] = {{16, 60, true}, {1000, 40, true}};
    struct fq_seg c[] = {{8192, 4096, true}};
    struct fq_seg d[] = {{20000, 5000, true}}; /* more than one request may take */
    fq_add(q, a, 1);
    fq_add(q, b, 2);
    fq_add(q, c, 1);
    fq_add(q, d, 1);
    r->be.queue_notify(r, 0);
    QCHECK_EQ(fq_used(q), 4);
    QCHECK_EQ(fq_used_len(q, 0), 1);
    QCHECK_EQ(fq_used_len(q, 1), 100);
    QCHECK_EQ(fq_used_len(q, 2), 4096);
    QCHECK_EQ(fq_used_len(q, 3), VIRTIO_RNG_MAX_REQ);
    QCHECK_EQ(fq_notifies(q), 1);
    QCHECK_EQ(s.calls, 4);
    /* Bytes written exactly where the buffers are, nothing around them. */
    QCHECK(fq_mem[0] & 0x80);
    QCHECK_EQ(fq_mem[1], 0);
    QCHECK(fq_mem[16] & 0x80 && fq_mem[75] & 0x80);
    QCHECK_EQ(fq_mem[76], 0);
    QCHECK(fq_mem[1000] & 0x80 && fq_mem[1039] & 0x80);
    QCHECK_EQ(fq_mem[1040], 0);
    QCHECK(fq_mem[8192 + 4095] & 0x80);
    QCHECK_EQ(fq_mem[8192 + 4096], 0);
    QCHECK(fq_mem[20000 + 4095] & 0x80);
    QCHECK_EQ(fq_mem[20000 + 4096], 0);
    /* The second buffer got consecutive source bytes across its segments. */
    QCHECK_EQ((uint8_t)(fq_mem[1000] & 0x7f), (uint8_t)((fq_mem[75] + 1) & 0x7f));
    /* The device keeps no copy of what it gave out. */
    for (unsigned i = 0; i < VIRTIO_RNG_MAX_REQ; i++)
        if (r->buf[i])
            QCHECK(!"rng buffer not wiped");
    QCHECK_EQ(r->stats.bytes, 1 + 100 + 4096 + 4096);
    fq_free(q);
}

QTEST(rng_source_failure_keeps_request_pending)
{
    struct virtqueue *q = fq_new();
    struct src s = {.fail = QV_ERR_IO};
    struct virtio_rng *r = rng_setup(q, &s);
    struct fq_seg a[] = {{0, 32, true}};
    fq_add(q, a, 1);
    fq_add(q, a, 1);
    QCHECK_EQ(virtio_rng_process(r), QV_ERR_IO);
    QCHECK_EQ(fq_used(q), 0);           /* never answered with non-random bytes */
    QCHECK_EQ(fq_notifies(q), 0);
    QCHECK(r->pending);
    s.fail = 0;
    r->be.queue_notify(r, 0);
    QCHECK_EQ(fq_used(q), 2);
    QCHECK_EQ(fq_used_len(q, 0), 32);
    QCHECK_EQ(fq_used_len(q, 1), 32);
    QCHECK(!r->pending);
    QCHECK_EQ(r->stats.source_failures, 1);
    fq_free(q);
}

QTEST(rng_readonly_chain_used_empty_and_inactive_consumes_nothing)
{
    struct virtqueue *q = fq_new();
    struct src s = {0};
    struct virtio_rng *r = rng_setup(q, &s);
    struct fq_seg a[] = {{0, 32, false}};
    fq_add(q, a, 1);
    QCHECK_EQ(virtio_rng_process(r), 1);
    QCHECK_EQ(fq_used(q), 1);
    QCHECK_EQ(fq_used_len(q, 0), 0);
    QCHECK_EQ(s.calls, 0);
    r->be.reset(r);
    struct fq_seg b[] = {{0, 32, true}};
    fq_add(q, b, 1);
    QCHECK_EQ(virtio_rng_process(r), 0);   /* §3.1.1: nothing before DRIVER_OK */
    QCHECK_EQ(fq_avail(q), 1);
    fq_set_pop_error(q, QV_ERR_CORRUPT);
    r->be.activate(r, 0);
    QCHECK_EQ(virtio_rng_process(r), QV_ERR_CORRUPT);
    fq_free(q);
}
