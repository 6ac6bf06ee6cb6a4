/* Linux bzImage loader, 64-bit boot protocol (Linux boot.rst "The Real-Mode
 * Kernel Header", "Loading The Rest of The Kernel", "64-bit Boot Protocol";
 * zero-page.rst). The real-mode setup code is never run: the loader builds
 * boot_params itself and enters the kernel's 64-bit entry point with paging
 * on.
 *
 * Every field taken from the untrusted image is checked and every address is
 * planned before the first byte of guest memory is written. */
#include "core/vm/loader_linux.h"
#include "lib/bytes.h"
#include "lib/errors.h"
#include "lib/printf.h"
#include "lib/string.h"

typedef unsigned long long ull;

/* x86 paging-structure bits (Intel SDM Vol. 3 §4.5, Tables 4-15..4-18). */
#define PTE_P BIT(0)
#define PTE_RW BIT(1)
#define PTE_PS BIT(7)
/* Flat descriptors (Intel SDM Vol. 3 §3.4.5): base 0, limit 0xFFFFF, G=1,
 * P=1, DPL 0. Code: type 0xB (execute/read, accessed), L=1 for 64-bit mode.
 * Data: type 0x3 (read/write, accessed), D/B=1. */
#define GDT_CODE64 0x00AF9B000000FFFFull
#define GDT_DATA 0x00CF93000000FFFFull

struct plan {
    uint16_t version;
    uint32_t setup_sects;
    uint64_t pm_offset, pm_len;     /* protected-mode code in the file */
    size_t hdr_end;                 /* end of the setup header (jump at 0x200) */
    uint64_t load, init_size;
    uint64_t initrd_gpa;
    size_t cmdline_len;
    const struct e820_entry *map;
    unsigned nmap;
    struct e820_entry defmap[3];
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

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

/* True if [base, base+len) lies inside one usable e820 entry. */
static bool usable(const struct plan *pl, uint64_t base, uint64_t len)
{
    for (unsigned i = 0; i < pl->nmap; i++) {
        const struct e820_entry *e = &pl->map[i];
        if (e->type == E820_TYPE_RAM && base >= e->addr && base - e->addr <= e->size &&
            len <= e->size - (base - e->addr))
            return true;
    }
    return false;
}

/* The caller's map (or the default one): usable entries inside guest RAM. */
static int check_map(uint64_t ram, const struct e820_entry *e820, unsigned ne820,
                     struct plan *pl, char *err, size_t errlen)
{
    if (!e820 || ne820 == 0) {
        pl->defmap[0] = (struct e820_entry){ 0, MIN(ram, LOADER_LOW_RAM_END), E820_TYPE_RAM };
        pl->defmap[1] = (struct e820_entry){ LOADER_LOW_RAM_END,
                                             LOADER_HIGH_RAM_START - LOADER_LOW_RAM_END,
                                             E820_TYPE_RESERVED };
        pl->defmap[2] = (struct e820_entry){ LOADER_HIGH_RAM_START,
                                             ram > LOADER_HIGH_RAM_START
                                                 ? ram - LOADER_HIGH_RAM_START : 0,
                                             E820_TYPE_RAM };
        pl->map = pl->defmap;
        pl->nmap = pl->defmap[2].size ? 3 : 2;
        return QV_OK;
    }
    if (ne820 > LINUX_E820_MAX)
        return fail(err, errlen, QV_ERR_LIMIT,
                    "e820 map has %u entries, the zero page holds at most %u", ne820,
                    LINUX_E820_MAX);
    for (unsigned i = 0; i < ne820; i++) {
        const struct e820_entry *e = &e820[i];
        if (e->size == 0 || e->addr + e->size < e->addr)
            return fail(err, errlen, QV_ERR_INVAL,
                        "e820 entry %u (0x%llx, size 0x%llx) is empty or wraps", i,
                        (ull)e->addr, (ull)e->size);
        if (e->type == E820_TYPE_RAM && (e->addr > ram || e->size > ram - e->addr))
            return fail(err, errlen, QV_ERR_RANGE,
                        "e820 entry %u: usable 0x%llx..0x%llx lies beyond guest RAM "
                        "(0x%llx bytes)", i, (ull)e->addr, (ull)(e->addr + e->size), (ull)ram);
    }
    pl->map = e820;
    pl->nmap = ne820;
    return QV_OK;
}

/* boot.rst "The Real-Mode Kernel Header" and "64-bit Boot Protocol". */
static int check_header(const uint8_t *p, size_t len, struct plan *pl, char *err,
                        size_t errlen)
{
    if (len < LINUX_HDR_MAX_END)
        return fail(err, errlen, QV_ERR_TRUNCATED,
                    "file too short for a Linux setup header (%zu < %u bytes)", len,
                    LINUX_HDR_MAX_END);
    if (get_le16(p + LINUX_HDR_BOOT_FLAG) != LINUX_BOOT_FLAG)
        return fail(err, errlen, QV_ERR_CORRUPT,
                    "not a bzImage: boot_flag at 0x1FE is 0x%04x, expected 0xAA55",
                    get_le16(p + LINUX_HDR_BOOT_FLAG));
    if (get_le32(p + LINUX_HDR_MAGIC) != LINUX_HDR_MAGIC_VALUE)
        return fail(err, errlen, QV_ERR_CORRUPT,
                    "not a bzImage: no \"HdrS\" signature at 0x202 (boot protocol < 2.00)");
    pl->version = get_le16(p + LINUX_HDR_VERSION);
    if (pl->version < LINUX_MIN_PROTOCOL)
        return fail(err, errlen, QV_ERR_UNSUPPORTED,
                    "boot protocol %u.%02u is older than 2.12 (no xloadflags, no 64-bit entry)",
                    pl->version >> 8, pl->version & 0xff);
    /* The setup header ends where the 2-byte short jump at 0x200 lands
     * (boot.rst "64-bit Boot Protocol": end = 0x202 + byte at 0x201). */
    if (p[LINUX_HDR_JUMP] != 0xEB)
        return fail(err, errlen, QV_ERR_CORRUPT,
                    "setup header: byte at 0x200 is 0x%02x, not a short jump (0xEB)",
                    p[LINUX_HDR_JUMP]);
    pl->hdr_end = 0x202u + p[LINUX_HDR_JUMP + 1];
    if (pl->hdr_end < LINUX_HDR_MIN_END || pl->hdr_end > LINUX_HDR_MAX_END)
        return fail(err, errlen, QV_ERR_CORRUPT,
                    "setup header end 0x%zx (from the jump at 0x200) is outside 0x%x..0x%x",
                    pl->hdr_end, LINUX_HDR_MIN_END, LINUX_HDR_MAX_END);
    uint16_t xlf = get_le16(p + LINUX_HDR_XLOADFLAGS);
    if (!(xlf & LINUX_XLF_KERNEL_64))
        return fail(err, errlen, QV_ERR_UNSUPPORTED,
                    "xloadflags 0x%x lacks XLF_KERNEL_64: the kernel has no 64-bit entry", xlf);
    /* setup_sects 0 means 4 (boot.rst "Details of Header Fields"). */
    pl->setup_sects = p[LINUX_HDR_SETUP_SECTS] ? p[LINUX_HDR_SETUP_SECTS] : 4u;
    pl->pm_offset = ((uint64_t)pl->setup_sects + 1) * 512;
    pl->pm_len = (uint64_t)get_le32(p + LINUX_HDR_SYSSIZE) * 16;
    if (pl->pm_len == 0)
        return fail(err, errlen, QV_ERR_CORRUPT, "syssize is 0: no protected-mode kernel");
    if (pl->pm_offset > len || pl->pm_len > len - pl->pm_offset)
        return fail(err, errlen, QV_ERR_TRUNCATED,
                    "protected-mode kernel at file offset 0x%llx (setup_sects %u) with syssize "
                    "0x%llx bytes extends past the end of the %zu-byte file",
                    (ull)pl->pm_offset, pl->setup_sects, (ull)pl->pm_len, len);
    pl->init_size = get_le32(p + LINUX_HDR_INIT_SIZE);
    if (pl->init_size < pl->pm_len || pl->init_size < 0x200)
        return fail(err, errlen, QV_ERR_CORRUPT,
                    "init_size 0x%llx is smaller than the 0x%llx-byte protected-mode kernel",
                    (ull)pl->init_size, (ull)pl->pm_len);
    uint32_t align = get_le32(p + LINUX_HDR_KERNEL_ALIGNMENT);
    if (p[LINUX_HDR_RELOCATABLE] && (align < PAGE_SIZE || (align & (align - 1))))
        return fail(err, errlen, QV_ERR_CORRUPT,
                    "kernel_alignment 0x%x is not a power of two >= 4 KiB", align);
    return QV_OK;
}

/* A kernel range [at, at + init_size) the guest can have: usable, above the
 * low area and 1 MiB, inside the identity map. */
static bool kernel_fits(const struct plan *pl, uint64_t at)
{
    return at >= LINUX_MIN_LOAD_GPA && at < LINUX_IDENTITY_MAP_END &&
           pl->init_size <= LINUX_IDENTITY_MAP_END - at && usable(pl, at, pl->init_size);
}

/* boot.rst "Loading The Rest of The Kernel": a relocatable kernel goes to
 * pref_address if possible, otherwise to any kernel_alignment-aligned
 * address; a non-relocatable one only to pref_address. */
static int place_kernel(const uint8_t *p, uint64_t ram, struct plan *pl, char *err,
                        size_t errlen)
{
    uint64_t pref = get_le64(p + LINUX_HDR_PREF_ADDRESS);
    uint64_t align = get_le32(p + LINUX_HDR_KERNEL_ALIGNMENT);
    if (!p[LINUX_HDR_RELOCATABLE]) {
        if (!kernel_fits(pl, pref))
            return fail(err, errlen, QV_ERR_NOSPC,
                        "kernel is not relocatable and 0x%llx..0x%llx (pref_address + "
                        "init_size) is not usable guest RAM below 4 GiB (RAM 0x%llx bytes)",
                        (ull)pref, (ull)(pref + pl->init_size), (ull)ram);
        pl->load = pref;
        return QV_OK;
    }
    if (IS_ALIGNED(pref, align) && kernel_fits(pl, pref)) {
        pl->load = pref;
        return QV_OK;
    }
    uint64_t def = ALIGN_UP(LINUX_DEFAULT_LOAD_GPA, align);
    if (kernel_fits(pl, def)) {
        pl->load = def;
        return QV_OK;
    }
    /* Lowest aligned spot in any usable entry. */
    uint64_t best = 0;
    for (unsigned i = 0; i < pl->nmap; i++) {
        const struct e820_entry *e = &pl->map[i];
        if (e->type != E820_TYPE_RAM || e->addr >= LINUX_IDENTITY_MAP_END)
            continue;
        uint64_t at = ALIGN_UP(MAX(e->addr, LINUX_MIN_LOAD_GPA), align);
        if (at >= e->addr && kernel_fits(pl, at) && (!best || at < best))
            best = at;
    }
    if (!best)
        return fail(err, errlen, QV_ERR_NOSPC,
                    "guest RAM (0x%llx bytes) too small: the kernel needs init_size 0x%llx "
                    "bytes of usable RAM at a 0x%llx-aligned address above 1 MiB",
                    (ull)ram, (ull)pl->init_size, (ull)align);
    pl->load = best;
    return QV_OK;
}

/* boot.rst "initrd_addr_max" and "ramdisk_image": highest page-aligned spot
 * ending at or below initrd_addr_max + 1 (and 4 GiB), in usable RAM above
 * 1 MiB, clear of the kernel's init_size range. */
static int place_initrd(const uint8_t *p, size_t initrd_len, struct plan *pl, char *err,
                        size_t errlen)
{
    uint64_t limit = MIN((uint64_t)get_le32(p + LINUX_HDR_INITRD_ADDR_MAX) + 1,
                         LINUX_IDENTITY_MAP_END);
    uint64_t len = initrd_len, best = 0;
    for (unsigned i = 0; i < pl->nmap; i++) {
        const struct e820_entry *e = &pl->map[i];
        if (e->type != E820_TYPE_RAM)
            continue;
        uint64_t lo = MAX(e->addr, LINUX_MIN_LOAD_GPA);
        uint64_t hi = MIN(e->addr + e->size, limit);
        /* Try just below the region's top, then just below the kernel. */
        uint64_t tops[2] = { hi, MIN(hi, pl->load) };
        for (unsigned t = 0; t < 2; t++) {
            if (tops[t] < lo || tops[t] - lo < len)
                continue;
            uint64_t at = ALIGN_DOWN(tops[t] - len, PAGE_SIZE);
            if (at < lo || overlaps(at, len, pl->load, pl->init_size))
                continue;
            best = MAX(best, at);
        }
    }
    if (!best)
        return fail(err, errlen, QV_ERR_NOSPC,
                    "no room for the 0x%llx-byte initrd in usable RAM between 1 MiB and "
                    "0x%llx (initrd_addr_max + 1, 4 GiB) outside the kernel's 0x%llx..0x%llx",
                    (ull)len, (ull)limit, (ull)pl->load, (ull)(pl->load + pl->init_size));
    pl->initrd_gpa = best;
    return QV_OK;
}

/* Zero page (zero-page.rst) with the image's setup header (boot.rst
 * "64-bit Boot Protocol": copy 0x1F1..end of header, then fill in). */
static void build_boot_params(uint8_t *bp, const uint8_t *p, const struct plan *pl,
                              size_t initrd_len)
{
    memset(bp, 0, LINUX_BOOT_PARAMS_SIZE);
    memcpy(bp + LINUX_HDR_SETUP_SECTS, p + LINUX_HDR_SETUP_SECTS,
           pl->hdr_end - LINUX_HDR_SETUP_SECTS);
    bp[LINUX_HDR_TYPE_OF_LOADER] = LINUX_LOADER_UNDEFINED;
    bp[LINUX_HDR_LOADFLAGS] |= (uint8_t)(LINUX_LF_LOADED_HIGH | LINUX_LF_CAN_USE_HEAP);
    put_le16(bp + LINUX_HDR_HEAP_END_PTR, LINUX_HEAP_END);
    put_le32(bp + LINUX_HDR_CODE32_START, (uint32_t)pl->load);
    put_le32(bp + LINUX_HDR_CMD_LINE_PTR, (uint32_t)LINUX_CMDLINE_GPA);
    put_le32(bp + LINUX_BP_EXT_CMD_LINE_PTR, (uint32_t)(LINUX_CMDLINE_GPA >> 32));
    put_le32(bp + LINUX_HDR_RAMDISK_IMAGE, (uint32_t)pl->initrd_gpa);
    put_le32(bp + LINUX_BP_EXT_RAMDISK_IMAGE, (uint32_t)(pl->initrd_gpa >> 32));
    put_le32(bp + LINUX_HDR_RAMDISK_SIZE, (uint32_t)initrd_len);
    put_le32(bp + LINUX_BP_EXT_RAMDISK_SIZE, (uint32_t)((uint64_t)initrd_len >> 32));
    bp[LINUX_BP_E820_ENTRIES] = (uint8_t)pl->nmap;
    for (unsigned i = 0; i < pl->nmap; i++) {
        uint8_t *e = bp + LINUX_BP_E820_TABLE + i * LINUX_E820_ENTRY_SIZE;
        put_le64(e, pl->map[i].addr);
        put_le64(e + 8, pl->map[i].size);
        put_le32(e + 16, pl->map[i].type);
    }
}

static int commit(const struct guest_mem_writer *m, const uint8_t *p, const struct plan *pl,
                  const char *cmdline, const void *initrd, size_t initrd_len)
{
    uint8_t page[PAGE_SIZE]; /* kernel stacks are 64 KiB (cpu/layout.h) */
    int rc;
    if ((rc = m->write(m->ctx, pl->load, p + pl->pm_offset, pl->pm_len)))
        return rc;
    if (initrd_len && (rc = m->write(m->ctx, pl->initrd_gpa, initrd, initrd_len)))
        return rc;

    memset(page, 0, 32);
    put_le64(page + LINUX_BOOT_CS, GDT_CODE64);
    put_le64(page + LINUX_BOOT_DS, GDT_DATA);
    if ((rc = m->write(m->ctx, LINUX_GDT_GPA, page, 32)))
        return rc;

    build_boot_params(page, p, pl, initrd_len);
    if ((rc = m->write(m->ctx, LINUX_BOOT_PARAMS_GPA, page, LINUX_BOOT_PARAMS_SIZE)))
        return rc;

    static const char empty[1] = "";
    if ((rc = m->write(m->ctx, LINUX_CMDLINE_GPA, cmdline ? cmdline : empty,
                       pl->cmdline_len + 1)))
        return rc;

    /* Identity map of 0..4 GiB (Intel SDM Vol. 3 §4.5): one PML4 entry, four
     * PDPT entries, 4 x 512 2-MiB PDEs. */
    memset(page, 0, sizeof page);
    put_le64(page, LINUX_PDPT_GPA | PTE_P | PTE_RW);
    if ((rc = m->write(m->ctx, LINUX_PML4_GPA, page, PAGE_SIZE)))
        return rc;
    for (unsigned i = 0; i < 4; i++)
        put_le64(page + 8 * i, (LINUX_PD_GPA + i * PAGE_SIZE) | PTE_P | PTE_RW);
    if ((rc = m->write(m->ctx, LINUX_PDPT_GPA, page, PAGE_SIZE)))
        return rc;
    for (unsigned d = 0; d < 4; d++) {
        for (unsigned i = 0; i < 512; i++)
            put_le64(page + 8 * i, (GiB(d) + MiB(2) * i) | PTE_P | PTE_RW | PTE_PS);
        if ((rc = m->write(m->ctx, LINUX_PD_GPA + d * PAGE_SIZE, page, PAGE_SIZE)))
            return rc;
    }
    return QV_OK;
}

int load_linux_bzimage(const struct guest_mem_writer *m, const void *bzimage, size_t len,
                       const char *cmdline, const void *initrd, size_t initrd_len,
                       const struct e820_entry *e820, unsigned ne820,
                       struct linux_entry *out, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    if (!m || !m->write || !m->zero || !out || !bzimage)
        return fail(err, errlen, QV_ERR_INVAL, "missing guest memory, image or output");
    if (!initrd && initrd_len)
        return fail(err, errlen, QV_ERR_INVAL, "initrd length %zu without initrd data",
                    initrd_len);
    if ((uint64_t)initrd_len >= LINUX_IDENTITY_MAP_END)
        return fail(err, errlen, QV_ERR_RANGE, "initrd of %zu bytes does not fit below 4 GiB",
                    initrd_len);
    const uint8_t *p = bzimage;
    struct plan pl;
    memset(&pl, 0, sizeof pl);
    int rc = check_map(m->ram_size, e820, ne820, &pl, err, errlen);
    if (!rc && !usable(&pl, LINUX_LOW_AREA_GPA, LINUX_LOW_AREA_END - LINUX_LOW_AREA_GPA))
        rc = fail(err, errlen, QV_ERR_RANGE,
                  "0x%llx..0x%llx (GDT, boot_params, command line, page tables) is not "
                  "usable RAM in the e820 map", (ull)LINUX_LOW_AREA_GPA,
                  (ull)LINUX_LOW_AREA_END);
    if (!rc)
        rc = check_header(p, len, &pl, err, errlen);
    if (rc)
        return rc;

    /* cmdline_size: longest command line without the NUL (boot.rst, 2.06+). */
    uint32_t cl_max = MIN(get_le32(p + LINUX_HDR_CMDLINE_SIZE), LINUX_CMDLINE_MAX - 1);
    pl.cmdline_len = cmdline ? strnlen(cmdline, (size_t)cl_max + 1) : 0;
    if (pl.cmdline_len > cl_max)
        return fail(err, errlen, QV_ERR_OVERFLOW,
                    "command line longer than %u bytes (the kernel's cmdline_size, at most %u)",
                    cl_max, LINUX_CMDLINE_MAX - 1);
    rc = place_kernel(p, m->ram_size, &pl, err, errlen);
    if (!rc && initrd_len)
        rc = place_initrd(p, initrd_len, &pl, err, errlen);
    if (rc)
        return rc;

    rc = commit(m, p, &pl, cmdline, initrd, initrd_len);
    if (rc)
        return fail(err, errlen, rc, "writing guest memory failed: %s", qv_strerror(rc));
    *out = (struct linux_entry){
        .rip = pl.load + 0x200,
        .rsi = LINUX_BOOT_PARAMS_GPA,
        .cr3 = LINUX_PML4_GPA,
        .gdt_base = LINUX_GDT_GPA,
        .gdt_limit = LINUX_GDT_LIMIT,
        .cs = LINUX_BOOT_CS,
        .ds = LINUX_BOOT_DS,
        .kernel_gpa = pl.load,
        .kernel_end = pl.load + pl.init_size,
        .initrd_gpa = pl.initrd_gpa,
        .initrd_len = initrd_len,
        .protocol = pl.version,
    };
    return QV_OK;
}
