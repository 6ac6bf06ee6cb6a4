; realmode: a flat binary entered in 16-bit real mode. Position independent:
; it works whether the hypervisor starts it as CS = load >> 4, IP = 0 or as
; CS = 0, IP = load (any paragraph-aligned load address below 1 MiB; the
; integration test uses 0x1000). It prints through the UART with OUT/IN,
; checks CR0.PE and CPUID from real mode, and exits with a 32-bit OUT
; (operand-size prefix 66h) of its exit code to port 0xf4.

COM1        equ 0x3f8
COM1_LSR    equ 0x3fd
LSR_THRE    equ 0x20
EXIT_PORT   equ 0xf4

bits 16
org 0

start:
    cli
    cld
    mov ax, cs
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0xfffe                  ; top of this 64 KiB segment
    call .here                      ; BP = IP of `start` (0 or the load address)
.here:
    pop bp
    sub bp, .here

    lea si, [bp + msg_hello]
    call puts

    ; CR0.PE must be clear: SMSW reads the low CR0 bits without an exit.
    smsw ax
    test al, 1
    setz bl
    lea si, [bp + name_pe]
    call report

    ; CPUID with 32-bit registers from real mode: the hypervisor signature.
    mov eax, 0x40000000
    xor ecx, ecx
    cpuid
    xor di, di
    cmp ebx, 'Quan'
    jne .sig_done
    cmp ecx, 'taVi'
    jne .sig_done
    cmp edx, 'rt'
    jne .sig_done
    inc di
.sig_done:
    mov bx, di
    lea si, [bp + name_cpuid]
    call report

    lea si, [bp + msg_summary]
    call puts
    mov al, [bp + passed]
    call putdigit
    lea si, [bp + msg_passed]
    call puts
    mov al, [bp + failed]
    call putdigit
    lea si, [bp + msg_failed]
    call puts

    movzx eax, byte [bp + failed]
    test eax, eax
    setnz al
    mov dx, EXIT_PORT
    out dx, eax
.hang:
    hlt
    jmp .hang

; report: BL != 0 -> PASS line, else FAIL line; name at DS:SI.
report:
    push si
    test bl, bl
    jz .fail
    inc byte [bp + passed]
    lea si, [bp + msg_pass]
    call puts
    pop si
    call puts
    lea si, [bp + msg_nl]
    jmp puts
.fail:
    inc byte [bp + failed]
    lea si, [bp + msg_fail]
    call puts
    pop si
    call puts
    lea si, [bp + msg_fail_tail]
    jmp puts

putdigit:
    add al, '0'
    jmp putc

; puts: NUL-terminated string at DS:SI.
puts:
    lodsb
    test al, al
    jz .done
    call putc
    jmp puts
.done:
    ret

; putc: AL to the polled UART (wait for LSR bit 5, then write THR).
putc:
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

msg_hello:     db "realmode: running 16-bit real-mode code", 10, 0
msg_pass:      db "PASS: ", 0
msg_fail:      db "FAIL: ", 0
msg_fail_tail: db " (in real mode)", 10, 0
msg_nl:        db 10, 0
msg_summary:   db "SUMMARY: ", 0
msg_passed:    db " passed, ", 0
msg_failed:    db " failed", 10, 0
name_pe:       db "realmode-cr0-pe-clear", 0
name_cpuid:    db "realmode-cpuid", 0
passed:        db 0
failed:        db 0
