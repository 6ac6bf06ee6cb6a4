/* Declassification points for the constant-time check (tests/ct, valgrind).
 *
 * `make ct-check` marks d, z, m and the secret part of dk undefined; memcheck
 * then reports any branch or memory index depending on them. ML-KEM branches
 * on exactly one derived value: rho = G(d || k)[0:32] (FIPS 203 Alg. 13
 * line 1), which is published in ek and drives the rejection sampling of
 * SampleNTT (Alg. 7). It is declared public here. In every build other than
 * the ct-check one (QV_CT_CHECK) the macro is empty. */
#ifndef QV_PQC_MLKEM_CT_H
#define QV_PQC_MLKEM_CT_H

#if defined(QV_HOST) && defined(QV_CT_CHECK)
#include <valgrind/memcheck.h>
#define MLKEM_DECLASSIFY(p, n) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (n)))
#else
#define MLKEM_DECLASSIFY(p, n) ((void)(p), (void)(n))
#endif

#endif
