; The ML-DSA-65 public key (qv-pqc "QVPK" file) stage 2 checks every image
; against, built in at build time (mk/boot_bios.mk: -DPUBKEY_FILE=...).
section .rodata
global s2_pubkey, s2_pubkey_end
s2_pubkey:
    incbin PUBKEY_FILE
s2_pubkey_end:
