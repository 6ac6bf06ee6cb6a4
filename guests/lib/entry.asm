; Guest runtime entry: Multiboot 1 header, 32-bit start-up, GDT and stack.
; The loader enters in 32-bit protected mode with paging off, EAX = 0x2BADB002
; and EBX = the information structure (Multiboot 0.6.96 §3.2); the OS must load
; its own GDT before reloading any segment register (§3.2 "GDTR may be invalid").

MB_MAGIC    equ 0x1BADB002
MB_FLAGS    equ 0x00000003          ; bit 0 page-aligned modules, bit 1 memory info
STACK_SIZE  equ 16384

SEL_CODE32  equ 0x08
SEL_DATA    equ 0x10

bits 32
section .multiboot progbits alloc noexec nowrite align=4
    dd MB_MAGIC
    dd MB_FLAGS
    dd -(MB_MAGIC + MB_FLAGS)

section .text
global _start
extern guest_start

_start:
    cli
    cld
    lgdt [gdt_desc]
    jmp SEL_CODE32:.reload
.reload:
    mov ecx, SEL_DATA               ; EAX/EBX still hold the loader's values
    mov ds, ecx
    mov es, ecx
    mov fs, ecx
    mov gs, ecx
    mov ss, ecx
    mov esp, stack_top
    push ebx                        ; info
    push eax                        ; magic
    call guest_start                ; never returns
.hang:
    hlt
    jmp .hang

section .data
align 8
global gdt
; Flat descriptors (SDM vol. 3A §3.4.5): base 0, limit 4 GiB, G=1.
gdt:
    dq 0
    dq 0x00CF9A000000FFFF           ; 0x08 32-bit code, D=1
    dq 0x00CF92000000FFFF           ; 0x10 data
    dq 0x00AF9A000000FFFF           ; 0x18 64-bit code, L=1 D=0 (long-mode guest)
gdt_end:
gdt_desc:
    dw gdt_end - gdt - 1
    dd gdt

section .bss
align 16
stack:
    resb STACK_SIZE
global stack_top
stack_top:
