/* AML emitter: exact encodings computed by hand from ACPI 6.5 §20.2 (grammar)
 * and §6.4 (resource descriptors). */
#include <string.h>
#include "qtest.h"
#include "core/vm/fwtables/aml.h"
#include "lib/errors.h"

static uint8_t out[8192];

static struct aml fresh(void)
{
    struct aml a;
    memset(out, 0xAA, sizeof out);
    aml_init(&a, out, sizeof out);
    return a;
}

#define EXPECT_AML(a, ...)                                        \
    do {                                                          \
        static const uint8_t exp_[] = {__VA_ARGS__};              \
        QCHECK_EQ(aml_status(a), 0);                              \
        QCHECK_EQ((a)->len, sizeof exp_);                         \
        QCHECK_MEM(out, exp_, sizeof exp_);                       \
    } while (0)

QTEST(aml_pkglen_forms)
{
    uint8_t p[4];
    /* One byte: value (body + 1) up to 63 in bits 0-5. */
    QCHECK_EQ(aml_pkglen_encode(0, p), 1);
    QCHECK_EQ(p[0], 0x01);
    QCHECK_EQ(aml_pkglen_encode(62, p), 1);
    QCHECK_EQ(p[0], 0x3F);
    /* Two bytes: 63 + 2 = 0x41 -> lead 0x40 | 0x1, then 0x41 >> 4. */
    QCHECK_EQ(aml_pkglen_encode(63, p), 2);
    QCHECK_EQ(p[0], 0x41);
    QCHECK_EQ(p[1], 0x04);
    QCHECK_EQ(aml_pkglen_encode(4093, p), 2); /* 0xFFF */
    QCHECK_EQ(p[0], 0x4F);
    QCHECK_EQ(p[1], 0xFF);
    /* Three bytes: 4094 + 3 = 0x1001. */
    QCHECK_EQ(aml_pkglen_encode(4094, p), 3);
    QCHECK_EQ(p[0], 0x81);
    QCHECK_EQ(p[1], 0x00);
    QCHECK_EQ(p[2], 0x01);
    QCHECK_EQ(aml_pkglen_encode(0xFFFFF - 3, p), 3);
    QCHECK_EQ(p[0], 0x8F);
    QCHECK_EQ(p[1], 0xFF);
    QCHECK_EQ(p[2], 0xFF);
    /* Four bytes: 0xFFFFD + 4 = 0x100001. */
    QCHECK_EQ(aml_pkglen_encode(0xFFFFF - 2, p), 4);
    QCHECK_EQ(p[0], 0xC1);
    QCHECK_EQ(p[1], 0x00);
    QCHECK_EQ(p[2], 0x00);
    QCHECK_EQ(p[3], 0x01);
    QCHECK_EQ(aml_pkglen_encode(AML_PKGLEN_MAX - 4, p), 4);
    QCHECK_EQ(p[0], 0xCF);
    QCHECK_EQ(p[1], 0xFF);
    QCHECK_EQ(p[2], 0xFF);
    QCHECK_EQ(p[3], 0xFF);
    QCHECK_EQ(aml_pkglen_encode(AML_PKGLEN_MAX - 3, p), 0);
}

QTEST(aml_integer_prefixes)
{
    struct aml a = fresh();
    aml_integer(&a, 0);
    aml_integer(&a, 1);
    aml_integer(&a, 2);
    aml_integer(&a, 0xFF);
    aml_integer(&a, 0x100);
    aml_integer(&a, 0xFFFF);
    aml_integer(&a, 0x10000);
    aml_integer(&a, 0xFFFFFFFFull);
    aml_integer(&a, 0x100000000ull);
    aml_integer(&a, 0x8877665544332211ull);
    EXPECT_AML(&a, 0x00, 0x01, 0x0A, 0x02, 0x0A, 0xFF, 0x0B, 0x00, 0x01, 0x0B, 0xFF, 0xFF,
               0x0C, 0x00, 0x00, 0x01, 0x00, 0x0C, 0xFF, 0xFF, 0xFF, 0xFF,
               0x0E, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
               0x0E, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88);
}

QTEST(aml_names)
{
    struct aml a = fresh();
    aml_name_string(&a, "_SB");           /* padded NameSeg */
    aml_name_string(&a, "\\_SB.PCI0");    /* root + DualNamePath */
    aml_name_string(&a, "^^AB.C.D");      /* parent prefixes + MultiNamePath */
    aml_name_string(&a, "\\");            /* root + NullName */
    aml_name_string(&a, "^X1");
    aml_name_string(&a, "");              /* bare NullName */
    EXPECT_AML(&a, 0x5F, 0x53, 0x42, 0x5F,
               0x5C, 0x2E, 0x5F, 0x53, 0x42, 0x5F, 0x50, 0x43, 0x49, 0x30,
               0x5E, 0x5E, 0x2F, 0x03, 0x41, 0x42, 0x5F, 0x5F, 0x43, 0x5F, 0x5F, 0x5F,
               0x44, 0x5F, 0x5F, 0x5F,
               0x5C, 0x00,
               0x5E, 0x58, 0x31, 0x5F, 0x5F,
               0x00);

    static const char *const bad[] = {"1ABC", "ABCDE", "ab", "AB..C", "AB.", ".AB",
                                      "\\^AB", "A-B", "^."};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        a = fresh();
        aml_name_string(&a, bad[i]);
        QCHECK_EQ(aml_status(&a), QV_ERR_INVAL);
        /* Sticky: nothing more is emitted after an error. */
        size_t len = a.len;
        aml_integer(&a, 5);
        QCHECK_EQ(a.len, len);
    }
}

QTEST(aml_eisaid_strings)
{
    uint32_t v;
    QCHECK_EQ(aml_eisaid_value("PNP0A03", &v), 0);
    QCHECK_EQ(v, 0x030AD041);
    QCHECK_EQ(aml_eisaid_value("PNP0A08", &v), 0);
    QCHECK_EQ(v, 0x080AD041);
    QCHECK_EQ(aml_eisaid_value("PNP0C02", &v), 0);
    QCHECK_EQ(v, 0x020CD041);
    QCHECK_EQ(aml_eisaid_value("pnp0A03", &v), QV_ERR_INVAL);
    QCHECK_EQ(aml_eisaid_value("PNP0A0", &v), QV_ERR_INVAL);
    QCHECK_EQ(aml_eisaid_value("PNP0A0G", &v), QV_ERR_INVAL);

    struct aml a = fresh();
    aml_name_decl(&a, "_HID");
    aml_eisaid(&a, "PNP0A03");
    aml_name_decl(&a, "_STR");
    aml_string(&a, "ab");
    EXPECT_AML(&a, 0x08, 0x5F, 0x48, 0x49, 0x44, 0x0C, 0x41, 0xD0, 0x0A, 0x03,
               0x08, 0x5F, 0x53, 0x54, 0x52, 0x0D, 0x61, 0x62, 0x00);
}

QTEST(aml_method_scope_package)
{
    struct aml a = fresh();
    /* Method (_STA, 0, NotSerialized) { Return (0x0F) } */
    aml_method_begin(&a, "_STA", 0, false, 0);
    aml_return(&a);
    aml_integer(&a, 0x0F);
    aml_end(&a);
    /* Method (XX, 3, Serialized, 2) {} : flags 3 | 8 | 2 << 4 */
    aml_method_begin(&a, "XX", 3, true, 2);
    aml_end(&a);
    /* Scope (\) {} */
    aml_scope_begin(&a, "\\");
    aml_end(&a);
    EXPECT_AML(&a, 0x14, 0x09, 0x5F, 0x53, 0x54, 0x41, 0x00, 0xA4, 0x0A, 0x0F,
               0x14, 0x06, 0x58, 0x58, 0x5F, 0x5F, 0x2B,
               0x10, 0x03, 0x5C, 0x00);

    a = fresh();
    aml_method_begin(&a, "_STA", 8, false, 0);
    QCHECK_EQ(aml_status(&a), QV_ERR_INVAL);
    a = fresh();
    aml_package_begin(&a, 256);
    QCHECK_EQ(aml_status(&a), QV_ERR_INVAL);
}

QTEST(aml_package_two_byte_pkglen)
{
    /* Package (64) { Zero x 64 }: body 1 + 64 = 65 -> PkgLength 67 = 0x43. */
    struct aml a = fresh();
    aml_package_begin(&a, 64);
    for (int i = 0; i < 64; i++)
        aml_integer(&a, 0);
    aml_end(&a);
    QCHECK_EQ(aml_status(&a), 0);
    QCHECK_EQ(a.len, 4 + 64);
    static const uint8_t head[] = {0x12, 0x43, 0x04, 0x40};
    QCHECK_MEM(out, head, 4);
    for (int i = 0; i < 64; i++)
        QCHECK_EQ(out[4 + i], 0);
}

QTEST(aml_buffer_sizes)
{
    /* Buffer with 300 bytes: BufferSize = WordPrefix 0x012C, body 3 + 300 =
     * 303, PkgLength 305 = 0x131 -> 0x41 0x13. */
    struct aml a = fresh();
    aml_buffer_begin(&a);
    for (int i = 0; i < 300; i++)
        aml_byte(&a, (uint8_t)i);
    aml_end(&a);
    QCHECK_EQ(aml_status(&a), 0);
    QCHECK_EQ(a.len, 6 + 300);
    static const uint8_t head[] = {0x11, 0x41, 0x13, 0x0B, 0x2C, 0x01};
    QCHECK_MEM(out, head, 6);
    for (int i = 0; i < 300; i++)
        QCHECK_EQ(out[6 + i], (uint8_t)i);

    /* Empty buffer: BufferSize ZeroOp. */
    a = fresh();
    aml_buffer_begin(&a);
    aml_end(&a);
    EXPECT_AML(&a, 0x11, 0x02, 0x00);
}

QTEST(aml_nested_shrink)
{
    /* Scope (A) { Package (1) { Package (1) { 0x1234 } } }: each level held
     * 4 bytes and gives back 3 at aml_end. */
    struct aml a = fresh();
    aml_scope_begin(&a, "A");
    aml_package_begin(&a, 1);
    aml_package_begin(&a, 1);
    aml_integer(&a, 0x1234);
    aml_end(&a);
    aml_end(&a);
    aml_end(&a);
    EXPECT_AML(&a, 0x10, 0x0E, 0x41, 0x5F, 0x5F, 0x5F,
               0x12, 0x08, 0x01, 0x12, 0x05, 0x01, 0x0B, 0x34, 0x12);
    /* Unbalanced. */
    aml_end(&a);
    QCHECK_EQ(aml_status(&a), QV_ERR_INVAL);
    a = fresh();
    aml_scope_begin(&a, "A");
    QCHECK_EQ(aml_status(&a), QV_ERR_INVAL); /* still open */
    for (int i = 0; i < AML_MAX_DEPTH; i++)
        aml_package_begin(&a, 1);
    QCHECK_EQ(a.err, QV_ERR_INVAL); /* one level too deep */
}

QTEST(aml_resource_descriptors)
{
    struct aml a = fresh();
    aml_res_io(&a, true, 0xCF8, 0xCF8, 1, 8);
    aml_res_word_addr(&a, AML_ADDR_BUS, AML_ADDR_MIN_FIXED | AML_ADDR_MAX_FIXED, 0, 0, 0xFF);
    aml_res_dword_addr(&a, AML_ADDR_MEMORY, AML_ADDR_MIN_FIXED | AML_ADDR_MAX_FIXED,
                       AML_MEM_RW, 0xC0000000, 0xFEBFFFFF);
    aml_res_word_addr(&a, AML_ADDR_IO, AML_ADDR_MIN_FIXED | AML_ADDR_MAX_FIXED,
                      AML_IO_ENTIRE_RANGE, 0x0D00, 0xFFFF);
    uint32_t irqs[2] = {5, 0x11223344};
    aml_res_ext_interrupt(&a, AML_IRQ_CONSUMER | AML_IRQ_EDGE | AML_IRQ_ACTIVE_LOW |
                                  AML_IRQ_SHARED, irqs, 2);
    EXPECT_AML(&a,
               /* IO (Decode16, 0x0CF8, 0x0CF8, 0x01, 0x08) */
               0x47, 0x01, 0xF8, 0x0C, 0xF8, 0x0C, 0x01, 0x08,
               /* WordBusNumber (ResourceProducer, MinFixed, MaxFixed, PosDecode,
                * 0, 0, 0xFF, 0, 0x100) */
               0x88, 0x0D, 0x00, 0x02, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0x00,
               0x00, 0x00, 0x00, 0x01,
               /* DWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed,
                * NonCacheable, ReadWrite, 0, 0xC0000000, 0xFEBFFFFF, 0, 0x3EC00000) */
               0x87, 0x17, 0x00, 0x00, 0x0C, 0x01, 0x00, 0x00, 0x00, 0x00,
               0x00, 0x00, 0x00, 0xC0, 0xFF, 0xFF, 0xBF, 0xFE, 0x00, 0x00, 0x00, 0x00,
               0x00, 0x00, 0xC0, 0x3E,
               /* WordIO (ResourceProducer, MinFixed, MaxFixed, PosDecode,
                * EntireRange, 0, 0x0D00, 0xFFFF, 0, 0xF300) */
               0x88, 0x0D, 0x00, 0x01, 0x0C, 0x03, 0x00, 0x00, 0x00, 0x0D, 0xFF, 0xFF,
               0x00, 0x00, 0x00, 0xF3,
               /* Interrupt (ResourceConsumer, Edge, ActiveLow, Shared) {5, 0x11223344} */
               0x89, 0x0A, 0x00, 0x0F, 0x02, 0x05, 0x00, 0x00, 0x00, 0x44, 0x33, 0x22, 0x11);

    /* QWordMemory consumer, ReadOnly, 0x1_0000_0000 + 4 KiB. */
    a = fresh();
    aml_res_qword_addr(&a, AML_ADDR_MEMORY,
                       AML_ADDR_CONSUMER | AML_ADDR_MIN_FIXED | AML_ADDR_MAX_FIXED, 0,
                       0x100000000ull, 0x100000FFFull);
    EXPECT_AML(&a, 0x8A, 0x2B, 0x00, 0x00, 0x0D, 0x00,
               0, 0, 0, 0, 0, 0, 0, 0,
               0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
               0xFF, 0x0F, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
               0, 0, 0, 0, 0, 0, 0, 0,
               0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00);

    /* A full 64 KiB word range has no 16-bit length; max < min is invalid. */
    a = fresh();
    aml_res_word_addr(&a, AML_ADDR_IO, 0, 0, 0, 0xFFFF);
    QCHECK_EQ(aml_status(&a), QV_ERR_INVAL);
    a = fresh();
    aml_res_dword_addr(&a, AML_ADDR_MEMORY, 0, 0, 2, 1);
    QCHECK_EQ(aml_status(&a), QV_ERR_INVAL);
    a = fresh();
    aml_res_ext_interrupt(&a, 0, irqs, 0);
    QCHECK_EQ(aml_status(&a), QV_ERR_INVAL);
}

/* Device (VR00) {
 *   Name (_HID, "LNRO0005")
 *   Name (_UID, Zero)
 *   Name (_CRS, ResourceTemplate () {
 *     Memory32Fixed (ReadWrite, 0xD0000000, 0x00000200)
 *     Interrupt (ResourceConsumer, Level, ActiveHigh, Exclusive) { 5 }
 *   })
 * }
 * Resource bytes: 12 (Memory32Fixed) + 9 (Interrupt) + 2 (EndTag) = 23 = 0x17;
 * Buffer body = BufferSize (0x0A 0x17) + 23 = 25 -> PkgLength 0x1A;
 * Device body = 4 + 15 + 6 + 5 + 27 = 57 -> PkgLength 0x3A. */
static const uint8_t virtio_dev_expected[] = {
    0x5B, 0x82, 0x3A, 'V', 'R', '0', '0',
    0x08, '_', 'H', 'I', 'D', 0x0D, 'L', 'N', 'R', 'O', '0', '0', '0', '5', 0x00,
    0x08, '_', 'U', 'I', 'D', 0x00,
    0x08, '_', 'C', 'R', 'S', 0x11, 0x1A, 0x0A, 0x17,
    0x86, 0x09, 0x00, 0x01, 0x00, 0x00, 0x00, 0xD0, 0x00, 0x02, 0x00, 0x00,
    0x89, 0x06, 0x00, 0x01, 0x01, 0x05, 0x00, 0x00, 0x00,
    0x79, 0x00,
};

static void emit_virtio_dev(struct aml *a)
{
    uint32_t gsi = 5;
    aml_device_begin(a, "VR00");
    aml_name_decl(a, "_HID");
    aml_string(a, "LNRO0005");
    aml_name_decl(a, "_UID");
    aml_integer(a, 0);
    aml_name_decl(a, "_CRS");
    aml_restemplate_begin(a);
    aml_res_memory32_fixed(a, true, 0xD0000000, 0x200);
    aml_res_ext_interrupt(a, AML_IRQ_CONSUMER, &gsi, 1);
    aml_restemplate_end(a);
    aml_end(a);
}

QTEST(aml_full_device_bytes)
{
    struct aml a = fresh();
    emit_virtio_dev(&a);
    QCHECK_EQ(aml_status(&a), 0);
    QCHECK_EQ(a.len, sizeof virtio_dev_expected);
    QCHECK_MEM(out, virtio_dev_expected, sizeof virtio_dev_expected);
}

QTEST(aml_small_buffers_never_overrun)
{
    /* Every capacity below the final size fails with NOSPC and leaves the
     * bytes from cap on untouched; open objects hold at most 3 (8 for the
     * Buffer) extra bytes, so cap = final + 11 always succeeds. */
    size_t need = sizeof virtio_dev_expected;
    for (size_t cap = 0; cap <= need + 11; cap++) {
        struct aml a;
        memset(out, 0xAA, sizeof out);
        aml_init(&a, out, cap);
        emit_virtio_dev(&a);
        int rc = aml_status(&a);
        if (cap < need)
            QCHECK_EQ(rc, QV_ERR_NOSPC);
        if (cap >= need + 11)
            QCHECK_EQ(rc, 0);
        if (rc == 0)
            QCHECK_MEM(out, virtio_dev_expected, need);
        else
            QCHECK(rc == QV_ERR_NOSPC);
        for (size_t i = cap; i < need + 16; i++)
            if (out[i] != 0xAA) {
                QCHECK(!"byte written past cap");
                break;
            }
    }
}
