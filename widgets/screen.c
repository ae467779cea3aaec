#include "widgets/screen.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    char *p;
    size_t len, cap;
} sbuf;

static void put(sbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->p = realloc(b->p, b->cap);
        if (!b->p)
            abort();
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static size_t encode(char *o, wchar_t c)
{
    if (c < 0x80) {
        o[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (char)(0xc0 | (c >> 6));
        o[1] = (char)(0x80 | (c & 0x3f));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (char)(0xe0 | (c >> 12));
        o[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        o[2] = (char)(0x80 | (c & 0x3f));
        return 3;
    }
    o[0] = (char)(0xf0 | (c >> 18));
    o[1] = (char)(0x80 | ((c >> 12) & 0x3f));
    o[2] = (char)(0x80 | ((c >> 6) & 0x3f));
    o[3] = (char)(0x80 | (c & 0x3f));
    return 4;
}

/* Text of cell (y, x); *cols gets its display width. Line-drawing
 * characters (ACS) come back as plain ASCII. */
static size_t cell_text(WINDOW *win, int y, int x, char *o, int *cols, short *pair, attr_t *attrs)
{
    cchar_t cc;
    wchar_t wch[CCHARW_MAX + 1] = {0};
    *cols = 1;
    *pair = 0;
    *attrs = 0;
    if (mvwin_wch(win, y, x, &cc) == ERR) {
        o[0] = ' ';
        return 1;
    }
    getcchar(&cc, wch, attrs, pair, NULL);
    if (*attrs & A_ALTCHARSET) {
        char c = (char)wch[0];
        o[0] = c == 'q'                                         ? '-'
               : c == 'x'                                       ? '|'
               : (c == 'l' || c == 'k' || c == 'm' || c == 'j') ? '+'
                                                                : c;
        *attrs &= ~A_ALTCHARSET;
        return 1;
    }
    if (wch[0] == 0) {
        o[0] = ' ';
        return 1;
    }
    size_t n = 0;
    int w = wcwidth(wch[0]);
    *cols = w > 1 ? w : 1;
    for (int i = 0; i < CCHARW_MAX && wch[i]; i++)
        n += encode(o + n, wch[i]);
    return n;
}

static void trim(sbuf *b, size_t floor)
{
    while (b->len > floor && b->p[b->len - 1] == ' ')
        b->p[--b->len] = '\0';
}

/* Row y of win onto b, trailing spaces dropped; with mark, runs of marked
 * cells as {MARK:text} (a literal brace doubled). */
static void put_row(sbuf *b, WINDOW *win, int y, rc_screen_mark_fn mark)
{
    size_t plain_end = b->len; /* trailing spaces after this may go */
    const char *open = NULL;
    int cols = getmaxx(win);
    for (int x = 0; x < cols;) {
        char o[32];
        int w;
        short pair;
        attr_t attrs;
        size_t n = cell_text(win, y, x, o, &w, &pair, &attrs);
        const char *m = mark ? mark(pair, attrs) : NULL;
        if (open && (!m || strcmp(m, open) != 0)) {
            put(b, "}", 1);
            plain_end = b->len;
            open = NULL;
        }
        if (m && !open) {
            put(b, "{", 1);
            put(b, m, strlen(m));
            put(b, ":", 1);
            open = m;
        }
        if (mark && n == 1 && (o[0] == '{' || o[0] == '}'))
            put(b, o, 1);
        put(b, o, n);
        x += w;
    }
    if (open) {
        put(b, "}", 1);
        plain_end = b->len;
    }
    trim(b, plain_end);
}

char *rc_screen_dump(WINDOW *win, rc_screen_mark_fn mark)
{
    sbuf b = {0};
    put(&b, "", 0);
    int rows = getmaxy(win);
    for (int y = 0; y < rows; y++) {
        put_row(&b, win, y, mark);
        put(&b, "\n", 1);
    }
    return b.p;
}

char *rc_screen_row(WINDOW *win, int y)
{
    sbuf b = {0};
    put(&b, "", 0);
    put_row(&b, win, y, NULL);
    return b.p;
}
