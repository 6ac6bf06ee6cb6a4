/* Multiboot 1 loader for ELF32 kernels (Multiboot Specification 0.6.96,
 * ELF: System V ABI / TIS ELF 1.2 "Object Files" and "Program Loading").
 *
 * Everything in the untrusted image is checked before the first byte of guest
 * memory is written (validate, then commit), and every rejection names the
 * field at fault. */
#include "core/vm/loader.h"
#include "lib/bytes.h"
#include "lib/errors.h"
#include "lib/printf.h"
#include "lib/string.h"

/* ELF32 header and program-header field offsets (ELF 1.2 Figures 1-3, 2-1). */
#define EH_SIZE 52u
#define EH_TYPE 16
#define EH_MACHINE 18
#define EH_VERSION 20
#define EH_ENTRY 24
#define EH_PHOFF 28
#define EH_PHENTSIZE 42
#define EH_PHNUM 44
#define PH_SIZE 32u
#define PH_TYPE 0
#define PH_OFFSET 4
#define PH_VADDR 8
#define PH_PADDR 12
#define PH_FILESZ 16
#define PH_MEMSZ 20
#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6
#define ELFCLASS32 1
#define ELFDATA2LSB 1
#define EV_CURRENT 1
#define ET_EXEC 2
#define EM_386 3
#define PT_LOAD 1

/* Real kernels have 1-4 loadable segments; a bound keeps the table on the stack. */
#define MB1_MAX_SEGS 16
#define FOUR_GIB GiB(4)

struct seg {
    unsigned phdr;       /* index in the program-header table, for messages */
    uint64_t offset, filesz, vaddr, paddr, memsz;
};

struct plan {
    struct seg segs[MB1_MAX_SEGS];
    unsigned nsegs;
    uint64_t entry;
    uint64_t kernel_end;
    uint64_t area, area_size;
    uint64_t mod_gpa;
    size_t cmdline_len, modstr_len;
};


static int __printf(4, 5) fail(char *err, size_t errlen, int rc, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        qv_vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return rc;
}

typedef unsigned long long ull;

/* §3.1.1: the header is 4-byte aligned within the first 8192 bytes, and
 * magic + flags + checksum == 0 (mod 2^32). */
static int check_mb_header(const uint8_t *p, size_t len, char *err, size_t errlen)
{
    size_t limit = MIN(len, (size_t)MB1_SEARCH_LIMIT);
    long bad_at = -1;
    uint32_t bad_sum = 0;
    for (size_t off = 0; off + 12 <= limit; off += 4) {
        if (get_le32(p + off) != MB1_HEADER_MAGIC)
            continue;
        uint32_t flags = get_le32(p + off + 4);
        uint32_t sum = MB1_HEADER_MAGIC + flags + get_le32(p + off + 8);
        if (sum != 0) {
            if (bad_at < 0) {
                bad_at = (long)off;
                bad_sum = sum;
            }
            continue;
        }
        if (flags & MB1_HF_AOUT_KLUDGE)
            return fail(err, errlen, QV_ERR_UNSUPPORTED,
                        "Multiboot header at 0x%zx: flags bit 16 (a.out kludge load "
                        "addresses) is not supported, link the kernel as ELF", off);
        if (flags & MB1_HF_VIDEO)
            return fail(err, errlen, QV_ERR_UNSUPPORTED,
                        "Multiboot header at 0x%zx: flags bit 2 (video mode) is required "
                        "by the kernel but guests have no display", off);
        /* Bits 0-15 are requirements: unknown ones must be refused (§3.1.2). */
        uint32_t unknown = flags & 0xffffu & ~(uint32_t)(MB1_HF_PAGE_ALIGN | MB1_HF_MEMINFO);
        if (unknown)
            return fail(err, errlen, QV_ERR_UNSUPPORTED,
                        "Multiboot header at 0x%zx: unknown required flag bits 0x%x", off,
                        unknown);
        return QV_OK;
    }
    if (bad_at >= 0)
        return fail(err, errlen, QV_ERR_CHECKSUM,
                    "Multiboot header at 0x%lx: checksum wrong (magic+flags+checksum = 0x%x, "
                    "must be 0)", bad_at, bad_sum);
    return fail(err, errlen, QV_ERR_CORRUPT,
                "no Multiboot header (magic 0x%x) in the first %zu bytes", MB1_HEADER_MAGIC,
                limit);
}

static int check_elf_header(const uint8_t *p, size_t len, char *err, size_t errlen)
{
    if (len < EH_SIZE)
        return fail(err, errlen, QV_ERR_TRUNCATED,
                    "file too short for an ELF32 header (%zu < %u bytes)", len, EH_SIZE);
    if (p[0] != 0x7f || p[1] != 'E' || p[2] != 'L' || p[3] != 'F')
        return fail(err, errlen, QV_ERR_CORRUPT, "not an ELF file (e_ident magic wrong)");
    if (p[EI_CLASS] != ELFCLASS32)
        return fail(err, errlen, QV_ERR_UNSUPPORTED,
                    "ELF class %u is not ELFCLASS32 (1): Multiboot 1 kernels are 32-bit",
                    p[EI_CLASS]);
    if (p[EI_DATA] != ELFDATA2LSB)
        return fail(err, errlen, QV_ERR_UNSUPPORTED,
                    "ELF data encoding %u is not ELFDATA2LSB (1)", p[EI_DATA]);
    if (p[EI_VERSION] != EV_CURRENT || get_le32(p + EH_VERSION) != EV_CURRENT)
        return fail(err, errlen, QV_ERR_UNSUPPORTED, "ELF version is not EV_CURRENT (1)");
    if (get_le16(p + EH_TYPE) != ET_EXEC)
        return fail(err, errlen, QV_ERR_UNSUPPORTED, "ELF e_type %u is not ET_EXEC (2)",
                    get_le16(p + EH_TYPE));
    if (get_le16(p + EH_MACHINE) != EM_386)
        return fail(err, errlen, QV_ERR_UNSUPPORTED, "ELF e_machine %u is not EM_386 (3)",
                    get_le16(p + EH_MACHINE));
    if (get_le16(p + EH_PHENTSIZE) != PH_SIZE)
        return fail(err, errlen, QV_ERR_CORRUPT, "ELF e_phentsize %u, expected %u",
                    get_le16(p + EH_PHENTSIZE), PH_SIZE);
    uint64_t phoff = get_le32(p + EH_PHOFF), phnum = get_le16(p + EH_PHNUM);
    if (phnum == 0)
        return fail(err, errlen, QV_ERR_CORRUPT, "ELF has no program headers (e_phnum 0)");
    if (phoff > len || phnum * PH_SIZE > len - phoff)
        return fail(err, errlen, QV_ERR_TRUNCATED,
                    "ELF program-header table (e_phoff 0x%llx, %llu entries) extends past "
                    "the end of the %zu-byte file", (ull)phoff, (ull)phnum, len);
    return QV_OK;
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

/* Collects PT_LOAD segments and checks each against the file, guest RAM, the
 * reserved hole and the other segments. */
static int collect_segments(const uint8_t *p, size_t len, uint64_t ram, struct plan *pl,
                            char *err, size_t errlen)
{
    uint64_t phoff = get_le32(p + EH_PHOFF);
    unsigned phnum = get_le16(p + EH_PHNUM);
    uint64_t limit = MIN(ram, FOUR_GIB);
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = p + phoff + (uint64_t)i * PH_SIZE;
        if (get_le32(ph + PH_TYPE) != PT_LOAD)
            continue;
        struct seg s = { i, get_le32(ph + PH_OFFSET), get_le32(ph + PH_FILESZ), get_le32(ph + PH_VADDR),
                         get_le32(ph + PH_PADDR), get_le32(ph + PH_MEMSZ) };
        if (s.filesz > s.memsz)
            return fail(err, errlen, QV_ERR_CORRUPT,
                        "ELF program header %u: p_filesz 0x%llx > p_memsz 0x%llx", i,
                        (ull)s.filesz, (ull)s.memsz);
        if (s.offset > len || s.filesz > len - s.offset)
            return fail(err, errlen, QV_ERR_TRUNCATED,
                        "ELF program header %u: file bytes 0x%llx..0x%llx lie outside the "
                        "%zu-byte file", i, (ull)s.offset, (ull)(s.offset + s.filesz), len);
        if (s.memsz == 0)
            continue;
        /* p_paddr and p_memsz are 32-bit, so the 64-bit sum cannot wrap. */
        uint64_t end = s.paddr + s.memsz;
        if (end > limit)
            return fail(err, errlen, QV_ERR_RANGE,
                        "ELF program header %u: segment 0x%llx..0x%llx lies beyond guest RAM "
                        "(0x%llx bytes below 4 GiB)", i, (ull)s.paddr, (ull)end, (ull)limit);
        if (overlaps(s.paddr, s.memsz, LOADER_LOW_RAM_END,
                     LOADER_HIGH_RAM_START - LOADER_LOW_RAM_END))
            return fail(err, errlen, QV_ERR_RANGE,
                        "ELF program header %u: segment 0x%llx..0x%llx overlaps the reserved "
                        "640 KiB..1 MiB hole", i, (ull)s.paddr, (ull)end);
        for (unsigned j = 0; j < pl->nsegs; j++)
            if (overlaps(s.paddr, s.memsz, pl->segs[j].paddr, pl->segs[j].memsz))
                return fail(err, errlen, QV_ERR_CORRUPT,
                            "ELF program headers %u and %u overlap in physical memory "
                            "(0x%llx..0x%llx)", pl->segs[j].phdr, i, (ull)s.paddr, (ull)end);
        if (pl->nsegs == MB1_MAX_SEGS)
            return fail(err, errlen, QV_ERR_LIMIT, "ELF has more than %u PT_LOAD segments",
                        MB1_MAX_SEGS);
        pl->segs[pl->nsegs++] = s;
        pl->kernel_end = MAX(pl->kernel_end, end);
    }
    if (pl->nsegs == 0)
        return fail(err, errlen, QV_ERR_CORRUPT, "ELF has no PT_LOAD segment with p_memsz > 0");
    return QV_OK;
}

/* e_entry is a virtual address; with paging off the kernel runs at p_paddr,
 * so translate through the segment whose file bytes contain it. */
static int find_entry(const uint8_t *p, struct plan *pl, char *err, size_t errlen)
{
    uint64_t e = get_le32(p + EH_ENTRY);
    for (unsigned i = 0; i < pl->nsegs; i++) {
        const struct seg *s = &pl->segs[i];
        if (e >= s->vaddr && e < s->vaddr + s->filesz) {
            pl->entry = s->paddr + (e - s->vaddr);
            return QV_OK;
        }
    }
    return fail(err, errlen, QV_ERR_CORRUPT,
                "ELF e_entry 0x%llx is not inside the file bytes of any PT_LOAD segment",
                (ull)e);
}

/* First page boundary at or above `at` where `size` bytes fit without
 * straddling the reserved 640 KiB..1 MiB hole. */
static uint64_t place(uint64_t at, uint64_t size)
{
    uint64_t a = ALIGN_UP(at, PAGE_SIZE);
    if (a < LOADER_HIGH_RAM_START && a + size > LOADER_LOW_RAM_END)
        a = LOADER_HIGH_RAM_START;
    return a;
}

static int plan_layout(uint64_t ram, size_t module_len, bool has_module, struct plan *pl,
                       char *err, size_t errlen)
{
    /* The info structure holds 32-bit addresses, so everything stays below 4 GiB. */
    uint64_t limit = MIN(ram, FOUR_GIB);
    pl->area_size = MB1_AREA_OFF_STRINGS + pl->cmdline_len + 1 + pl->modstr_len + 1;
    pl->area = place(pl->kernel_end, pl->area_size);
    if (pl->area + pl->area_size > limit)
        return fail(err, errlen, QV_ERR_NOSPC,
                    "guest RAM (0x%llx bytes) too small: the Multiboot information needs "
                    "0x%llx..0x%llx above the kernel", (ull)ram, (ull)pl->area,
                    (ull)(pl->area + pl->area_size));
    pl->mod_gpa = 0;
    if (has_module) {
        pl->mod_gpa = place(pl->area + pl->area_size, module_len);
        if (module_len > limit || pl->mod_gpa > limit - module_len)
            return fail(err, errlen, QV_ERR_NOSPC,
                        "guest RAM (0x%llx bytes) too small for the 0x%zx-byte module at "
                        "0x%llx", (ull)ram, module_len, (ull)pl->mod_gpa);
    }
    return QV_OK;
}

/* §3.3 memory map: usable low memory, the legacy hole, usable memory above 1 MiB. */
static unsigned build_mmap(uint8_t *mm, uint64_t ram)
{
    struct { uint64_t base, end; uint32_t type; } r[3] = {
        { 0, MIN(ram, LOADER_LOW_RAM_END), MB1_MMAP_AVAILABLE },
        { LOADER_LOW_RAM_END, LOADER_HIGH_RAM_START, MB1_MMAP_RESERVED },
        { LOADER_HIGH_RAM_START, ram, MB1_MMAP_AVAILABLE },
    };
    unsigned n = 0;
    for (unsigned i = 0; i < 3; i++) {
        if (r[i].end <= r[i].base)
            continue;
        uint8_t *e = mm + n++ * MB1_MMAP_ENTRY_SIZE;
        put_le32(e, MB1_MMAP_ENTRY_SIZE - 4); /* `size` does not count itself */
        put_le64(e + 4, r[i].base);
        put_le64(e + 12, r[i].end - r[i].base);
        put_le32(e + 20, r[i].type);
    }
    return n;
}

static int commit(const struct guest_mem_writer *m, const uint8_t *p, const struct plan *pl,
                  const char *cmdline, const void *module, size_t module_len,
                  const char *modstr)
{
    int rc;
    for (unsigned i = 0; i < pl->nsegs; i++) {
        const struct seg *s = &pl->segs[i];
        if (s->filesz && (rc = m->write(m->ctx, s->paddr, p + s->offset, s->filesz)))
            return rc;
        /* ELF 1.2 "Program header": bytes past p_filesz up to p_memsz are zero (BSS). */
        if (s->memsz > s->filesz &&
            (rc = m->zero(m->ctx, s->paddr + s->filesz, s->memsz - s->filesz)))
            return rc;
    }

    uint64_t ram = m->ram_size;
    uint8_t hdr[MB1_AREA_OFF_STRINGS];
    memset(hdr, 0, sizeof hdr);
    uint32_t flags = MB1_INFO_MEM | MB1_INFO_MMAP | MB1_INFO_LOADER_NAME;
    /* mem_lower: KiB from 0 (at most 640); mem_upper: KiB from 1 MiB to the
     * first hole, here the end of RAM or 4 GiB (§3.3). */
    put_le32(hdr + MB1_INFO_OFF_MEM_LOWER, (uint32_t)(MIN(ram, LOADER_LOW_RAM_END) >> 10));
    uint64_t upper = MIN(ram, FOUR_GIB);
    put_le32(hdr + MB1_INFO_OFF_MEM_UPPER,
         upper > LOADER_HIGH_RAM_START ? (uint32_t)((upper - LOADER_HIGH_RAM_START) >> 10) : 0);
    unsigned n = build_mmap(hdr + MB1_AREA_OFF_MMAP, ram);
    put_le32(hdr + MB1_INFO_OFF_MMAP_LENGTH, n * MB1_MMAP_ENTRY_SIZE);
    put_le32(hdr + MB1_INFO_OFF_MMAP_ADDR, (uint32_t)(pl->area + MB1_AREA_OFF_MMAP));
    memcpy(hdr + MB1_AREA_OFF_NAME, MB1_LOADER_NAME, sizeof MB1_LOADER_NAME);
    put_le32(hdr + MB1_INFO_OFF_LOADER_NAME, (uint32_t)(pl->area + MB1_AREA_OFF_NAME));
    uint64_t cl_gpa = pl->area + MB1_AREA_OFF_STRINGS;
    uint64_t ms_gpa = cl_gpa + pl->cmdline_len + 1;
    if (cmdline) {
        flags |= MB1_INFO_CMDLINE;
        put_le32(hdr + MB1_INFO_OFF_CMDLINE, (uint32_t)cl_gpa);
    }
    if (module) {
        flags |= MB1_INFO_MODS;
        uint8_t *mod = hdr + MB1_AREA_OFF_MODS;
        put_le32(mod, (uint32_t)pl->mod_gpa);
        put_le32(mod + 4, (uint32_t)(pl->mod_gpa + module_len)); /* end is exclusive */
        put_le32(mod + 8, (uint32_t)ms_gpa);
        put_le32(hdr + MB1_INFO_OFF_MODS_COUNT, 1);
        put_le32(hdr + MB1_INFO_OFF_MODS_ADDR, (uint32_t)(pl->area + MB1_AREA_OFF_MODS));
    }
    put_le32(hdr + MB1_INFO_OFF_FLAGS, flags);

    /* The area is covered exactly: header block, then both NUL-terminated strings. */
    if ((rc = m->write(m->ctx, pl->area, hdr, sizeof hdr)))
        return rc;
    static const char empty[1] = "";
    if ((rc = m->write(m->ctx, cl_gpa, cmdline ? cmdline : empty, pl->cmdline_len + 1)))
        return rc;
    if ((rc = m->write(m->ctx, ms_gpa, modstr ? modstr : empty, pl->modstr_len + 1)))
        return rc;
    if (module && module_len && (rc = m->write(m->ctx, pl->mod_gpa, module, module_len)))
        return rc;
    return QV_OK;
}

int load_multiboot1(const struct guest_mem_writer *m, const void *elf, size_t len,
                    const char *cmdline, const void *module, size_t module_len,
                    const char *module_string, struct guest_entry *out, char *err,
                    size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    if (!m || !m->write || !m->zero || !out || !elf)
        return fail(err, errlen, QV_ERR_INVAL, "missing guest memory, image or output");
    if (!module && module_len)
        return fail(err, errlen, QV_ERR_INVAL, "module length %zu without module data",
                    module_len);
    const uint8_t *p = elf;
    struct plan pl;
    memset(&pl, 0, sizeof pl);
    pl.cmdline_len = cmdline ? strnlen(cmdline, MB1_CMDLINE_MAX + 1) : 0;
    pl.modstr_len = (module && module_string) ? strnlen(module_string, MB1_CMDLINE_MAX + 1) : 0;
    if (pl.cmdline_len > MB1_CMDLINE_MAX)
        return fail(err, errlen, QV_ERR_OVERFLOW, "command line longer than %u bytes",
                    MB1_CMDLINE_MAX);
    if (pl.modstr_len > MB1_CMDLINE_MAX)
        return fail(err, errlen, QV_ERR_OVERFLOW, "module string longer than %u bytes",
                    MB1_CMDLINE_MAX);

    int rc = check_mb_header(p, len, err, errlen);
    if (!rc)
        rc = check_elf_header(p, len, err, errlen);
    if (!rc)
        rc = collect_segments(p, len, m->ram_size, &pl, err, errlen);
    if (!rc)
        rc = find_entry(p, &pl, err, errlen);
    if (!rc)
        rc = plan_layout(m->ram_size, module_len, module != NULL, &pl, err, errlen);
    if (rc)
        return rc;

    rc = commit(m, p, &pl, cmdline, module, module_len, module ? module_string : NULL);
    if (rc)
        return fail(err, errlen, rc, "writing guest memory failed: %s", qv_strerror(rc));
    out->entry = pl.entry;
    out->mode = GUEST_START_PROTECTED;
    out->eax = MB1_BOOT_MAGIC;
    out->ebx = (uint32_t)pl.area;
    return QV_OK;
}
