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
    rc_table *t = calloc(1, sizeof *t);
    if (!t)
        abort();
    t->base.ops = &table_ops;
    t->cols = calloc((size_t)(ncols > 0 ? ncols : 1), sizeof *t->cols);
    if (!t->cols)
        abort();
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

/* Width the layout gives column col at the current width. */
static int col_width(const rc_table *t, int col)
{
    int fixed = 0, nflex = 0;
    for (int i = 0; i < t->ncols; i++) {
        if (t->cols[i].width > 0)
            fixed += t->cols[i].width;
        else
            nflex++;
    }
    int seps = t->ncols > 1 ? t->ncols - 1 : 0;
    const rc_table_col *c = &t->cols[col];
    if (c->width > 0)
        return c->width;
    int rest = t->base.w - fixed - seps;
    int flex_i = 0;
    for (int i = 0; i < col; i++)
        if (t->cols[i].width <= 0)
            flex_i++;
    int share = nflex ? rest / nflex : 0;
    if (flex_i == nflex - 1) /* the last flexible column takes the remainder */
        share = rest - share * (nflex - 1);
    return share < c->min ? c->min : share;
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
    if (t->header) {
        int x = w->x;
        rc_wfill(win, y, w->x, w->w, t->hdr_attr);
        for (int c = 0; c < t->ncols && x < limit; c++) {
            int cw = col_width(t, c);
            char title[128];
            const char *mark = c == t->sort_col ? (t->sort_desc ? "v" : "^") : "";
            snprintf(title, sizeof title, "%s%s", t->cols[c].title, mark);
            draw_cell(win, y, x, cw, limit, title, t->cols[c].right, t->hdr_attr);
            x += cw;
            if (x < limit && c + 1 < t->ncols)
                rc_wfill(win, y, x, 1, t->hdr_attr);
            x += 1;
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
            int cw = col_width(t, c);
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

static bool table_key(rc_widget *w, int key)
{
    rc_table *t = (rc_table *)w;
    switch (key) {
    case KEY_UP:
    case 'k':
        rc_table_move(t, -1);
        return true;
    case KEY_DOWN:
    case 'j':
        rc_table_move(t, 1);
        return true;
    case KEY_PPAGE:
    case 'B' & 0x1f:
        rc_table_page(t, -1);
        return true;
    case KEY_NPAGE:
    case 'F' & 0x1f:
        rc_table_page(t, 1);
        return true;
    case KEY_HOME:
    case 'g':
        rc_table_home(t);
        return true;
    case KEY_END:
    case 'G':
        rc_table_end(t);
        return true;
    }
    return false;
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
