; 32-bit Multiboot2 entry: checks for long mode, builds an identity map of the
; first 4 GiB with 2 MiB pages, enables PAE + EFER.LME + paging (Intel SDM vol. 3A
; §9.8.5 / AMD APM vol. 2 §14.6 "Enabling and activating long mode"), and jumps
; to 64-bit code, which calls kmain(magic, info).
%include "layout.inc"

bits 32
section .boot32 progbits alloc exec nowrite
global boot32_entry
extern kmain
extern boot_stack_top
extern __bss_start, __bss_end

boot32_entry:
    cli
    cld
    mov edi, eax                ; multiboot2 magic
    mov esi, ebx                ; multiboot2 info (physical)
    mov esp, boot_stack_top

    ; Zero .bss (GRUB loads it zeroed for ELF, but our own loaders may not).
    ; The boot stack lives in .bss too, so nothing may be on it yet.
    mov ebp, edi
    mov edi, __bss_start
    mov ecx, __bss_end
    sub ecx, edi
    xor eax, eax
    rep stosb
    mov edi, ebp

    ; GRUB and bochs hand over with CR0.CD/NW possibly set (platform.md): clear them.
    mov eax, cr0
    and eax, ~((1 << 30) | (1 << 29))
    mov cr0, eax

    ; Long mode available? CPUID 0x80000001 EDX bit 29 (LM).
    mov eax, 0x80000000
    cpuid
    cmp eax, 0x80000001
    jb .no_long_mode
    mov eax, 0x80000001
    cpuid
    test edx, 1 << 29
    jz .no_long_mode

    ; PML4[0] -> PDPT; PDPT[0..3] -> PD0..PD3; each PD maps 1 GiB with 2 MiB pages.
    mov eax, boot_pdpt
    or eax, 0x3                 ; present | writable
    mov [boot_pml4], eax
    mov ecx, 0
.fill_pdpt:
    mov eax, ecx
    shl eax, 12
    add eax, boot_pd
    or eax, 0x3
    mov [boot_pdpt + ecx * 8], eax
    inc ecx
    cmp ecx, 4
    jb .fill_pdpt

    mov ecx, 0                  ; 2048 entries x 2 MiB = 4 GiB
.fill_pd:
    mov eax, ecx
    shl eax, 21
    or eax, 0x83                ; present | writable | PS
    mov [boot_pd + ecx * 8], eax
    mov eax, ecx
    shr eax, 11                 ; high dword of the physical address (0 below 4 GiB)
    mov [boot_pd + ecx * 8 + 4], eax
    inc ecx
    cmp ecx, 2048
    jb .fill_pd

    mov eax, cr4
    or eax, (1 << 5)            ; PAE
    mov cr4, eax
    mov eax, boot_pml4
    mov cr3, eax
    mov ecx, 0xC0000080         ; EFER
    rdmsr
    or eax, (1 << 8) | (1 << 11) ; LME | NXE
    wrmsr
    mov eax, cr0
    or eax, (1 << 31) | (1 << 16) | 1 ; PG | WP | PE
    mov cr0, eax

    lgdt [boot_gdt_ptr]
    jmp KERNEL_CS:long_mode_entry

.no_long_mode:
    ; Print on COM1 without any setup beyond the divisor, then halt.
    mov esi, msg_no_lm
.putc:
    lodsb
    test al, al
    jz .halt
    mov dx, 0x3fd
.wait:
    push eax
    in al, dx
    test al, 0x20
    pop eax
    jz .wait
    mov dx, 0x3f8
    out dx, al
    jmp .putc
.halt:
    hlt
    jmp .halt

bits 64
long_mode_entry:
    mov ax, KERNEL_DS
    mov ds, ax
    mov es, ax
    mov ss, ax
    xor eax, eax
    mov fs, ax
    mov gs, ax
    mov rsp, boot_stack_top
    xor ebp, ebp                ; terminates backtraces
    ; edi = magic, esi = info (zero-extended by the 32-bit moves above)
    mov edi, edi
    mov esi, esi
    call kmain
.hang:
    cli
    hlt
    jmp .hang

section .boot32.rodata progbits alloc noexec nowrite
align 8
msg_no_lm: db "QuantaVirt: this CPU has no 64-bit long mode; cannot start.", 13, 10, 0
align 16
boot_gdt:
    dq 0
    dq 0x00209a0000000000       ; 0x08: 64-bit code, present, DPL0
    dq 0x0000920000000000       ; 0x10: data, present, writable
boot_gdt_end:
boot_gdt_ptr:
    dw boot_gdt_end - boot_gdt - 1
    dd boot_gdt

section .boot32.bss nobits alloc noexec write
alignb 4096
global boot_pml4
boot_pml4: resb 4096
boot_pdpt: resb 4096
boot_pd:   resb 4096 * 4
