/* Keyboard input from the hypervisor console (COM1 receive), handed to the
 * VM that owns the console. The timer tick on the boot CPU polls the UART
 * into a small ring; the owning VM's device loop takes from it. */
#ifndef QV_CORE_CONSOLE_INPUT_H
#define QV_CORE_CONSOLE_INPUT_H
#include "lib/types.h"
void console_input_poll_hw(void);                  /* boot CPU, timer tick */
size_t console_input_take(char *buf, size_t cap);  /* any CPU */
#endif
