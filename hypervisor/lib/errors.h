/* QuantaVirt error codes: negative 32-bit values, 0 = success.
 * Ranges: -1..-99 core (QV_ERR_*), -100..-199 PQC (PQC_ERR_*), -200.. QUAC 100,
 * -300.. migration, -400.. storage, -500.. network (product.md). */
#ifndef QV_LIB_ERRORS_H
#define QV_LIB_ERRORS_H

#define QV_OK 0
#define QV_ERRDEF(name, value, msg) name = (value),
enum qv_err {
#include "lib/errors_core.def"
#include "pqc/pqc_errors.def"
};
#undef QV_ERRDEF

/* Human message and symbolic name ("QV_ERR_NOVMX") of an error code; never NULL. */
const char *qv_strerror(int err);
const char *qv_strerror_name(int err);

#endif
