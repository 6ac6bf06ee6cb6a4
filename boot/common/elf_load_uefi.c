/* ELF64 + Multiboot2 header checks (see elf_load_uefi.h). */
#include "elf_load_uefi.h"
#include "lib/printf.h"

static uint64_t rd(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

#define FAIL(...) do { qv_snprintf(err, errlen, __VA_ARGS__); return -1; } while (0)

/* Multiboot2 header: magic 0xe85250d6, 8-byte aligned, entirely within the
 * first 32768 bytes, magic + arch + length + checksum == 0 mod 2^32 (§3.1.1). */
static int find_mb2_header(const uint8_t *f, size_t size)
{
    size_t lim = size < 32768 ? size : 32768;
    for (size_t off = 0; off + 16 <= lim; off += 8) {
        if (rd(f + off, 4) != 0xe85250d6u)
            continue;
        uint32_t arch = (uint32_t)rd(f + off + 4, 4), len = (uint32_t)rd(f + off + 8, 4);
        uint32_t sum = (uint32_t)rd(f + off + 12, 4);
        if ((uint32_t)(0xe85250d6u + arch + len + sum) == 0 && len >= 16 && len <= lim - off)
            return arch == 0 ? 0 : -2;
    }
    return -1;
}

int elfu_parse(const uint8_t *f, size_t size, struct elfu_image *out, char *err, size_t errlen)
{
    if (size < 64)
        FAIL("truncated: %zu bytes, an ELF64 header needs 64", size);
    if (f[0] != 0x7f || f[1] != 'E' || f[2] != 'L' || f[3] != 'F')
        FAIL("not an ELF file (bad magic)");
    if (f[4] != 2 || f[5] != 1)
        FAIL("not a little-endian ELF64 file");
    if (rd(f + 16, 2) != 2 || rd(f + 18, 2) != 62)
        FAIL("not an x86-64 executable (e_type %u, e_machine %u)", (unsigned)rd(f + 16, 2),
             (unsigned)rd(f + 18, 2));
    int mb = find_mb2_header(f, size);
    if (mb == -1)
        FAIL("no valid Multiboot2 header in the first 32 KiB");
    if (mb == -2)
        FAIL("Multiboot2 header asks for a non-i386 architecture");
    uint64_t phoff = rd(f + 32, 8), phentsize = rd(f + 54, 2), phnum = rd(f + 56, 2);
    if (phentsize < 56 || phnum == 0 || phoff > size || phnum * phentsize > size - phoff)
        FAIL("program headers out of bounds (offset %llu, %llu x %llu bytes, file %zu)",
             (unsigned long long)phoff, (unsigned long long)phnum,
             (unsigned long long)phentsize, size);
    out->entry = rd(f + 24, 8);
    out->nseg = 0;
    out->lo = UINT64_MAX;
    out->hi = 0;
    int entry_ok = 0;
    for (uint64_t i = 0; i < phnum; i++) {
        const uint8_t *ph = f + phoff + i * phentsize;
        if (rd(ph, 4) != 1 /* PT_LOAD */)
            continue;
        struct elfu_seg s = { rd(ph + 24, 8), rd(ph + 40, 8), rd(ph + 8, 8), rd(ph + 32, 8) };
        if (s.memsz == 0)
            continue;
        if (s.filesz > s.memsz)
            FAIL("segment %llu: file size larger than memory size", (unsigned long long)i);
        if (s.offset > size || s.filesz > size - s.offset)
            FAIL("truncated: segment %llu needs file bytes up to %llu, file has %zu",
                 (unsigned long long)i, (unsigned long long)(s.offset + s.filesz), size);
        if (s.paddr < 0x100000 || s.paddr >= 0x100000000ull || s.memsz > 0x100000000ull - s.paddr)
            FAIL("segment %llu at %#llx+%#llx is outside [1 MiB, 4 GiB)",
                 (unsigned long long)i, (unsigned long long)s.paddr, (unsigned long long)s.memsz);
        if (out->nseg == ELFU_MAX_SEGS)
            FAIL("more than %d loadable segments", ELFU_MAX_SEGS);
        for (unsigned j = 0; j < out->nseg; j++)
            if (s.paddr < out->seg[j].paddr + out->seg[j].memsz &&
                out->seg[j].paddr < s.paddr + s.memsz)
                FAIL("segment %llu overlaps another", (unsigned long long)i);
        out->seg[out->nseg++] = s;
        if (out->entry >= s.paddr && out->entry < s.paddr + s.memsz)
            entry_ok = 1;
        if (s.paddr < out->lo)
            out->lo = s.paddr;
        if (s.paddr + s.memsz > out->hi)
            out->hi = s.paddr + s.memsz;
    }
    if (!out->nseg)
        FAIL("no loadable segment");
    if (!entry_ok)
        FAIL("entry point %#llx is not inside a loadable segment", (unsigned long long)out->entry);
    out->lo &= ~0xfffull;
    out->hi = (out->hi + 0xfff) & ~0xfffull;
    return 0;
}
