/* VMMCALL/VMCALL hypercall ABI (docs/hypercalls.md): EAX/RAX = number,
 * EBX, ECX, EDX = arguments, result in EAX/RAX (negative QV_ERR_* on error). */
#ifndef QV_CORE_EXIT_HYPERCALL_H
#define QV_CORE_EXIT_HYPERCALL_H
#define HC_VERSION 0
#define HC_CONSOLE_WRITE 1
#define HC_YIELD 2
#define HC_TEST_EXIT 3
#define HC_CONSOLE_MAX 4096
#endif
