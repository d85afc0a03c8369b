/* AArch64 _start with a hand-written GNU property note claiming
   GNU_PROPERTY_AARCH64_FEATURE_1_AND = BTI | PAC | GCS (bits 0,1,2 = 7). */
        .file   "gcs_aarch64.S"
        .text
        .globl  _start
        .type   _start, %function
_start:
        bti     c
        mov     x8, #93         /* __NR_exit */
        mov     x0, #0
        svc     #0
        .size   _start, .-_start

        .section .note.gnu.property, "a"
        .p2align 3
        .word   4               /* n_namesz: "GNU\0" */
        .word   16              /* n_descsz: one property, 8-byte aligned */
        .word   5               /* n_type: NT_GNU_PROPERTY_TYPE_0 */
        .asciz  "GNU"
        .word   0xc0000000      /* GNU_PROPERTY_AARCH64_FEATURE_1_AND */
        .word   4               /* pr_datasz */
        .word   7               /* BTI | PAC | GCS */
        .word   0               /* pad to 8 */

        .section .note.GNU-stack, "", %progbits
