/* Guest runtime: entered from entry.asm with the loader's EAX/EBX. */
#include "rt.h"
#include "arch.h"
#include "console.h"

/* Multiboot information fields used here (Multiboot 0.6.96 §3.3). */
#define MBI_FLAG_CMDLINE (1u << 2)
#define MBI_FLAG_MEM (1u << 0)
#define MBI_OFF_FLAGS 0
#define MBI_OFF_MEM_UPPER 8
#define MBI_OFF_CMDLINE 16

static const char *cmdline = "";
static uint32_t mem_upper_kib;

__attribute__((noreturn)) void guest_start(uint32_t magic, uint32_t info);

__attribute__((noreturn)) void guest_start(uint32_t magic, uint32_t info)
{
    /* Paging is off, so the physical addresses in the info are usable as is. */
    if (magic == MB1_BOOT_MAGIC && info) {
        const volatile uint32_t *mbi = (const volatile uint32_t *)info;
        if (mbi[MBI_OFF_FLAGS / 4] & MBI_FLAG_CMDLINE)
            cmdline = (const char *)mbi[MBI_OFF_CMDLINE / 4];
        if (mbi[MBI_OFF_FLAGS / 4] & MBI_FLAG_MEM)
            mem_upper_kib = mbi[MBI_OFF_MEM_UPPER / 4];
    } else {
        con_printf("FAIL: boot: EAX 0x%x is not the Multiboot magic 0x%x\n", magic,
                   MB1_BOOT_MAGIC);
    }
    guest_exit((uint32_t)guest_main());
}

__attribute__((noreturn)) void guest_exit(uint32_t code)
{
    outl(EXIT_PORT, code);
    /* Only reached if the hypervisor ignored the exit port: say so, then stop. */
    con_printf("FAIL: exit port 0x%x did not end the VM\n", EXIT_PORT);
    for (;;)
        __asm__ volatile("cli; hlt");
}

const char *guest_cmdline(void) { return cmdline; }
uint32_t guest_mem_upper_kib(void) { return mem_upper_kib; }

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

/* Parses a decimal at s up to the end of the word; false if not a number. */
static bool parse_u32(const char *s, uint32_t *out)
{
    uint64_t v = 0;
    if (!*s || is_space(*s))
        return false;
    for (; *s && !is_space(*s); s++) {
        if (*s < '0' || *s > '9')
            return false;
        v = v * 10 + (uint64_t)(*s - '0');
        if (v > 0xffffffffu)
            return false;
    }
    *out = (uint32_t)v;
    return true;
}

uint32_t guest_arg_u32(const char *key, uint32_t def)
{
    const char *s = cmdline;
    size_t klen = strlen(key);
    bool first = true;
    while (*s) {
        while (is_space(*s))
            s++;
        if (!*s)
            break;
        uint32_t v;
        if (!first) {
            if (!memcmp(s, key, klen) && s[klen] == '=' && parse_u32(s + klen + 1, &v))
                return v;
            if (parse_u32(s, &v))
                return v;
        }
        first = false;
        while (*s && !is_space(*s))
            s++;
    }
    return def;
}

/* The compiler may emit calls to these even in freestanding code. */
void *memset(void *d, int c, size_t n)
{
    uint8_t *p = d;
    while (n--)
        *p++ = (uint8_t)c;
    return d;
}
void *memcpy(void *restrict d, const void *restrict s, size_t n)
{
    uint8_t *p = d;
    const uint8_t *q = s;
    while (n--)
        *p++ = *q++;
    return d;
}
int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *p = a, *q = b;
    for (; n; n--, p++, q++)
        if (*p != *q)
            return *p < *q ? -1 : 1;
    return 0;
}
size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}
