/* QuantaVirt EFI stub: loads the hypervisor and its modules from the EFI
 * system partition, verifies their ML-DSA-65 signatures, measures them
 * (SHA3-256), builds the Multiboot2 information, exits boot services and enters
 * the hypervisor in 32-bit protected mode exactly as a Multiboot2 loader would.
 *
 * Written from the UEFI 2.10 specification: §4.4 boot services table, §7.2
 * memory services (AllocatePages, GetMemoryMap), §7.4 ExitBootServices (the
 * map key must match the latest GetMemoryMap; on EFI_INVALID_PARAMETER get the
 * map again and retry, calling nothing else), §9.1 LOADED_IMAGE, §13.4/13.5
 * SIMPLE_FILE_SYSTEM and FILE protocols, §4.6 configuration table (ACPI GUIDs).
 * gnu-efi supplies only the headers, the PE/COFF startup and self-relocation.
 *
 * Files (on the volume this application was loaded from):
 *     \QUANTAVIRT\BOOT.CFG           see boot/common/bootcfg_uefi.h
 *     \QUANTAVIRT\<kernel>, <kernel>.sig, <module>, <module>.sig
 */
#include <efi.h>
#include "lib/printf.h"
#include "lib/string.h"
#include "../common/bootcfg_uefi.h"
#include "../common/elf_load_uefi.h"
#include "../common/mb2_build_uefi.h"
#include "../common/measure_uefi.h"

#define DIR L"\\QUANTAVIRT\\"
#define BELOW_4G 0xFFFFFFFFull
#define PAGES(n) (((n) + 4095) / 4096)
#define MBI_CAP (256 * 1024)
#define MLOG_CAP (16 * 1024)
#define MAX_MMAP 256

extern const uint8_t qv_tramp_start[], qv_tramp_end[];
extern const uint8_t qv_boot_pk[], qv_boot_pk_end[];

static EFI_HANDLE image;
static EFI_SYSTEM_TABLE *st;
static EFI_BOOT_SERVICES *bs;

/* ------------------------------------------------------------ console */

static void con_puts(const char *s)
{
    CHAR16 w[128];
    size_t n = 0;
    for (; *s; s++) {
        if (*s == '\n')
            w[n++] = L'\r';
        w[n++] = (CHAR16)(unsigned char)*s;
        if (n >= 120) {
            w[n] = 0;
            st->ConOut->OutputString(st->ConOut, w);
            n = 0;
        }
    }
    w[n] = 0;
    if (n)
        st->ConOut->OutputString(st->ConOut, w);
}

__attribute__((format(printf, 1, 2))) static void say(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    qv_vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    con_puts(buf);
}

/* Refusal: the message names the file; nothing is jumped to. The machine is
 * powered off after a pause so that a refused boot never hangs and never falls
 * through to another boot option with the tampered files still in place. */
__attribute__((noreturn, format(printf, 1, 2))) static void refuse(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    qv_vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    con_puts("QV-EFI: BOOT REFUSED: ");
    con_puts(buf);
    con_puts("\nQV-EFI: not starting the hypervisor; powering off in 3 s\n");
    bs->Stall(3 * 1000 * 1000);
    st->RuntimeServices->ResetSystem(EfiResetShutdown, EFI_SECURITY_VIOLATION, 0, NULL);
    for (;;)
        __asm__ volatile("cli; hlt");
}

static const char *efi_err(EFI_STATUS s)
{
    switch (s & ~EFI_ERROR_MASK) {
    case 2: return "invalid parameter";
    case 3: return "unsupported";
    case 5: return "buffer too small";
    case 7: return "device error";
    case 9: return "out of resources";
    case 14: return "not found";
    case 15: return "access denied";
    default: return "error";
    }
}

static void say_digest(const char *name, const uint8_t d[32])
{
    char hex[65];
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = "0123456789abcdef"[d[i] >> 4];
        hex[2 * i + 1] = "0123456789abcdef"[d[i] & 15];
    }
    hex[64] = 0;
    say("QV-EFI: measured %s sha3-256=%s\n", name, hex);
}

/* ------------------------------------------------------------ memory */

static void *alloc_pages(size_t bytes, EFI_MEMORY_TYPE type, const char *what)
{
    EFI_PHYSICAL_ADDRESS a = BELOW_4G;
    EFI_STATUS s = bs->AllocatePages(AllocateMaxAddress, type, PAGES(bytes ? bytes : 1), &a);
    if (EFI_ERROR(s))
        refuse("cannot allocate %zu bytes below 4 GiB for %s (%s)", bytes, what, efi_err(s));
    return (void *)(uintptr_t)a;
}

/* ------------------------------------------------------------ files */

static EFI_FILE_HANDLE root;

static void open_root(void)
{
    EFI_GUID lip = LOADED_IMAGE_PROTOCOL, sfsp = SIMPLE_FILE_SYSTEM_PROTOCOL;
    EFI_LOADED_IMAGE *li;
    EFI_FILE_IO_INTERFACE *fs;
    EFI_STATUS s = bs->HandleProtocol(image, &lip, (void **)&li);
    if (EFI_ERROR(s))
        refuse("no LOADED_IMAGE protocol on our own image (%s)", efi_err(s));
    s = bs->HandleProtocol(li->DeviceHandle, &sfsp, (void **)&fs);
    if (EFI_ERROR(s))
        refuse("the boot device has no file system (%s)", efi_err(s));
    s = fs->OpenVolume(fs, &root);
    if (EFI_ERROR(s))
        refuse("cannot open the boot volume (%s)", efi_err(s));
}

struct file {
    uint8_t *data;
    size_t size;
};

/* Reads \QUANTAVIRT\name into pages below 4 GiB. Returns 0, or -1 if the file
 * does not exist and `optional`; any other failure refuses the boot. */
static int read_file(const char *name, const char *suffix, struct file *out, bool optional,
                     EFI_MEMORY_TYPE type)
{
    CHAR16 path[160];
    size_t n = 0;
    for (const CHAR16 *d = DIR; *d; d++)
        path[n++] = *d;
    for (const char *p = name; *p && n < 150; p++)
        path[n++] = *p == '/' ? L'\\' : (CHAR16)*p;
    for (const char *p = suffix; *p && n < 158; p++)
        path[n++] = (CHAR16)*p;
    path[n] = 0;

    EFI_FILE_HANDLE f;
    EFI_STATUS s = root->Open(root, &f, path, EFI_FILE_MODE_READ, 0);
    if (EFI_ERROR(s)) {
        if (optional && s == EFI_NOT_FOUND)
            return -1;
        refuse("%s%s: cannot open (%s)", name, suffix, efi_err(s));
    }
    EFI_GUID info_id = EFI_FILE_INFO_ID;
    union { EFI_FILE_INFO fi; uint8_t raw[sizeof(EFI_FILE_INFO) + 512]; } info;
    UINTN isz = sizeof info;
    s = f->GetInfo(f, &info_id, &isz, &info);
    if (EFI_ERROR(s))
        refuse("%s%s: cannot get its size (%s)", name, suffix, efi_err(s));
    if (info.fi.FileSize > 0xC0000000ull)
        refuse("%s%s: too large (%llu bytes)", name, suffix, (unsigned long long)info.fi.FileSize);
    out->size = info.fi.FileSize;
    out->data = alloc_pages(out->size + 1, type, name);
    UINTN got = out->size;
    s = f->Read(f, &got, out->data);
    if (EFI_ERROR(s) || got != out->size)
        refuse("%s%s: read error (%s, %llu of %zu bytes)", name, suffix, efi_err(s),
               (unsigned long long)got, out->size);
    out->data[out->size] = 0;
    f->Close(f);
    return 0;
}

static void free_file(struct file *f)
{
    bs->FreePages((EFI_PHYSICAL_ADDRESS)(uintptr_t)f->data, PAGES(f->size + 1));
}

/* ------------------------------------------------------------ verify + measure */

static void *sig_work;
static struct mlog mlog;
static uint8_t *mlog_buf;

/* Verify `name` against name.sig with the built-in key, then measure it. */
static void verify_and_measure(const char *name, const struct file *f)
{
    struct file sig;
    char err[160];
    if (read_file(name, ".sig", &sig, true, EfiLoaderData))
        refuse("%s: no signature file %s.sig", name, name);
    if (qvsig_verify(qv_boot_pk, (size_t)(qv_boot_pk_end - qv_boot_pk), f->data, f->size,
                     sig.data, sig.size, sig_work, err, sizeof err))
        refuse("%s: %s", name, err);
    free_file(&sig);
    const uint8_t *d = mlog_add(&mlog, name, f->data, f->size, MLOG_F_SIGNED);
    if (!d)
        refuse("%s: measurement log full", name);
    say("QV-EFI: %s: %zu bytes, ML-DSA-65 signature OK\n", name, f->size);
    say_digest(name, d);
}

/* ------------------------------------------------------------ ACPI */

static const uint8_t *find_rsdp(int *v2)
{
    EFI_GUID acpi20 = ACPI_20_TABLE_GUID, acpi10 = ACPI_TABLE_GUID;
    const uint8_t *v1 = NULL;
    for (UINTN i = 0; i < st->NumberOfTableEntries; i++) {
        EFI_CONFIGURATION_TABLE *t = &st->ConfigurationTable[i];
        if (!memcmp(&t->VendorGuid, &acpi20, sizeof acpi20)) {
            *v2 = 1;
            return t->VendorTable;
        }
        if (!memcmp(&t->VendorGuid, &acpi10, sizeof acpi10))
            v1 = t->VendorTable;
    }
    *v2 = 0;
    return v1;
}

static int rsdp_ok(const uint8_t *r, size_t len)
{
    uint8_t sum = 0;
    if (memcmp(r, "RSD PTR ", 8))
        return 0;
    for (size_t i = 0; i < len; i++)
        sum += r[i];
    return sum == 0;
}

/* ------------------------------------------------------------ main */

struct loaded_module {
    struct file f;
    const char *string;
};

EFI_STATUS efi_main(EFI_HANDLE ih, EFI_SYSTEM_TABLE *systab)
{
    image = ih;
    st = systab;
    bs = systab->BootServices;
    bs->SetWatchdogTimer(0, 0, 0, NULL);
    say("QV-EFI: QuantaVirt UEFI loader\n");

    uint8_t fp[32];
    if (qvsig_pk_fingerprint(qv_boot_pk, (size_t)(qv_boot_pk_end - qv_boot_pk), fp))
        refuse("the built-in public key is malformed");
    say("QV-EFI: boot key ML-DSA-65 %02x%02x%02x%02x%02x%02x%02x%02x...\n", fp[0], fp[1], fp[2],
        fp[3], fp[4], fp[5], fp[6], fp[7]);

    open_root();
    sig_work = alloc_pages(qvsig_work_len(), EfiLoaderData, "signature work area");
    mlog_buf = alloc_pages(MLOG_CAP, EfiLoaderData, "measurement log");
    mlog_init(&mlog, mlog_buf, MLOG_CAP, "uefi");

    /* Configuration: measured (it holds the command line), not signed. */
    static struct bootcfg cfg;
    struct file cf;
    char err[160];
    if (read_file("BOOT.CFG", "", &cf, true, EfiLoaderData) == 0) {
        if (bootcfg_parse((const char *)cf.data, cf.size, &cfg, err, sizeof err))
            refuse("BOOT.CFG: %s", err);
        const uint8_t *d = mlog_add(&mlog, "BOOT.CFG", cf.data, cf.size, MLOG_F_CONFIG);
        if (!d)
            refuse("BOOT.CFG: measurement log full");
        say_digest("BOOT.CFG", d);
        free_file(&cf);
    } else {
        bootcfg_parse("", 0, &cfg, err, sizeof err);
    }

    /* Kernel: verify the whole file, then check and place its ELF segments. */
    struct file kf;
    read_file(cfg.kernel, "", &kf, false, EfiLoaderData);
    verify_and_measure(cfg.kernel, &kf);
    struct elfu_image ki;
    if (elfu_parse(kf.data, kf.size, &ki, err, sizeof err))
        refuse("%s: %s", cfg.kernel, err);
    EFI_PHYSICAL_ADDRESS ka = ki.lo;
    EFI_STATUS s = bs->AllocatePages(AllocateAddress, EfiLoaderData, (ki.hi - ki.lo) / 4096, &ka);
    if (EFI_ERROR(s))
        refuse("%s: memory %#llx-%#llx for the image is not free (%s)", cfg.kernel,
               (unsigned long long)ki.lo, (unsigned long long)ki.hi, efi_err(s));
    memset((void *)(uintptr_t)ki.lo, 0, ki.hi - ki.lo);
    for (unsigned i = 0; i < ki.nseg; i++)
        memcpy((void *)(uintptr_t)ki.seg[i].paddr, kf.data + ki.seg[i].offset, ki.seg[i].filesz);
    free_file(&kf);

    /* Modules: page-aligned (the kernel's Multiboot2 header asks for it). */
    static struct loaded_module mods[BOOTCFG_MAX_MODULES];
    for (unsigned i = 0; i < cfg.nmod; i++) {
        read_file(cfg.mod[i].file, "", &mods[i].f, false, EfiLoaderData);
        verify_and_measure(cfg.mod[i].file, &mods[i].f);
        mods[i].string = cfg.mod[i].string;
    }

    int v2;
    const uint8_t *rsdp = find_rsdp(&v2);
    size_t rsdp_len = 20;
    if (rsdp && v2) {
        rsdp_len = rsdp[20] | rsdp[21] << 8 | rsdp[22] << 16 | (uint32_t)rsdp[23] << 24;
        if (rsdp_len < 36 || rsdp_len > 36 || !rsdp_ok(rsdp, rsdp_len))
            v2 = 0, rsdp_len = 20;
    }
    if (rsdp && !rsdp_ok(rsdp, 20))
        rsdp = NULL;
    say("QV-EFI: ACPI RSDP %s at %p\n", rsdp ? (v2 ? "2.0" : "1.0") : "not found", rsdp);

    /* Everything the hand-over needs is allocated now: after the first
     * GetMemoryMap only GetMemoryMap and ExitBootServices are called. */
    uint8_t *mbi = alloc_pages(MBI_CAP, EfiLoaderData, "Multiboot2 information");
    uint8_t *tramp = alloc_pages(4096, EfiLoaderCode, "mode-switch trampoline");
    memcpy(tramp, qv_tramp_start, (size_t)(qv_tramp_end - qv_tramp_start));
    UINTN map_cap = 64 * 1024;
    uint8_t *map = alloc_pages(map_cap, EfiLoaderData, "memory map");
    static struct mb2b_mmap_entry mm[MAX_MMAP];
    size_t log_size = mlog_size(&mlog);
    say("QV-EFI: %u measurements (%zu bytes); exiting boot services\n",
        (unsigned)(mlog_buf[8] | mlog_buf[9] << 8), log_size);

    for (int attempt = 0;; attempt++) {
        UINTN map_size = map_cap, key, dsz;
        UINT32 dver;
        s = bs->GetMemoryMap(&map_size, (EFI_MEMORY_DESCRIPTOR *)map, &key, &dsz, &dver);
        if (EFI_ERROR(s))
            refuse("GetMemoryMap failed (%s, %llu bytes needed)", efi_err(s),
                   (unsigned long long)map_size);
        int n = mb2b_from_efi_map(map, map_size, dsz, mm, MAX_MMAP);
        if (n < 0)
            refuse("the firmware memory map is malformed or too long");
        uint32_t lo, up;
        mb2b_meminfo_from_map(mm, (size_t)n, &lo, &up);

        struct mb2b b;
        mb2b_init(&b, mbi, MBI_CAP);
        mb2b_string(&b, 1, cfg.cmdline);
        mb2b_string(&b, 2, "QuantaVirt UEFI stub");
        for (unsigned i = 0; i < cfg.nmod; i++)
            mb2b_module(&b, (uint32_t)(uintptr_t)mods[i].f.data,
                        (uint32_t)((uintptr_t)mods[i].f.data + mods[i].f.size), mods[i].string);
        mb2b_meminfo(&b, lo, up);
        mb2b_mmap(&b, mm, (size_t)n);
        mb2b_efi64(&b, (uint64_t)(uintptr_t)st);
        mb2b_efi64_ih(&b, (uint64_t)(uintptr_t)image);
        if (rsdp)
            mb2b_rsdp(&b, v2, rsdp, rsdp_len);
        mb2b_efi_mmap(&b, (uint32_t)dsz, dver, map, map_size);
        /* The log lives inside the information block (a tag type the
         * hypervisor's parser skips), so the hypervisor's "keep the
         * Multiboot2 info" reservation protects it too. */
        uint8_t *logcopy = mb2b_tag(&b, 0x5157, mlog_buf, log_size);
        mb2b_qv_measure(&b, (uint64_t)(uintptr_t)logcopy, log_size);
        if (!mb2b_finish(&b))
            refuse("the Multiboot2 information does not fit in %d bytes", MBI_CAP);

        s = bs->ExitBootServices(image, key);
        if (s == EFI_SUCCESS)
            break;
        /* EFI_INVALID_PARAMETER: the map changed since GetMemoryMap (an
         * event allocated or freed memory). Boot services other than memory
         * allocation are no longer usable after a failed attempt. */
        if (s != EFI_INVALID_PARAMETER || attempt >= 16)
            refuse("ExitBootServices failed (%s) after %d attempts", efi_err(s), attempt + 1);
    }

    /* No firmware from here on. */
    void (*enter)(uint64_t, uint64_t) = (void (*)(uint64_t, uint64_t))(uintptr_t)tramp;
    enter((uint64_t)(uintptr_t)mbi, ki.entry);
    for (;;)
        __asm__ volatile("cli; hlt");
}
