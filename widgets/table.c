/* Table widget: see table.h. Keys: arrows and j/k, PgUp/PgDn (also C-b/C-f),
 * Home/End (also g/G). */
#include "widgets/table.h"

#include <stdlib.h>
#include <string.h>

static void table_draw(rc_widget *w, WINDOW *win);
static bool table_key(rc_widget *w, int key);
static const rc_widget_ops table_ops = {"table", table_draw, table_key};

rc_table *rc_table_new(const rc_table_col *cols, int ncols, rc_table_cell_fn cell,
                       rc_table_attr_fn attr, void *ud)
{
    rc_table *t = rc_widget_new(sizeof *t, &table_ops);
    t->cols = rc_wcalloc((size_t)(ncols > 0 ? ncols : 1), sizeof *t->cols);
    memcpy(t->cols, cols, (size_t)ncols * sizeof *cols);
    t->ncols = ncols;
    t->cell = cell;
    t->attr = attr;
    t->ud = ud;
    t->header = true;
    t->focused = true;
    t->sort_col = -1;
    t->hdr_attr = A_BOLD | A_UNDERLINE;
    t->sel_attr = A_REVERSE;
    return t;
}

void rc_table_free(rc_table *t)
{
    if (!t)
        return;
    free(t->cols);
    free(t->cw);
    free(t);
}

/* Rows of data visible at the current height. */
static int rows_visible(const rc_table *t)
{
    int v = t->base.h - (t->header ? 1 : 0);
    return v > 0 ? v : 0;
}

/* Keeps sel within rows and on screen. */
static void clamp(rc_table *t)
{
    if (t->nrows == 0) {
        t->sel = t->top = 0;
        return;
    }
    if (t->sel >= t->nrows)
        t->sel = t->nrows - 1;
    size_t vis = (size_t)rows_visible(t);
    if (vis == 0)
        vis = 1;
    if (t->sel < t->top)
        t->top = t->sel;
    if (t->sel >= t->top + vis)
        t->top = t->sel - vis + 1;
    if (t->top + vis > t->nrows)
        t->top = t->nrows > vis ? t->nrows - vis : 0;
}

void rc_table_set_rows(rc_table *t, size_t n)
{
    t->nrows = n;
    clamp(t);
}

void rc_table_select(rc_table *t, size_t row)
{
    t->sel = row;
    clamp(t);
}

void rc_table_move(rc_table *t, long delta)
{
    if (t->nrows == 0)
        return;
    long s = (long)t->sel + delta;
    if (s < 0)
        s = 0;
    if (s >= (long)t->nrows)
        s = (long)t->nrows - 1;
    t->sel = (size_t)s;
    clamp(t);
}

void rc_table_page(rc_table *t, int dir)
{
    long vis = rows_visible(t);
    if (vis < 1)
        vis = 1;
    /* Like less: the page moves the view and the selection together. */
    long top = (long)t->top + dir * vis;
    long max_top = (long)t->nrows - vis;
    if (max_top < 0)
        max_top = 0;
    if (top < 0)
        top = 0;
    if (top > max_top)
        top = max_top;
    long moved = top - (long)t->top;
    t->top = (size_t)top;
    if (moved == 0) /* at an end: go to the first or last row */
        rc_table_move(t, dir * vis);
    else
        rc_table_move(t, moved);
}

void rc_table_home(rc_table *t)
{
    rc_table_select(t, 0);
}

void rc_table_end(rc_table *t)
{
    if (t->nrows)
        rc_table_select(t, t->nrows - 1);
}

/* Widest value of column col: from the owner, else over the rows on screen. */
static int content_width(rc_table *t, int col)
{
    int w = t->width ? t->width(t->ud, col) : -1;
    if (w >= 0)
        return w;
    w = 0;
    char buf[1024];
    size_t vis = (size_t)rows_visible(t);
    for (size_t r = t->top; r < t->nrows && r < t->top + vis; r++) {
        buf[0] = '\0';
        const char *s = t->cell(t->ud, r, col, buf, sizeof buf);
        int sw = s ? rc_wwidth(s) : 0;
        if (sw > w)
            w = sw;
    }
    return w;
}

/* The least a shown column may get: its title, and the sort arrow when it
 * is the sorted one. */
static int floor_width(const rc_table *t, int col)
{
    const rc_table_col *c = &t->cols[col];
    int f = rc_wwidth(c->title) + (col == t->sort_col ? 1 : 0);
    if (c->width == 0 && !c->vocab && c->min > f)
        f = c->min;
    return f;
}

/* Lays the columns out at the current width into t->cw: each column as wide
 * as its content (bounded), then, while too wide: the free-text column at
 * its least, the columns marked `drop` hidden, other text columns down to
 * their titles, and finally columns hidden from the right (never the first
 * nor the free-text one). */
static void layout(rc_table *t)
{
    int n = t->ncols, free_col = -1;
    if (!t->cw) { /* the widths, then the content widths */
        t->cw = rc_wcalloc((size_t)(n > 0 ? 2 * n : 1), sizeof *t->cw);
    }
    int *cont = t->cw + n;
    for (int i = 0; i < n; i++) {
        const rc_table_col *c = &t->cols[i];
        int f = floor_width(t, i);
        int w = cont[i] = content_width(t, i);
        if (c->width == 0 && !c->vocab && free_col < 0) {
            free_col = i;
            w = f; /* grows last, into what is left */
        } else if (c->width > 0 && !c->vocab && w > c->width) {
            w = c->width;
        }
        t->cw[i] = w < f ? f : w;
    }
    int total = -1;
    for (int i = 0; i < n; i++)
        total += t->cw[i] + 1;
    /* the columns that matter least go before any value is cut */
    for (int rank = 1; rank < 10 && total > t->base.w; rank++)
        for (int i = n; i-- > 0 && total > t->base.w;)
            if (t->cols[i].drop == rank && t->cw[i] > 0) {
                total -= t->cw[i] + 1;
                t->cw[i] = 0;
            }
    /* cuttable text columns down to their titles, right first (numbers,
     * right-aligned, are never cut: a cut number reads as another one) */
    for (int i = n; i-- > 0 && total > t->base.w;) {
        const rc_table_col *c = &t->cols[i];
        if (i == free_col || c->vocab || c->right || t->cw[i] == 0)
            continue;
        int give = t->cw[i] - floor_width(t, i);
        if (give > total - t->base.w)
            give = total - t->base.w;
        if (give > 0) {
            t->cw[i] -= give;
            total -= give;
        }
    }
    for (int i = n; i-- > 1 && total > t->base.w;) {
        if (i == free_col || t->cw[i] == 0)
            continue;
        total -= t->cw[i] + 1;
        t->cw[i] = 0;
    }
    if (free_col >= 0) {
        int want = cont[free_col], room = t->cw[free_col] + t->base.w - total;
        if (want > room)
            want = room;
        if (want > t->cw[free_col])
            t->cw[free_col] = want;
    }
}

int rc_table_col_width(rc_table *t, int col)
{
    layout(t);
    return col >= 0 && col < t->ncols ? t->cw[col] : 0;
}

static void draw_cell(WINDOW *win, int y, int x, int cw, int limit, const char *s, bool right,
                      attr_t a)
{
    if (x >= limit)
        return;
    if (x + cw > limit)
        cw = limit - x;
    if (right) {
        int sw = rc_wwidth(s);
        if (sw < cw) {
            rc_wfill(win, y, x, cw - sw, a);
            rc_wput(win, y, x + cw - sw, s, sw, a, true);
            return;
        }
    }
    rc_wput(win, y, x, s, cw, a, true);
}

static void table_draw(rc_widget *w, WINDOW *win)
{
    rc_table *t = (rc_table *)w;
    int y = w->y, limit = w->x + w->w;
    clamp(t);
    if (w->h <= 0 || w->w <= 0)
        return;
    layout(t);
    if (t->header) {
        int x = w->x;
        rc_wfill(win, y, w->x, w->w, t->hdr_attr);
        for (int c = 0; c < t->ncols && x < limit; c++) {
            int cw = t->cw[c];
            if (cw == 0)
                continue;
            if (x + cw > limit)
                cw = limit - x;
            const char *mark = c == t->sort_col ? (t->sort_desc ? "v" : "^") : "";
            draw_cell(win, y, x, cw - (*mark ? 1 : 0), limit, t->cols[c].title, t->cols[c].right,
                      t->hdr_attr);
            if (*mark) { /* the arrow shows even where the title is cut */
                int tw = rc_wwidth(t->cols[c].title);
                int at = t->cols[c].right || tw > cw - 1 ? x + cw - 1 : x + tw;
                rc_wput(win, y, at, mark, 1, t->hdr_attr, false);
            }
            x += cw + 1;
        }
        y++;
    }
    int vis = rows_visible(t);
    if (t->nrows == 0 && t->empty && vis > 0) {
        rc_wput(win, y, w->x, t->empty, w->w, A_NORMAL, true);
        y++;
        vis--;
    }
    char buf[1024];
    for (int i = 0; i < vis; i++, y++) {
        size_t row = t->top + (size_t)i;
        if (row >= t->nrows) {
            rc_wfill(win, y, w->x, w->w, A_NORMAL);
            continue;
        }
        bool sel = row == t->sel && t->focused;
        attr_t rowa = t->attr ? t->attr(t->ud, row, -1) : A_NORMAL;
        if (sel)
            rowa = t->sel_attr;
        rc_wfill(win, y, w->x, w->w, rowa);
        int x = w->x;
        for (int c = 0; c < t->ncols && x < limit; c++) {
            int cw = t->cw[c];
            if (cw == 0)
                continue;
            buf[0] = '\0';
            const char *s = t->cell(t->ud, row, c, buf, sizeof buf);
            t->formatted++;
            attr_t a = rowa;
            if (!sel && t->attr) {
                attr_t ca = t->attr(t->ud, row, c);
                if (ca != A_NORMAL)
                    a = ca;
            }
            draw_cell(win, y, x, cw, limit, s ? s : "", t->cols[c].right, a);
            x += cw + 1;
        }
    }
}

void rc_table_motion(rc_table *t, rc_wmotion m)
{
    if (m.edge)
        m.edge < 0 ? rc_table_home(t) : rc_table_end(t);
    else if (m.pages)
        rc_table_page(t, m.pages);
    else
        rc_table_move(t, m.rows);
}

static bool table_key(rc_widget *w, int key)
{
    rc_wmotion m;
    if (key == ('B' & 0x1f) || key == ('F' & 0x1f)) /* less's pages too */
        m = (rc_wmotion){0, key == ('B' & 0x1f) ? -1 : 1, 0};
    else if (!rc_wmotion_of_key(&m, key))
        return false;
    rc_table_motion((rc_table *)w, m);
    return true;
}

bool rc_table_mouse(rc_table *t, int y, int x, mmask_t bstate)
{
    rc_widget *w = &t->base;
    if (y < w->y || y >= w->y + w->h || x < w->x || x >= w->x + w->w)
        return false;
    if (bstate & BUTTON4_PRESSED) {
        rc_table_move(t, -3);
        return true;
    }
#ifdef BUTTON5_PRESSED
    if (bstate & BUTTON5_PRESSED) {
        rc_table_move(t, 3);
        return true;
    }
#endif
    if (bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON1_DOUBLE_CLICKED)) {
        int first = w->y + (t->header ? 1 : 0);
        if (y >= first) {
            size_t row = t->top + (size_t)(y - first);
            if (row < t->nrows)
                rc_table_select(t, row);
        }
        return true;
    }
    return true;
}
