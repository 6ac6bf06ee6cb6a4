; QuantaVirt BIOS stage 1: the 512-byte master boot record.
;
; The BIOS loads this sector to 0000:7C00 and jumps to it in real mode with
; DL = boot drive. It enables A20, checks the INT 13h extensions (EDD 3.0
; "Enhanced Disk Drive Specification", function 41h), reads stage 2 with
; extended reads (function 42h, LBA disk address packet) to 0000:8000, checks
; its signature and jumps to 0000:8004 with DL = boot drive.
;
; Code must end before 0x1AC: the parameter block written by tools/mkdisk
; follows, then the disk signature (0x1B8), the partition table (0x1BE) and
; 0x55AA. Every failure prints a message on screen (INT 10h teletype) and on
; COM1 (polled port I/O, no BIOS help needed) and halts.
bits 16
org 0x7c00

STAGE2_SEG  equ 0x0800          ; stage 2 at 0x8000
STAGE2_MAGIC equ 0x32535651     ; "QVS2"
CHUNK       equ 32              ; sectors per read (16 KiB): fits every BIOS limit
RETRIES     equ 3
; Scratch variables below the code (0x600..0x617): the sector has no room.
dap       equ 0x600             ; EDD disk address packet: size, 0, count, off, seg, lba64
dap_count equ 0x602
dap_seg   equ 0x606
dap_lba   equ 0x608
drive     equ 0x610

start:
    cli
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7c00
    jmp 0:.go                   ; some BIOSes enter at 07C0:0000
.go:
    sti
    cld
    mov [drive], dl

    ; ---- A20: already on? BIOS INT 15h/2401, keyboard controller, port 92h.
    call a20_on
    jnz a20_ok
    mov ax, 0x2401              ; INT 15h AX=2401h: enable A20 gate
    int 0x15
    call a20_on
    jnz a20_ok
    call kbc_wait               ; 8042: command D1h = write output port,
    mov al, 0xd1                ; then the value with bit 1 (A20) set
    out 0x64, al
    call kbc_wait
    mov al, 0xdf
    out 0x60, al
    call kbc_wait
    call a20_on
    jnz a20_ok
    in al, 0x92                 ; "fast A20": system control port A bit 1;
    or al, 2                    ; bit 0 would reset the machine
    and al, 0xfe
    out 0x92, al
    call a20_on
    jnz a20_ok
    mov si, msg_a20
    jmp fail
a20_ok:

    ; ---- INT 13h extensions present, with the packet interface (CX bit 0)?
    mov ah, 0x41
    mov bx, 0x55aa
    mov dl, [drive]
    int 0x13
    jc no_edd
    cmp bx, 0xaa55
    jne no_edd
    test cl, 1
    jnz edd_ok
no_edd:
    mov si, msg_edd
    jmp fail
edd_ok:

    ; ---- read stage 2: stage2_sectors sectors from stage2_lba, CHUNK at a time
    mov di, dap                 ; packet: 16, 0, count, 0000, seg, lba (64-bit)
    mov ax, 16
    stosw
    stosw
    xor ax, ax
    stosw
    mov ax, STAGE2_SEG
    stosw
    mov eax, [stage2_lba]
    stosd
    xor eax, eax
    stosd
    mov bp, [stage2_sectors]
    test bp, bp
    jz bad_sig
.next:
    mov cx, CHUNK
    cmp bp, cx
    jae .n
    mov cx, bp
.n:
    mov [dap_count], cx
    mov di, RETRIES
.try:
    mov si, dap
    mov ah, 0x42
    mov dl, [drive]
    int 0x13
    jnc .done
    xor ah, ah                  ; reset the disk system, then retry
    mov dl, [drive]
    int 0x13
    dec di
    jnz .try
    mov si, msg_read
    jmp fail
.done:
    movzx ecx, word [dap_count]
    add [dap_lba], ecx
    shl cx, 5                   ; sectors * 512 / 16 = paragraphs
    add [dap_seg], cx
    sub bp, [dap_count]
    jnz .next

    cmp dword [0x8000], STAGE2_MAGIC
    jne bad_sig
    mov dl, [drive]
    jmp 0:0x8004
bad_sig:
    mov si, msg_sig

; Print "QV stage1: <msg>" and stop.
fail:
    push si
    mov si, msg_pre
    call print
    pop si
    call print
.h: cli
    hlt
    jmp .h

; print the NUL-terminated string at DS:SI on COM1, then on the screen (two
; passes: a BIOS that mirrors INT 10h to serial then shows it whole, twice)
print:
    push si
.s: lodsb
    test al, al
    jz .v
    mov ah, al
    mov dx, 0x3fd               ; LSR: wait for THR empty (an absent UART reads
.w: in al, dx                   ; 0xFF, so this never spins forever)
    test al, 0x20
    jz .w
    mov al, ah
    mov dl, 0xf8
    out dx, al
    jmp .s
.v: pop si
.c: lodsb
    test al, al
    jz .r
    mov ah, 0x0e
    mov bx, 7
    int 0x10
    jmp .c
.r: ret

; ZF clear when A20 is enabled: 0000:7DFE (our 0xAA55) and FFFF:7E0E (= 0x107DFE)
; differ after the first is inverted. The inversion is undone (NOT keeps flags).
a20_on:
    push ds
    mov ax, 0xffff
    mov ds, ax
    not word [es:0x7dfe]
    mov ax, [es:0x7dfe]
    cmp ax, [0x7e0e]
    not word [es:0x7dfe]
    pop ds
    ret

; wait until the 8042 input buffer is empty (bounded: no controller = 0xFF)
kbc_wait:
    mov cx, 0xffff
.l: in al, 0x64
    test al, 2
    loopnz .l
    ret

msg_pre  db "QV stage1: ", 0
msg_a20  db "A20 gate error", 13, 10, 0
msg_edd  db "no INT13 extensions", 13, 10, 0
msg_read db "disk read error", 13, 10, 0
msg_sig  db "bad stage2 signature", 13, 10, 0


    times 0x1ac - ($ - $$) db 0
; Parameter block (filled by tools/mkdisk), see docs/boot.md.
stage2_lba     dd 1
stage2_sectors dw 0
reserved       dw 0
dir_lba        dd 0
    times 0x1b8 - ($ - $$) db 0
disk_sig       dd 0
               dw 0
partitions     times 64 db 0
               dw 0xaa55
