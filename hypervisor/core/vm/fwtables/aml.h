/* A tiny ACPI Machine Language emitter (ACPI 6.5 §20.2 "AML Grammar
 * Definition", §6.4 "Resource Data Types for ACPI").
 *
 * Writes AML byte code into a caller buffer. Errors are sticky: once a write
 * would pass the buffer's end (QV_ERR_NOSPC) or an argument is malformed
 * (QV_ERR_INVAL: bad name, unbalanced aml_end, nesting too deep), later calls
 * do nothing and aml_status() reports the first error. Nothing is ever written
 * at or beyond buf + cap.
 *
 * Objects with a PkgLength (Scope, Device, Method, Package, Buffer) are opened
 * with *_begin and closed with aml_end(), which back-patches the smallest
 * PkgLength encoding (§20.2.4). While an object is open, 4 bytes are held for
 * its PkgLength (9 for a Buffer: PkgLength + BufferSize), so a buffer that
 * would fit only after the shrink reports QV_ERR_NOSPC (at most 3 bytes of
 * slack per open object, 8 for a Buffer). */
#ifndef QV_CORE_VM_FWTABLES_AML_H
#define QV_CORE_VM_FWTABLES_AML_H
#include "lib/types.h"

#define AML_MAX_DEPTH 16

struct aml {
    uint8_t *buf;
    size_t cap;
    size_t len;
    int err;                         /* first error, sticky */
    unsigned depth;
    size_t open[AML_MAX_DEPTH];      /* offset of each open object's PkgLength */
    bool is_buffer[AML_MAX_DEPTH];   /* the open object is a Buffer */
};

/* Opcodes, §20.2 (and §20.3 "AML Byte Stream Byte Values"). */
#define AML_ZERO_OP 0x00
#define AML_ONE_OP 0x01
#define AML_NAME_OP 0x08
#define AML_BYTE_PREFIX 0x0A
#define AML_WORD_PREFIX 0x0B
#define AML_DWORD_PREFIX 0x0C
#define AML_STRING_PREFIX 0x0D
#define AML_QWORD_PREFIX 0x0E
#define AML_SCOPE_OP 0x10
#define AML_BUFFER_OP 0x11
#define AML_PACKAGE_OP 0x12
#define AML_METHOD_OP 0x14
#define AML_DUAL_NAME_PREFIX 0x2E
#define AML_MULTI_NAME_PREFIX 0x2F
#define AML_EXT_OP_PREFIX 0x5B
#define AML_DEVICE_OP 0x82 /* after ExtOpPrefix */
#define AML_ROOT_CHAR 0x5C
#define AML_PARENT_PREFIX 0x5E
#define AML_RETURN_OP 0xA4

/* Largest PkgLength value: 28 bits in the 4-byte form (§20.2.4). */
#define AML_PKGLEN_MAX 0x0FFFFFFFu

void aml_init(struct aml *a, uint8_t *buf, size_t cap);
/* 0, or the first error (QV_ERR_NOSPC, QV_ERR_INVAL); also INVAL when an
 * object is still open. */
int aml_status(const struct aml *a);

/* Encodes a PkgLength whose value counts its own bytes plus body_len following
 * bytes (§20.2.4). Returns the number of bytes written to out[4] (1-4), or 0
 * when the package would exceed AML_PKGLEN_MAX. */
unsigned aml_pkglen_encode(size_t body_len, uint8_t out[4]);

/* Raw bytes (no encoding). */
void aml_byte(struct aml *a, uint8_t b);
void aml_bytes(struct aml *a, const void *p, size_t n);

/* ComputationalData integer with the shortest encoding (§20.2.3):
 * ZeroOp, OneOp, BytePrefix, WordPrefix, DWordPrefix or QWordPrefix. */
void aml_integer(struct aml *a, uint64_t v);
/* String: StringPrefix, ASCII 0x01-0x7F, NUL (§20.2.3). */
void aml_string(struct aml *a, const char *s);
/* EISA id "PNP0A03" compressed into a DWord integer (§19.3.4 EISAID). */
int aml_eisaid_value(const char *id, uint32_t *out);
void aml_eisaid(struct aml *a, const char *id);

/* NameString (§20.2.2): optional '\' (root) or '^'s (parent), then
 * dot-separated segments of 1-4 characters, lead [A-Z_], rest [A-Z0-9_],
 * padded with '_' ("_SB" -> "_SB_"). One segment is a NameSeg, two a
 * DualNamePath, more a MultiNamePath, none a NullName. */
void aml_name_string(struct aml *a, const char *path);

/* Name(path, <object>): emits NameOp NameString; the caller emits the object. */
void aml_name_decl(struct aml *a, const char *path);

/* Named objects with a TermList body, closed by aml_end(). */
void aml_scope_begin(struct aml *a, const char *path);
void aml_device_begin(struct aml *a, const char *path);
/* MethodFlags (§20.2.5.2): ArgCount 0-7, SerializeFlag, SyncLevel 0-15. */
void aml_method_begin(struct aml *a, const char *path, unsigned nargs, bool serialized,
                      unsigned sync_level);
/* Package(n) { ... }: NumElements is a byte (§20.2.5.4 DefPackage). */
void aml_package_begin(struct aml *a, unsigned nelems);
/* Buffer() { bytes }: BufferSize is computed from the bytes at aml_end(). */
void aml_buffer_begin(struct aml *a);
void aml_end(struct aml *a);

/* Return(<object>): emits ReturnOp; the caller emits the object. */
void aml_return(struct aml *a);

/* ResourceTemplate() { ... } (§19.6.117): a Buffer whose bytes are resource
 * descriptors ended by an End Tag (§6.4.2.9) with checksum 0 ("treated as if
 * the checksum operation yielded 0"). */
void aml_restemplate_begin(struct aml *a);
void aml_restemplate_end(struct aml *a);

/* Resource descriptors (§6.4). */
/* IO port descriptor, §6.4.2.5: decode16 selects 16-bit address decode. */
void aml_res_io(struct aml *a, bool decode16, uint16_t min, uint16_t max, uint8_t align,
                uint8_t len);
/* 32-bit fixed memory range descriptor, §6.4.3.4. */
void aml_res_memory32_fixed(struct aml *a, bool rw, uint32_t base, uint32_t len);

/* Extended Interrupt descriptor flags, §6.4.3.6. */
#define AML_IRQ_CONSUMER BIT(0)
#define AML_IRQ_EDGE BIT(1)
#define AML_IRQ_ACTIVE_LOW BIT(2)
#define AML_IRQ_SHARED BIT(3)
#define AML_IRQ_WAKE BIT(4)
/* Extended Interrupt descriptor, §6.4.3.6, with n (1-255) interrupt numbers. */
void aml_res_ext_interrupt(struct aml *a, uint8_t flags, const uint32_t *gsis, unsigned n);

/* Address space descriptor general flags, §6.4.3.5 byte 4 (producer = 0). */
#define AML_ADDR_CONSUMER BIT(0)
#define AML_ADDR_SUB_DECODE BIT(1)
#define AML_ADDR_MIN_FIXED BIT(2)
#define AML_ADDR_MAX_FIXED BIT(3)
/* Resource types, §6.4.3.5 byte 3. */
#define AML_ADDR_MEMORY 0
#define AML_ADDR_IO 1
#define AML_ADDR_BUS 2
/* Memory type-specific flags, §6.4.3.5.5. */
#define AML_MEM_RW BIT(0)
#define AML_MEM_CACHEABLE (1u << 1)
#define AML_MEM_PREFETCHABLE (3u << 1)
/* I/O type-specific flags, §6.4.3.5.5: _RNG "entire range". */
#define AML_IO_ENTIRE_RANGE 3u

/* Word/DWord/QWord address space descriptors, §6.4.3.5.3/.2/.1: granularity 0,
 * translation 0, length = max - min + 1. */
void aml_res_word_addr(struct aml *a, uint8_t type, uint8_t gflags, uint8_t tflags,
                       uint16_t min, uint16_t max);
void aml_res_dword_addr(struct aml *a, uint8_t type, uint8_t gflags, uint8_t tflags,
                        uint32_t min, uint32_t max);
void aml_res_qword_addr(struct aml *a, uint8_t type, uint8_t gflags, uint8_t tflags,
                        uint64_t min, uint64_t max);

#endif
