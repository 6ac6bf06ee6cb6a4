; Built-in crashing guest (isolation tests): prints a line, then loads an
; empty IDT and raises #UD. With no usable IDT the exception escalates to a
; double fault and then a triple fault: the VM must end with "triple-fault"
; while the hypervisor and other VMs carry on.
bits 16
org 0
start:
    mov ax, cs
    mov ds, ax
    mov si, msg
.next:
    lodsb
    test al, al
    jz .crash
    mov dx, 0x3f8
    out dx, al
    jmp .next
.crash:
    lidt [empty_idt]
    ud2
.hang:
    jmp .hang
msg: db "crash guest: about to triple-fault", 10, 0
empty_idt: dw 0
           dd 0
