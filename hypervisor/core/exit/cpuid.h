/* Guest CPUID policy: what a guest sees of the host CPU (pure logic). */
#ifndef QV_CORE_EXIT_CPUID_H
#define QV_CORE_EXIT_CPUID_H
#include "lib/types.h"

struct cpuid_result { uint32_t eax, ebx, ecx, edx; };

struct cpuid_ctx {
    /* The host's answer for a leaf (the kernel executes CPUID; tests fake it). */
    struct cpuid_result (*host)(uint32_t leaf, uint32_t subleaf);
    uint32_t vcpu_id;
    uint32_t nr_vcpus;
    bool guest_osxsave; /* guest CR4.OSXSAVE, mirrored in leaf 1 ECX[27] */
    uint32_t max_basic, max_ext; /* the host's highest leaves; 0 = ask host() */
};

#define CPUID_HV_BASE 0x40000000u
#define CPUID_HV_VERSION 0x40000001u
#define QV_HV_VERSION_MAJOR 0
#define QV_HV_VERSION_MINOR 1

struct cpuid_result cpuid_guest(const struct cpuid_ctx *c, uint32_t leaf, uint32_t subleaf);
#endif
