/* Small open-addressing hash maps (string or long keys -> index) that let the
 * engine settle each candidate with a handful of lookups. */

#include "core/picks/picks_internal.h"

#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint64_t pk_hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static uint64_t hash_long(long v)
{
    uint64_t x = (uint64_t)v * 0x9E3779B97F4A7C15ULL;
    return x ^ (x >> 29);
}

/* Slot of hash h: the capacity needs not be a power of two. */
static size_t slot(uint64_t h, size_t cap)
{
    return (size_t)(h % cap);
}

/* The capacity is exactly twice the keys expected (at most half full),
 * not the next power of two: main's line of 100 000 commits fills three
 * maps whose every page is touched (issue 18). */
void pk_map_init(map *m, size_t expect, bool longkeys)
{
    size_t cap = expect * 2 + 2;
    if (cap < 16)
        cap = 16;
    m->cap = cap;
    m->n = 0;
    m->keys = longkeys ? NULL : rc_xcalloc(cap, sizeof *m->keys);
    m->nkeys = longkeys ? rc_xcalloc(cap, sizeof *m->nkeys) : NULL;
    m->vals = rc_xcalloc(cap, sizeof *m->vals);
}

void pk_map_free(map *m)
{
    free(m->keys);
    free(m->nkeys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* First insertion wins: the oldest commit is the one recorded. Capacity is
 * fixed at init (twice the most keys ever inserted). */
void pk_map_put(map *m, const char *k, size_t v)
{
    if (!k || !*k || m->n * 2 >= m->cap || v >= UINT32_MAX)
        return;
    size_t i = slot(pk_hash_str(k), m->cap);
    while (m->keys[i]) {
        if (strcmp(m->keys[i], k) == 0)
            return;
        i = i + 1 == m->cap ? 0 : i + 1;
    }
    m->keys[i] = k;
    m->vals[i] = (uint32_t)v;
    m->n++;
}

size_t pk_map_get(const map *m, const char *k)
{
    if (!k || !*k || !m->cap)
        return NONE;
    size_t i = slot(pk_hash_str(k), m->cap);
    while (m->keys[i]) {
        if (strcmp(m->keys[i], k) == 0)
            return m->vals[i];
        i = i + 1 == m->cap ? 0 : i + 1;
    }
    return NONE;
}

void pk_map_putl(map *m, long k, size_t v)
{
    if (k <= 0 || m->n * 2 >= m->cap || v >= UINT32_MAX)
        return;
    size_t i = slot(hash_long(k), m->cap);
    while (m->nkeys[i]) {
        if (m->nkeys[i] == k)
            return;
        i = i + 1 == m->cap ? 0 : i + 1;
    }
    m->nkeys[i] = k;
    m->vals[i] = (uint32_t)v;
    m->n++;
}

size_t pk_map_getl(const map *m, long k)
{
    if (k <= 0 || !m->cap)
        return NONE;
    size_t i = slot(hash_long(k), m->cap);
    while (m->nkeys[i]) {
        if (m->nkeys[i] == k)
            return m->vals[i];
        i = i + 1 == m->cap ? 0 : i + 1;
    }
    return NONE;
}
