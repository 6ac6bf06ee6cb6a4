/* BOOT.CFG parser (see bootcfg_uefi.h). */
#include "bootcfg_uefi.h"
#include "lib/printf.h"

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* Copy [s, e) into dst[cap] as a NUL-terminated string; -1 if it does not fit. */
static int put(char *dst, size_t cap, const char *s, const char *e)
{
    size_t n = (size_t)(e - s);
    if (n >= cap)
        return -1;
    for (size_t i = 0; i < n; i++)
        dst[i] = s[i];
    dst[n] = 0;
    return 0;
}

static int bad_name(const char *s)
{
    if (!s[0])
        return 1;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x21 || c > 0x7e || c == '\\' || c == ':')
            return 1;
        if (c == '.' && p[1] == '.')
            return 1;
    }
    return 0;
}

#define FAIL(...) do { qv_snprintf(err, errlen, __VA_ARGS__); return -1; } while (0)

int bootcfg_parse(const char *text, size_t len, struct bootcfg *out, char *err, size_t errlen)
{
    put(out->kernel, sizeof out->kernel, "quantavirt.elf", "quantavirt.elf" + 14);
    out->cmdline[0] = 0;
    out->nmod = 0;
    const char *p = text, *end = text + len;
    for (unsigned line = 1; p < end; line++) {
        const char *eol = p;
        while (eol < end && *eol != '\n')
            eol++;
        const char *next = eol < end ? eol + 1 : eol;
        while (eol > p && is_space(eol[-1]))
            eol--;
        while (p < eol && is_space(*p))
            p++;
        for (const char *q = p; q < eol; q++)
            if (*q == 0 || ((unsigned char)*q < 0x20 && *q != '\t'))
                FAIL("BOOT.CFG line %u: control character", line);
        if (p == eol || *p == '#') {
            p = next;
            continue;
        }
        const char *kw = p;
        while (p < eol && !is_space(*p))
            p++;
        size_t kwl = (size_t)(p - kw);
        while (p < eol && is_space(*p))
            p++;
        if (kwl == 7 && !__builtin_memcmp(kw, "cmdline", 7)) {
            if (put(out->cmdline, sizeof out->cmdline, p, eol))
                FAIL("BOOT.CFG line %u: command line longer than %d bytes", line,
                     BOOTCFG_CMDLINE_MAX - 1);
        } else if (kwl == 6 && !__builtin_memcmp(kw, "kernel", 6)) {
            if (put(out->kernel, sizeof out->kernel, p, eol) || bad_name(out->kernel))
                FAIL("BOOT.CFG line %u: bad kernel file name", line);
        } else if (kwl == 6 && !__builtin_memcmp(kw, "module", 6)) {
            if (out->nmod == BOOTCFG_MAX_MODULES)
                FAIL("BOOT.CFG line %u: more than %d modules", line, BOOTCFG_MAX_MODULES);
            const char *f = p;
            while (p < eol && !is_space(*p))
                p++;
            const char *fe = p;
            while (p < eol && is_space(*p))
                p++;
            if (put(out->mod[out->nmod].file, BOOTCFG_NAME_MAX, f, fe) ||
                bad_name(out->mod[out->nmod].file))
                FAIL("BOOT.CFG line %u: bad module file name", line);
            if (p == eol) {
                p = f;
                eol = fe;
            }
            if (put(out->mod[out->nmod].string, BOOTCFG_STRING_MAX, p, eol))
                FAIL("BOOT.CFG line %u: module string longer than %d bytes", line,
                     BOOTCFG_STRING_MAX - 1);
            out->nmod++;
        } else {
            FAIL("BOOT.CFG line %u: unknown keyword '%.*s'", line, (int)kwl, kw);
        }
        p = next;
    }
    return 0;
}
