/* Per-hardware regression counts. Each hardware is compared on its own newest
 * RC with results, because ROCm results often arrive later than CUDA ones and
 * one lagging machine must not hide the other's regressions. */
#include "core/bench/bench_summary.h"

#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const rc_sql_rowtype text_type = {sizeof(char *), rc_sql_fill_text, rc_sql_clear_text,
                                         "reading benchmark hardware"};

/* The regression rows of d into s: names for the line, scopes and keys. */
static void add_regressions(rc_bench_hw_summary *s, const rc_bench_diff *d)
{
    rc_buf names = {0};
    for (size_t k = 0; k < d->n; k++) {
        const rc_bench_delta *x = &d->rows[k];
        if (x->verdict != RC_BENCH_REGRESSION)
            continue;
        char pct[32];
        rc_bench_fmt_pct(pct, sizeof pct, x->delta_pct);
        rc_buf_printf(&names, "%s%s %s (%s)", names.len ? ", " : "", x->metric, pct, x->model);
        s->scopes = rc_xrealloc(s->scopes, (s->regressions + 1) * sizeof *s->scopes);
        s->keys = rc_xrealloc(s->keys, (s->regressions + 1) * sizeof *s->keys);
        s->scopes[s->regressions] = rc_xstrdup(x->scope ? x->scope : x->hardware);
        s->keys[s->regressions] = rc_xasprintf("%s\t%s\t%s", x->model, x->test, x->metric);
        s->regressions++;
        if (!x->decision)
            s->untriaged++;
    }
    if (names.len)
        s->regressed = rc_buf_detach(&names);
    rc_buf_free(&names);
}

/* One hardware's newest RC against its base: 1 when it has no RC with
 * results (nothing to say), a negative error when the diff failed. */
static int summarize_hw(rc_bench_hw_summary *s, rc_db *db, rc_bench_diff_opts *o, const char *hw)
{
    char *head = NULL, *base = NULL;
    memset(s, 0, sizeof *s);
    if (rc_bench_default_head(&head, db, hw) != 0)
        return 1;
    s->hardware = rc_xstrdup(hw);
    s->head = head;
    if (rc_bench_default_base(&base, db, head, hw) != 0)
        return 0;
    s->base = base;
    rc_bench_diff *d = NULL;
    o->hardware = hw;
    int r = rc_bench_diff_compute(&d, db, NULL, base, head, o);
    if (r) {
        free(s->hardware);
        free(s->head);
        free(s->base);
        return r;
    }
    add_regressions(s, d);
    rc_bench_diff_free(d);
    return 0;
}

int rc_bench_regressions(rc_bench_hw_summary **out, size_t *n, rc_db *db,
                         const rc_bench_diff_opts *opts)
{
    if (out)
        *out = NULL;
    if (n)
        *n = 0;
    rc_bench_diff_opts o;
    if (opts)
        o = *opts;
    else
        rc_bench_diff_opts_init(&o, NULL);
    o.model = NULL;
    char **hws = NULL;
    size_t nhw = 0;
    int r = rc_sql_select(&hws, &nhw, db, &text_type,
                          "SELECT DISTINCT hardware FROM bench_results ORDER BY 1", 0);
    if (r)
        return r;
    rc_bench_hw_summary *res = NULL;
    size_t nres = 0;
    int total = 0;
    for (size_t i = 0; i < nhw; i++) {
        rc_bench_hw_summary s;
        r = summarize_hw(&s, db, &o, hws[i]);
        if (r < 0) {
            rc_bench_summary_free(res, nres);
            res = NULL;
            nres = 0;
            total = r;
            break;
        }
        rc_error_clear();
        if (r > 0)
            continue; /* no RC with results on this hardware */
        total += (int)s.regressions;
        res = rc_xrealloc(res, (nres + 1) * sizeof *res);
        res[nres++] = s;
    }
    rc_strv_free(hws, nhw);
    if (out && n) {
        *out = res;
        *n = nres;
    } else {
        rc_bench_summary_free(res, nres);
    }
    return total;
}

void rc_bench_summary_free(rc_bench_hw_summary *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < s[i].regressions; k++) {
            free(s[i].scopes[k]);
            free(s[i].keys[k]);
        }
        free(s[i].scopes);
        free(s[i].keys);
        char **const strs[] = {&s[i].hardware, &s[i].head, &s[i].base, &s[i].regressed};
        rc_strs_clear(strs, 4);
    }
    free(s);
}

/* Was the same regression on all hardware counted already (from another
 * hardware's comparison)? */
static bool counted_all(const rc_bench_hw_summary *s, size_t i, size_t k)
{
    for (size_t j = 0; j <= i; j++)
        for (size_t m = 0; m < (j < i ? s[j].regressions : k); m++)
            if (!strcmp(s[j].scopes[m], s[i].scopes[k]) && !strcmp(s[j].keys[m], s[i].keys[k]))
                return true;
    return false;
}

char *rc_bench_summary_line(const rc_bench_hw_summary *s, size_t n)
{
    const char **scopes = NULL;
    size_t *counts = NULL, ns = 0, total = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < s[i].regressions; k++) {
            const char *sc = s[i].scopes[k];
            if (strncmp(sc, "all", 3) == 0 && counted_all(s, i, k))
                continue;
            total++;
            size_t j = 0;
            while (j < ns && strcmp(scopes[j], sc))
                j++;
            if (j == ns) {
                scopes = rc_xrealloc(scopes, (ns + 1) * sizeof *scopes);
                counts = rc_xrealloc(counts, (ns + 1) * sizeof *counts);
                scopes[ns] = sc;
                counts[ns++] = 0;
            }
            counts[j]++;
        }
    rc_buf b = {0};
    if (total == 0)
        rc_buf_puts(&b, "no regressions");
    else
        rc_buf_printf(&b, "%zu regression%s", total, total == 1 ? "" : "s");
    for (size_t j = 0; j < ns; j++)
        rc_buf_printf(&b, "%s%zu %s%s", j ? ", " : ": ", counts[j],
                      strncmp(scopes[j], "all", 3) ? "" : "on ", scopes[j]);
    free(scopes);
    free(counts);
    return b.ptr;
}
