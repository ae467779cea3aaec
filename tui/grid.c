#include "tui/grid.h"

#include "core/base/error.h"
#include "core/base/util.h"
#include "core/base/version.h"
#include "widgets/widget.h"

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
    g->widths_ok = false;
}

void rc_grid_free(rc_grid *g)
{
    rc_grid_clear(g);
    free(g->cells);
    free(g->roles);
    free(g->data);
    free(g->view);
    free(g->filter);
    free(g->orders);
    free(g->widths);
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
    g->widths_ok = false;
    return r;
}

void rc_grid_set_cell(rc_grid *g, size_t row, int col, const char *text)
{
    char **cell = &g->cells[row * (size_t)g->ncols + (size_t)col];
    free(*cell);
    *cell = rc_sanitize(text ? text : "", false);
    g->widths_ok = false;
}

void rc_grid_role(rc_grid *g, size_t row, int col, int role)
{
    g->roles[row * ((size_t)g->ncols + 1) + (size_t)(col + 1)] = (unsigned char)role;
}

/* Length of the column name in word w ("state" of "state:foo"), 0 when w
 * is no COLUMN:TEXT word (a colon after other characters: "#12:", "a:b/c"
 * with a slash is still a name: "Model/test:llama"). */
static size_t column_name_len(const char *w, size_t wl)
{
    size_t i = 0;
    while (i < wl && (isalnum((unsigned char)w[i]) || w[i] == '/' || w[i] == '-' || w[i] == '_'))
        i++;
    return i > 0 && i < wl && w[i] == ':' ? i : 0;
}

static int column_named(const rc_grid *g, const char *w, size_t nl)
{
    for (int c = 0; g->titles && c < g->ncols; c++)
        if (strncasecmp(g->titles[c], w, nl) == 0)
            return c;
    return -1;
}

static bool match_word(const rc_grid *g, size_t r, const char *w, size_t wl)
{
    size_t nl = column_name_len(w, wl);
    int only = nl ? column_named(g, w, nl) : -1;
    if (only >= 0) {
        wl -= nl + 1;
        w += nl + 1;
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
        /* a|b: either (the gate's "state:revert-needed|decision:approve") */
        bool any = wl == 0;
        for (const char *alt = f; alt < f + wl && !any;) {
            size_t al = strcspn(alt, "| ");
            if (al > wl - (size_t)(alt - f))
                al = wl - (size_t)(alt - f);
            any = al && match_word(g, r, alt, al);
            alt += al + 1;
        }
        if (!any)
            return false;
        f += wl;
    }
    return true;
}

static const rc_grid *sort_grid; /* qsort has no context argument in C17 */

/* Rank of a cell in its vocabulary (a leading '*' marker ignored); values
 * outside it come after, in text order. */
static int rank_of(const char *const *order, const char *s)
{
    if (*s == '*')
        s++;
    size_t n = strcspn(s, " ");
    int i = 0;
    for (; order[i]; i++)
        if (strlen(order[i]) == n && strncasecmp(order[i], s, n) == 0)
            return i;
    return i;
}

/* Versions and tags (any spelling: v0.8.5-rc2, 0.9.2) in PEP 440 order, so
 * v0.8.5rc1 < v0.8.5-rc2 < v0.8.5 < v0.8.5.post1 and 0.9 < 0.10; 0 when
 * either is no version. */
static int cmp_versions(const char *a, const char *b, bool *both)
{
    rc_version va, vb;
    *both = rc_version_parse(&va, a) == 0 && rc_version_parse(&vb, b) == 0;
    if (!*both) {
        rc_error_clear();
        return 0;
    }
    return rc_version_cmp(&va, &vb);
}

/* Numbers compare as numbers ("+5.1%", "12", a PR's "#10289"), versions as
 * versions, the rest as text. */
static int cmp_cells(const char *const *order, const char *a, const char *b)
{
    if (order) {
        int ra = rank_of(order, a), rb = rank_of(order, b);
        if (ra != rb)
            return ra < rb ? -1 : 1;
        a += *a == '*';
        b += *b == '*';
    }
    if (*a == '#' && *b == '#') {
        a++;
        b++;
    }
    char *ea, *eb;
    double x = strtod(a, &ea), y = strtod(b, &eb);
    bool na = ea != a && (*ea == '\0' || *ea == '%'), nb = eb != b && (*eb == '\0' || *eb == '%');
    if (na && nb)
        return x < y ? -1 : x > y;
    if (na != nb)
        return na ? -1 : 1;
    bool both;
    int v = cmp_versions(a, b, &both);
    if (both)
        return v;
    return strcasecmp(a, b);
}

static int cmp_rows(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    const rc_grid *g = sort_grid;
    size_t nc = (size_t)g->ncols, c = (size_t)g->sort_col;
    int r = cmp_cells(g->orders ? g->orders[c] : NULL, g->cells[a * nc + c], g->cells[b * nc + c]);
    if (g->sort_desc)
        r = -r;
    return r ? r : (a < b ? -1 : a > b); /* stable */
}

void rc_grid_set_order(rc_grid *g, int col, const char *const *order)
{
    if (col < 0 || col >= g->ncols)
        return;
    if (!g->orders)
        g->orders = rc_xcalloc((size_t)g->ncols, sizeof *g->orders);
    g->orders[col] = order;
}

bool rc_grid_filter_ok(const rc_grid *g, const char *filter, char *err, size_t n)
{
    for (const char *f = filter ? filter : ""; *f;) {
        f += strspn(f, " ");
        size_t wl = strcspn(f, " "), nl = column_name_len(f, wl);
        if (nl && column_named(g, f, nl) < 0) {
            int at = snprintf(err, n, "no column '%.*s':", (int)nl, f);
            for (int c = 0; c < g->ncols && at >= 0 && (size_t)at < n; c++)
                at += snprintf(err + at, n - (size_t)at, " %s", g->titles[c]);
            return false;
        }
        f += wl;
    }
    return true;
}

int rc_grid_width(rc_grid *g, int col)
{
    if (col < 0 || col >= g->ncols)
        return 0;
    if (!g->widths_ok) {
        g->widths = rc_xrealloc(g->widths, (size_t)g->ncols * sizeof *g->widths);
        memset(g->widths, 0, (size_t)g->ncols * sizeof *g->widths);
        for (size_t i = 0; i < g->nrows * (size_t)g->ncols; i++) {
            int w = rc_wwidth(g->cells[i]);
            int c = (int)(i % (size_t)g->ncols);
            if (w > g->widths[c])
                g->widths[c] = w;
        }
        g->widths_ok = true;
    }
    return g->widths[col];
}

void rc_grid_drop_pr_suffix(char *s, long pr)
{
    char tail[40];
    int n = snprintf(tail, sizeof tail, " (#%ld)", pr);
    size_t l = strlen(s);
    if (pr > 0 && n > 0 && l > (size_t)n && strcmp(s + l - (size_t)n, tail) == 0)
        s[l - (size_t)n] = '\0';
}

void rc_grid_apply(rc_grid *g)
{
    g->widths_ok = false; /* a pane may have changed cells since */
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
