#ifndef CCRC32C_H
#define CCRC32C_H

#include <stddef.h>
#include <stdint.h>

/// Continues a CRC-32C (start with 0) over `count` bytes with the CPU's crc32 instruction.
/// Returns 0 and leaves `*crc` alone where the CPU has none; then the caller computes it itself.
int ccrc32c_hardware(uint32_t *crc, const void *bytes, size_t count);

#endif
