; QuantaVirt BIOS stage 2, assembly part: real mode -> long mode.
;
; Stage 1 loads this image (linked at 0x8000, boot/bios/stage2.ld) and jumps
; to 0000:8004 with DL = boot drive. In real mode it:
;   1. initialises COM1 (115200 8N1) for its messages,
;   2. reads the BIOS memory map with INT 15h EAX=E820h (ACPI 6.4 §15.1),
;      checking the 'SMAP' signature of every answer, at most E820_MAX entries,
;   3. reads the disk directory (docs/boot.md) with INT 13h AH=42h,
;   4. checks that the payload fits in one usable E820 range at PAYLOAD_BASE,
;   5. copies the payload there through a low bounce buffer, in "unreal" mode
;      (a 4 GiB data segment limit cached while back in real mode, SDM vol. 3
;      §9.9.2 / §3.4.3 hidden descriptor cache),
; then enters protected mode (SDM §9.9.1) and long mode (SDM §10.8.5) with the
; first 4 GiB identity-mapped by 2 MiB pages, and calls stage2_main() (C).
; s2_enter_kernel() leaves long mode again (SDM §10.8.5.4) and enters the
; kernel in 32-bit protected mode as Multiboot2 §3.3 requires.
bits 16
section .s2head progbits alloc exec write align=16

%define SEL_CODE32 0x08
%define SEL_DATA32 0x10
%define SEL_CODE64 0x18

E820_MAX     equ 128
BOUNCE_SEG   equ 0x5000            ; 0x50000..0x5FFFF: disk bounce buffer
DIR_SEG      equ 0x6000            ; 0x60000: the disk directory (8 KiB)
DIR_SECTORS  equ 16
PAYLOAD_BASE equ 0x1000000         ; 16 MiB: the payload is loaded here
CHUNK        equ 64                ; sectors per extended read (32 KiB)
RETRIES      equ 3
MBR_DIR_LBA  equ 0x7c00 + 0x1b4    ; parameter block of stage 1 (still in memory)

global s2_start, s2_handoff, s2_enter_kernel, s2_gdt
extern stage2_main, __bss_start, __bss_end, s2_stack_top, s2_pml4, s2_pdpt, s2_pd

s2_start:
    dd 0x32535651                  ; "QVS2": checked by stage 1
entry16:
    cli
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7c00
    sti
    cld
    mov [h_drive], dl

    ; COM1: 115200 baud (divisor 1), 8N1, FIFO on (16550 registers).
    mov dx, 0x3f9
    xor al, al
    out dx, al                     ; IER = 0
    mov dl, 0xfb
    mov al, 0x80
    out dx, al                     ; LCR: DLAB
    mov dl, 0xf8
    mov al, 1
    out dx, al                     ; DLL
    inc dx
    xor al, al
    out dx, al                     ; DLM
    mov dl, 0xfb
    mov al, 3
    out dx, al                     ; LCR: 8N1
    mov dl, 0xfa
    mov al, 0x01
    out dx, al                     ; FCR: FIFO on, keep what the BIOS queued
    mov dl, 0xfc
    mov al, 3
    out dx, al                     ; MCR: DTR RTS

    mov si, msg_hello
    call print

    ; ---- E820 memory map
    xor ebx, ebx
    xor bp, bp
    mov di, h_e820
.e820:
    mov eax, 0xe820
    mov edx, 0x534d4150            ; 'SMAP'
    mov ecx, 24
    mov dword [di + 20], 1         ; ACPI 3.0 attributes: "valid" unless told otherwise
    int 0x15
    jc .e820_end                   ; CF: unsupported (first call) or end of list
    cmp eax, 0x534d4150
    jne .e820_bad
    cmp ecx, 20
    jb .e820_next                  ; malformed entry: skip
    test byte [di + 20], 1         ; ACPI 3.0 "ignore this entry"
    jz .e820_next
    mov eax, [di + 8]
    or eax, [di + 12]
    jz .e820_next                  ; empty range
    inc bp
    add di, 24
    cmp bp, E820_MAX
    jae .e820_full
.e820_next:
    test ebx, ebx
    jnz .e820
    jmp .e820_end
.e820_full:
    mov si, msg_e820_full
    call print
.e820_end:
    mov [h_e820_count], bp
    test bp, bp
    jnz .e820_ok
    mov si, msg_e820_none
    jmp rm_fatal
.e820_bad:
    mov si, msg_e820_smap
    jmp rm_fatal
.e820_ok:

    ; ---- directory
    mov eax, [MBR_DIR_LBA]
    mov cx, DIR_SECTORS
    mov dx, DIR_SEG
    call read_sectors
    push ds
    mov ax, DIR_SEG
    mov ds, ax
    cmp dword [0], 'QVDI'
    jne .dir_bad
    cmp dword [4], 'SK01'
    jne .dir_bad
    mov eax, [16]                  ; payload_lba
    mov ecx, [20]                  ; payload_sectors
    pop ds
    mov [h_payload_lba], eax
    mov [h_payload_sectors], ecx
    test ecx, ecx
    jz .dir_bad2
    cmp ecx, 0x700000              ; at most 3.5 GiB: PAYLOAD_BASE + size < 4 GiB
    jae .too_big
    shl ecx, 9
    mov [h_payload_bytes], ecx
    jmp .dir_ok
.dir_bad:
    pop ds
.dir_bad2:
    mov si, msg_dir
    jmp rm_fatal

.dir_ok:
    ; ---- the payload [PAYLOAD_BASE, +bytes) must lie in one usable range
    mov edi, PAYLOAD_BASE
    add edi, [h_payload_bytes]     ; end (no overflow: checked above)
    mov si, h_e820
    mov cx, [h_e820_count]
.fit:
    cmp dword [si + 16], 1         ; type 1: usable RAM
    jne .fit_next
    cmp dword [si + 4], 0          ; base below 4 GiB
    jne .fit_next
    cmp dword [si], PAYLOAD_BASE
    ja .fit_next
    mov eax, [si]
    mov edx, [si + 12]
    add eax, [si + 8]              ; end = base + len (64-bit)
    adc edx, 0
    test edx, edx
    jnz .fits                      ; ends above 4 GiB
    cmp eax, edi
    jae .fits
.fit_next:
    add si, 24
    loop .fit
.too_big:
    mov si, msg_mem
    jmp rm_fatal
.fits:

    ; ---- load the payload
    mov si, msg_loading
    call print
    mov dword [dest], PAYLOAD_BASE
    mov eax, [h_payload_lba]
    mov [lba], eax
    mov eax, [h_payload_sectors]
    mov [remaining], eax
.load:
    mov ecx, CHUNK
    cmp [remaining], ecx
    jae .l1
    mov ecx, [remaining]
.l1:
    mov [count], cx
    mov eax, [lba]
    mov dx, BOUNCE_SEG
    call read_sectors
    call unreal
    movzx ecx, word [count]
    shl ecx, 7                     ; dwords
    mov esi, BOUNCE_SEG * 16
    mov edi, [dest]
    a32 rep movsd                  ; DS = ES = 0 with 4 GiB limits
    mov [dest], edi
    movzx ecx, word [count]
    add [lba], ecx
    sub [remaining], ecx
    test word [lba], 0x7ff         ; a dot per MiB
    jnz .l2
    mov si, msg_dot
    call print
.l2:
    cmp dword [remaining], 0
    jne .load
    mov si, msg_crlf
    call print

    ; ---- protected mode
    cli
    lgdt [s2_gdt_desc]
    mov eax, cr0
    or eax, 1
    mov cr0, eax
    jmp SEL_CODE32:pm32

; read CX sectors (<= 127) at LBA EAX to DX:0000, with retries; fatal on error
read_sectors:
    mov [dap_count], cx
    mov [dap_seg], dx
    mov word [dap_off], 0
    mov [dap_lba], eax
    mov dword [dap_lba + 4], 0
    mov di, RETRIES
.try:
    mov si, dap
    mov ah, 0x42
    mov dl, [h_drive]
    int 0x13
    jnc .ok
    xor ah, ah
    mov dl, [h_drive]
    int 0x13
    dec di
    jnz .try
    mov si, msg_pre
    call print
    mov si, msg_read
    call print
    mov eax, [dap_lba]
    call print_hex
    mov si, msg_read2
    call print
    jmp rm_reboot
.ok:
    ret

; DS and ES get 4 GiB limits that survive the return to real mode.
unreal:
    cli
    push ds
    push es
    lgdt [s2_gdt_desc]
    mov eax, cr0
    or al, 1
    mov cr0, eax
    jmp .pm                        ; serialise
.pm:
    mov bx, SEL_DATA32
    mov ds, bx
    mov es, bx
    and al, 0xfe
    mov cr0, eax
    pop es
    pop ds
    sti
    ret

; print "QV stage2: " + DS:SI message, wait ~5 s, then reset the machine
rm_fatal:
    push si
    mov si, msg_pre
    call print
    pop si
    call print
rm_reboot:
    mov si, msg_reboot
    call print
    sti
    mov ebx, [0x46c]               ; BIOS tick counter, 18.2 Hz
.w: hlt
    mov eax, [0x46c]
    sub eax, ebx
    cmp eax, 91
    jb .w
    mov al, 0xfe                   ; 8042 pulse reset line
    out 0x64, al
    jmp 0xffff:0

; print DS:SI (NUL-terminated; DS = 0) on COM1 and into VGA text memory.
; Not INT 10h: SeaBIOS mirrors INT 10h teletype output to the serial port,
; which would mix with ours. The cursor lives in the BIOS data area
; (0x450 column, 0x451 row of page 0), where stage2_main() picks it up.
print:
    pusha
    push es
    push si
.c: lodsb
    test al, al
    jz .v
    mov ah, al
    mov dx, 0x3fd
    mov cx, 0xffff
.w: in al, dx
    test al, 0x20
    loopz .w
    mov al, ah
    mov dl, 0xf8
    out dx, al
    jmp .c
.v: pop si
    mov ax, 0xb800
    mov es, ax
.t: lodsb
    test al, al
    jz .r
    call vga_putc
    jmp .t
.r: pop es
    popa
    ret

; AL = character; ES = 0xB800, DS = 0
vga_putc:
    movzx bx, byte [0x451]         ; row
    movzx cx, byte [0x450]         ; column
    cmp bx, 25
    jb .rowok
    mov bx, 24
.rowok:
    cmp al, 13
    jne .nl
    xor cx, cx
    jmp .store
.nl:
    cmp al, 10
    jne .ch
    inc bx
    jmp .scroll
.ch:
    push ax
    imul di, bx, 80
    add di, cx
    shl di, 1
    mov ah, 0x07
    stosw
    pop ax
    inc cx
    cmp cx, 80
    jb .store
    xor cx, cx
    inc bx
.scroll:
    cmp bx, 25
    jb .store
    push ds
    push si
    push cx
    push es
    pop ds
    mov si, 160
    xor di, di
    mov cx, 24 * 80
    rep movsw
    mov ax, 0x0720
    mov cx, 80
    rep stosw
    pop cx
    pop si
    pop ds
    mov bx, 24
.store:
    mov [0x450], cl
    mov [0x451], bl
    ret

; print EAX in hex
print_hex:
    pushad
    mov cx, 8
    mov di, hexbuf
.d: rol eax, 4
    mov bl, al
    and bl, 15
    add bl, '0'
    cmp bl, '9'
    jbe .s
    add bl, 7
.s: mov [di], bl
    inc di
    loop .d
    mov si, hexbuf
    call print
    popad
    ret

msg_hello     db "QuantaVirt BIOS stage2", 13, 10, 0
msg_pre       db "QV stage2: ", 0
msg_e820_none db "no E820 memory map from the BIOS", 0
msg_e820_smap db "E820 answer without the SMAP signature", 0
msg_e820_full db "QV stage2: E820 map has more than 128 entries, rest ignored", 13, 10, 0
msg_dir       db "bad disk directory signature (not a QuantaVirt disk image?)", 0
msg_mem       db "payload too large for the usable RAM at 16 MiB", 0
msg_loading   db "QV stage2: loading payload", 0
msg_read      db "disk read error at LBA 0x", 0
msg_read2     db " (truncated disk image?)", 0
msg_reboot    db 13, 10, "QV stage2: boot failed, rebooting in 5 s", 13, 10, 0
msg_dot       db ".", 0
msg_crlf      db 13, 10, 0
hexbuf        db "00000000", 0

align 8
dap:          db 16, 0
dap_count     dw 0
dap_off       dw 0
dap_seg       dw 0
dap_lba       dq 0
dest          dd 0
lba           dd 0
remaining     dd 0
count         dw 0

align 16
s2_gdt:
    dq 0
    dq 0x00cf9a000000ffff          ; 0x08: 32-bit code, base 0, 4 GiB
    dq 0x00cf92000000ffff          ; 0x10: data, base 0, 4 GiB
    dq 0x00af9a000000ffff          ; 0x18: 64-bit code
s2_gdt_desc:
    dw s2_gdt_desc - s2_gdt - 1
    dd s2_gdt

; Shared with stage2_main.c (struct s2_handoff).
align 8
s2_handoff:
h_drive          dd 0
h_e820_count     dd 0
h_payload_lba    dd 0
h_payload_sectors dd 0
h_payload_bytes  dd 0
h_pad            dd 0
h_e820           times E820_MAX * 24 db 0

bits 32
pm32:
    mov ax, SEL_DATA32
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    mov ss, ax
    mov esp, s2_stack_top
    mov edi, __bss_start           ; C expects a zeroed .bss
    mov ecx, __bss_end
    sub ecx, edi
    xor eax, eax
    rep stosb
    ; identity map 0..4 GiB with 2 MiB pages (SDM §4.5)
    mov dword [s2_pml4], s2_pdpt + 3
    mov edi, s2_pdpt
    mov eax, s2_pd + 3
    mov ecx, 4
.pdpt:
    mov [edi], eax
    add eax, 4096
    add edi, 8
    loop .pdpt
    mov edi, s2_pd
    mov eax, 0x83                  ; present, writable, 2 MiB page
    xor edx, edx
    mov ecx, 2048
.pd:
    mov [edi], eax
    mov [edi + 4], edx
    add eax, 0x200000
    adc edx, 0
    add edi, 8
    loop .pd
    mov eax, s2_pml4
    mov cr3, eax
    mov eax, cr4
    or eax, 1 << 5                 ; PAE
    mov cr4, eax
    mov ecx, 0xc0000080            ; EFER.LME
    rdmsr
    or eax, 1 << 8
    wrmsr
    mov eax, cr0
    or eax, 1 << 31
    and eax, ~(3 << 29)            ; caches on (CD, NW clear)
    mov cr0, eax
    jmp SEL_CODE64:lm64

bits 64
lm64:
    mov rsp, s2_stack_top
    xor ebp, ebp
    call stage2_main               ; does not return
.h: cli
    hlt
    jmp .h

; void s2_enter_kernel(uint32_t entry, uint32_t mbi) -- noreturn.
; Long mode -> compatibility mode -> paging off -> EFER.LME off: 32-bit
; protected mode, then EAX = Multiboot2 magic, EBX = info (Multiboot2 §3.3).
s2_enter_kernel:
    cli
    push SEL_CODE32
    mov eax, .compat
    push rax
    retfq
bits 32
.compat:
    mov eax, cr0
    and eax, 0x7fffffff
    mov cr0, eax
    mov ecx, 0xc0000080
    rdmsr
    and eax, ~(1 << 8)
    wrmsr
    mov eax, cr4
    and eax, ~(1 << 5)
    mov cr4, eax
    mov ax, SEL_DATA32
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    mov ss, ax
    mov ebx, esi
    mov eax, 0x36d76289
    jmp edi
