; Built-in guest that reads guest-physical memory it does not own (far above
; its RAM): the VM must end with "bad-memory-access".
bits 16
org 0
start:
    mov ax, cs
    mov ds, ax
    mov si, msg
.next:
    lodsb
    test al, al
    jz .touch
    mov dx, 0x3f8
    out dx, al
    jmp .next
.touch:
    ; The VM is given 512 KiB of RAM, so 0x90000 lies outside it.
    mov ax, 0x9000
    mov es, ax
    mov eax, [es:0]
.hang:
    jmp .hang
msg: db "bad-access guest: reading memory the VM does not own", 10, 0
