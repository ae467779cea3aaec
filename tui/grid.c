#include "tui/grid.h"

#include "core/base/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void rc_grid_init(rc_grid *g, int ncols, const char *const *titles)
{
    memset(g, 0, sizeof *g);
    g->ncols = ncols;
    g->titles = titles;
    g->sort_col = -1;
}

void rc_grid_clear(rc_grid *g)
{
    for (size_t i = 0; i < g->nrows * (size_t)g->ncols; i++)
        free(g->cells[i]);
    for (size_t i = 0; i < g->nrows; i++)
        free(g->data[i]);
    g->nrows = 0;
    g->nview = 0;
}

void rc_grid_free(rc_grid *g)
{
    rc_grid_clear(g);
    free(g->cells);
    free(g->roles);
    free(g->data);
    free(g->view);
    free(g->filter);
    memset(g, 0, sizeof *g);
}

size_t rc_grid_add(rc_grid *g, const char *const *cells, void *data)
{
    size_t nc = (size_t)g->ncols;
    if (g->nrows == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 64;
        g->cells = rc_xrealloc(g->cells, g->cap * nc * sizeof *g->cells);
        g->roles = rc_xrealloc(g->roles, g->cap * (nc + 1));
        g->data = rc_xrealloc(g->data, g->cap * sizeof *g->data);
        g->view = rc_xrealloc(g->view, g->cap * sizeof *g->view);
    }
    size_t r = g->nrows++;
    for (size_t c = 0; c < nc; c++)
        g->cells[r * nc + c] = rc_sanitize(cells[c] ? cells[c] : "", false);
    memset(g->roles + r * (nc + 1), 0, nc + 1);
    g->data[r] = data;
    g->view[g->nview++] = r;
    return r;
}

void rc_grid_role(rc_grid *g, size_t row, int col, int role)
{
    g->roles[row * ((size_t)g->ncols + 1) + (size_t)(col + 1)] = (unsigned char)role;
}

static bool match_word(const rc_grid *g, size_t r, const char *w, size_t wl)
{
    const char *colon = memchr(w, ':', wl);
    int only = -1;
    if (colon && colon > w && g->titles) {
        size_t nl = (size_t)(colon - w);
        for (int c = 0; c < g->ncols; c++)
            if (strncasecmp(g->titles[c], w, nl) == 0) {
                only = c;
                break;
            }
        if (only >= 0) {
            wl -= nl + 1;
            w = colon + 1;
        }
    }
    for (int c = 0; c < g->ncols; c++) {
        if (only >= 0 && c != only)
            continue;
        const char *s = g->cells[r * (size_t)g->ncols + (size_t)c];
        if (wl == 0)
            return true;
        for (const char *p = s; *p; p++)
            if (strncasecmp(p, w, wl) == 0)
                return true;
    }
    return false;
}

static bool matches(const rc_grid *g, size_t r)
{
    const char *f = g->filter;
    if (!f)
        return true;
    while (*f) {
        while (*f == ' ')
            f++;
        size_t wl = strcspn(f, " ");
        if (wl && !match_word(g, r, f, wl))
            return false;
        f += wl;
    }
    return true;
}

static const rc_grid *sort_grid; /* qsort has no context argument in C17 */

/* Numbers compare as numbers ("+5.1%", "12"), the rest as text. */
static int cmp_cells(const char *a, const char *b)
{
    char *ea, *eb;
    double x = strtod(a, &ea), y = strtod(b, &eb);
    bool na = ea != a && (*ea == '\0' || *ea == '%'), nb = eb != b && (*eb == '\0' || *eb == '%');
    if (na && nb)
        return x < y ? -1 : x > y;
    if (na != nb)
        return na ? -1 : 1;
    return strcasecmp(a, b);
}

static int cmp_rows(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    const rc_grid *g = sort_grid;
    size_t nc = (size_t)g->ncols, c = (size_t)g->sort_col;
    int r = cmp_cells(g->cells[a * nc + c], g->cells[b * nc + c]);
    if (g->sort_desc)
        r = -r;
    return r ? r : (a < b ? -1 : a > b); /* stable */
}

void rc_grid_apply(rc_grid *g)
{
    g->nview = 0;
    for (size_t r = 0; r < g->nrows; r++)
        if (matches(g, r))
            g->view[g->nview++] = r;
    if (g->sort_col >= 0 && g->sort_col < g->ncols && g->nview > 1) {
        sort_grid = g;
        qsort(g->view, g->nview, sizeof *g->view, cmp_rows);
    }
}

void rc_grid_set_filter(rc_grid *g, const char *filter)
{
    free(g->filter);
    g->filter = filter && *filter ? rc_xstrdup(filter) : NULL;
    rc_grid_apply(g);
}

const char *rc_grid_cell(const rc_grid *g, size_t vrow, int col)
{
    if (vrow >= g->nview || col < 0 || col >= g->ncols)
        return "";
    return g->cells[g->view[vrow] * (size_t)g->ncols + (size_t)col];
}

int rc_grid_role_of(const rc_grid *g, size_t vrow, int col)
{
    if (vrow >= g->nview)
        return 0;
    const unsigned char *r = g->roles + g->view[vrow] * ((size_t)g->ncols + 1);
    if (col >= 0 && r[col + 1])
        return r[col + 1];
    return r[0];
}

void *rc_grid_data(const rc_grid *g, size_t vrow)
{
    return vrow < g->nview ? g->data[g->view[vrow]] : NULL;
}
