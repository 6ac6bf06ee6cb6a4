; Application-processor start code (SDM vol. 3A §9.4.4, §9.9). The BSP copies
; this blob to AP_TRAMPOLINE_PA (0x8000, SIPI vector 0x08), fills the
; parameter block at its end, and sends INIT-SIPI-SIPI. The AP starts in real
; mode at 0800:0000, goes to protected mode, then long mode with its own CR3,
; and calls ap_entry(percpu identity pointer) on its own stack.
%define TRAMP_PA 0x8000
%define T(x) (TRAMP_PA + (x) - tramp_start)

section .ap_trampoline progbits alloc noexec nowrite
bits 16
global tramp_start, tramp_params
tramp_start:
    cli
    cld
    mov ax, cs
    mov ds, ax
    lgdt [tramp_gdt_ptr - tramp_start]
    mov eax, cr0
    or eax, 1
    mov cr0, eax
    jmp dword 0x18:T(pm32)

bits 32
pm32:
    mov ax, 0x20
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov eax, cr4
    or eax, 1 << 5                      ; PAE
    mov cr4, eax
    mov eax, [T(p_cr3)]
    mov cr3, eax
    mov ecx, 0xC0000080                 ; EFER.LME | NXE
    rdmsr
    or eax, (1 << 8) | (1 << 11)
    wrmsr
    mov eax, cr0
    and eax, ~((1 << 30) | (1 << 29))   ; caches on (CD/NW clear)
    or eax, (1 << 31) | (1 << 16)       ; PG | WP
    mov cr0, eax
    jmp 0x08:T(lm64)

bits 64
lm64:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov rsp, [T(p_stack)]
    mov rdi, [T(p_arg)]
    mov rax, [T(p_entry)]
    xor ebp, ebp
    call rax
.hang:
    cli
    hlt
    jmp .hang

align 16
tramp_gdt:
    dq 0
    dq 0x00209a0000000000               ; 0x08 64-bit code
    dq 0x0000920000000000               ; 0x10 data
    dq 0x00cf9a000000ffff               ; 0x18 32-bit code, 4 GiB
    dq 0x00cf92000000ffff               ; 0x20 32-bit data, 4 GiB
tramp_gdt_end:
tramp_gdt_ptr:
    dw tramp_gdt_end - tramp_gdt - 1
    dd T(tramp_gdt)

align 8
tramp_params:                           ; layout = struct ap_tramp_params (smp.c)
p_cr3:   dq 0
p_stack: dq 0
p_entry: dq 0
p_arg:   dq 0
