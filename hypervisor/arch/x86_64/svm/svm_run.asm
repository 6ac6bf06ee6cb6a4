; SVM world switch (APM vol. 2 §15.5 "VMRUN", §15.6 "#VMEXIT").
; VMRUN saves and restores only the host's RAX, RSP, RIP, RFLAGS, segment and
; control registers; every other GPR is ours to switch, and VMSAVE/VMLOAD move
; FS/GS/TR/LDTR bases, KernelGSBase, STAR/LSTAR/CSTAR/SFMASK and SYSENTER_*.
; The caller runs with GIF=0 (CLGI) and host RFLAGS.IF=1 so that a physical
; interrupt during the guest becomes an INTR exit (V_INTR_MASKING=1).
;
; void svm_vmrun(uint64_t guest_vmcb_pa, struct vcpu_regs *regs, uint64_t host_vmcb_pa)
; struct vcpu_regs layout (core/vm/vcpu.h): rax rbx rcx rdx rsi rdi rbp rsp r8 .. r15
; (RAX and RSP are switched by VMRUN through the VMCB, not here).
bits 64
section .text
global svm_vmrun
svm_vmrun:
    push rbp
    push rbx
    push r12
    push r13
    push r14
    push r15
    push rdx                    ; [rsp+16] host VMCB
    push rsi                    ; [rsp+8]  guest GPR block
    push rdi                    ; [rsp]    guest VMCB

    ; The host's FS/GS/TR/LDTR/syscall MSRs never change after boot: they were
    ; VMSAVEd into the host VMCB once (svm_cpu.c) and are VMLOADed after exits.
    mov rax, rsi
    mov rbx, [rax + 8]
    mov rcx, [rax + 16]
    mov rdx, [rax + 24]
    mov rsi, [rax + 32]
    mov rdi, [rax + 40]
    mov rbp, [rax + 48]
    mov r8,  [rax + 64]
    mov r9,  [rax + 72]
    mov r10, [rax + 80]
    mov r11, [rax + 88]
    mov r12, [rax + 96]
    mov r13, [rax + 104]
    mov r14, [rax + 112]
    mov r15, [rax + 120]
    mov rax, [rsp]
    vmload
    vmrun
    vmsave                      ; guest's FS/GS/TR/... back into its VMCB

    mov rax, [rsp + 8]
    mov [rax + 8], rbx
    mov [rax + 16], rcx
    mov [rax + 24], rdx
    mov [rax + 32], rsi
    mov [rax + 40], rdi
    mov [rax + 48], rbp
    mov [rax + 64], r8
    mov [rax + 72], r9
    mov [rax + 80], r10
    mov [rax + 88], r11
    mov [rax + 96], r12
    mov [rax + 104], r13
    mov [rax + 112], r14
    mov [rax + 120], r15
    mov rax, [rsp + 16]
    vmload                      ; host TR (our IST stacks), FS/GS back

    add rsp, 24
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbx
    pop rbp
    ret
