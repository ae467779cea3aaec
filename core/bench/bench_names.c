/* Names of benchmark results: hardware, backend, metric units and directions. */
#include "core/bench/bench.h"

#include "core/base/util.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- names ---- */

static bool has_word(const char *s, const char *w)
{
    return strstr(s, w) != NULL;
}

void rc_bench_normalize_hardware(char *out, size_t n, const char *type)
{
    static const char *const vendor[] = {"NVIDIA", "AMD",   "Instinct", "Radeon", "GeForce",
                                         "Tesla",  "Intel", "Data",     "Center", NULL};
    if (n == 0)
        return;
    out[0] = '\0';
    char *copy = rc_xstrdup(type ? type : "");
    rc_buf b = {0};
    char *save = NULL;
    for (char *tok = strtok_r(copy, " \t_", &save); tok; tok = strtok_r(NULL, " \t_", &save)) {
        bool skip = false;
        for (size_t i = 0; vendor[i]; i++)
            if (strcasecmp(tok, vendor[i]) == 0)
                skip = true;
        if (skip)
            continue;
        /* "A100-SXM4-80GB": the model is before the first dash. */
        char *dash = strchr(tok, '-');
        if (dash && dash != tok)
            *dash = '\0';
        bool has_digit = false;
        for (char *p = tok; *p; p++)
            if (isdigit((unsigned char)*p))
                has_digit = true;
        rc_buf_puts(&b, tok);
        /* "RTX 4090": a family word without digits takes the next token. */
        if (has_digit || b.len > 16)
            break;
    }
    char *s = rc_buf_detach(&b);
    /* Upper case, so "h100" typed by hand and "H100" from a runner agree. */
    for (char *p = s; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    snprintf(out, n, "%s", *s ? s : (type ? type : ""));
    free(s);
    free(copy);
}

static bool contains_ci(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (; s && *s; s++)
        if (strncasecmp(s, w, n) == 0)
            return true;
    return false;
}

const char *rc_bench_backend_of(const char *runner_name, const char *hardware)
{
    if (runner_name && contains_ci(runner_name, "rocm"))
        return "rocm";
    if (runner_name && contains_ci(runner_name, "cuda"))
        return "cuda";
    if (hardware && (contains_ci(hardware, "AMD") || contains_ci(hardware, "Instinct") ||
                     contains_ci(hardware, "Radeon") || strncasecmp(hardware, "MI", 2) == 0))
        return "rocm";
    return "cuda";
}

const char *rc_bench_metric_unit(const char *m)
{
    if (rc_str_ends_with(m, "_ms"))
        return "ms";
    if (has_word(m, "request_throughput") || has_word(m, "requests_per_second") ||
        has_word(m, "request_goodput"))
        return "req/s";
    if (has_word(m, "token_throughput") || has_word(m, "output_throughput") ||
        has_word(m, "tokens_per_second") || has_word(m, "input_throughput"))
        return "tok/s";
    if (has_word(m, "latency") || strcmp(m, "duration") == 0 || rc_str_ends_with(m, "_s") ||
        rc_str_ends_with(m, "_time"))
        return "s";
    return "";
}

int rc_bench_metric_direction(const char *m, const char *const *overrides, size_t n_overrides)
{
    size_t mlen = strlen(m);
    for (size_t i = n_overrides; i-- > 0;) {
        const char *o = overrides[i];
        const char *eq = strchr(o, '=');
        if (eq && (size_t)(eq - o) == mlen && strncmp(o, m, mlen) == 0) {
            if (strcasecmp(eq + 1, "higher") == 0)
                return 1;
            if (strcasecmp(eq + 1, "lower") == 0)
                return -1;
        }
    }
    if (has_word(m, "throughput") || has_word(m, "goodput") || has_word(m, "requests_per_second") ||
        has_word(m, "tokens_per_second"))
        return 1;
    if (rc_str_ends_with(m, "_ms") || has_word(m, "latency") || has_word(m, "duration") ||
        rc_str_ends_with(m, "_time"))
        return -1;
    return 0;
}
