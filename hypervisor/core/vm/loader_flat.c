/* Flat binary loader: the image is copied byte for byte to one guest-physical
 * address and entered at its first byte. */
#include "core/vm/loader.h"
#include "lib/errors.h"

int load_flat(const struct guest_mem_writer *m, const void *image, size_t len,
              uint64_t load_gpa, struct guest_entry *out)
{
    if (!m || !m->write || !out || !image || len == 0)
        return QV_ERR_INVAL;
    /* Written as a subtraction so a huge load_gpa cannot wrap the sum. */
    if (load_gpa >= m->ram_size || len > m->ram_size - load_gpa)
        return QV_ERR_RANGE;
    int rc = m->write(m->ctx, load_gpa, image, len);
    if (rc)
        return rc;
    out->entry = load_gpa;
    /* A real-mode CS reaches base = selector * 16 (SDM vol. 3A §20.1.1), so
     * only paragraph-aligned addresses below 1 MiB can be entered at IP = 0. */
    out->mode = (load_gpa < LOADER_HIGH_RAM_START && IS_ALIGNED(load_gpa, 16))
                    ? GUEST_START_REAL : GUEST_START_PROTECTED;
    out->eax = 0;
    out->ebx = 0;
    return QV_OK;
}
