/* The demo's random numbers: splitmix64, seeded once per history. */
#include "demo/demo_internal.h"

void demo_rng_seed(demo_rng *r, uint64_t seed)
{
    r->s = seed ^ 0x9E3779B97F4A7C15ull;
}

uint64_t demo_rng_next(demo_rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

unsigned demo_rng_below(demo_rng *r, unsigned n)
{
    return n ? (unsigned)(demo_rng_next(r) % n) : 0;
}

double demo_rng_unit(demo_rng *r)
{
    return (double)(demo_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}
