/* Kernel command-line parser: defaults, every parameter, quoting, image-path
 * skipping, unknown collection, and validate-then-commit on errors. */
#include <stdio.h>
#include <string.h>
#include "qtest.h"
#include "core/boot/cmdline.h"
#include "lib/errors.h"

static struct qv_cmdline c;
static char err[128];

static int parse(const char *s)
{
    return cmdline_parse(s, &c, err, sizeof err);
}

/* Expect failure `code` with a message containing `needle`, and *out untouched. */
static void expect_err(const char *s, int code, const char *needle)
{
    struct qv_cmdline before;
    memset(&c, 0x5a, sizeof c);
    before = c;
    int rc = parse(s);
    QCHECK_EQ(rc, code);
    if (!strstr(err, needle))
        printf("  '%s': error '%s' lacks '%s'\n", s, err, needle);
    QCHECK(strstr(err, needle) != NULL);
    QCHECK_MEM(&c, &before, sizeof c);
}

QTEST(cmdline_defaults_empty)
{
    QCHECK_EQ(parse(""), QV_OK);
    QCHECK_EQ(c.loglevel, 6);
    QCHECK_EQ(c.sched, QV_SCHED_CREDIT2);
    QCHECK_EQ(c.maxcpus, 256);
    QCHECK(!c.nosmp);
    QCHECK_EQ(c.test[0], 0);
    QCHECK_EQ(c.unknown_count, 0);
    QCHECK(!c.image_skipped);
    QCHECK_EQ(parse(NULL), QV_OK);
    QCHECK_EQ(parse("  \t \n "), QV_OK);
    QCHECK_EQ(c.loglevel, 6);
}

QTEST(cmdline_all_params)
{
    QCHECK_EQ(parse("loglevel=7 sched=rtds test=smoke_01-a maxcpus=4"), QV_OK);
    QCHECK_EQ(c.loglevel, 7);
    QCHECK_EQ(c.sched, QV_SCHED_RTDS);
    QCHECK(strcmp(c.test, "smoke_01-a") == 0);
    QCHECK_EQ(c.maxcpus, 4);
    QCHECK_EQ(parse("loglevel=0 sched=credit"), QV_OK);
    QCHECK_EQ(c.loglevel, 0);
    QCHECK_EQ(c.sched, QV_SCHED_CREDIT);
    QCHECK_EQ(parse("sched=credit2 maxcpus=256 maxcpus=1"), QV_OK);
    QCHECK_EQ(c.sched, QV_SCHED_CREDIT2);
    QCHECK_EQ(c.maxcpus, 1); /* later duplicate wins */
    QCHECK(strcmp(cmdline_sched_name(QV_SCHED_RTDS), "rtds") == 0);
    QCHECK(strcmp(cmdline_sched_name(QV_SCHED_CREDIT), "credit") == 0);
}

QTEST(cmdline_nosmp)
{
    QCHECK_EQ(parse("nosmp"), QV_OK);
    QCHECK(c.nosmp);
    QCHECK_EQ(c.maxcpus, 1);
    QCHECK_EQ(parse("nosmp maxcpus=8"), QV_OK);
    QCHECK_EQ(c.maxcpus, 1);
    QCHECK_EQ(parse("maxcpus=8 nosmp"), QV_OK);
    QCHECK_EQ(c.maxcpus, 1);
    expect_err("nosmp=1", QV_ERR_INVAL, "nosmp=1: takes no value");
}

QTEST(cmdline_image_path)
{
    QCHECK_EQ(parse("/boot/quantavirt.elf loglevel=3"), QV_OK);
    QCHECK(c.image_skipped);
    QCHECK_EQ(c.loglevel, 3);
    QCHECK_EQ(c.unknown_count, 0);
    /* Only the first token is an image path; a later one is an unknown key. */
    QCHECK_EQ(parse("loglevel=3 /boot/x"), QV_OK);
    QCHECK(!c.image_skipped);
    QCHECK_EQ(c.unknown_count, 1);
    QCHECK(strcmp(c.unknown[0], "/boot/x") == 0);
    /* A first token with '/' and '=' is a parameter. */
    QCHECK_EQ(parse("root=/dev/sda"), QV_OK);
    QCHECK(!c.image_skipped);
    QCHECK_EQ(c.unknown_count, 1);
    QCHECK(strcmp(c.unknown[0], "root") == 0);
    QCHECK_EQ(parse("   quantavirt.elf"), QV_OK);
    QCHECK(!c.image_skipped);
    QCHECK_EQ(c.unknown_count, 1);
}

QTEST(cmdline_quotes)
{
    QCHECK_EQ(parse("test=\"smoke\" label=\"a b  c\" loglevel=\"5\""), QV_OK);
    QCHECK(strcmp(c.test, "smoke") == 0);
    QCHECK_EQ(c.loglevel, 5);
    QCHECK_EQ(c.unknown_count, 1);
    QCHECK(strcmp(c.unknown[0], "label") == 0);
    QCHECK_EQ(parse("test=\"\""), QV_OK);
    QCHECK_EQ(c.test[0], 0);
    expect_err("label=\"abc", QV_ERR_CORRUPT, "missing closing quote");
    expect_err("label=\"abc\"x", QV_ERR_CORRUPT, "text after closing quote");
    expect_err("label=ab\"c\"", QV_ERR_CORRUPT, "quote inside unquoted value");
    expect_err("la\"bel=x", QV_ERR_CORRUPT, "quote in parameter name");
    expect_err("loglevel=\"5 6\"", QV_ERR_INVAL, "loglevel=5 6: not a decimal");
}

QTEST(cmdline_bad_values)
{
    expect_err("loglevel=8", QV_ERR_RANGE, "loglevel=8: out of range 0..7");
    expect_err("loglevel=99999999999999999999", QV_ERR_RANGE, "out of range");
    expect_err("loglevel=-1", QV_ERR_INVAL, "loglevel=-1: not a decimal number");
    expect_err("loglevel=", QV_ERR_INVAL, "empty value");
    expect_err("loglevel", QV_ERR_INVAL, "loglevel: needs a value");
    expect_err("loglevel=0x5", QV_ERR_INVAL, "not a decimal");
    expect_err("maxcpus=0", QV_ERR_RANGE, "maxcpus=0: out of range 1..256");
    expect_err("maxcpus=257", QV_ERR_RANGE, "maxcpus=257");
    expect_err("sched=cfs", QV_ERR_INVAL, "sched=cfs: expected credit, credit2 or rtds");
    expect_err("sched=", QV_ERR_INVAL, "sched=: expected");
    expect_err("sched=Credit2", QV_ERR_INVAL, "sched=Credit2");
    expect_err("test=Smoke", QV_ERR_INVAL, "test=Smoke: scenario name allows only");
    expect_err("test=a.b", QV_ERR_INVAL, "test=a.b");
    expect_err("test=abcdefghijklmnopqrstuvwxyz012345", QV_ERR_RANGE, "longer than 31");
    expect_err("=5", QV_ERR_CORRUPT, "empty parameter name");
    QCHECK_EQ(parse("test=abcdefghijklmnopqrstuvwxyz01234"), QV_OK);
    QCHECK_EQ(strlen(c.test), 31);
    QCHECK_EQ(parse("maxcpus=256 loglevel=007"), QV_OK);
    QCHECK_EQ(c.maxcpus, 256);
    QCHECK_EQ(c.loglevel, 7);
}

/* An error late in the line must not apply the valid parameters before it. */
QTEST(cmdline_validate_then_commit)
{
    QCHECK_EQ(parse("loglevel=2"), QV_OK);
    struct qv_cmdline good = c;
    int rc = cmdline_parse("loglevel=7 sched=rtds maxcpus=999", &c, err, sizeof err);
    QCHECK_EQ(rc, QV_ERR_RANGE);
    QCHECK_MEM(&c, &good, sizeof c);
    QCHECK_EQ(c.loglevel, 2);
    /* No error buffer at all is allowed. */
    QCHECK_EQ(cmdline_parse("loglevel=9", &c, NULL, 0), QV_ERR_RANGE);
    QCHECK_MEM(&c, &good, sizeof c);
}

QTEST(cmdline_unknown_collected)
{
    QCHECK_EQ(parse("a b=1 c d e f g h i j=\"x y\" loglevel=1 "
                    "a_very_long_parameter_name_that_exceeds_the_array"),
              QV_OK);
    QCHECK_EQ(c.unknown_count, 11);
    QCHECK(strcmp(c.unknown[0], "a") == 0);
    QCHECK(strcmp(c.unknown[1], "b") == 0);
    QCHECK(strcmp(c.unknown[7], "h") == 0);
    QCHECK_EQ(c.loglevel, 1);
    QCHECK_EQ(parse("quiet a_very_long_parameter_name_that_exceeds_the_array=1"), QV_OK);
    QCHECK_EQ(c.unknown_count, 2);
    QCHECK_EQ(strlen(c.unknown[1]), CMDLINE_UNKNOWN_NAME_MAX - 1);
    QCHECK(strncmp(c.unknown[1], "a_very_long_parameter_name", 26) == 0);
}

QTEST(cmdline_too_long)
{
    static char s[CMDLINE_MAX_LEN + 2];
    memset(s, ' ', sizeof s);
    s[CMDLINE_MAX_LEN] = 0;
    QCHECK_EQ(parse(s), QV_OK);
    s[CMDLINE_MAX_LEN] = 'x';
    s[CMDLINE_MAX_LEN + 1] = 0;
    expect_err(s, QV_ERR_RANGE, "longer than 4096");
}

QTEST(cmdline_error_truncated_to_buffer)
{
    char small[8];
    QCHECK_EQ(cmdline_parse("sched=nonsense", &c, small, sizeof small), QV_ERR_INVAL);
    QCHECK_EQ(strlen(small), 7);
    QCHECK(strncmp(small, "sched=n", 7) == 0);
}

QTEST(cmdline_guest_params)
{
    struct qv_cmdline c;
    char err[128];
    QCHECK_EQ(cmdline_parse("guest_mem=256M guest_smp=2", &c, err, sizeof err), QV_OK);
    QCHECK_EQ(c.guest_mem, 256ull << 20);
    QCHECK_EQ(c.guest_smp, 2);
    QCHECK_EQ(cmdline_parse("", &c, err, sizeof err), QV_OK);
    QCHECK_EQ(c.guest_mem, CMDLINE_GUEST_MEM_DEFAULT);
    QCHECK_EQ(c.guest_smp, 1);
    QCHECK_EQ(cmdline_parse("guest_mem=1G", &c, err, sizeof err), QV_OK);
    QCHECK_EQ(c.guest_mem, 1ull << 30);
    QCHECK_EQ(cmdline_parse("guest_mem=6001k", &c, err, sizeof err), QV_ERR_INVAL); /* not 4K-aligned */
    QCHECK_EQ(cmdline_parse("guest_mem=12X", &c, err, sizeof err), QV_ERR_INVAL);
    QCHECK(strstr(err, "guest_mem") != NULL);
    QCHECK_EQ(cmdline_parse("guest_mem=999G", &c, err, sizeof err), QV_ERR_RANGE);
    QCHECK_EQ(cmdline_parse("guest_mem=512K", &c, err, sizeof err), QV_ERR_RANGE);
    QCHECK_EQ(cmdline_parse("guest_mem=M", &c, err, sizeof err), QV_ERR_INVAL);
    QCHECK_EQ(cmdline_parse("guest_smp=0", &c, err, sizeof err), QV_ERR_RANGE);
    QCHECK_EQ(cmdline_parse("guest_smp=65", &c, err, sizeof err), QV_ERR_RANGE);
}
