# VM core, exit handling, SVM engine, scheduler, built-in guests.
KERNEL_C += hypervisor/core/vm/vm.c hypervisor/core/vm/vm_memory.c hypervisor/core/vm/vcpu.c \
            hypervisor/core/vm/iobus.c hypervisor/core/vm/vm_console.c \
            hypervisor/core/vm/vm_boot.c hypervisor/core/vm/guest_boot.c hypervisor/core/vm/platform_pc.c hypervisor/core/vm/linux_boot.c hypervisor/core/test/vm_scenarios.c \
            hypervisor/core/exit/exit_table.c hypervisor/core/exit/common.c \
            hypervisor/core/exit/cpuid.c hypervisor/core/exit/cpuid_exit.c \
            hypervisor/core/exit/io.c hypervisor/core/exit/msr.c hypervisor/core/exit/misc.c \
            hypervisor/core/exit/hypercall.c hypervisor/core/exit/insn_fetch.c hypervisor/core/exit/emulate.c \
            hypervisor/core/mm/kframes.c hypervisor/core/sched/sched_rr.c hypervisor/arch/x86_64/cpu/fpu.c \
            hypervisor/devices/debug_exit.c hypervisor/core/vm/std_devices.c hypervisor/core/vm/vclock_host.c \
            hypervisor/arch/x86_64/svm/svm_cpu.c hypervisor/arch/x86_64/svm/svm_vcpu.c \
            hypervisor/arch/x86_64/svm/svm_exit.c
KERNEL_ASM += hypervisor/arch/x86_64/svm/svm_run.asm hypervisor/core/vm/builtin_guests.asm

BUILTIN_GUESTS := $(patsubst guests/builtin/%.asm,$(BUILD)/guests/builtin/%.bin,$(wildcard guests/builtin/*.asm))
$(BUILD)/guests/builtin/%.bin: guests/builtin/%.asm
	@mkdir -p $(dir $@)
	$(NASM) -f bin $< -o $@
$(BUILD)/k/hypervisor/core/vm/builtin_guests.o: $(BUILTIN_GUESTS)

UNIT_TESTS += vmcore
UNIT_vmcore_SRCS := tests/unit/test_vmcore.c hypervisor/core/vm/iobus.c hypervisor/core/exit/cpuid.c
