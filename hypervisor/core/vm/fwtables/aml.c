/* AML byte-code emitter (ACPI 6.5 §20.2, resource descriptors §6.4). */
#include "core/vm/fwtables/aml.h"
#include "lib/errors.h"
#include "lib/string.h"

/* Bytes held for an open object's PkgLength (the 4-byte form's size) and, for
 * a Buffer, for its BufferSize integer (DWordPrefix + 4 bytes). */
#define PKGLEN_HOLD 4
#define BUFSIZE_HOLD 5

void aml_init(struct aml *a, uint8_t *buf, size_t cap)
{
    memset(a, 0, sizeof *a);
    a->buf = buf;
    a->cap = buf ? cap : 0;
}

int aml_status(const struct aml *a)
{
    if (a->err)
        return a->err;
    return a->depth ? QV_ERR_INVAL : 0;
}

static void fail(struct aml *a, int err)
{
    if (!a->err)
        a->err = err;
}

/* True when n more bytes fit; records NOSPC otherwise. */
static bool room(struct aml *a, size_t n)
{
    if (a->err)
        return false;
    if (n > a->cap - a->len) {
        fail(a, QV_ERR_NOSPC);
        return false;
    }
    return true;
}

void aml_byte(struct aml *a, uint8_t b)
{
    if (room(a, 1))
        a->buf[a->len++] = b;
}

void aml_bytes(struct aml *a, const void *p, size_t n)
{
    if (room(a, n)) {
        memcpy(a->buf + a->len, p, n);
        a->len += n;
    }
}

static void le(struct aml *a, uint64_t v, unsigned nbytes)
{
    if (!room(a, nbytes))
        return;
    for (unsigned i = 0; i < nbytes; i++)
        a->buf[a->len++] = (uint8_t)(v >> (8 * i));
}

unsigned aml_pkglen_encode(size_t body_len, uint8_t out[4])
{
    /* §20.2.4: one byte holds up to 63 in bits 0-5; otherwise bits 7-6 of the
     * lead byte count the following bytes (1-3), its bits 3-0 hold the least
     * significant nibble, the following bytes the rest (so 12, 20 or 28 bits).
     * The encoded value includes the PkgLength bytes themselves. */
    if (body_len + 1 <= 0x3F) {
        out[0] = (uint8_t)(body_len + 1);
        return 1;
    }
    for (unsigned n = 2; n <= 4; n++) {
        uint64_t total = (uint64_t)body_len + n;
        if (total < (1ull << (4 + 8 * (n - 1)))) {
            out[0] = (uint8_t)(((n - 1) << 6) | (total & 0xF));
            for (unsigned i = 1; i < n; i++)
                out[i] = (uint8_t)(total >> (4 + 8 * (i - 1)));
            return n;
        }
    }
    return 0;
}

/* §20.2.3: ComputationalData picks the shortest prefix; 0 and 1 have
 * dedicated one-byte opcodes (ZeroOp, OneOp). */
static unsigned integer_encode(uint64_t v, uint8_t out[9])
{
    if (v == 0) {
        out[0] = AML_ZERO_OP;
        return 1;
    }
    if (v == 1) {
        out[0] = AML_ONE_OP;
        return 1;
    }
    unsigned n;
    if (v <= 0xFF) {
        out[0] = AML_BYTE_PREFIX;
        n = 1;
    } else if (v <= 0xFFFF) {
        out[0] = AML_WORD_PREFIX;
        n = 2;
    } else if (v <= 0xFFFFFFFFull) {
        out[0] = AML_DWORD_PREFIX;
        n = 4;
    } else {
        out[0] = AML_QWORD_PREFIX;
        n = 8;
    }
    for (unsigned i = 0; i < n; i++)
        out[1 + i] = (uint8_t)(v >> (8 * i));
    return n + 1;
}

void aml_integer(struct aml *a, uint64_t v)
{
    uint8_t enc[9];
    unsigned n = integer_encode(v, enc);
    aml_bytes(a, enc, n);
}

void aml_string(struct aml *a, const char *s)
{
    /* §20.2.3 String := StringPrefix AsciiCharList NullChar, chars 0x01-0x7F. */
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++) {
        if ((uint8_t)s[i] > 0x7F) {
            fail(a, QV_ERR_INVAL);
            return;
        }
    }
    aml_byte(a, AML_STRING_PREFIX);
    aml_bytes(a, s, n + 1);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int aml_eisaid_value(const char *id, uint32_t *out)
{
    /* §19.3.4 EISAID: three uppercase letters compressed to 5 bits each
     * ('A' = 1) in bits 14-0 of a big-endian word (bit 15 zero), then four
     * hex digits; the resulting four bytes are stored as a DWord. */
    if (!id || strlen(id) != 7)
        return QV_ERR_INVAL;
    uint32_t c[3];
    for (int i = 0; i < 3; i++) {
        if (id[i] < 'A' || id[i] > 'Z')
            return QV_ERR_INVAL;
        c[i] = (uint32_t)(id[i] - 0x40);
    }
    int h[4];
    for (int i = 0; i < 4; i++)
        if ((h[i] = hexval(id[3 + i])) < 0)
            return QV_ERR_INVAL;
    uint32_t b0 = (c[0] << 2) | (c[1] >> 3);
    uint32_t b1 = ((c[1] & 7) << 5) | c[2];
    uint32_t b2 = (uint32_t)(h[0] << 4 | h[1]);
    uint32_t b3 = (uint32_t)(h[2] << 4 | h[3]);
    *out = b0 | b1 << 8 | b2 << 16 | b3 << 24;
    return 0;
}

void aml_eisaid(struct aml *a, const char *id)
{
    uint32_t v;
    if (aml_eisaid_value(id, &v)) {
        fail(a, QV_ERR_INVAL);
        return;
    }
    /* Always a DWord (as ASL compilers emit it), even for small values. */
    aml_byte(a, AML_DWORD_PREFIX);
    le(a, v, 4);
}

static bool lead_char(char c)
{
    return (c >= 'A' && c <= 'Z') || c == '_';
}

static bool name_char(char c)
{
    return lead_char(c) || (c >= '0' && c <= '9');
}

/* Counts the segments of a dotted path and checks their characters (§20.2.2
 * NameSeg := LeadNameChar NameChar NameChar NameChar). */
static int count_segs(const char *p, unsigned *nsegs)
{
    unsigned n = 0;
    if (*p == '\0') {
        *nsegs = 0;
        return 0;
    }
    for (;;) {
        unsigned len = 0;
        if (!lead_char(*p))
            return QV_ERR_INVAL;
        while (name_char(*p)) {
            if (++len > 4)
                return QV_ERR_INVAL;
            p++;
        }
        n++;
        if (*p == '\0')
            break;
        if (*p != '.')
            return QV_ERR_INVAL;
        p++;
    }
    if (n > 255)
        return QV_ERR_INVAL;
    *nsegs = n;
    return 0;
}

void aml_name_string(struct aml *a, const char *path)
{
    if (!path) {
        fail(a, QV_ERR_INVAL);
        return;
    }
    /* NameString := <RootChar NamePath> | <PrefixPath NamePath>. */
    const char *p = path;
    size_t prefix = 0;
    if (*p == '\\') {
        p++;
        prefix = 1;
    } else {
        while (*p == '^') {
            p++;
            prefix++;
        }
    }
    unsigned nsegs;
    if (count_segs(p, &nsegs)) {
        fail(a, QV_ERR_INVAL);
        return;
    }
    aml_bytes(a, path, prefix);
    if (nsegs == 0) {
        aml_byte(a, AML_ZERO_OP); /* NullName */
        return;
    }
    if (nsegs == 2) {
        aml_byte(a, AML_DUAL_NAME_PREFIX);
    } else if (nsegs > 2) {
        aml_byte(a, AML_MULTI_NAME_PREFIX);
        aml_byte(a, (uint8_t)nsegs);
    }
    for (unsigned s = 0; s < nsegs; s++) {
        char seg[4] = {'_', '_', '_', '_'};
        for (unsigned i = 0; *p && *p != '.'; i++)
            seg[i] = *p++;
        if (*p == '.')
            p++;
        aml_bytes(a, seg, 4);
    }
}

void aml_name_decl(struct aml *a, const char *path)
{
    aml_byte(a, AML_NAME_OP);
    aml_name_string(a, path);
}

/* Opens an object: holds space for its PkgLength (and BufferSize). */
static void open_obj(struct aml *a, bool is_buffer)
{
    if (a->err)
        return;
    if (a->depth == AML_MAX_DEPTH) {
        fail(a, QV_ERR_INVAL);
        return;
    }
    size_t hold = PKGLEN_HOLD + (is_buffer ? BUFSIZE_HOLD : 0);
    if (!room(a, hold))
        return;
    a->open[a->depth] = a->len;
    a->is_buffer[a->depth] = is_buffer;
    a->depth++;
    a->len += hold;
}

void aml_end(struct aml *a)
{
    if (a->err)
        return;
    if (a->depth == 0) {
        fail(a, QV_ERR_INVAL);
        return;
    }
    a->depth--;
    size_t at = a->open[a->depth];
    bool is_buffer = a->is_buffer[a->depth];
    size_t data = at + PKGLEN_HOLD + (is_buffer ? BUFSIZE_HOLD : 0);
    size_t data_len = a->len - data;
    if (data_len > AML_PKGLEN_MAX) {
        fail(a, QV_ERR_RANGE);
        return;
    }

    /* DefBuffer := BufferOp PkgLength BufferSize ByteList (§20.2.5.4): the
     * BufferSize TermArg is part of the package body. */
    uint8_t size_enc[9];
    unsigned size_n = is_buffer ? integer_encode(data_len, size_enc) : 0;
    uint8_t pk[4];
    unsigned pk_n = aml_pkglen_encode(data_len + size_n, pk);
    if (pk_n == 0) {
        fail(a, QV_ERR_RANGE);
        return;
    }
    /* The encodings are never longer than what was held, so this only moves
     * the body towards lower addresses, within bytes already written. */
    memmove(a->buf + at + pk_n + size_n, a->buf + data, data_len);
    memcpy(a->buf + at, pk, pk_n);
    memcpy(a->buf + at + pk_n, size_enc, size_n);
    a->len = at + pk_n + size_n + data_len;
}

void aml_scope_begin(struct aml *a, const char *path)
{
    /* DefScope := ScopeOp PkgLength NameString TermList (§20.2.5.1). */
    aml_byte(a, AML_SCOPE_OP);
    open_obj(a, false);
    aml_name_string(a, path);
}

void aml_device_begin(struct aml *a, const char *path)
{
    /* DefDevice := DeviceOp PkgLength NameString TermList, DeviceOp =
     * ExtOpPrefix 0x82 (§20.2.5.2). */
    aml_byte(a, AML_EXT_OP_PREFIX);
    aml_byte(a, AML_DEVICE_OP);
    open_obj(a, false);
    aml_name_string(a, path);
}

void aml_method_begin(struct aml *a, const char *path, unsigned nargs, bool serialized,
                      unsigned sync_level)
{
    /* DefMethod := MethodOp PkgLength NameString MethodFlags TermList;
     * MethodFlags bits 0-2 ArgCount, bit 3 SerializeFlag, bits 4-7 SyncLevel
     * (§20.2.5.2). */
    if (nargs > 7 || sync_level > 15) {
        fail(a, QV_ERR_INVAL);
        return;
    }
    aml_byte(a, AML_METHOD_OP);
    open_obj(a, false);
    aml_name_string(a, path);
    aml_byte(a, (uint8_t)(nargs | (serialized ? 8u : 0u) | (sync_level << 4)));
}

void aml_package_begin(struct aml *a, unsigned nelems)
{
    /* DefPackage := PackageOp PkgLength NumElements PackageElementList,
     * NumElements := ByteData (§20.2.5.4). */
    if (nelems > 255) {
        fail(a, QV_ERR_INVAL);
        return;
    }
    aml_byte(a, AML_PACKAGE_OP);
    open_obj(a, false);
    aml_byte(a, (uint8_t)nelems);
}

void aml_buffer_begin(struct aml *a)
{
    aml_byte(a, AML_BUFFER_OP);
    open_obj(a, true);
}

void aml_return(struct aml *a)
{
    aml_byte(a, AML_RETURN_OP); /* DefReturn := ReturnOp ArgObject (§20.2.5.3) */
}

void aml_restemplate_begin(struct aml *a)
{
    aml_buffer_begin(a);
}

void aml_restemplate_end(struct aml *a)
{
    /* §6.4.2.9 End Tag: small item 0xF, length 1 (0x79), then a checksum
     * byte; 0 means the consumer treats the template as correctly summed. */
    aml_byte(a, 0x79);
    aml_byte(a, 0x00);
    aml_end(a);
}

void aml_res_io(struct aml *a, bool decode16, uint16_t min, uint16_t max, uint8_t align,
                uint8_t len)
{
    /* §6.4.2.5: small item name 0x8, length 7 -> tag byte 0x47; byte 1 bit 0
     * = 16-bit decode; minimum, maximum base (words), alignment, length. */
    aml_byte(a, 0x47);
    aml_byte(a, decode16 ? 1 : 0);
    le(a, min, 2);
    le(a, max, 2);
    aml_byte(a, align);
    aml_byte(a, len);
}

void aml_res_memory32_fixed(struct aml *a, bool rw, uint32_t base, uint32_t len)
{
    /* §6.4.3.4: large item 0x86, length 9; byte 3 bit 0 = read/write; base
     * and length as DWords. */
    aml_byte(a, 0x86);
    le(a, 9, 2);
    aml_byte(a, rw ? 1 : 0);
    le(a, base, 4);
    le(a, len, 4);
}

void aml_res_ext_interrupt(struct aml *a, uint8_t flags, const uint32_t *gsis, unsigned n)
{
    /* §6.4.3.6: large item 0x89; length = 2 + 4 * n (no resource source);
     * flags byte, interrupt table length byte, then DWord interrupt numbers. */
    if (n == 0 || n > 255 || !gsis) {
        fail(a, QV_ERR_INVAL);
        return;
    }
    aml_byte(a, 0x89);
    le(a, 2 + 4 * n, 2);
    aml_byte(a, flags);
    aml_byte(a, (uint8_t)n);
    for (unsigned i = 0; i < n; i++)
        le(a, gsis[i], 4);
}

/* Address space descriptors share a layout (§6.4.3.5.1-.3): tag, length
 * word, resource type, general flags, type-specific flags, then granularity,
 * minimum, maximum, translation offset and length, each of width w bytes. */
static void addr_desc(struct aml *a, uint8_t tag, unsigned w, uint8_t type, uint8_t gflags,
                      uint8_t tflags, uint64_t min, uint64_t max)
{
    /* The length field must hold max - min + 1 in w bytes. */
    uint64_t span = max - min;
    if (max < min || span == UINT64_MAX || (w < 8 && ((span + 1) >> (8 * w)) != 0)) {
        fail(a, QV_ERR_INVAL);
        return;
    }
    aml_byte(a, tag);
    le(a, 3 + 5 * w, 2);
    aml_byte(a, type);
    aml_byte(a, gflags);
    aml_byte(a, tflags);
    le(a, 0, w);             /* _GRA: 0 with fixed min and max */
    le(a, min, w);
    le(a, max, w);
    le(a, 0, w);             /* _TRA */
    le(a, span + 1, w);      /* _LEN */
}

void aml_res_word_addr(struct aml *a, uint8_t type, uint8_t gflags, uint8_t tflags,
                       uint16_t min, uint16_t max)
{
    addr_desc(a, 0x88, 2, type, gflags, tflags, min, max);
}

void aml_res_dword_addr(struct aml *a, uint8_t type, uint8_t gflags, uint8_t tflags,
                        uint32_t min, uint32_t max)
{
    addr_desc(a, 0x87, 4, type, gflags, tflags, min, max);
}

void aml_res_qword_addr(struct aml *a, uint8_t type, uint8_t gflags, uint8_t tflags,
                        uint64_t min, uint64_t max)
{
    addr_desc(a, 0x8A, 8, type, gflags, tflags, min, max);
}
