; Built-in default guest (make run): a real-mode program loaded at
; guest-physical 0x10000 (CS = 0x1000, IP = 0). It shows that a guest runs
; under QuantaVirt: serial output through the hypervisor, CPUID through the
; guest CPUID policy, a hypercall, and a clean exit through port 0xf4.
bits 16
org 0
LOAD equ 0x10000

start:
    mov ax, cs
    mov ds, ax
    mov ss, ax
    mov sp, 0xfff0
    mov si, msg_hello
    call puts

    mov eax, 0x40000000            ; hypervisor vendor leaf
    cpuid
    mov [sig], ebx
    mov [sig + 4], ecx
    mov [sig + 8], edx
    mov si, msg_sig
    call puts
    mov si, sig
    call puts
    mov si, msg_nl
    call puts

    mov eax, 0                     ; hypercall: version
    vmmcall
    mov [version], eax

    mov eax, 1                     ; hypercall: console write (EBX = gpa, ECX = length)
    mov ebx, LOAD + msg_hc
    mov ecx, msg_hc_len
    vmmcall

    ; A little work so the run takes more than a few exits: sum 1..100000.
    xor eax, eax
    mov ecx, 100000
.sum:
    add eax, ecx
    loop .sum, ecx
    cmp eax, 705082704             ; 5000050000 mod 2^32
    jne .fail
    mov si, msg_ok
    call puts
    xor eax, eax
    jmp .exit
.fail:
    mov si, msg_bad
    call puts
    mov eax, 1
.exit:
    mov dx, 0xf4                   ; test-exit port: ends the VM with EAX
    out dx, eax
.hang:
    hlt
    jmp .hang

; Polled 16550 output: wait for THR empty (LSR bit 5), then write.
puts:
    lodsb
    test al, al
    jz .done
    mov bl, al
    mov dx, 0x3fd
.wait:
    in al, dx
    test al, 0x20
    jz .wait
    mov dx, 0x3f8
    mov al, bl
    out dx, al
    jmp puts
.done:
    ret

msg_hello: db "Hello from the built-in guest (16-bit real mode)", 10, 0
msg_sig:   db "CPUID 0x40000000 signature: ", 0
msg_nl:    db 10, 0
msg_hc:    db "this line came through the console-write hypercall", 10
msg_hc_len equ $ - msg_hc
msg_ok:    db "guest computation ok; exiting with code 0", 10, 0
msg_bad:   db "guest computation WRONG; exiting with code 1", 10, 0
sig:       times 13 db 0
version:   dd 0
