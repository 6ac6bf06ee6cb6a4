; Multiboot2 header (Multiboot2 spec 1.0 §3.1). GRUB loads our ELF64 segments
; at their physical addresses and enters boot32 in 32-bit protected mode with
; EAX = 0x36d76289 and EBX = physical address of the boot information.
section .multiboot2
align 8
mb2_header_start:
    dd 0xe85250d6                   ; magic
    dd 0                            ; architecture: i386 protected mode
    dd mb2_header_end - mb2_header_start
    dd -(0xe85250d6 + 0 + (mb2_header_end - mb2_header_start))
    ; information request tag (type 1): ask for what the kernel parses.
align 8
    dw 1, 0
    dd 4 * 8 + 8
    dd 1, 3, 6, 14, 15, 12, 17, 21  ; cmdline, modules, mmap, RSDP v1/v2, EFI64 ST, EFI mmap, load base
    ; module alignment tag (type 6): modules start on page boundaries.
align 8
    dw 6, 0
    dd 8
    ; end tag
align 8
    dw 0, 0
    dd 8
mb2_header_end:
