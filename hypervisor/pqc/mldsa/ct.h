/* Declassification points for the constant-time check (tests/ct, valgrind).
 *
 * `make ct-check` marks keys and seeds undefined; memcheck then reports every
 * branch or memory index that depends on them. The few values that FIPS 204
 * implementations legitimately branch on are declared public here:
 *  - accept/reject of a rejection-sampling candidate in RejBoundedPoly
 *    (FIPS 204 Alg. 31): which bytes get rejected is independent of the
 *    accepted coefficients, it only reveals how much SHAKE output was used;
 *  - the outcome of the norm checks that end the Sign loop (Alg. 7 steps
 *    23 and 28): this is the standard "rejection loop exit" leak, the number
 *    of iterations is independent of the key for a uniformly random mu/rnd;
 *  - the challenge seed c~ (and so c): it is part of the signature, and for
 *    rejected iterations it is a hash of w1 that reveals nothing about s1/s2;
 *  - the final signature and hint once accepted (they are the output);
 *  - rho in KeyGen: it is the first 32 bytes of the public key, and ExpandA
 *    (public-matrix rejection sampling) branches on it.
 * The hook is a valgrind client request (a no-op when not running under
 * valgrind) in host builds that have the header, empty in the kernel. */
#ifndef QV_PQC_MLDSA_CT_H
#define QV_PQC_MLDSA_CT_H

#if defined(QV_HOST) && defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define MLDSA_DECLASSIFY(p, n) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (n)))
#endif
#endif
#ifndef MLDSA_DECLASSIFY
#define MLDSA_DECLASSIFY(p, n) ((void)(p), (void)(n))
#endif

#endif
