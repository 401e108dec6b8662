/* Shared by the libFuzzer targets: the input as a C string (the parsers
 * read strings), and a sandbox for the one target that writes files.
 * Each target is LLVMFuzzerTestOneInput(data, size). */
#ifndef MYDOCKER_FUZZ_H
#define MYDOCKER_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* A NUL-terminated copy of data (free() it); NULL when data holds a NUL
 * before its end (the parsers take C strings: such input cannot reach
 * them) or on allocation failure. */
char *fuzz_string(const uint8_t *data, size_t size);

#endif
