/* qv-pqc main: command table, dispatch, batch mode, list, hex helpers.
 * See qvpqc.h for the command contract. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qvpqc.h"

#define MAX_COMMANDS 256
#define MAX_ARGS 64

struct command {
    const char *name, *usage;
    qvpqc_fn fn;
};
static struct command commands[MAX_COMMANDS];
static size_t ncommands;
static const struct command *current;
bool qvpqc_opt_missing;

void qvpqc_register(const char *name, const char *usage, qvpqc_fn fn)
{
    if (ncommands == MAX_COMMANDS) {
        fprintf(stderr, "qv-pqc: too many commands (raise MAX_COMMANDS)\n");
        exit(2);
    }
    for (size_t i = 0; i < ncommands; i++) {
        if (!strcmp(commands[i].name, name)) {
            fprintf(stderr, "qv-pqc: command %s registered twice\n", name);
            exit(2);
        }
    }
    commands[ncommands++] = (struct command){ name, usage, fn };
}

int qvpqc_err(int err, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "qv-pqc %s: ", current ? current->name : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return err;
}

int qvpqc_usage(void)
{
    if (current)
        fprintf(stderr, "usage: qv-pqc %s %s\n", current->name, current->usage);
    return QV_ERR_INVAL;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static bool is_empty_hex(const char *hex)
{
    return !hex[0] || !strcmp(hex, "-");
}

static int unhex(const char *argname, const char *hex, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return qvpqc_err(PQC_ERR_BAD_ENCODING, "argument %s: not hex at position %zu",
                             argname, hi < 0 ? 2 * i : 2 * i + 1);
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return 0;
}

int qvpqc_hex_exact(const char *argname, const char *hex, uint8_t *out, size_t len)
{
    size_t digits = is_empty_hex(hex) ? 0 : strlen(hex);
    if (digits != 2 * len)
        return qvpqc_err(PQC_ERR_BAD_LENGTH,
                         "argument %s: expected %zu bytes (%zu hex digits), got %zu hex digits",
                         argname, len, 2 * len, digits);
    return unhex(argname, hex, out, len);
}

int qvpqc_hex_alloc(const char *argname, const char *hex, uint8_t **out, size_t *len)
{
    size_t digits = is_empty_hex(hex) ? 0 : strlen(hex);
    *out = NULL;
    *len = 0;
    if (digits % 2)
        return qvpqc_err(PQC_ERR_BAD_LENGTH, "argument %s: odd number of hex digits (%zu)",
                         argname, digits);
    uint8_t *p = qvpqc_zalloc(digits / 2);
    int rc = unhex(argname, hex, p, digits / 2);
    if (rc) {
        free(p);
        return rc;
    }
    *out = p;
    *len = digits / 2;
    return 0;
}

void qvpqc_put_hex(const uint8_t *p, size_t n, const char *after)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        putchar(digits[p[i] >> 4]);
        putchar(digits[p[i] & 15]);
    }
    fputs(after, stdout);
}

const char *qvpqc_take_opt(int *argc, char **argv, const char *name)
{
    size_t nl = strlen(name);
    for (int i = 1; i < *argc; i++) {
        const char *a = argv[i], *val = NULL;
        int take;
        if (strncmp(a, "--", 2) || strncmp(a + 2, name, nl))
            continue;
        if (a[2 + nl] == '=') {
            val = a + 3 + nl;
            take = 1;
        } else if (a[2 + nl] == 0) {
            if (i + 1 >= *argc) {
                qvpqc_opt_missing = true;
                qvpqc_err(QV_ERR_INVAL, "option --%s needs a value", name);
                return NULL;
            }
            val = argv[i + 1];
            take = 2;
        } else {
            continue;
        }
        memmove(&argv[i], &argv[i + take], (size_t)(*argc - i - take + 1) * sizeof(char *));
        *argc -= take;
        return val;
    }
    return NULL;
}

bool qvpqc_take_flag(int *argc, char **argv, const char *name)
{
    for (int i = 1; i < *argc; i++) {
        if (!strncmp(argv[i], "--", 2) && !strcmp(argv[i] + 2, name)) {
            memmove(&argv[i], &argv[i + 1], (size_t)(*argc - i) * sizeof(char *));
            (*argc)--;
            return true;
        }
    }
    return false;
}

const struct pqc_kem_alg *qvpqc_kem(const char *name)
{
    const struct pqc_kem_alg *a = pqc_sw_find_kem(name);
    if (!a) {
        fprintf(stderr, "qv-pqc: unknown KEM '%s'; known:", name);
        for (size_t i = 0; i < pqc_kem_count(); i++)
            fprintf(stderr, " %s", pqc_kem_at(i)->name);
        fputc('\n', stderr);
    }
    return a;
}

const struct pqc_sig_alg *qvpqc_sig(const char *name)
{
    const struct pqc_sig_alg *a = pqc_sw_find_sig(name);
    if (!a) {
        fprintf(stderr, "qv-pqc: unknown signature algorithm '%s'; known:", name);
        for (size_t i = 0; i < pqc_sig_count(); i++)
            fprintf(stderr, " %s", pqc_sig_at(i)->name);
        fputc('\n', stderr);
    }
    return a;
}

void *qvpqc_zalloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (!p) {
        fprintf(stderr, "qv-pqc: out of memory (%zu bytes)\n", n);
        exit(2);
    }
    return p;
}

int qvpqc_read_file(const char *path, uint8_t **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 4096, n = 0;
    uint8_t *buf;
    if (!f)
        return qvpqc_err(QV_ERR_IO, "%s: %s", path, strerror(errno));
    buf = qvpqc_zalloc(cap);
    for (;;) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        cap *= 2;
        uint8_t *nb = realloc(buf, cap);
        if (!nb) {
            free(buf);
            fclose(f);
            return qvpqc_err(QV_ERR_NOMEM, "%s: file too large", path);
        }
        buf = nb;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return qvpqc_err(QV_ERR_IO, "%s: read error", path);
    }
    *data = buf;
    *len = n;
    return 0;
}

int qvpqc_write_file(const char *path, const uint8_t *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return qvpqc_err(QV_ERR_IO, "%s: %s", path, strerror(errno));
    size_t put = fwrite(data, 1, len, f);
    if (fclose(f) != 0 || put != len)
        return qvpqc_err(QV_ERR_IO, "%s: write error", path);
    return 0;
}

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < ncommands; i++)
        if (!strcmp(commands[i].name, name))
            return &commands[i];
    return NULL;
}

/* Runs one command line; prints nothing itself on success. */
static int dispatch(int argc, char **argv)
{
    const struct command *c = find_command(argv[0]);
    if (!c) {
        fprintf(stderr, "qv-pqc: unknown command '%s' (try: qv-pqc help)\n", argv[0]);
        return QV_ERR_INVAL;
    }
    current = c;
    qvpqc_opt_missing = false;
    int rc = c->fn(argc, argv);
    current = NULL;
    return rc;
}

/* batch: one command per stdin line, exactly one stdout line per input line,
 * flushed, so a driver can pipeline thousands of cases through one process. */
static int cmd_batch(int argc, char **argv)
{
    char *line = NULL;
    size_t cap = 0;
    (void)argv;
    if (argc != 1)
        return qvpqc_usage();
    while (getline(&line, &cap, stdin) >= 0) {
        char *args[MAX_ARGS + 1], *save = NULL;
        int n = 0;
        for (char *tok = strtok_r(line, " \t\r\n", &save); tok; tok = strtok_r(NULL, " \t\r\n", &save)) {
            if (n == MAX_ARGS)
                break;
            args[n++] = tok;
        }
        args[n] = NULL;
        int rc;
        if (n == 0) {
            rc = QV_ERR_INVAL;
        } else if (n == MAX_ARGS || !strcmp(args[0], "batch")) {
            fprintf(stderr, "qv-pqc batch: rejected line (too many arguments or nested batch)\n");
            rc = QV_ERR_INVAL;
        } else {
            rc = dispatch(n, args);
        }
        if (rc)
            printf("error %s\n", qv_strerror_name(rc));
        fflush(stdout);
    }
    free(line);
    return 0;
}
QVPQC_COMMAND("batch", "  (reads one command per line from stdin, prints one line each)", cmd_batch)

static int cmd_list(int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return qvpqc_usage();
    /* Several lines: `list` is for people, not for batch drivers. */
    for (size_t i = 0; i < pqc_kem_count(); i++) {
        const struct pqc_kem_alg *a = pqc_kem_at(i);
        printf("kem %-24s ek=%zu dk=%zu ct=%zu ss=%zu seed=%zu+%zu work=%zu\n", a->name, a->ek_len,
               a->dk_len, a->ct_len, a->ss_len, a->keygen_seed_len, a->encaps_seed_len, a->work_len);
    }
    for (size_t i = 0; i < pqc_sig_count(); i++) {
        const struct pqc_sig_alg *a = pqc_sig_at(i);
        printf("sig %-24s pk=%zu sk=%zu sig=%zu seed=%zu rnd=%zu work=%zu\n", a->name, a->pk_len,
               a->sk_len, a->sig_len, a->keygen_seed_len, a->rnd_len, a->work_len);
    }
    return 0;
}
QVPQC_COMMAND("list", "  (prints the registered algorithms)", cmd_list)

static int cmp_cmd(const void *a, const void *b)
{
    return strcmp(((const struct command *)a)->name, ((const struct command *)b)->name);
}

static void help(FILE *f)
{
    fprintf(f, "usage: qv-pqc <command> [args]   (hex in, hex out; see docs/pqc.md)\n");
    for (size_t i = 0; i < ncommands; i++)
        fprintf(f, "  %s %s\n", commands[i].name, commands[i].usage);
}

int main(int argc, char **argv)
{
    qsort(commands, ncommands, sizeof(commands[0]), cmp_cmd);
    if (argc < 2 || !strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    int rc = dispatch(argc - 1, argv + 1);
    if (rc) {
        fprintf(stderr, "qv-pqc %s: %s (%s)\n", argv[1], qv_strerror(rc), qv_strerror_name(rc));
        return 1;
    }
    return 0;
}
