/* Terminal output for plain listings: width, colour, pager, tables, words. */
#include "cli/out.h"
#include "core/base/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wchar.h>

static pid_t pager_pid;
static int pager_width; /* the terminal's, taken before stdout became the pager's pipe */

int out_width(void)
{
    if (pager_pid > 0)
        return pager_width;
    if (!isatty(STDOUT_FILENO))
        return 0;
    const char *env = getenv("COLUMNS");
    if (env && atoi(env) > 0)
        return atoi(env);
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 80;
}

bool out_color(rc_ctx *ctx)
{
    rc_config *cfg = NULL;
    const char *mode = NULL;
    if (ctx && ctx->cfg)
        cfg = ctx->cfg;
    else if (ctx)
        ctx_config(ctx, &cfg);
    if (cfg && rc_config_string(&mode, cfg, "relcap.color") == 0 && mode) {
        if (strcmp(mode, "always") == 0)
            return true;
        if (strcmp(mode, "never") == 0)
            return false;
    }
    const char *nc = getenv("NO_COLOR");
    /* through the pager the terminal is still the reader (less -R shows colour) */
    return (pager_pid > 0 || isatty(STDOUT_FILENO)) && !(nc && *nc);
}

static void pager_wait(void)
{
    if (pager_pid <= 0)
        return;
    fflush(stdout);
    fclose(stdout); /* the pager sees the end of its input */
    int st;
    while (waitpid(pager_pid, &st, 0) < 0 && errno == EINTR)
        ;
    pager_pid = 0;
}

void out_pager(void)
{
    if (pager_pid > 0 || !isatty(STDOUT_FILENO))
        return;
    const char *pager = getenv("RELCAP_PAGER");
    if (!pager)
        pager = getenv("PAGER");
    if (!pager)
        pager = "less";
    if (!*pager || strcmp(pager, "cat") == 0)
        return;
    int fd[2];
    if (pipe(fd) != 0)
        return;
    fflush(stdout);
    int width = out_width();
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return;
    }
    if (pid == 0) {
        dup2(fd[0], STDIN_FILENO);
        close(fd[0]);
        close(fd[1]);
        setenv("LESS", "FRX", 0);
        setenv("LV", "-c", 0);
        execl("/bin/sh", "sh", "-c", pager, (char *)NULL);
        _exit(127);
    }
    close(fd[0]);
    dup2(fd[1], STDOUT_FILENO);
    close(fd[1]);
    pager_pid = pid;
    pager_width = width;
    atexit(pager_wait);
}

out_progress out_progress_of(bool lines, bool quiet)
{
    out_progress p = {.mode = OUT_PROGRESS_NONE};
    if (lines)
        p.mode = OUT_PROGRESS_LINES;
    else if (!quiet && isatty(2))
        p.mode = OUT_PROGRESS_TTY;
    return p;
}

void out_progress_line(void *ud, const char *msg)
{
    out_progress *p = ud;
    if (p->mode == OUT_PROGRESS_NONE)
        return;
    char *s = rc_sanitize(msg, false);
    fprintf(stderr, p->mode == OUT_PROGRESS_LINES ? "%s\n" : "\r\033[K%s", s);
    fflush(stderr);
    free(s);
    p->shown = true;
}

void out_progress_end(out_progress *p)
{
    if (p->mode == OUT_PROGRESS_TTY && p->shown)
        fputs("\r\033[K", stderr);
    p->shown = false;
}

const char *out_plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

const char *out_ci(const char *ci)
{
    return ci && *ci && strcmp(ci, "none") != 0 ? ci : NULL;
}

int out_text_width(const char *s)
{
    int w = 0;
    mbstate_t st;
    memset(&st, 0, sizeof st);
    for (const char *p = s; *p;) {
        wchar_t wc;
        size_t k = mbrtowc(&wc, p, strlen(p), &st);
        if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
            memset(&st, 0, sizeof st);
            w++;
            p++;
            continue;
        }
        int cw = wcwidth(wc);
        w += cw < 0 ? 1 : cw;
        p += k;
    }
    return w;
}

/* The longest prefix of s that fits in width columns. */
static size_t fit_bytes(const char *s, int width)
{
    int w = 0;
    mbstate_t st;
    memset(&st, 0, sizeof st);
    const char *p = s;
    while (*p) {
        wchar_t wc;
        size_t k = mbrtowc(&wc, p, strlen(p), &st);
        int cw = 1;
        if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
            memset(&st, 0, sizeof st);
            k = 1;
        } else {
            cw = wcwidth(wc) < 0 ? 1 : wcwidth(wc);
        }
        if (w + cw > width)
            break;
        w += cw;
        p += k;
    }
    return (size_t)(p - s);
}

struct out_table {
    out_col *cols;
    int *drop; /* per column: hidden in this order where room is short, 0 never */
    size_t ncols;
    char **cells; /* nrows * ncols */
    char **sgr;
    size_t nrows, cap;
};

out_table *out_table_new(const out_col *cols, size_t ncols)
{
    out_table *t = rc_xcalloc(1, sizeof *t);
    t->cols = rc_xcalloc(ncols, sizeof *t->cols);
    memcpy(t->cols, cols, ncols * sizeof *cols);
    t->drop = rc_xcalloc(ncols, sizeof *t->drop);
    t->ncols = ncols;
    return t;
}

void out_table_add(out_table *t, const char *const *cells, const char *sgr)
{
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->cells = rc_xrealloc(t->cells, t->cap * t->ncols * sizeof *t->cells);
        t->sgr = rc_xrealloc(t->sgr, t->cap * sizeof *t->sgr);
    }
    for (size_t c = 0; c < t->ncols; c++)
        t->cells[t->nrows * t->ncols + c] = rc_sanitize(cells[c] ? cells[c] : "-", false);
    t->sgr[t->nrows] = sgr ? rc_xstrdup(sgr) : NULL;
    t->nrows++;
}

static void put_cell(FILE *f, const char *s, int w, out_align al, bool last)
{
    int tw = out_text_width(s), avail = w;
    if (tw > avail) {
        /* cut with an ellipsis: only the free-text column gets here */
        size_t k = fit_bytes(s, avail > 1 ? avail - 1 : 0);
        fprintf(f, "%.*s%s", (int)k, s, avail > 0 ? "…" : "");
        tw = out_text_width(s) > 0 ? avail : 0;
    } else if (al == OUT_RIGHT) {
        fprintf(f, "%*s%s", w - tw, "", s);
        tw = w;
    } else {
        fputs(s, f);
    }
    if (!last && tw < w)
        fprintf(f, "%*s", w - tw, "");
}

void out_table_drop(out_table *t, size_t col, int order)
{
    if (col < t->ncols)
        t->drop[col] = order;
}

/* Column widths for a terminal of width columns (0: no limit): natural
 * widths, the free text cut to fit (never below 10), and when even that
 * does not fit, droppable columns hidden (w = -1) in their order. */
static int table_layout(const out_table *t, int *w, int width)
{
    int *natural = rc_xcalloc(t->ncols, sizeof *natural);
    for (size_t c = 0; c < t->ncols; c++) {
        natural[c] = out_text_width(t->cols[c].title);
        for (size_t r = 0; r < t->nrows; r++) {
            int cw = out_text_width(t->cells[r * t->ncols + c]);
            if (cw > natural[c])
                natural[c] = cw;
        }
        w[c] = natural[c];
    }
    int gap = 2;
    for (;;) {
        int total = 0, shown = 0;
        for (size_t c = 0; c < t->ncols; c++)
            if (w[c] >= 0) {
                w[c] = t->cols[c].free_text ? natural[c] : w[c];
                total += w[c];
                shown++;
            }
        gap = width > 0 && total + 2 * (shown - 1) > width ? 1 : 2;
        total += gap * (shown > 0 ? shown - 1 : 0);
        for (size_t c = 0; width > 0 && total > width && c < t->ncols; c++) {
            if (w[c] < 0 || !t->cols[c].free_text)
                continue;
            int keep = w[c] - (total - width) < 10 ? 10 : w[c] - (total - width);
            if (keep < w[c]) {
                total -= w[c] - keep;
                w[c] = keep;
            }
        }
        size_t drop = t->ncols;
        for (size_t c = 0; width > 0 && total > width && c < t->ncols; c++)
            if (w[c] >= 0 && t->drop[c] > 0 && (drop == t->ncols || t->drop[c] < t->drop[drop]))
                drop = c;
        if (drop == t->ncols)
            break;
        w[drop] = -1;
    }
    free(natural);
    return gap;
}

void out_table_print(const out_table *t, FILE *f, int width, bool color)
{
    int *w = rc_xcalloc(t->ncols, sizeof *w);
    int gap = table_layout(t, w, width);
    size_t lastc = 0;
    for (size_t c = 0; c < t->ncols; c++)
        if (w[c] >= 0)
            lastc = c;
    for (size_t r = 0; r <= t->nrows; r++) {
        const char *sgr = r == 0 ? "1" : t->sgr[r - 1];
        if (color && sgr)
            fprintf(f, "\033[%sm", sgr);
        for (size_t c = 0; c < t->ncols; c++) {
            if (w[c] < 0)
                continue;
            const char *s = r == 0 ? t->cols[c].title : t->cells[(r - 1) * t->ncols + c];
            bool last = c == lastc;
            put_cell(f, s, w[c], t->cols[c].align, last);
            if (!last)
                fprintf(f, "%*s", gap, "");
        }
        if (color && sgr)
            fputs("\033[m", f);
        fputc('\n', f);
    }
    free(w);
}

void out_table_free(out_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    for (size_t r = 0; r < t->nrows; r++)
        free(t->sgr[r]);
    free(t->cells);
    free(t->sgr);
    free(t->cols);
    free(t->drop);
    free(t);
}

/* git's levenshtein.c: an optimal-string-alignment distance with weights
 * for swap (w), substitution (s), insertion (a) and deletion (d). */
static int distance(const char *s1, const char *s2, int w, int s, int a, int d)
{
    size_t n1 = strlen(s1), n2 = strlen(s2);
    int *row0 = rc_xcalloc(n2 + 1, sizeof(int)), *row1 = rc_xcalloc(n2 + 1, sizeof(int)),
        *row2 = rc_xcalloc(n2 + 1, sizeof(int));
    for (size_t j = 0; j <= n2; j++)
        row1[j] = (int)j * a;
    for (size_t i = 0; i < n1; i++) {
        row2[0] = (int)(i + 1) * d;
        for (size_t j = 0; j < n2; j++) {
            row2[j + 1] = row1[j] + s * (s1[i] != s2[j]);
            if (i > 0 && j > 0 && s1[i - 1] == s2[j] && s1[i] == s2[j - 1] &&
                row2[j + 1] > row0[j - 1] + w)
                row2[j + 1] = row0[j - 1] + w;
            if (row2[j + 1] > row1[j + 1] + d)
                row2[j + 1] = row1[j + 1] + d;
            if (row2[j + 1] > row2[j] + a)
                row2[j + 1] = row2[j] + a;
        }
        int *tmp = row0;
        row0 = row1;
        row1 = row2;
        row2 = tmp;
    }
    int r = row1[n2];
    free(row0);
    free(row1);
    free(row2);
    return r;
}

/* git's help.c: a prefix scores 1, else the distance + 1; below 7 is close. */
#define SIMILARITY_FLOOR 7

size_t out_similar(const char **best, size_t max, const char *typed, const char *const *names)
{
    int top = SIMILARITY_FLOOR;
    size_t n = 0;
    for (size_t i = 0; names[i]; i++) {
        int score = strncmp(names[i], typed, strlen(typed)) == 0
                        ? 1
                        : distance(typed, names[i], 0, 2, 1, 3) + 1;
        if (score < top) {
            top = score;
            n = 0;
        }
        if (score == top && n < max)
            best[n++] = names[i];
    }
    return n;
}

int out_unknown_word(const char *cmd, const char *typed, const char *const *names)
{
    const char *best[8];
    size_t n = out_similar(best, 8, typed, names);
    char *t = rc_sanitize(typed, false);
    if (cmd)
        fprintf(stderr, "relcap %s: '%s' is not a %s subcommand.", cmd, t, cmd);
    else
        fprintf(stderr, "relcap: '%s' is not a relcap command.", t);
    free(t);
    int status = cmd ? 2 : 1; /* a command as git (1); a subcommand is a usage error (2) */
    if (n == 0) {
        fprintf(stderr, " See 'relcap %s%s--help'.\n", cmd ? cmd : "", cmd ? " " : "");
        return status;
    }
    fprintf(stderr, " The most similar %s%s: ", cmd ? "subcommand" : "command",
            n == 1 ? " is" : "s are");
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "%s%s", i ? ", " : "", best[i]);
    fputc('\n', stderr);
    return status;
}

void out_list_open(out_list *l, bool json, const out_col *cols, size_t ncols)
{
    l->json = json ? cJSON_CreateArray() : NULL;
    l->table = json ? NULL : out_table_new(cols, ncols);
}

void out_list_close(out_list *l, rc_ctx *ctx, size_t n)
{
    if (l->table && n)
        out_table_print(l->table, stdout, out_width(), out_color(ctx));
    out_table_free(l->table);
    if (l->json)
        cmd_print_json(l->json);
    l->table = NULL;
    l->json = NULL;
}

void out_json_str(cJSON *o, const char *key, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, key, v);
    else
        cJSON_AddNullToObject(o, key);
}

void out_json_text(cJSON *o, const char *key, const char *v)
{
    char *s = v ? rc_sanitize(v, true) : NULL;
    out_json_str(o, key, s);
    free(s);
}

void out_json_time(cJSON *o, const char *key, bool known, int64_t t)
{
    char iso[21];
    if (known)
        rc_time_iso(iso, t);
    out_json_str(o, key, known ? iso : NULL);
}

cJSON *out_json_array(const char *text)
{
    cJSON *a = cJSON_Parse(text ? text : "[]");
    if (!cJSON_IsArray(a)) {
        cJSON_Delete(a);
        a = cJSON_CreateArray();
    }
    return a;
}

void out_json_num(cJSON *o, const char *key, bool known, double v)
{
    if (known)
        cJSON_AddNumberToObject(o, key, v);
    else
        cJSON_AddNullToObject(o, key);
}
