/* Line-buffered guest console; see vm_console.h. */
#include "core/vm/vm_console.h"
#include "core/mm/heap.h"
#include "core/vm/vm.h"
#include "lib/printk.h"

#define LINE_MAX 200

struct vm_console {
    char line[LINE_MAX];
    unsigned len;
};

static struct vm_console *console_of(struct vm *vm)
{
    if (!vm->console)
        vm->console = kzalloc(sizeof(struct vm_console));
    return vm->console;
}

void vm_console_flush(struct vm *vm)
{
    struct vm_console *c = vm->console;
    if (!c || !c->len)
        return;
    printk(LOG_NOTICE, "%s| %.*s", vm->name, (int)c->len, c->line);
    c->len = 0;
}

void vm_console_write(struct vm *vm, const char *s, size_t n)
{
    struct vm_console *c = console_of(vm);
    if (!c)
        return;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch == '\n') {
            if (c->len == 0)
                c->line[c->len++] = ' '; /* keep empty lines visible */
            vm_console_flush(vm);
            continue;
        }
        if (ch == '\r')
            continue;
        /* Control characters from a guest never reach the real terminal. */
        c->line[c->len++] = (ch >= 0x20 && ch < 0x7f) || ch == '\t' ? ch : '.';
        if (c->len == LINE_MAX)
            vm_console_flush(vm);
    }
}
