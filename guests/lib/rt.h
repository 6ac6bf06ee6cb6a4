/* Guest runtime: start-up from Multiboot, exit through the test-exit port,
 * command-line access. */
#ifndef GUEST_RT_H
#define GUEST_RT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXIT_PORT 0xf4u      /* a 32-bit write ends the VM with that code */
#define MB1_BOOT_MAGIC 0x2BADB002u

/* Each guest defines this; its return value becomes the exit code. */
int guest_main(void);

__attribute__((noreturn)) void guest_exit(uint32_t code);

/* The Multiboot command line ("" if none); the first word is the program name. */
const char *guest_cmdline(void);
/* KiB of RAM above 1 MiB (Multiboot mem_upper), 0 if the loader gave none. */
uint32_t guest_mem_upper_kib(void);
/* Value of the first command-line word after the program name that is a
 * decimal number, or of `key=N`; def if there is none. */
uint32_t guest_arg_u32(const char *key, uint32_t def);

void *memset(void *d, int c, size_t n);
void *memcpy(void *restrict d, const void *restrict s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif
