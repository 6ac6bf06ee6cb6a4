# QuantaVirt UEFI boot stub (boot/uefi/, docs/boot-uefi.md): a PE32+ EFI
# application built with Debian's gnu-efi (headers, crt0, self-relocation
# only), plus the signing key and a bootable FAT image. Nothing here is part
# of the default goal: `make efi` / `make efi-image` build it on request.
EFI_INC    ?= /usr/include/efi
EFI_LIB    ?= /usr/lib
EFI_BUILD  := $(BUILD)/uefi
# The ML-DSA-65 boot key pair: generated on first use, never committed.
BOOT_KEY_DIR ?= $(BUILD)/keys
BOOT_PK    ?= $(BOOT_KEY_DIR)/boot-mldsa65.pk
BOOT_SK    ?= $(BOOT_KEY_DIR)/boot-mldsa65.sk
EFI_IMG    ?= $(BUILD)/efi.img
EFI_CMDLINE ?= test=boot

EFI_CFLAGS := -std=c11 -ffreestanding -fno-builtin -fno-stack-protector -fpic -fshort-wchar \
              -mno-red-zone -mgeneral-regs-only -maccumulate-outgoing-args -O2 -g \
              -fno-strict-aliasing -Wall -Wextra -Werror -Wno-unused-parameter \
              -DGNU_EFI_USE_MS_ABI -DQV_EFI_STUB \
              -I$(EFI_INC) -I$(EFI_INC)/x86_64 -Ihypervisor

# ML-DSA and SHA-3 sources by wildcard: this fragment is read before
# mk/mldsa.mk and mk/pqc.mk, and rule prerequisites expand immediately.
EFI_PQC_C := $(filter-out %/mldsa_desc.c,$(wildcard hypervisor/pqc/mldsa/*.c)) \
             hypervisor/pqc/hash/sha2.c hypervisor/pqc/hash/sha3.c
EFI_C := boot/uefi/efi_main.c boot/common/mb2_build_uefi.c boot/common/elf_load_uefi.c \
         boot/common/bootcfg_uefi.c boot/common/measure_uefi.c \
         hypervisor/lib/string.c hypervisor/lib/printf.c \
         $(EFI_PQC_C)
EFI_ASM := boot/uefi/trampoline.asm boot/uefi/pubkey.asm
EFI_OBJS := $(patsubst %.c,$(EFI_BUILD)/%.o,$(EFI_C)) $(patsubst %.asm,$(EFI_BUILD)/%.o,$(EFI_ASM))

$(EFI_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(KCC) $(EFI_CFLAGS) -MMD -MP -c $< -o $@

$(EFI_BUILD)/boot/uefi/trampoline.o: boot/uefi/trampoline.asm
	@mkdir -p $(dir $@)
	$(NASM) -f elf64 $< -o $@

$(EFI_BUILD)/boot/uefi/pubkey.o: boot/uefi/pubkey.asm $(BOOT_PK)
	@mkdir -p $(dir $@)
	$(NASM) -f elf64 -DQV_BOOT_PK='"$(BOOT_PK)"' $< -o $@

# Order-only on the tool: a rebuilt qv-pqc must not rotate an existing key.
$(BOOT_PK): | $(BUILD)/host/qv-pqc
	@mkdir -p $(dir $@)
	@rm -f $(BOOT_PK) $(BOOT_SK)
	$(BUILD)/host/qv-pqc keygen ML-DSA-65 --out-pk $(BOOT_PK) --out-sk $(BOOT_SK)
$(BOOT_SK): $(BOOT_PK)

$(EFI_BUILD)/bootx64.so: $(EFI_OBJS)
	ld -nostdlib -znocombreloc -shared -Bsymbolic -T $(EFI_LIB)/elf_x86_64_efi.lds \
	   -o $@ $(EFI_LIB)/crt0-efi-x86_64.o $(EFI_OBJS) -L$(EFI_LIB) -lgnuefi
	@! nm -u $@ | grep . || { echo "boot_uefi: undefined symbols" >&2; exit 1; }

$(BUILD)/BOOTX64.EFI: $(EFI_BUILD)/bootx64.so
	objcopy -j .text -j .sdata -j .data -j .rodata -j .dynamic -j .dynsym -j .rel \
	        -j .rela -j .rel.* -j .rela.* -j .reloc --target efi-app-x86_64 \
	        --subsystem=10 $< $@

$(EFI_IMG): $(BUILD)/BOOTX64.EFI $(BUILD)/quantavirt.elf $(BOOT_SK) $(BUILD)/host/qv-pqc boot/uefi/mkefiimg.sh
	boot/uefi/mkefiimg.sh $@ $(BUILD)/BOOTX64.EFI $(BUILD)/quantavirt.elf "$(EFI_CMDLINE)"

.PHONY: efi efi-image run-efi
efi: $(BUILD)/BOOTX64.EFI
efi-image: $(EFI_IMG)
run-efi: $(EFI_IMG)
	$(QEMU) -accel tcg -cpu $(CPU) -smp $(SMP) -m $(MEM) -nographic -no-reboot \
	    -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE.fd \
	    -drive file=$(EFI_IMG),format=raw -nic none \
	    -device isa-debug-exit,iobase=0xf4,iosize=0x04
-include $(EFI_OBJS:.o=.d)

# Host unit test of the stub's pure code (builder checked against the kernel's
# own Multiboot2 parser).
UNIT_TESTS += boot_uefi
UNIT_boot_uefi_SRCS := boot/common/test_uefi_common.c boot/common/mb2_build_uefi.c \
    boot/common/elf_load_uefi.c boot/common/bootcfg_uefi.c boot/common/measure_uefi.c \
    hypervisor/core/boot/multiboot2.c hypervisor/lib/printf.c hypervisor/lib/errors.c $(EFI_PQC_C)
UNIT_boot_uefi_CFLAGS := -Iboot/common
