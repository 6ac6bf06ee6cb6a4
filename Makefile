# QuantaVirt top-level build.
#
# Components describe themselves in mk/*.mk fragments by appending to:
#   KERNEL_C / KERNEL_ASM          sources linked into build/quantavirt.elf
#   UNIT_TESTS += name             with UNIT_name_SRCS   (host, ASan+UBSan)
#   FUZZ_TARGETS += name           with FUZZ_name_SRCS   (host, libFuzzer)
#   HOST_TOOLS += name             with TOOL_name_SRCS   (host programs)
# so adding a component never means editing this file.

BUILD   ?= build
SMP     ?= 2
MEM     ?= 1G
QEMU    ?= qemu-system-x86_64
CPU     ?= qemu64,+svm,+npt,+rdrand
FUZZ_SECONDS ?= 5

KCC     := gcc
NASM    := nasm
HOSTCC  := gcc
FUZZCC  := clang

# Freestanding hypervisor flags: no SSE/x87 outside explicitly saved FPU
# regions (-mgeneral-regs-only), no red zone (interrupts use the same stack).
KCFLAGS := -std=c11 -ffreestanding -fno-builtin -fno-stack-protector -fno-pic -fno-pie \
           -mno-red-zone -mgeneral-regs-only -mcmodel=small -m64 -O2 -g \
           -fno-omit-frame-pointer -fno-strict-aliasing -Wall -Wextra -Werror \
           -Ihypervisor -DQV_KERNEL
KLDFLAGS := -nostdlib -static -no-pie -z max-page-size=0x1000 -z noexecstack
NASMFLAGS := -f elf64 -g -F dwarf -Ihypervisor/arch/x86_64/entry/

HOSTCFLAGS := -std=c11 -g -O1 -Wall -Wextra -Werror -fno-omit-frame-pointer \
              -fsanitize=address,undefined -fno-sanitize-recover=all \
              -Ihypervisor -Itests/unit -DQV_HOST -D_DEFAULT_SOURCE
FUZZCFLAGS := -std=c11 -g -O1 -Wall -Wextra -Werror \
              -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
              -Ihypervisor -Itests/unit -DQV_HOST -DQV_FUZZ -D_DEFAULT_SOURCE
TOOLCFLAGS := -std=c11 -g -O2 -Wall -Wextra -Werror -Ihypervisor -DQV_HOST -D_DEFAULT_SOURCE

KERNEL_C   :=
KERNEL_ASM :=
UNIT_TESTS :=
FUZZ_TARGETS :=
HOST_TOOLS :=
# Support code every host unit test and fuzz target links (printk to stdio, ...).
HOST_SUPPORT := tests/unit/host_support.c

.PHONY: run-builtin run-guest all kernel iso deps run test unit fuzz fuzz-smoke integration tools clean ct-check bench-pqc
# The default goal comes before the fragments, whose explicit rules would
# otherwise become the default.
all: iso tools guests

include $(sort $(wildcard mk/*.mk))

deps:
	@tools/deps.sh

# ---------------------------------------------------------------- kernel
KOBJS := $(patsubst %.c,$(BUILD)/k/%.o,$(KERNEL_C)) $(patsubst %.asm,$(BUILD)/k/%.o,$(KERNEL_ASM))
LDSCRIPT := hypervisor/arch/x86_64/entry/kernel.ld

$(BUILD)/k/%.o: %.c
	@mkdir -p $(dir $@)
	$(KCC) $(KCFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/k/%.o: %.asm
	@mkdir -p $(dir $@)
	$(NASM) $(NASMFLAGS) -MD $(@:.o=.d) $< -o $@

# Two-pass link: the symbol table used by backtraces lives in a section placed
# after .text, so adding it does not move any code address.
$(BUILD)/k/ksyms0.o: tools/gen-ksyms.sh
	@mkdir -p $(dir $@)
	tools/gen-ksyms.sh /dev/null > $(BUILD)/k/ksyms0.c
	$(KCC) $(KCFLAGS) -c $(BUILD)/k/ksyms0.c -o $@

$(BUILD)/quantavirt.elf: $(KOBJS) $(BUILD)/k/ksyms0.o $(LDSCRIPT) tools/gen-ksyms.sh
	$(KCC) $(KCFLAGS) $(KLDFLAGS) -T $(LDSCRIPT) -o $@.pass1 $(KOBJS) $(BUILD)/k/ksyms0.o
	nm -n $@.pass1 | tools/gen-ksyms.sh - > $(BUILD)/k/ksyms.c
	$(KCC) $(KCFLAGS) -c $(BUILD)/k/ksyms.c -o $(BUILD)/k/ksyms.o
	$(KCC) $(KCFLAGS) $(KLDFLAGS) -T $(LDSCRIPT) -o $@ $(KOBJS) $(BUILD)/k/ksyms.o
	@tools/check-ksyms.sh $@.pass1 $@

kernel: $(BUILD)/quantavirt.elf

ISO_EXTRA ?=
$(BUILD)/quantavirt.iso: $(BUILD)/quantavirt.elf tools/mkiso.sh
	tools/mkiso.sh $@ $(BUILD)/quantavirt.elf

iso: $(BUILD)/quantavirt.iso

# ---------------------------------------------------------------- host programs
define unit_rule
$(BUILD)/host/unit/$(1): $$(UNIT_$(1)_SRCS) $(HOST_SUPPORT) tests/unit/qtest.c tests/unit/qtest.h
	@mkdir -p $$(dir $$@)
	$(HOSTCC) $(HOSTCFLAGS) $$(UNIT_$(1)_CFLAGS) -o $$@ $$(UNIT_$(1)_SRCS) $(HOST_SUPPORT) tests/unit/qtest.c $$(UNIT_$(1)_LIBS)
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_rule,$(t))))

define fuzz_rule
$(BUILD)/host/fuzz/$(1): $$(FUZZ_$(1)_SRCS) $(HOST_SUPPORT)
	@mkdir -p $$(dir $$@)
	$(FUZZCC) $(FUZZCFLAGS) $$(FUZZ_$(1)_CFLAGS) -o $$@ $$(FUZZ_$(1)_SRCS) $(HOST_SUPPORT)
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_rule,$(t))))

define tool_rule
$(BUILD)/host/$(1): $$(TOOL_$(1)_SRCS)
	@mkdir -p $$(dir $$@)
	$(HOSTCC) $(TOOLCFLAGS) $$(TOOL_$(1)_CFLAGS) -o $$@ $$(TOOL_$(1)_SRCS) $$(TOOL_$(1)_LIBS)
endef
$(foreach t,$(HOST_TOOLS),$(eval $(call tool_rule,$(t))))

UNIT_BINS := $(addprefix $(BUILD)/host/unit/,$(UNIT_TESTS))
FUZZ_BINS := $(addprefix $(BUILD)/host/fuzz/,$(FUZZ_TARGETS))
TOOL_BINS := $(addprefix $(BUILD)/host/,$(HOST_TOOLS))
tools: $(TOOL_BINS)

# ---------------------------------------------------------------- run / test
# make run: QuantaVirt with the default VM, Debian's stock kernel with a
# busybox shell on its serial console (fetched on first use, guests/linux/).
# make run-builtin: the tiny built-in real-mode guest instead.
RUN_ISO := $(BUILD)/quantavirt-linux.iso
$(RUN_ISO): $(BUILD)/quantavirt.elf tools/mkiso.sh linux-guest
	tools/mkiso.sh $@ $(BUILD)/quantavirt.elf "guest_mem=256M" \
	    --module $(LINUX_BZIMAGE) "linux-kernel console=ttyS0 pci=off quiet qv.test=shell" \
	    --module $(LINUX_INITRD) linux-initrd --module $(LINUX_DISK) linux-disk

QEMU_RUN = $(QEMU) -accel tcg -cpu $(CPU) -smp $(SMP) -m $(MEM) -nographic -no-reboot \
	    -nic none -device isa-debug-exit,iobase=0xf4,iosize=0x04 -boot d

run: deps
	@$(MAKE) --no-print-directory $(RUN_ISO)
	@echo "QuantaVirt: serial console below; the VM's lines are prefixed 'linux-a|'. Quit QEMU with Ctrl-A then X."
	$(QEMU_RUN) -cdrom $(RUN_ISO)

run-builtin: deps
	@$(MAKE) --no-print-directory iso
	@echo "QuantaVirt: serial console below. Quit QEMU with Ctrl-A then X."
	$(QEMU_RUN) -cdrom $(BUILD)/quantavirt.iso

# make run-guest KERNEL=path [ARGS="..."] [SMP=n] [MEM=128M] [MODULE=file]:
# run any Multiboot-1 ELF32 (or flat real-mode) kernel as a QuantaVirt guest
# and exit with its exit code. SMP and MEM here are the guest's.
GUEST_SMP = $(if $(filter command line environment,$(origin SMP)),$(SMP),1)
GUEST_MEM = $(if $(filter command line environment,$(origin MEM)),$(MEM),128M)
run-guest: deps
	@$(MAKE) --no-print-directory kernel
	@test -n "$(KERNEL)" || { echo "usage: make run-guest KERNEL=path [ARGS=...] [SMP=n] [MEM=size] [MODULE=file]"; exit 2; }
	@SMP=$(GUEST_SMP) MEM=$(GUEST_MEM) MODULE="$(MODULE)" tools/run-guest.sh "$(KERNEL)" "$(ARGS)"

unit: $(UNIT_BINS)
	@tests/run-unit.sh $(UNIT_BINS)

fuzz-smoke: $(FUZZ_BINS)
	@tests/run-fuzz.sh $(FUZZ_SECONDS) $(FUZZ_BINS)

# `make fuzz FUZZ_SECONDS=600` runs every libFuzzer target for that long.
fuzz: deps
	@$(MAKE) --no-print-directory $(FUZZ_BINS)
	@tests/run-fuzz.sh $(FUZZ_SECONDS) $(FUZZ_BINS)

integration: $(BUILD)/quantavirt.iso guests
	@tests/integration/run.sh

# make test: host unit tests, fuzz smoke, then emulator-based integration tests,
# ending in one "N passed, N failed" line.
test: deps
	@$(MAKE) --no-print-directory all $(UNIT_BINS) $(FUZZ_BINS)
	@tests/run-all.sh "$(UNIT_BINS)" "$(FUZZ_BINS)" 3

# Constant-time check of the PQC secret-handling code under valgrind (tests/ct/).
ct-check: deps
	@tests/ct/run.sh

# PQC cycle counts (bench/pqc/), not a test.
bench-pqc: deps
	@bench/pqc/run.sh

clean:
	rm -rf $(BUILD)

-include $(KOBJS:.o=.d)
