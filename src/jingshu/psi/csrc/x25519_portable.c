/* Portable X25519 (RFC 7748, section 5): radix-2^51 field arithmetic with
 * unsigned __int128 products and the Montgomery ladder of the RFC's pseudocode.
 */
#include <string.h>

#include "x25519.h"

typedef unsigned __int128 u128;

#define MASK51 ((UINT64_C(1) << 51) - 1)

static uint64_t load64(const uint8_t *s) {
    uint64_t w = 0;
    for (int i = 7; i >= 0; i--) w = (w << 8) | s[i];
    return w;
}

static void store64(uint8_t *s, uint64_t w) {
    for (int i = 0; i < 8; i++) s[i] = (uint8_t)(w >> (8 * i));
}

/* decodeUCoordinate: the top bit is ignored; values >= p are kept, unreduced. */
void fe51_frombytes(fe51 *h, const uint8_t s[X25519_BYTES]) {
    uint64_t w0 = load64(s), w1 = load64(s + 8), w2 = load64(s + 16);
    uint64_t w3 = load64(s + 24) & INT64_MAX;
    h->v[0] = w0 & MASK51;
    h->v[1] = ((w0 >> 51) | (w1 << 13)) & MASK51;
    h->v[2] = ((w1 >> 38) | (w2 << 26)) & MASK51;
    h->v[3] = ((w2 >> 25) | (w3 << 39)) & MASK51;
    h->v[4] = w3 >> 12;
}

static void carry(fe51 *h) {
    for (int i = 0; i < 4; i++) {
        h->v[i + 1] += h->v[i] >> 51;
        h->v[i] &= MASK51;
    }
    h->v[0] += 19 * (h->v[4] >> 51);
    h->v[4] &= MASK51;
}

/* The unique representative in [0, p), little-endian. */
void fe51_tobytes(uint8_t s[X25519_BYTES], const fe51 *f) {
    fe51 h = *f;
    carry(&h);
    carry(&h); /* now every limb < 2^51 except h0 < 2^51 + 19*small: once more */
    carry(&h);
    uint64_t q = (h.v[0] + 19) >> 51; /* q = 1 exactly when h >= p */
    for (int i = 1; i < 5; i++) q = (h.v[i] + q) >> 51;
    h.v[0] += 19 * q;
    for (int i = 0; i < 4; i++) {
        h.v[i + 1] += h.v[i] >> 51;
        h.v[i] &= MASK51;
    }
    h.v[4] &= MASK51;
    store64(s, h.v[0] | (h.v[1] << 51));
    store64(s + 8, (h.v[1] >> 13) | (h.v[2] << 38));
    store64(s + 16, (h.v[2] >> 26) | (h.v[3] << 25));
    store64(s + 24, (h.v[3] >> 39) | (h.v[4] << 12));
}

/* Carry 128-bit columns into limbs below 2^51 (h1 below 2^52). */
static void reduce(fe51 *h, u128 r[5]) {
    for (int i = 0; i < 4; i++) {
        r[i + 1] += r[i] >> 51;
        h->v[i] = (uint64_t)r[i] & MASK51;
    }
    u128 c = (r[4] >> 51) * 19 + h->v[0];
    h->v[4] = (uint64_t)r[4] & MASK51;
    h->v[0] = (uint64_t)c & MASK51;
    h->v[1] += (uint64_t)(c >> 51);
}

/* h = f * g; inputs with limbs < 2^54, output limbs < 2^52. */
void fe51_mul(fe51 *h, const fe51 *f, const fe51 *g) {
    const uint64_t *a = f->v, *b = g->v;
    uint64_t b1 = 19 * b[1], b2 = 19 * b[2], b3 = 19 * b[3], b4 = 19 * b[4];
    u128 r[5];
    r[0] = (u128)a[0] * b[0] + (u128)a[1] * b4 + (u128)a[2] * b3 + (u128)a[3] * b2
         + (u128)a[4] * b1;
    r[1] = (u128)a[0] * b[1] + (u128)a[1] * b[0] + (u128)a[2] * b4 + (u128)a[3] * b3
         + (u128)a[4] * b2;
    r[2] = (u128)a[0] * b[2] + (u128)a[1] * b[1] + (u128)a[2] * b[0] + (u128)a[3] * b4
         + (u128)a[4] * b3;
    r[3] = (u128)a[0] * b[3] + (u128)a[1] * b[2] + (u128)a[2] * b[1] + (u128)a[3] * b[0]
         + (u128)a[4] * b4;
    r[4] = (u128)a[0] * b[4] + (u128)a[1] * b[3] + (u128)a[2] * b[2] + (u128)a[3] * b[1]
         + (u128)a[4] * b[0];
    reduce(h, r);
}

/* h = f^2: the same columns with the symmetric products once, doubled. */
static void fe51_sq(fe51 *h, const fe51 *f) {
    const uint64_t *a = f->v;
    uint64_t d0 = 2 * a[0], d1 = 2 * a[1], d2 = 2 * a[2], d3 = 2 * a[3];
    uint64_t a3 = 19 * a[3], a4 = 19 * a[4];
    u128 r[5];
    r[0] = (u128)a[0] * a[0] + (u128)d1 * a4 + (u128)d2 * a3;
    r[1] = (u128)d0 * a[1] + (u128)d2 * a4 + (u128)a[3] * a3;
    r[2] = (u128)d0 * a[2] + (u128)a[1] * a[1] + (u128)d3 * a4;
    r[3] = (u128)d0 * a[3] + (u128)d1 * a[2] + (u128)a[4] * a4;
    r[4] = (u128)d0 * a[4] + (u128)d1 * a[3] + (u128)a[2] * a[2];
    reduce(h, r);
}

static void fe51_sq_n(fe51 *h, const fe51 *f, int n) {
    fe51_sq(h, f);
    while (--n > 0) fe51_sq(h, h);
}

/* out = z^(p-2) = z^(2^255 - 21); 0 stays 0.  Chain: 254 squarings, 11 products. */
void fe51_invert(fe51 *out, const fe51 *z) {
    fe51 t0, t1, t2, t3;
    fe51_sq_n(&t0, z, 1);          /* z^2 */
    fe51_sq_n(&t1, &t0, 2);        /* z^8 */
    fe51_mul(&t1, z, &t1);         /* z^9 */
    fe51_mul(&t0, &t0, &t1);       /* z^11 */
    fe51_sq_n(&t2, &t0, 1);        /* z^22 */
    fe51_mul(&t1, &t1, &t2);       /* z^(2^5 - 1) */
    fe51_sq_n(&t2, &t1, 5);
    fe51_mul(&t1, &t2, &t1);       /* z^(2^10 - 1) */
    fe51_sq_n(&t2, &t1, 10);
    fe51_mul(&t2, &t2, &t1);       /* z^(2^20 - 1) */
    fe51_sq_n(&t3, &t2, 20);
    fe51_mul(&t2, &t3, &t2);       /* z^(2^40 - 1) */
    fe51_sq_n(&t2, &t2, 10);
    fe51_mul(&t1, &t2, &t1);       /* z^(2^50 - 1) */
    fe51_sq_n(&t2, &t1, 50);
    fe51_mul(&t2, &t2, &t1);       /* z^(2^100 - 1) */
    fe51_sq_n(&t3, &t2, 100);
    fe51_mul(&t2, &t3, &t2);       /* z^(2^200 - 1) */
    fe51_sq_n(&t2, &t2, 50);
    fe51_mul(&t1, &t2, &t1);       /* z^(2^250 - 1) */
    fe51_sq_n(&t1, &t1, 5);        /* z^(2^255 - 32) */
    fe51_mul(out, &t1, &t0);       /* z^(2^255 - 21) */
}

void x25519_clamp(uint8_t out[X25519_BYTES], const uint8_t scalar[X25519_BYTES]) {
    memcpy(out, scalar, X25519_BYTES);
    out[0] &= 248;
    out[31] &= 127;
    out[31] |= 64;
}

static void fe51_add(fe51 *h, const fe51 *f, const fe51 *g) {
    for (int i = 0; i < 5; i++) h->v[i] = f->v[i] + g->v[i];
}

/* f - g + 4p: limbs stay positive for g limbs < 2^53 - 76. */
static void fe51_sub(fe51 *h, const fe51 *f, const fe51 *g) {
    h->v[0] = f->v[0] + UINT64_C(0x1fffffffffffb4) - g->v[0];
    for (int i = 1; i < 5; i++) h->v[i] = f->v[i] + UINT64_C(0x1ffffffffffffc) - g->v[i];
}

static void fe51_mul_a24(fe51 *h, const fe51 *f) {
    u128 r[5];
    for (int i = 0; i < 5; i++) r[i] = (u128)f->v[i] * 121665;
    reduce(h, r);
}

static void cswap(fe51 *f, fe51 *g, uint64_t bit) {
    uint64_t mask = 0 - bit;
    for (int i = 0; i < 5; i++) {
        uint64_t t = mask & (f->v[i] ^ g->v[i]);
        f->v[i] ^= t;
        g->v[i] ^= t;
    }
}

static void ladder(uint8_t out[X25519_BYTES], const uint8_t k[X25519_BYTES],
                   const uint8_t u[X25519_BYTES]) {
    fe51 x1, x2 = {{1}}, z2 = {{0}}, x3, z3 = {{1}}, a, aa, b, bb, e, c, d, da, cb, t;
    fe51_frombytes(&x1, u);
    x3 = x1;
    uint64_t swap = 0;
    for (int pos = 254; pos >= 0; pos--) {
        uint64_t bit = (k[pos >> 3] >> (pos & 7)) & 1;
        swap ^= bit;
        cswap(&x2, &x3, swap);
        cswap(&z2, &z3, swap);
        swap = bit;
        fe51_add(&a, &x2, &z2);
        fe51_sq(&aa, &a);
        fe51_sub(&b, &x2, &z2);
        fe51_sq(&bb, &b);
        fe51_sub(&e, &aa, &bb);
        fe51_add(&c, &x3, &z3);
        fe51_sub(&d, &x3, &z3);
        fe51_mul(&da, &d, &a);
        fe51_mul(&cb, &c, &b);
        fe51_add(&t, &da, &cb);
        fe51_sq(&x3, &t);
        fe51_sub(&t, &da, &cb);
        fe51_sq(&t, &t);
        fe51_mul(&z3, &x1, &t);
        fe51_mul(&x2, &aa, &bb);
        fe51_mul_a24(&t, &e);
        fe51_add(&t, &aa, &t);
        fe51_mul(&z2, &e, &t);
    }
    cswap(&x2, &x3, swap);
    cswap(&z2, &z3, swap);
    fe51_invert(&z2, &z2);
    fe51_mul(&x2, &x2, &z2);
    fe51_tobytes(out, &x2);
}

void x25519_batch_portable(uint8_t *out, const uint8_t scalar[X25519_BYTES],
                           const uint8_t *us, size_t n) {
    uint8_t k[X25519_BYTES];
    x25519_clamp(k, scalar);
    for (size_t i = 0; i < n; i++) ladder(out + i * X25519_BYTES, k, us + i * X25519_BYTES);
}
