/* Console sinks: where printk output goes (COM1 today; more later). */
#ifndef QV_CORE_CONSOLE_H
#define QV_CORE_CONSOLE_H
#include "lib/types.h"
typedef void (*console_write_fn)(const char *s, size_t n);
void console_register(console_write_fn fn);
void console_write(const char *s, size_t n);
/* Console loglevel: messages with level <= this are printed (cmdline loglevel=). */
void console_set_loglevel(int level);
int console_get_loglevel(void);
/* Replay the log ring on the console (used by panic). */
void log_dump_ring(void);
/* Called once by panic: from now on printk never waits for the log lock. */
void log_enter_panic(void);
#endif
