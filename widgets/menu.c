#include "widgets/menu.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Frame and background of the box (y0, x0, height, width). */
static void menu_frame(WINDOW *win, const rc_menu *m, int y0, int x0, int height, int width)
{
    rc_wbox(win, y0, x0, height, width, m->attr);
    rc_wput(win, y0, x0 + 2, m->title, width - 4, m->title_attr, false);
}

static void menu_draw(rc_widget *w, WINDOW *win)
{
    rc_menu *m = (rc_menu *)w;
    static const char help[] = "Enter choose  Esc cancel";
    int label = 0, width = rc_wwidth(m->title) + 4;
    for (size_t i = 0; i < m->n; i++)
        if (rc_wwidth(m->items[i]) > label)
            label = rc_wwidth(m->items[i]);
    for (size_t i = 0; i < m->n; i++) {
        int lw = 2 + 3 + label + (m->notes && m->notes[i] ? 2 + rc_wwidth(m->notes[i]) : 0) + 2;
        if (lw > width)
            width = lw;
    }
    if (width < (int)sizeof help + 3)
        width = (int)sizeof help + 3;
    if (width > w->w)
        width = w->w;
    int shown = (int)m->n, height;
    if (shown > w->h - 4)
        shown = w->h - 4 > 0 ? w->h - 4 : 0;
    height = shown + 4;
    if (width < 8 || shown < 1)
        return;
    /* keep the selection in view */
    if (m->sel < m->top)
        m->top = m->sel;
    if (m->sel >= m->top + (size_t)shown)
        m->top = m->sel + 1 - (size_t)shown;
    int y0 = w->y + (w->h - height) / 2, x0 = w->x + (w->w - width) / 2;
    menu_frame(win, m, y0, x0, height, width);
    for (int r = 0; r < shown; r++) {
        size_t i = m->top + (size_t)r;
        attr_t a = i == m->sel ? m->attr | A_REVERSE : m->attr;
        char key[4] = "   ";
        if (i < 9)
            key[0] = (char)('1' + i);
        int y = y0 + 1 + r, x = x0 + 2, room = width - 4;
        rc_wfill(win, y, x, room, a);
        x += rc_wput(win, y, x, key, room, a, false);
        rc_wput(win, y, x, m->items[i], room - 3, a, false);
        if (m->notes && m->notes[i] && room - 3 - label - 2 > 0)
            rc_wput(win, y, x + label + 2, m->notes[i], room - 3 - label - 2,
                    i == m->sel ? a : m->note_attr, false);
    }
    rc_wput(win, y0 + height - 2, x0 + 2, help, width - 4, m->title_attr, false);
}

static bool menu_key(rc_widget *w, int key)
{
    rc_menu_feed((rc_menu *)w, key);
    return true;
}

static const rc_widget_ops menu_ops = {"menu", menu_draw, menu_key};

rc_menu *rc_menu_new(const char *title, const char *const *items, const char *const *notes,
                     size_t n, size_t sel)
{
    rc_menu *m = rc_widget_new(sizeof *m, &menu_ops);
    m->title = rc_wstrdup(title ? title : "");
    m->items = rc_wcalloc(n, sizeof *m->items);
    m->notes = notes ? rc_wcalloc(n, sizeof *m->notes) : NULL;
    for (size_t i = 0; i < n; i++) {
        m->items[i] = rc_wstrdup(items[i] ? items[i] : "");
        if (notes)
            m->notes[i] = rc_wstrdup(notes[i]);
    }
    m->n = n;
    m->sel = n && sel >= n ? n - 1 : sel;
    m->attr = A_NORMAL;
    m->title_attr = A_BOLD;
    m->note_attr = A_DIM;
    return m;
}

void rc_menu_free(rc_menu *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++) {
        free(m->items[i]);
        if (m->notes)
            free(m->notes[i]);
    }
    free(m->items);
    free(m->notes);
    free(m->title);
    free(m);
}

/* The next item after the selection whose first letter is c (any case). */
static void jump_to_letter(rc_menu *m, int c)
{
    for (size_t k = 1; k <= m->n; k++) {
        size_t i = (m->sel + k) % m->n;
        if (tolower((unsigned char)m->items[i][0]) == tolower(c)) {
            m->sel = i;
            return;
        }
    }
}

int rc_menu_feed(rc_menu *m, int key)
{
    if (m->state != RC_MENU_OPEN)
        return m->state;
    if (m->n == 0) {
        m->state = RC_MENU_CANCELLED;
        return m->state;
    }
    if (key == 'j' || key == KEY_DOWN)
        m->sel = m->sel + 1 < m->n ? m->sel + 1 : m->sel;
    else if (key == 'k' || key == KEY_UP)
        m->sel = m->sel ? m->sel - 1 : 0;
    else if (key == 'g' || key == KEY_HOME)
        m->sel = 0;
    else if (key == 'G' || key == KEY_END)
        m->sel = m->n - 1;
    else if (key == '\n' || key == '\r' || key == KEY_ENTER)
        m->state = RC_MENU_CHOSEN;
    else if (key == 27 || key == 'q')
        m->state = RC_MENU_CANCELLED;
    else if (key >= '1' && key <= '9' && (size_t)(key - '1') < m->n) {
        m->sel = (size_t)(key - '1');
        m->state = RC_MENU_CHOSEN;
    } else if (key > 0 && key < 128 && isalpha(key))
        jump_to_letter(m, key);
    return m->state;
}
