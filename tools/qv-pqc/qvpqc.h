/* qv-pqc: host command-line front end to the PQC subsystem (host only, uses libc).
 *
 * Commands live in separate files (cmd_<family>.c) and register themselves:
 *
 *   static int cmd_mlkem_keygen(int argc, char **argv) { ... }
 *   QVPQC_COMMAND("mlkem-keygen", "<512|768|1024> <d||z hex>", cmd_mlkem_keygen);
 *
 * argv[0] is the command name, argv[1..argc-1] its arguments. A command
 * prints exactly ONE line to stdout on success (several values separated by
 * single spaces) and returns 0; on failure it prints nothing to stdout and
 * returns a negative PQC_ERR_* / QV_ERR_* code (details may go to stderr via
 * qvpqc_err). The framework turns a failure into "error <ERR_NAME>" on stdout
 * in batch mode (one line per input line, always) and exit status 1 otherwise.
 * Empty hex values are written "" or "-" (batch lines split on whitespace). */
#ifndef QVPQC_H
#define QVPQC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/errors.h"
#include "pqc/pqc.h"

typedef int (*qvpqc_fn)(int argc, char **argv);
void qvpqc_register(const char *name, const char *usage, qvpqc_fn fn);

#define QVPQC_COMMAND(name, usage, fn)                                   \
    __attribute__((constructor)) static void qvpqc_reg_##fn(void)       \
    {                                                                    \
        qvpqc_register(name, usage, fn);                                 \
    }

/* Diagnostics to stderr, prefixed "qv-pqc <command>: "; returns err so that
 * `return qvpqc_err(PQC_ERR_BAD_LENGTH, "...")` reads naturally. */
int qvpqc_err(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Wrong number of arguments: prints the command's usage, returns QV_ERR_INVAL. */
int qvpqc_usage(void);

/* Hex argument of exactly `len` bytes into out. Errors name the argument and
 * the expected length: "argument ek: expected 1184 bytes (2368 hex digits), got 10". */
int qvpqc_hex_exact(const char *argname, const char *hex, uint8_t *out, size_t len);
/* Hex argument of any length (malloc'ed, caller frees; never NULL on success
 * even for length 0). */
int qvpqc_hex_alloc(const char *argname, const char *hex, uint8_t **out, size_t *len);
/* Output: hex of p[0..n), then `after` (" " between values, "\n" at the end). */
void qvpqc_put_hex(const uint8_t *p, size_t n, const char *after);

/* Option parsing: removes "--name VALUE" (or "--name=VALUE") from argv and
 * returns VALUE, NULL if absent. qvpqc_opt_missing is set if --name has no value. */
const char *qvpqc_take_opt(int *argc, char **argv, const char *name);
/* Removes a boolean "--name" from argv; true if it was there. */
bool qvpqc_take_flag(int *argc, char **argv, const char *name);
extern bool qvpqc_opt_missing;

/* Algorithm lookup with an error message naming the known algorithms. */
const struct pqc_kem_alg *qvpqc_kem(const char *name);
const struct pqc_sig_alg *qvpqc_sig(const char *name);
/* Zero-initialised scratch of n bytes (n may be 0); aborts on OOM. */
void *qvpqc_zalloc(size_t n);

/* Whole-file I/O for the file-based commands. */
int qvpqc_read_file(const char *path, uint8_t **data, size_t *len);
int qvpqc_write_file(const char *path, const uint8_t *data, size_t len);

#endif
