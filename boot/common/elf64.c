/* ELF64 image checks, see elf64.h. The image is untrusted until its signature
 * is checked, and even then every field is bounds-checked. */
#include "boot/common/elf64.h"
#include "lib/string.h"

static uint64_t rd(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static int fail(const char **why, const char *msg)
{
    *why = msg;
    return -1;
}

/* Multiboot2 §3.1.1: header 8-byte aligned within the first 32768 bytes. */
static bool has_mb2_header(const uint8_t *img, size_t len)
{
    size_t lim = len < 32768 ? len : 32768;
    for (size_t o = 0; o + 16 <= lim; o += 8) {
        if (rd(img + o, 4) != 0xe85250d6u)
            continue;
        uint32_t arch = (uint32_t)rd(img + o + 4, 4), hl = (uint32_t)rd(img + o + 8, 4);
        uint32_t sum = (uint32_t)(0xe85250d6u + arch + hl + (uint32_t)rd(img + o + 12, 4));
        if (arch == 0 && sum == 0 && hl >= 16 && hl <= len - o)
            return true;
    }
    return false;
}

int qvb_elf_parse(const uint8_t *img, size_t len, struct qvb_elf *out, const char **why)
{
    memset(out, 0, sizeof *out);
    if (len < 64 || memcmp(img, "\x7f" "ELF", 4))
        return fail(why, "not an ELF file");
    if (img[4] != 2 || img[5] != 1 || img[6] != 1)
        return fail(why, "not a little-endian ELF64 version 1 file");
    if (rd(img + 16, 2) != 2 || rd(img + 18, 2) != 62)
        return fail(why, "not an x86-64 executable (ET_EXEC, EM_X86_64)");
    uint64_t phoff = rd(img + 32, 8), phentsize = rd(img + 54, 2), phnum = rd(img + 56, 2);
    out->entry = rd(img + 24, 8);
    if (phentsize < 56 || phnum == 0 || phoff > len || phnum * phentsize > len - phoff)
        return fail(why, "program headers outside the file");
    out->lo = ~0ull;
    for (uint64_t i = 0; i < phnum; i++) {
        const uint8_t *ph = img + phoff + i * phentsize;
        if (rd(ph, 4) != 1 /* PT_LOAD */)
            continue;
        struct qvb_seg s = { rd(ph + 8, 8), rd(ph + 24, 8), rd(ph + 32, 8), rd(ph + 40, 8) };
        if (s.memsz == 0)
            continue;
        if (s.filesz > s.memsz)
            return fail(why, "segment with file size above memory size");
        if (s.offset > len || s.filesz > len - s.offset)
            return fail(why, "segment data outside the file");
        if (s.paddr >= GiB(4) || s.memsz > GiB(4) - s.paddr)
            return fail(why, "segment above 4 GiB");
        if (out->nseg == QVB_ELF_MAX_SEGS)
            return fail(why, "too many PT_LOAD segments");
        out->seg[out->nseg++] = s;
        out->lo = MIN(out->lo, s.paddr);
        out->hi = MAX(out->hi, s.paddr + s.memsz);
    }
    if (!out->nseg)
        return fail(why, "no loadable segment");
    bool entry_ok = false;
    for (unsigned i = 0; i < out->nseg; i++)
        if (out->entry >= out->seg[i].paddr && out->entry < out->seg[i].paddr + out->seg[i].memsz)
            entry_ok = true;
    if (!entry_ok)
        return fail(why, "entry point outside the loaded segments");
    if (!has_mb2_header(img, len))
        return fail(why, "no valid Multiboot2 header in the first 32 KiB");
    return 0;
}
