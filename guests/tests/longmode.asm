; longmode: the guest switches itself from the 32-bit Multiboot entry to
; 64-bit long mode (SDM vol. 3A §10.8.5 "Initializing IA-32e Mode"):
; identity page tables, CR4.PAE, EFER.LME by WRMSR, CR0.PG, then a far jump to
; a 64-bit code segment. That exercises the hypervisor's CR and EFER handling.
; In 64-bit mode it checks EFER.LMA, 64-bit arithmetic, CPUID and VMMCALL,
; prints through OUT/IN on the UART, and exits through port 0xf4.
; Cross-section references use absolute 32-bit addresses (everything is below
; 4 GiB), so the ELF32 object needs only R_386_32 relocations.

CR0_PG      equ 1 << 31
CR4_PAE     equ 1 << 5
MSR_EFER    equ 0xC0000080
EFER_LME    equ 1 << 8
EFER_LMA    equ 1 << 10
PTE_P_RW    equ 0x3
PDE_2M      equ 0x83                ; present, writable, PS (2 MiB page)
SEL_CODE64  equ 0x18                ; 64-bit code descriptor in entry.asm's GDT
SEL_DATA    equ 0x10
COM1        equ 0x3f8
COM1_LSR    equ 0x3fd
LSR_THRE    equ 0x20
EXIT_PORT   equ 0xf4
HC_VERSION  equ 0

bits 32
section .text
global guest_main
extern con_puts
extern stack_top

guest_main:
    push msg_start
    call con_puts
    add esp, 4

    ; 1 GiB identity map with 2 MiB pages: PML4[0] -> PDPT[0] -> PD[0..511].
    ; The tables are in .bss, which the loader zeroed.
    mov eax, pdpt
    or eax, PTE_P_RW
    mov [pml4], eax
    mov eax, pd
    or eax, PTE_P_RW
    mov [pdpt], eax
    xor ecx, ecx
.fill:
    mov eax, ecx
    shl eax, 21
    or eax, PDE_2M
    mov [pd + ecx * 8], eax
    mov dword [pd + ecx * 8 + 4], 0
    inc ecx
    cmp ecx, 512
    jne .fill

    mov eax, cr4
    or eax, CR4_PAE
    mov cr4, eax
    mov eax, pml4
    mov cr3, eax
    mov ecx, MSR_EFER
    rdmsr
    or eax, EFER_LME
    wrmsr
    mov eax, cr0
    or eax, CR0_PG                  ; LME + PG -> LMA (compatibility mode)
    mov cr0, eax
    jmp SEL_CODE64:long_entry       ; CS.L = 1: 64-bit mode

bits 64
long_entry:
    mov eax, SEL_DATA
    mov ds, eax
    mov es, eax
    mov ss, eax
    mov esp, stack_top              ; upper RSP bits are undefined after the switch
    mov esi, msg_in64
    call puts64

    ; EFER.LMA must now read as set.
    mov ecx, MSR_EFER
    rdmsr
    test eax, EFER_LMA
    setnz bl
    mov esi, name_lma
    call report

    ; A 64-bit register operation that means something else in 32-bit code.
    mov rax, 0x123456789
    shr rax, 32
    cmp eax, 1
    sete bl
    mov esi, name_regs
    call report

    ; CPUID in 64-bit mode: the hypervisor signature.
    mov eax, 0x40000000
    xor ecx, ecx
    cpuid
    xor r8d, r8d
    cmp ebx, 'Quan'
    jne .sig_done
    cmp ecx, 'taVi'
    jne .sig_done
    cmp edx, 'rt'
    jne .sig_done
    mov r8d, 1
.sig_done:
    mov ebx, r8d
    mov esi, name_cpuid
    call report

    ; VMMCALL from 64-bit code.
    mov eax, HC_VERSION
    vmmcall
    test eax, eax
    setg bl
    mov esi, name_vmmcall
    call report

    ; SUMMARY line, then exit 0 if nothing failed (a 32-bit OUT from 64-bit code).
    mov esi, msg_summary
    call puts64
    mov eax, [passed]
    call putdigit
    mov esi, msg_passed
    call puts64
    mov eax, [failed]
    call putdigit
    mov esi, msg_failed
    call puts64
    mov eax, [failed]
    test eax, eax
    setnz al
    movzx eax, al
    mov dx, EXIT_PORT
    out dx, eax
.hang:
    cli
    hlt
    jmp .hang

; report: BL != 0 -> "PASS: <name>", else "FAIL: <name> ..."; name in RSI.
report:
    push rsi
    test bl, bl
    jz .fail
    inc dword [passed]
    mov esi, msg_pass
    call puts64
    pop rsi
    call puts64
    mov esi, msg_nl
    jmp puts64
.fail:
    inc dword [failed]
    mov esi, msg_fail
    call puts64
    pop rsi
    call puts64
    mov esi, msg_fail_tail
    jmp puts64

; putdigit: EAX in 0..9 as one character.
putdigit:
    add al, '0'
    jmp putc64

; puts64: NUL-terminated string at RSI, polled UART (LSR bit 5, then THR).
puts64:
    lodsb
    test al, al
    jz .done
    call putc64
    jmp puts64
.done:
    ret

putc64:
    mov ah, al
    mov dx, COM1_LSR
.wait:
    in al, dx
    test al, LSR_THRE
    jz .wait
    mov al, ah
    mov dx, COM1
    out dx, al
    ret

section .rodata
msg_start:     db "longmode: enabling PAE, EFER.LME and paging", 10, 0
msg_in64:      db "longmode: running 64-bit code", 10, 0
msg_pass:      db "PASS: ", 0
msg_fail:      db "FAIL: ", 0
msg_fail_tail: db " (in 64-bit mode)", 10, 0
msg_nl:        db 10, 0
msg_summary:   db "SUMMARY: ", 0
msg_passed:    db " passed, ", 0
msg_failed:    db " failed", 10, 0
name_lma:      db "longmode-efer-lma", 0
name_regs:     db "longmode-64bit-regs", 0
name_cpuid:    db "longmode-cpuid", 0
name_vmmcall:  db "longmode-vmmcall", 0

section .data
align 4
passed: dd 0
failed: dd 0

section .bss align=4096
pml4: resb 4096
pdpt: resb 4096
pd:   resb 4096
