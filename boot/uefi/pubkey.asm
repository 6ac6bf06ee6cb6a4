; The ML-DSA-65 public key the stub verifies every image with, in the qv-pqc
; key file format (docs/pqc.md). The build generates the key pair under
; build/keys/ (never committed) and passes its path as QV_BOOT_PK.
section .rodata
global qv_boot_pk, qv_boot_pk_end
qv_boot_pk:
    incbin QV_BOOT_PK
qv_boot_pk_end:
section .note.GNU-stack noalloc noexec nowrite progbits
