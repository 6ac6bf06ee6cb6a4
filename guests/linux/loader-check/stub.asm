; Multiboot-1 (0.6.96) stub for the Linux loader check. Its module holds the
; loader's guest-memory writes (linux_boot_image.c); the stub copies them into
; place and enters the kernel as boot.rst "64-bit Boot Protocol" requires,
; using nothing but what the loader built: the GDT at 0x1000 (limit 0x1f,
; __BOOT_CS 0x10, __BOOT_DS 0x18), the PML4 at 0x4000 and boot_params at
; 0x2000 (core/vm/loader_linux.h). ENTRY (-DENTRY=...) is the loader's rip.
; Linked at 2 MiB, clear of the loader's low area, kernel and initrd.
bits 32
section .text
align 4
    dd 0x1BADB002, 0, -0x1BADB002   ; magic, flags, checksum (§3.1.1)
global _start
_start:
    cli
    mov esi, [ebx + 24]             ; mods_addr (§3.3)
    mov esi, [esi]                  ; first module's mod_start
    cld
.record:
    cmp dword [esi], 0xffffffff     ; end marker
    je .enter
    mov edi, [esi]                  ; gpa (all below 4 GiB)
    mov ecx, [esi + 8]              ; len
    add esi, 16
    rep movsb
    jmp .record
.enter:
    mov eax, cr4
    or eax, 1 << 5                  ; PAE
    mov cr4, eax
    mov eax, 0x4000                 ; LINUX_PML4_GPA
    mov cr3, eax
    mov ecx, 0xC0000080             ; EFER
    rdmsr
    or eax, 1 << 8                  ; LME
    wrmsr
    lgdt [gdtr]
    mov eax, cr0
    or eax, 0x80000001              ; PG | PE
    mov cr0, eax
    jmp 0x10:lm64                   ; __BOOT_CS
bits 64
lm64:
    mov ax, 0x18                    ; __BOOT_DS
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov rsi, 0x2000                 ; LINUX_BOOT_PARAMS_GPA
    mov rax, ENTRY
    jmp rax
align 4
gdtr:
    dw 0x1f
    dd 0x1000
