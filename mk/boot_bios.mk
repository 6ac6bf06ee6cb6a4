# Own BIOS boot path (boot/bios, boot/common, tools/mkdisk; docs/boot.md).
# Nothing here is part of the default goal except the host tool mkdisk:
#   make disk-image [DISK_CMDLINE="..."] [DISK_MODULES="FILE STRING ..."]
#     -> build/disk.img (stage1 + stage2 + signed hypervisor + modules)
#   make bios-loader -> build/bios/stage1.bin, build/bios/stage2.bin
# Keys: the ML-DSA-65 pair shared with the UEFI stub, build/keys/boot-mldsa65.{pk,sk},
# generated on first use by mk/boot_uefi.mk's rule (same ?= defaults here
# because this fragment is read first), never committed (build/ is ignored).
.PHONY: disk-image bios-loader boot-keys

BOOT_KEY_DIR ?= $(BUILD)/keys
BOOT_PK ?= $(BOOT_KEY_DIR)/boot-mldsa65.pk
BOOT_SK ?= $(BOOT_KEY_DIR)/boot-mldsa65.sk
boot-keys: $(BOOT_SK)

BOOT_COMMON_C := boot/common/mb2_build.c boot/common/elf64.c boot/common/measure_uefi.c
BIOS_S2_C := boot/bios/stage2_main.c $(BOOT_COMMON_C) \
             $(addprefix hypervisor/pqc/mldsa/,params.c ntt.c rounding.c sample.c encode.c \
                matrix.c verify.c api.c prehash.c keygen.c sign.c) \
             hypervisor/pqc/hash/sha3.c hypervisor/pqc/hash/sha2.c \
             hypervisor/lib/string.c hypervisor/lib/printf.c hypervisor/lib/errors.c
BIOS_S2_OBJS := $(patsubst %.c,$(BUILD)/bios/obj/%.o,$(BIOS_S2_C)) \
                $(BUILD)/bios/obj/stage2.o $(BUILD)/bios/obj/pubkey.o
BIOS_CFLAGS = $(KCFLAGS) -I. -ffunction-sections -fdata-sections -Os --param=min-pagesize=0

$(BUILD)/bios/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(KCC) $(BIOS_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/bios/obj/stage2.o: boot/bios/stage2.asm
	@mkdir -p $(dir $@)
	$(NASM) -f elf64 $< -o $@

$(BUILD)/bios/obj/pubkey.o: boot/bios/pubkey.asm $(BOOT_PK) mk/boot_bios.mk
	@mkdir -p $(dir $@)
	$(NASM) -f elf64 -DPUBKEY_FILE='"$(BOOT_PK)"' $< -o $@

$(BUILD)/bios/stage2.elf: $(BIOS_S2_OBJS) boot/bios/stage2.ld
	$(KCC) $(KCFLAGS) $(KLDFLAGS) -Wl,--gc-sections -Wl,--no-warn-rwx-segments -Wl,--build-id=none -T boot/bios/stage2.ld -o $@ $(BIOS_S2_OBJS)

$(BUILD)/bios/stage2.bin: $(BUILD)/bios/stage2.elf
	objcopy -O binary $< $@

$(BUILD)/bios/stage1.bin: boot/bios/stage1.asm
	@mkdir -p $(dir $@)
	$(NASM) -f bin $< -o $@

bios-loader: $(BUILD)/bios/stage1.bin $(BUILD)/bios/stage2.bin

HOST_TOOLS += mkdisk
TOOL_mkdisk_SRCS := tools/mkdisk/mkdisk.c boot/common/elf64.c
TOOL_mkdisk_CFLAGS := -I.

DISK_CMDLINE ?=
DISK_MODULES ?=
$(BUILD)/disk.img: $(BUILD)/quantavirt.elf $(BUILD)/bios/stage1.bin $(BUILD)/bios/stage2.bin \
                   $(BUILD)/host/mkdisk $(BOOT_SK) tools/mkdisk/mkdisk.sh FORCE_DISK
	BUILD=$(BUILD) BOOT_SK=$(BOOT_SK) tools/mkdisk/mkdisk.sh $@ $(BUILD)/quantavirt.elf "$(DISK_CMDLINE)" $(DISK_MODULES)
.PHONY: FORCE_DISK
FORCE_DISK:

disk-image: $(BUILD)/disk.img

-include $(BIOS_S2_OBJS:.o=.d)

# Host unit test of the shared loader code against the hypervisor's own parser.
UNIT_TESTS += boot_common
UNIT_boot_common_SRCS := boot/common/test_boot_common.c boot/common/mb2_build.c \
    boot/common/elf64.c hypervisor/core/boot/multiboot2.c hypervisor/lib/printf.c \
    hypervisor/lib/errors.c
UNIT_boot_common_CFLAGS := -I.
