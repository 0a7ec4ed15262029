/* X25519 (RFC 7748) of one scalar with many u-coordinates: shared declarations.
 *
 * Field elements mod p = 2^255 - 19 use radix 2^51, five limbs.  Two ladders
 * implement the same function: a portable one (unsigned __int128) and an 8-lane
 * AVX-512 IFMA one, chosen at run time.  Both are constant time in the scalar
 * and the u-coordinates: a fixed 255-step Montgomery ladder, conditional swaps by
 * masks, and a fixed addition chain for the inversion.
 */
#ifndef JINGSHU_X25519_H
#define JINGSHU_X25519_H

#include <stddef.h>
#include <stdint.h>

#define X25519_BYTES 32

typedef struct { uint64_t v[5]; } fe51;

/* Shared by both ladders (x25519_portable.c). */
void fe51_frombytes(fe51 *h, const uint8_t s[X25519_BYTES]);
void fe51_tobytes(uint8_t s[X25519_BYTES], const fe51 *h);
void fe51_mul(fe51 *h, const fe51 *f, const fe51 *g);
void fe51_invert(fe51 *out, const fe51 *z);
void x25519_clamp(uint8_t out[X25519_BYTES], const uint8_t scalar[X25519_BYTES]);

/* out[i] = X25519(scalar, us[i]) for i < n; the scalar is clamped here. */
void x25519_batch_portable(uint8_t *out, const uint8_t scalar[X25519_BYTES],
                           const uint8_t *us, size_t n);

/* 1 when the IFMA ladder was compiled in and this CPU (and OS) supports it. */
int x25519_ifma_available(void);
/* Same contract as x25519_batch_portable; only call when available. */
void x25519_batch_ifma(uint8_t *out, const uint8_t scalar[X25519_BYTES],
                       const uint8_t *us, size_t n);

#endif
