# In-tree test guests (guests/README.md): Multiboot 1 ELF32 kernels linked at
# 4 MiB with a small shared runtime (guests/lib/), plus flat real-mode binaries.
#   build/guests/<name>.elf   from guests/tests/<name>.c or .asm (+ runtime)
#   build/guests/<name>.bin   from guests/tests/<name>.asm listed in GUEST_BINS
# `make guests` builds them all.

GUEST_CC := gcc
GUEST_NASM := nasm
GUEST_DIR := $(BUILD)/guests
# 32-bit freestanding code; general registers only, since the guests never
# enable SSE or x87 state.
GUEST_CFLAGS := -m32 -march=i686 -std=c11 -ffreestanding -fno-builtin -fno-pic -fno-pie \
                -fno-stack-protector -fno-asynchronous-unwind-tables -fcf-protection=none \
                -mgeneral-regs-only -O2 -g -Wall -Wextra -Werror -Iguests/lib
GUEST_LDFLAGS := -m32 -nostdlib -static -no-pie -Wl,--build-id=none \
                 -Wl,-z,max-page-size=0x1000 -Wl,-z,noexecstack -T guests/lib/guest.ld

GUEST_LIB_SRCS := guests/lib/entry.asm guests/lib/exc_entry.asm guests/lib/rt.c \
                  guests/lib/console.c guests/lib/test.c guests/lib/exc.c
GUEST_LIB_OBJS := $(patsubst %,$(GUEST_DIR)/obj/%.o,$(basename $(GUEST_LIB_SRCS)))

GUEST_ELFS := $(patsubst %,$(GUEST_DIR)/%.elf, \
              cpuid io msr hypercall longmode unmapped triplefault exitcost mmio \
              platform)
GUEST_BINS := $(patsubst %,$(GUEST_DIR)/%.bin,realmode)

$(GUEST_DIR)/obj/guests/%.o: guests/%.c
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(GUEST_CFLAGS) -MMD -MP -c $< -o $@

$(GUEST_DIR)/obj/guests/%.o: guests/%.asm
	@mkdir -p $(dir $@)
	$(GUEST_NASM) -f elf32 -g -F dwarf -MD $(@:.o=.d) $< -o $@

$(GUEST_ELFS): $(GUEST_DIR)/%.elf: $(GUEST_DIR)/obj/guests/tests/%.o $(GUEST_LIB_OBJS) \
               guests/lib/guest.ld
	$(GUEST_CC) $(GUEST_LDFLAGS) -o $@ $< $(GUEST_LIB_OBJS)

$(GUEST_BINS): $(GUEST_DIR)/%.bin: guests/tests/%.asm
	@mkdir -p $(dir $@)
	$(GUEST_NASM) -f bin -MD $(@:.bin=.d) $< -o $@

.PHONY: guests
guests: $(GUEST_ELFS) $(GUEST_BINS)

-include $(wildcard $(GUEST_DIR)/obj/guests/*/*.d $(GUEST_DIR)/*.d)
