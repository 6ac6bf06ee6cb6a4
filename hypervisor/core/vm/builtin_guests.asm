; The built-in guest images (guests/builtin/*.asm, assembled to flat binaries
; by mk/vm.mk) linked into the hypervisor as read-only data.
section .rodata
%macro BLOB 2
global %1_start, %1_end
align 16
%1_start:
    incbin %2
%1_end:
%endmacro
BLOB builtin_hello, "build/guests/builtin/hello.bin"
BLOB builtin_crash, "build/guests/builtin/crash.bin"
BLOB builtin_badaccess, "build/guests/builtin/badaccess.bin"
