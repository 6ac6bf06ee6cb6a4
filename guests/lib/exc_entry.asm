; Exception entry stubs for vectors 0-31. Each builds the same frame (error
; code or a 0 in its place, then the vector) so one C handler serves all.
; Vectors that push an error code: SDM vol. 3A §6.15 (Table 6-1).

bits 32
section .text
extern exc_dispatch

%macro STUB 1
exc_stub_%1:
%if %1 = 8 || (%1 >= 10 && %1 <= 14) || %1 = 17 || %1 = 21 || %1 = 29 || %1 = 30
%else
    push 0
%endif
    push %1
    jmp exc_common
%endmacro

%assign v 0
%rep 32
STUB v
%assign v v + 1
%endrep

exc_common:
    pushad
    push esp                        ; struct exc_frame *
    call exc_dispatch
    add esp, 4
    popad
    add esp, 8                      ; vector and error code
    iretd

section .rodata
global exc_stubs
exc_stubs:
%assign v 0
%rep 32
    dd exc_stub_ %+ v
%assign v v + 1
%endrep
