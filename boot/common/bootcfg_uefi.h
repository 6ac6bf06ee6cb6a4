/* QuantaVirt EFI stub configuration file (\QUANTAVIRT\BOOT.CFG), one
 * directive per line, '#' starts a comment line:
 *     kernel quantavirt.elf          (default: quantavirt.elf)
 *     cmdline test=boot serial=1     (rest of the line, may be empty)
 *     module linux.bin linux-kernel console=ttyS0
 *                                    (file, then the Multiboot2 module string;
 *                                     default string: the file name)
 * File names are relative to \QUANTAVIRT\ and may not contain "..". Untrusted
 * input: overlong fields, unknown keywords and bad names are errors with the
 * line number, never truncated. Pure logic (host-testable). */
#ifndef QV_BOOT_BOOTCFG_UEFI_H
#define QV_BOOT_BOOTCFG_UEFI_H
#include <stddef.h>

#define BOOTCFG_MAX_MODULES 16
#define BOOTCFG_NAME_MAX 64
#define BOOTCFG_STRING_MAX 128
#define BOOTCFG_CMDLINE_MAX 1024

struct bootcfg {
    char kernel[BOOTCFG_NAME_MAX];
    char cmdline[BOOTCFG_CMDLINE_MAX];
    unsigned nmod;
    struct {
        char file[BOOTCFG_NAME_MAX];
        char string[BOOTCFG_STRING_MAX];
    } mod[BOOTCFG_MAX_MODULES];
};

int bootcfg_parse(const char *text, size_t len, struct bootcfg *out, char *err, size_t errlen);
#endif
