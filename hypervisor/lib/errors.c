/* Error code names and messages, generated from the .def tables. */
#include "lib/errors.h"
#include "lib/types.h"

static const struct {
    int code;
    const char *name;
    const char *msg;
} err_table[] = {
    { QV_OK, "QV_OK", "success" },
#define QV_ERRDEF(n, v, m) { v, #n, m },
#include "lib/errors_core.def"
#include "pqc/pqc_errors.def"
#undef QV_ERRDEF
};

static int find(int err)
{
    for (size_t i = 0; i < ARRAY_SIZE(err_table); i++)
        if (err_table[i].code == err)
            return (int)i;
    return -1;
}

const char *qv_strerror(int err)
{
    int i = find(err);
    return i < 0 ? "unknown error" : err_table[i].msg;
}

const char *qv_strerror_name(int err)
{
    int i = find(err);
    return i < 0 ? "QV_ERR_UNKNOWN" : err_table[i].name;
}
