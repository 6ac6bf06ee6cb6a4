/* QuantaVirt hypercall ABI (guests/README.md): VMMCALL with EAX = number,
 * EBX/ECX/EDX = arguments; result in EAX, negative = error. */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H
#include <stdint.h>

#define HC_VERSION 0u       /* -> major << 16 | minor, > 0 */
#define HC_CONSOLE_WRITE 1u /* EBX = buffer gpa, ECX = length <= 4096 -> bytes written */
#define HC_YIELD 2u         /* -> 0 */
#define HC_TEST_EXIT 3u     /* EBX = exit code; does not return */
#define HC_CONSOLE_MAX 4096u
#define HC_ERR_INVAL (-1)   /* unknown number (QV_ERR_INVAL) */

static inline int32_t hypercall(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3)
{
    uint32_t ret;
    __asm__ volatile("vmmcall" : "=a"(ret) : "a"(nr), "b"(a1), "c"(a2), "d"(a3) : "memory");
    return (int32_t)ret;
}

#endif
