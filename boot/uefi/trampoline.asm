; Long mode -> 32-bit protected mode hand-over for the QuantaVirt EFI stub.
;
; The Multiboot2 i386 machine state (Multiboot2 spec 1.0 §3.3) is: 32-bit
; protected mode, paging off, CS a flat 32-bit read/execute segment, the data
; segments flat read/write, EFLAGS.IF/VM clear, EAX = 0x36d76289, EBX = info.
; UEFI runs us in 64-bit long mode with paging on (UEFI 2.10 §2.3.4), so:
;   1. load our own GDT (the firmware's may be gone after ExitBootServices),
;   2. far-return into a 32-bit code segment: compatibility mode,
;   3. clear CR0.PG: this also clears EFER.LMA (Intel SDM vol. 3A §9.8.5.4,
;      AMD APM vol. 2 §14.7 "Leaving long mode"), then clear EFER.LME,
;   4. jump to the kernel entry.
; The blob is copied by the stub into a page it allocated below 4 GiB, which
; the firmware identity-maps; every reference inside it is RIP-relative or
; patched at run time, so it runs wherever it lands.
;
; C prototype (System V ABI, called from the stub after ExitBootServices):
;   void qv_tramp(uint64_t mbi /* rdi */, uint64_t entry /* rsi */)
bits 64
section .rodata
global qv_tramp_start, qv_tramp_end
align 16
qv_tramp_start:
    cli
    mov ebx, edi                    ; Multiboot2 info (below 4 GiB)
    ; esi = kernel entry (32-bit physical), kept until the final jump
    lea rax, [rel gdt]
    mov [rel gdtr + 2], rax
    lgdt [rel gdtr]
    lea rsp, [rel stack_top]        ; a stack below 4 GiB for the 32-bit part
    ; CR4.PCIDE must be 0 before CR0.PG can be cleared (SDM vol. 3A §4.10.1).
    mov rax, cr4
    and rax, ~(1 << 17)
    mov cr4, rax
    lea rax, [rel compat]
    push qword 0x08                 ; 32-bit flat code selector
    push rax
    retfq
bits 32
compat:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    mov ss, ax
    mov eax, cr0
    and eax, ~(1 << 31)             ; paging off: leaves long mode (LMA = 0)
    mov cr0, eax
    mov ecx, 0xC0000080             ; EFER
    rdmsr
    and eax, ~(1 << 8)              ; LME = 0
    wrmsr
    mov eax, cr4
    and eax, ~((1 << 5) | (1 << 7)) ; PAE and PGE off: the kernel builds its own
    mov cr4, eax
    xor eax, eax
    mov cr3, eax
    mov eax, 0x36d76289             ; Multiboot2 boot loader magic (§3.3)
    jmp esi

align 16
gdt:
    dq 0                            ; null
    dq 0x00CF9A000000FFFF           ; 0x08: 32-bit code, base 0, limit 4 GiB
    dq 0x00CF92000000FFFF           ; 0x10: data, base 0, limit 4 GiB
gdt_end:
align 8
gdtr:
    dw gdt_end - gdt - 1
    dq 0                            ; base, filled in at run time
align 16
    times 256 db 0
stack_top:
qv_tramp_end:
section .note.GNU-stack noalloc noexec nowrite progbits
