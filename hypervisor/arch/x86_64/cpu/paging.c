/* Host page tables (x86-64 4-level paging, SDM vol. 3A §4.5). The kernel runs
 * identity-mapped: PML4[0] covers the first 512 GiB and is shared by all CPUs;
 * PML4[511] differs per CPU and maps that CPU's area at PERCPU_VA. */
#include "arch/x86_64/cpu/paging.h"
#include "arch/x86_64/cpu/layout.h"
#include "core/mm/frame.h"
#include "core/mm/phys.h"
#include "lib/errors.h"

#define PTE_P BIT(0)
#define PTE_W BIT(1)
#define PTE_PS BIT(7)
#define PTE_NX BIT(63)
#define PTE_ADDR 0x000ffffffffff000ull

extern uint64_t boot_pml4[512];

static uint64_t *table(uint64_t e) { return phys_to_virt(e & PTE_ADDR); }

int paging_map_identity(struct frame_alloc *fa, uint64_t max_pa, bool use_1g)
{
    uint64_t *pdpt = table(boot_pml4[0]);
    uint64_t limit = MIN(ALIGN_UP(max_pa, GiB(1)), GiB(512));
    for (uint64_t gb = 4; gb * GiB(1) < limit; gb++) {
        if (pdpt[gb] & PTE_P)
            continue;
        if (use_1g) {
            pdpt[gb] = (gb * GiB(1)) | PTE_P | PTE_W | PTE_PS | PTE_NX;
            continue;
        }
        uint64_t pd_pa = frame_alloc_zeroed(fa);
        if (!pd_pa)
            return QV_ERR_NOMEM;
        uint64_t *pd = phys_to_virt(pd_pa);
        for (unsigned i = 0; i < 512; i++)
            pd[i] = (gb * GiB(1) + i * MiB(2)) | PTE_P | PTE_W | PTE_PS | PTE_NX;
        pdpt[gb] = pd_pa | PTE_P | PTE_W;
    }
    return QV_OK;
}

uint64_t paging_build_cpu_pml4(struct frame_alloc *fa, uint64_t percpu_pa)
{
    uint64_t pml4_pa = frame_alloc_zeroed(fa), pdpt_pa = frame_alloc_zeroed(fa);
    uint64_t pd_pa = frame_alloc_zeroed(fa), pt_pa = frame_alloc_zeroed(fa);
    if (!pml4_pa || !pdpt_pa || !pd_pa || !pt_pa) {
        uint64_t got[4] = { pml4_pa, pdpt_pa, pd_pa, pt_pa };
        for (int i = 0; i < 4; i++)
            if (got[i])
                frame_free(fa, got[i], 1);
        return 0;
    }
    uint64_t *pml4 = phys_to_virt(pml4_pa), *pdpt = phys_to_virt(pdpt_pa);
    uint64_t *pd = phys_to_virt(pd_pa), *pt = phys_to_virt(pt_pa);
    for (unsigned i = 0; i < 511; i++)
        pml4[i] = boot_pml4[i];
    pml4[511] = pdpt_pa | PTE_P | PTE_W;
    pdpt[0] = pd_pa | PTE_P | PTE_W;
    pd[0] = pt_pa | PTE_P | PTE_W;
    for (unsigned i = 0; i < PERCPU_PAGES; i++)
        pt[i] = (percpu_pa + i * PAGE_SIZE) | PTE_P | PTE_W | PTE_NX;
    return pml4_pa;
}
