/* Host tool for the loader check (guests/linux/loader-check.sh): runs the
 * hypervisor's Linux loader (core/vm/loader_linux.c) on a bzImage + initrd
 * and records every guest-memory write as a record
 *   u64 gpa, u64 len, len bytes
 * ended by gpa = ~0. The long-mode stub (stub.asm) replays the records in a
 * plain QEMU machine and enters the kernel with the loader's GDT, page tables
 * and boot_params only, so the real kernel checks the loader's output.
 * Usage: linux_boot_image BZIMAGE INITRD CMDLINE RAM_MIB OUT; prints the entry rip. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/vm/loader_linux.h"
#include "lib/errors.h"

static FILE *out;

static int rec_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
    (void)ctx;
    uint64_t hdr[2] = { gpa, len };
    if (fwrite(hdr, 8, 2, out) != 2 || fwrite(buf, 1, len, out) != len)
        return QV_ERR_IO;
    return QV_OK;
}

static int rec_zero(void *ctx, uint64_t gpa, size_t len)
{
    static const uint8_t zeros[65536];
    while (len) {
        size_t n = len < sizeof zeros ? len : sizeof zeros;
        int rc = rec_write(ctx, gpa, zeros, n);
        if (rc)
            return rc;
        gpa += n;
        len -= n;
    }
    return QV_OK;
}

static void *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f || fseek(f, 0, SEEK_END) || (long)(*len = (size_t)ftell(f)) < 0) {
        fprintf(stderr, "linux_boot_image: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    rewind(f);
    void *b = malloc(*len ? *len : 1);
    if (!b || fread(b, 1, *len, f) != *len) {
        fprintf(stderr, "linux_boot_image: reading %s failed\n", path);
        exit(2);
    }
    fclose(f);
    return b;
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: linux_boot_image BZIMAGE INITRD CMDLINE RAM_MIB OUT\n");
        return 2;
    }
    size_t klen, ilen;
    void *kernel = slurp(argv[1], &klen), *initrd = slurp(argv[2], &ilen);
    out = fopen(argv[5], "wb");
    if (!out) {
        fprintf(stderr, "linux_boot_image: %s: %s\n", argv[5], strerror(errno));
        return 2;
    }
    struct guest_mem_writer m = { rec_write, rec_zero, MiB(strtoull(argv[4], NULL, 0)), NULL };
    struct linux_entry e;
    char err[256];
    int rc = load_linux_bzimage(&m, kernel, klen, argv[3], initrd, ilen, NULL, 0, &e, err,
                                sizeof err);
    uint64_t end[2] = { ~0ull, 0 };
    if (fwrite(end, 8, 2, out) != 2 || fclose(out)) {
        fprintf(stderr, "linux_boot_image: writing %s failed\n", argv[5]);
        return 2;
    }
    if (rc) {
        fprintf(stderr, "linux_boot_image: %s\n", err);
        return 1;
    }
    fprintf(stderr, "linux_boot_image: rip %#llx rsi %#llx cr3 %#llx gdt %#llx/%#x "
            "kernel %#llx..%#llx initrd %#llx+%#llx\n", (unsigned long long)e.rip,
            (unsigned long long)e.rsi, (unsigned long long)e.cr3,
            (unsigned long long)e.gdt_base, e.gdt_limit, (unsigned long long)e.kernel_gpa,
            (unsigned long long)e.kernel_end, (unsigned long long)e.initrd_gpa,
            (unsigned long long)e.initrd_len);
    printf("%#llx\n", (unsigned long long)e.rip);
    free(kernel);
    free(initrd);
    return 0;
}
