/* mkdisk: build a QuantaVirt BIOS boot disk image (layout: boot/common/bootdisk.h,
 * docs/boot.md).
 *
 *   mkdisk -o OUT --stage1 STAGE1.bin --stage2 STAGE2.bin --kernel ELF SIG
 *          [--cmdline STRING] [--module FILE SIG STRING]...
 *
 * SIG files are qv-pqc ML-DSA-65 signatures ("QVSG") of the file before them
 * (qv-pqc sign ML-DSA-65 --sk KEY FILE --out SIG; tools/mkdisk/mkdisk.sh does
 * this). Every input is checked and any problem is a message and exit 2;
 * the tool then prints where each file landed in the image, so tests can
 * tamper with a precise byte. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "boot/common/bootdisk.h"
#include "boot/common/elf64.h"

#define SIG_FILE_LEN (6 + 9 + 3309) /* "QVSG", 1, 9, "ML-DSA-65", FIPS 204 sig */

struct blob {
    const char *path;
    unsigned char *data;
    size_t len;
};

static __attribute__((noreturn, format(printf, 1, 2))) void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("mkdisk: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static struct blob load(const char *path)
{
    struct blob b = { path, NULL, 0 };
    FILE *f = fopen(path, "rb");
    if (!f)
        die("%s: %s", path, strerror(errno));
    if (fseek(f, 0, SEEK_END) || (long)(b.len = (size_t)ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
        die("%s: cannot get the size", path);
    b.data = malloc(b.len ? b.len : 1);
    if (!b.data || fread(b.data, 1, b.len, f) != b.len)
        die("%s: read error", path);
    fclose(f);
    return b;
}

static void check_sig(const struct blob *s, const char *of)
{
    if (s->len != SIG_FILE_LEN || memcmp(s->data, "QVSG\x01\x09ML-DSA-65", 15))
        die("%s: not a qv-pqc ML-DSA-65 signature (signature of %s expected)", s->path, of);
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void usage(void)
{
    die("usage: mkdisk -o OUT --stage1 S1 --stage2 S2 --kernel ELF SIG [--cmdline STR] "
        "[--module FILE SIG STRING]...");
}

int main(int argc, char **argv)
{
    const char *out = NULL, *cmdline = "";
    struct blob s1 = { 0 }, s2 = { 0 }, files[QVDISK_MAX_FILES], sigs[QVDISK_MAX_FILES];
    const char *strings[QVDISK_MAX_FILES];
    unsigned n = 0;
    bool have_kernel = false;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
#define NEED(k)                                                                    \
    do {                                                                           \
        if (i + (k) >= argc)                                                       \
            die("%s needs %d argument%s", a, (k), (k) > 1 ? "s" : "");            \
    } while (0)
        if (!strcmp(a, "-o")) {
            NEED(1);
            out = argv[++i];
        } else if (!strcmp(a, "--stage1")) {
            NEED(1);
            s1 = load(argv[++i]);
        } else if (!strcmp(a, "--stage2")) {
            NEED(1);
            s2 = load(argv[++i]);
        } else if (!strcmp(a, "--cmdline")) {
            NEED(1);
            cmdline = argv[++i];
        } else if (!strcmp(a, "--kernel")) {
            NEED(2);
            if (have_kernel)
                die("--kernel given twice");
            if (n >= QVDISK_MAX_FILES)
                die("too many files");
            /* the kernel is always entry 0: shift modules given before it */
            memmove(&files[1], &files[0], n * sizeof files[0]);
            memmove(&sigs[1], &sigs[0], n * sizeof sigs[0]);
            memmove(&strings[1], &strings[0], n * sizeof strings[0]);
            files[0] = load(argv[++i]);
            sigs[0] = load(argv[++i]);
            strings[0] = "";
            n++;
            have_kernel = true;
        } else if (!strcmp(a, "--module")) {
            NEED(3);
            if (n >= (unsigned)(QVDISK_MAX_FILES - !have_kernel))
                die("at most %d modules", QVDISK_MAX_FILES - 1);
            files[n] = load(argv[++i]);
            sigs[n] = load(argv[++i]);
            strings[n] = argv[++i];
            n++;
        } else {
            usage();
        }
    }
    if (!out || !s1.data || !s2.data || !have_kernel)
        usage();

    /* Stage 1: one sector with the boot signature and a zero parameter block. */
    if (s1.len != QVDISK_SECTOR || s1.data[510] != 0x55 || s1.data[511] != 0xaa)
        die("%s: stage 1 must be one 512-byte sector ending in 55 AA", s1.path);
    /* Stage 2: magic, and small enough for 0x8000..0x50000 (with .bss). */
    if (s2.len < 8 || s2.data[0] != 'Q' || s2.data[1] != 'V' || s2.data[2] != 'S' ||
        s2.data[3] != '2')
        die("%s: not a QuantaVirt stage 2 (no QVS2 magic)", s2.path);
    if (s2.len > QVDISK_STAGE2_MAX)
        die("%s: %zu bytes, stage 2 must be below %d bytes", s2.path, s2.len, QVDISK_STAGE2_MAX);
    if (strlen(cmdline) >= QVDISK_CMDLINE_MAX)
        die("command line is %zu bytes, at most %d", strlen(cmdline), QVDISK_CMDLINE_MAX - 1);

    const char *why;
    struct qvb_elf elf;
    if (qvb_elf_parse(files[0].data, files[0].len, &elf, &why))
        die("%s: not a bootable hypervisor image: %s", files[0].path, why);
    for (unsigned i = 0; i < n; i++) {
        if (files[i].len == 0)
            die("%s: empty file", files[i].path);
        check_sig(&sigs[i], files[i].path);
        if (strlen(strings[i]) >= QVDISK_STRING_MAX)
            die("%s: module string longer than %d bytes", files[i].path, QVDISK_STRING_MAX - 1);
    }

    uint32_t s2_sectors = (uint32_t)((s2.len + QVDISK_SECTOR - 1) / QVDISK_SECTOR);
    uint32_t dir_lba = 1 + s2_sectors;
    uint32_t payload_lba = dir_lba + QVDISK_DIR_SECTORS;

    struct qvdisk_header hdr;
    struct qvdisk_entry ent[QVDISK_MAX_FILES];
    memset(&hdr, 0, sizeof hdr);
    memset(ent, 0, sizeof ent);
    memcpy(hdr.magic, QVDISK_MAGIC, 8);
    hdr.version = QVDISK_VERSION;
    hdr.count = n;
    hdr.payload_lba = payload_lba;
    hdr.dir_size = QVDISK_DIR_SIZE;
    strcpy(hdr.cmdline, cmdline);
    uint64_t off = 0;
    for (unsigned i = 0; i < n; i++) {
        ent[i].kind = i == 0 ? QVDISK_KIND_KERNEL : QVDISK_KIND_MODULE;
        ent[i].offset = off;
        ent[i].size = files[i].len;
        off = (off + files[i].len + QVDISK_ALIGN - 1) / QVDISK_ALIGN * QVDISK_ALIGN;
        ent[i].sig_offset = off;
        ent[i].sig_size = (uint32_t)sigs[i].len;
        off = (off + sigs[i].len + QVDISK_ALIGN - 1) / QVDISK_ALIGN * QVDISK_ALIGN;
        snprintf(ent[i].name, sizeof ent[i].name, "%s", base_name(files[i].path));
        snprintf(ent[i].string, sizeof ent[i].string, "%s", strings[i]);
    }
    if (off / QVDISK_SECTOR >= 0x700000)
        die("payload is %llu bytes: more than 3.5 GiB cannot be loaded below 4 GiB",
            (unsigned long long)off);
    hdr.payload_sectors = (uint32_t)(off / QVDISK_SECTOR);

    uint64_t total = (uint64_t)payload_lba * QVDISK_SECTOR + off;
    unsigned char *img = calloc(1, total);
    if (!img)
        die("out of memory for a %llu-byte image", (unsigned long long)total);
    memcpy(img, s1.data, QVDISK_SECTOR);
    unsigned char *pb = img + QVDISK_MBR_PARAM_OFF;
    put32(pb, 1);
    pb[4] = (unsigned char)s2_sectors;
    pb[5] = (unsigned char)(s2_sectors >> 8);
    put32(pb + 8, dir_lba);
    put32(img + 0x1b8, 0x56445651); /* disk signature "QVDV" */
    /* One bootable partition (type 0xDA, "non-FS data") over LBA 1..end, CHS
     * fields 0xFE/0xFF/0xFF meaning "use the LBA fields". */
    unsigned char *pe = img + 0x1be;
    uint32_t sectors = (uint32_t)(total / QVDISK_SECTOR);
    pe[0] = 0x80;
    pe[1] = 0xfe, pe[2] = 0xff, pe[3] = 0xff;
    pe[4] = 0xda;
    pe[5] = 0xfe, pe[6] = 0xff, pe[7] = 0xff;
    put32(pe + 8, 1);
    put32(pe + 12, sectors - 1);
    memcpy(img + QVDISK_SECTOR, s2.data, s2.len);
    unsigned char *dir = img + (uint64_t)dir_lba * QVDISK_SECTOR;
    memcpy(dir, &hdr, sizeof hdr);
    memcpy(dir + QVDISK_ENTRIES_OFF, ent, sizeof ent);
    unsigned char *pay = img + (uint64_t)payload_lba * QVDISK_SECTOR;
    for (unsigned i = 0; i < n; i++) {
        memcpy(pay + ent[i].offset, files[i].data, files[i].len);
        memcpy(pay + ent[i].sig_offset, sigs[i].data, sigs[i].len);
    }

    FILE *f = fopen(out, "wb");
    if (!f)
        die("%s: %s", out, strerror(errno));
    if (fwrite(img, 1, total, f) != total || fclose(f))
        die("%s: write error", out);
    printf("mkdisk: %s: %llu bytes; stage2 LBA 1 (%u sectors), directory LBA %u, payload LBA %u\n",
           out, (unsigned long long)total, s2_sectors, dir_lba, payload_lba);
    for (unsigned i = 0; i < n; i++)
        printf("file %s image_offset %llu size %zu sig_offset %llu string \"%s\"\n",
               ent[i].name, (unsigned long long)(payload_lba * (uint64_t)QVDISK_SECTOR + ent[i].offset),
               files[i].len,
               (unsigned long long)(payload_lba * (uint64_t)QVDISK_SECTOR + ent[i].sig_offset),
               strings[i]);
    return 0;
}
