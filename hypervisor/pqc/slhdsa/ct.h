/* Declassification for the constant-time check (`make ct-check`, built with QV_CT_CHECK).
 *
 * The signer derives some values from secrets that the signature publishes
 * anyway: the randomizer R, the message digest and the tree indices taken
 * from it, and every XMSS/FORS root (each is recomputable from the signature).
 * Branching on them and using them as indices is fine. The ct-check build
 * (QV_CT_CHECK) tells valgrind they are defined, so it only reports real secrets;
 * every other build compiles this to nothing. */
#ifndef QV_PQC_SLHDSA_CT_H
#define QV_PQC_SLHDSA_CT_H

#if defined(QV_CT_CHECK) && defined(QV_HOST)
#include <valgrind/memcheck.h>
#define SLH_PUBLIC(p, len) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (len)))
#else
#define SLH_PUBLIC(p, len) ((void)(p), (void)(len))
#endif

#endif
