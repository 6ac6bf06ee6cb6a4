/* printk: "[seconds.micros] CPUn: message" lines into the log ring and, by level,
 * onto the console. One lock keeps lines from different CPUs whole. */
#include "core/log/console.h"
#include "core/log/logring.h"
#include "core/time/clock.h"
#include "lib/printf.h"
#include "lib/printk.h"
#include "lib/spinlock.h"

#define MAX_SINKS 4
static console_write_fn sinks[MAX_SINKS];
static unsigned nsinks;
static int console_level = LOG_INFO;
static struct logring ring;
static spinlock_t log_lock = SPINLOCK_INIT;
static volatile bool panicking;

void console_register(console_write_fn fn)
{
    if (nsinks < MAX_SINKS)
        sinks[nsinks++] = fn;
}

void console_write(const char *s, size_t n)
{
    for (unsigned i = 0; i < nsinks; i++)
        sinks[i](s, n);
}

void console_set_loglevel(int level) { console_level = level; }
int console_get_loglevel(void) { return console_level; }
void log_enter_panic(void) { panicking = true; }

static const char level_tag[8] = { '0', '1', '2', 'E', 'W', 'N', 'I', 'D' };

void vprintk(int level, const char *fmt, va_list ap)
{
    char line[512];
    uint64_t ns = clock_boot_ns();
    int n = qv_snprintf(line, sizeof line, "[%5llu.%06llu] %c%u: ", (unsigned long long)(ns / 1000000000ull),
                        (unsigned long long)(ns / 1000 % 1000000), level_tag[level & 7], clock_cpu_index());
    int m = qv_vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    size_t len = (size_t)n + (size_t)m;
    if (len > sizeof line - 2)
        len = sizeof line - 2;
    if (len == 0 || line[len - 1] != '\n')
        line[len++] = '\n';

    uint64_t flags = 0;
    bool locked = false;
    if (!panicking) {
        flags = spin_lock_irqsave(&log_lock);
        locked = true;
    }
    logring_write(&ring, line, len);
    if (level <= console_level)
        console_write(line, len);
    if (locked)
        spin_unlock_irqrestore(&log_lock, flags);
}

void printk(int level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintk(level, fmt, ap);
    va_end(ap);
}

static void replay_out(const char *s, size_t n, void *ctx)
{
    (void)ctx;
    console_write(s, n);
}

void log_dump_ring(void)
{
    static const char hdr[] = "---- log ring (oldest first) ----\n";
    static const char ftr[] = "---- end of log ring ----\n";
    console_write(hdr, sizeof hdr - 1);
    logring_replay(&ring, replay_out, NULL);
    console_write(ftr, sizeof ftr - 1);
}
