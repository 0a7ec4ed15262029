/* X25519 (RFC 7748) on eight u-coordinates at once with AVX-512 IFMA.
 *
 * A field element is five 512-bit vectors: limb i of lanes 0..7, radix 2^51.
 * vpmadd52luq/vpmadd52huq multiply the low 52 bits of two limbs and add the low
 * or high 52 bits of the 104-bit product to an accumulator, so every multiplier
 * input must be below 2^52: products leave limbs below 2^51 + 2^15, and every
 * sum or difference is carried once (limbs below 2^51 + 57) before it is
 * multiplied.  The high half of a product has weight 2^52 = 2 * 2^51, and
 * 2^255 = 19 mod p folds columns 5..9 onto 0..4.
 *
 * All lanes share the scalar, so the ladder's conditional swaps are the same in
 * every lane; they are done with masks (no branch or address depends on a
 * secret).  Compiled with target attributes, used only where the CPU has IFMA.
 */
#include <string.h>

#include "x25519.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

#define IFMA __attribute__((target("avx512f,avx512ifma")))
#define IFMA_INLINE static inline __attribute__((always_inline, target("avx512f,avx512ifma")))
#define LANES 8

typedef struct { __m512i v[5]; } fe8;

IFMA_INLINE __m512i mask51(void) { return _mm512_set1_epi64((INT64_C(1) << 51) - 1); }

/* One parallel carry: limbs below 2^64 -> below 2^51 + 19 * 2^13. */
IFMA_INLINE void fe8_carry(fe8 *h, const __m512i r[5]) {
    __m512i c[5], m = mask51();
    for (int i = 0; i < 5; i++) c[i] = _mm512_srli_epi64(r[i], 51);
    h->v[0] = _mm512_madd52lo_epu64(_mm512_and_si512(r[0], m), c[4], _mm512_set1_epi64(19));
    for (int i = 1; i < 5; i++) h->v[i] = _mm512_add_epi64(_mm512_and_si512(r[i], m), c[i - 1]);
}

IFMA_INLINE __m512i times19(__m512i x) {
    return _mm512_add_epi64(_mm512_add_epi64(x, _mm512_slli_epi64(x, 1)),
                            _mm512_slli_epi64(x, 4));
}

/* h = f * g for limbs below 2^52; columns below 2^56, folded sums below 2^61. */
IFMA_INLINE void fe8_mul(fe8 *h, const fe8 *f, const fe8 *g) {
    __m512i lo[10], hi[10], c[10], r[5];
    for (int k = 0; k < 10; k++) lo[k] = hi[k] = _mm512_setzero_si512();
    for (int i = 0; i < 5; i++) {
        for (int j = 0; j < 5; j++) {
            lo[i + j] = _mm512_madd52lo_epu64(lo[i + j], f->v[i], g->v[j]);
            hi[i + j + 1] = _mm512_madd52hi_epu64(hi[i + j + 1], f->v[i], g->v[j]);
        }
    }
    for (int k = 0; k < 10; k++) c[k] = _mm512_add_epi64(lo[k], _mm512_slli_epi64(hi[k], 1));
    for (int k = 0; k < 5; k++) r[k] = _mm512_add_epi64(c[k], times19(c[k + 5]));
    fe8_carry(h, r);
}

/* h = f^2: the ten cross products once, doubled, then the five squares. */
IFMA_INLINE void fe8_sq(fe8 *h, const fe8 *f) {
    __m512i lo[10], hi[10], c[10], r[5];
    for (int k = 0; k < 10; k++) lo[k] = hi[k] = _mm512_setzero_si512();
    for (int i = 0; i < 5; i++) {
        for (int j = i + 1; j < 5; j++) {
            lo[i + j] = _mm512_madd52lo_epu64(lo[i + j], f->v[i], f->v[j]);
            hi[i + j + 1] = _mm512_madd52hi_epu64(hi[i + j + 1], f->v[i], f->v[j]);
        }
    }
    for (int k = 0; k < 10; k++) {
        lo[k] = _mm512_slli_epi64(lo[k], 1);
        hi[k] = _mm512_slli_epi64(hi[k], 1);
    }
    for (int i = 0; i < 5; i++) {
        lo[2 * i] = _mm512_madd52lo_epu64(lo[2 * i], f->v[i], f->v[i]);
        hi[2 * i + 1] = _mm512_madd52hi_epu64(hi[2 * i + 1], f->v[i], f->v[i]);
    }
    for (int k = 0; k < 10; k++) c[k] = _mm512_add_epi64(lo[k], _mm512_slli_epi64(hi[k], 1));
    for (int k = 0; k < 5; k++) r[k] = _mm512_add_epi64(c[k], times19(c[k + 5]));
    fe8_carry(h, r);
}

IFMA_INLINE void fe8_add(fe8 *h, const fe8 *f, const fe8 *g) {
    __m512i r[5];
    for (int i = 0; i < 5; i++) r[i] = _mm512_add_epi64(f->v[i], g->v[i]);
    fe8_carry(h, r);
}

/* f - g + 2p, carried; g limbs must be below 2^52 - 38 (products are). */
IFMA_INLINE void fe8_sub(fe8 *h, const fe8 *f, const fe8 *g) {
    __m512i r[5];
    for (int i = 0; i < 5; i++) {
        __m512i two_p = _mm512_set1_epi64(i ? (INT64_C(1) << 52) - 2 : (INT64_C(1) << 52) - 38);
        r[i] = _mm512_sub_epi64(_mm512_add_epi64(f->v[i], two_p), g->v[i]);
    }
    fe8_carry(h, r);
}

/* h = a + 121665 * e (the ladder's AA + a24 * E). */
IFMA_INLINE void fe8_add_a24(fe8 *h, const fe8 *a, const fe8 *e) {
    __m512i r[5], top[5], a24 = _mm512_set1_epi64(121665), zero = _mm512_setzero_si512();
    for (int i = 0; i < 5; i++) {
        r[i] = _mm512_madd52lo_epu64(a->v[i], e->v[i], a24);
        top[i] = _mm512_madd52hi_epu64(zero, e->v[i], a24);
    }
    for (int i = 1; i < 5; i++) r[i] = _mm512_add_epi64(r[i], _mm512_slli_epi64(top[i - 1], 1));
    r[0] = _mm512_madd52lo_epu64(r[0], top[4], _mm512_set1_epi64(38));
    fe8_carry(h, r);
}

IFMA_INLINE void fe8_cswap(fe8 *f, fe8 *g, __m512i mask) {
    for (int i = 0; i < 5; i++) {
        __m512i t = _mm512_and_si512(mask, _mm512_xor_si512(f->v[i], g->v[i]));
        f->v[i] = _mm512_xor_si512(f->v[i], t);
        g->v[i] = _mm512_xor_si512(g->v[i], t);
    }
}

IFMA static void fe8_sq_n(fe8 *h, const fe8 *f, int n) {
    fe8_sq(h, f);
    while (--n > 0) fe8_sq(h, h);
}

/* out = z^(p-2), the chain of fe51_invert in eight lanes. */
IFMA static void fe8_invert(fe8 *out, const fe8 *z) {
    fe8 t0, t1, t2, t3;
    fe8_sq_n(&t0, z, 1);
    fe8_sq_n(&t1, &t0, 2);
    fe8_mul(&t1, z, &t1);
    fe8_mul(&t0, &t0, &t1);
    fe8_sq_n(&t2, &t0, 1);
    fe8_mul(&t1, &t1, &t2);
    fe8_sq_n(&t2, &t1, 5);
    fe8_mul(&t1, &t2, &t1);
    fe8_sq_n(&t2, &t1, 10);
    fe8_mul(&t2, &t2, &t1);
    fe8_sq_n(&t3, &t2, 20);
    fe8_mul(&t2, &t3, &t2);
    fe8_sq_n(&t2, &t2, 10);
    fe8_mul(&t1, &t2, &t1);
    fe8_sq_n(&t2, &t1, 50);
    fe8_mul(&t2, &t2, &t1);
    fe8_sq_n(&t3, &t2, 100);
    fe8_mul(&t2, &t3, &t2);
    fe8_sq_n(&t2, &t2, 50);
    fe8_mul(&t1, &t2, &t1);
    fe8_sq_n(&t1, &t1, 5);
    fe8_mul(out, &t1, &t0);
}

IFMA static void fe8_load(fe8 *h, const uint8_t *us) {
    uint64_t limbs[5][LANES];
    for (int lane = 0; lane < LANES; lane++) {
        fe51 f;
        fe51_frombytes(&f, us + lane * X25519_BYTES);
        for (int i = 0; i < 5; i++) limbs[i][lane] = f.v[i];
    }
    for (int i = 0; i < 5; i++) h->v[i] = _mm512_loadu_si512(limbs[i]);
}

IFMA static void fe8_store(uint8_t *out, const fe8 *h) {
    uint64_t limbs[5][LANES];
    for (int i = 0; i < 5; i++) _mm512_storeu_si512(limbs[i], h->v[i]);
    for (int lane = 0; lane < LANES; lane++) {
        fe51 f;
        for (int i = 0; i < 5; i++) f.v[i] = limbs[i][lane];
        fe51_tobytes(out + lane * X25519_BYTES, &f);
    }
}

IFMA static void ladder_step(fe8 *x2, fe8 *z2, fe8 *x3, fe8 *z3, const fe8 *x1) {
    fe8 a, aa, b, bb, e, c, d, da, cb, t;
    fe8_add(&a, x2, z2);
    fe8_sub(&b, x2, z2);
    fe8_add(&c, x3, z3);
    fe8_sub(&d, x3, z3);
    fe8_sq(&aa, &a);
    fe8_sq(&bb, &b);
    fe8_mul(&da, &d, &a);
    fe8_mul(&cb, &c, &b);
    fe8_sub(&e, &aa, &bb);
    fe8_add(&t, &da, &cb);
    fe8_sq(x3, &t);
    fe8_sub(&t, &da, &cb);
    fe8_sq(&t, &t);
    fe8_mul(z3, x1, &t);
    fe8_mul(x2, &aa, &bb);
    fe8_add_a24(&t, &aa, &e);
    fe8_mul(z2, &e, &t);
}

/* Eight ladders (RFC 7748, section 5) with the clamped scalar k. */
IFMA static void ladder8(uint8_t *out, const uint8_t k[X25519_BYTES], const uint8_t *us) {
    fe8 x1, x2, z2, x3, z3;
    fe8_load(&x1, us);
    __m512i one = _mm512_set1_epi64(1), zero = _mm512_setzero_si512();
    x2 = (fe8){{one, zero, zero, zero, zero}};
    z2 = (fe8){{zero, zero, zero, zero, zero}};
    z3 = x2;
    x3 = x1;
    uint64_t swap = 0;
    for (int pos = 254; pos >= 0; pos--) {
        uint64_t bit = (k[pos >> 3] >> (pos & 7)) & 1;
        __m512i mask = _mm512_set1_epi64((int64_t)(0 - (swap ^ bit)));
        fe8_cswap(&x2, &x3, mask);
        fe8_cswap(&z2, &z3, mask);
        swap = bit;
        ladder_step(&x2, &z2, &x3, &z3, &x1);
    }
    __m512i mask = _mm512_set1_epi64((int64_t)(0 - swap));
    fe8_cswap(&x2, &x3, mask);
    fe8_cswap(&z2, &z3, mask);
    fe8_invert(&z2, &z2);
    fe8_mul(&x2, &x2, &z2);
    fe8_store(out, &x2);
}

int x25519_ifma_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512ifma");
}

void x25519_batch_ifma(uint8_t *out, const uint8_t scalar[X25519_BYTES], const uint8_t *us,
                       size_t n) {
    uint8_t k[X25519_BYTES], tail_in[LANES * X25519_BYTES], tail_out[LANES * X25519_BYTES];
    x25519_clamp(k, scalar);
    size_t whole = n - n % LANES;
    for (size_t i = 0; i < whole; i += LANES)
        ladder8(out + i * X25519_BYTES, k, us + i * X25519_BYTES);
    if (whole == n) return;
    memset(tail_in, 0, sizeof tail_in);
    for (size_t lane = 0; lane < LANES; lane++) tail_in[lane * X25519_BYTES] = 9;
    memcpy(tail_in, us + whole * X25519_BYTES, (n - whole) * X25519_BYTES);
    ladder8(tail_out, k, tail_in);
    memcpy(out + whole * X25519_BYTES, tail_out, (n - whole) * X25519_BYTES);
}

#else /* no x86-64 GCC/Clang: the portable ladder only */

int x25519_ifma_available(void) { return 0; }

void x25519_batch_ifma(uint8_t *out, const uint8_t scalar[X25519_BYTES], const uint8_t *us,
                       size_t n) {
    x25519_batch_portable(out, scalar, us, n);
}

#endif
