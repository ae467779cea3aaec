#include "widgets/confirm.h"

#include <stdlib.h>
#include <string.h>

static void confirm_draw(rc_widget *w, WINDOW *win)
{
    rc_confirm *c = (rc_confirm *)w;
    int width = rc_wwidth(c->title) + 4;
    for (size_t i = 0; i < c->nlines; i++) {
        int lw = rc_wwidth(c->lines[i]) + 4;
        if (lw > width)
            width = lw;
    }
    if (width < 30)
        width = 30;
    if (width > w->w)
        width = w->w;
    int shown = (int)c->nlines;
    if (shown > w->h - 4)
        shown = w->h - 4 > 0 ? w->h - 4 : 0;
    int height = shown + 4;
    if (height > w->h)
        height = w->h;
    if (width < 4 || height < 3)
        return;
    int y0 = w->y + (w->h - height) / 2, x0 = w->x + (w->w - width) / 2;
    rc_wbox(win, y0, x0, height, width, c->attr);
    rc_wput(win, y0, x0 + 2, c->title, width - 4, c->title_attr, false);
    for (int i = 0; i < shown; i++)
        rc_wput(win, y0 + 1 + i, x0 + 2, c->lines[i], width - 4, c->attr, false);
    if ((int)c->nlines > shown && shown > 0)
        rc_wput(win, y0 + shown, x0 + 2, "...", width - 4, c->attr, true);
    rc_wput(win, y0 + height - 2, x0 + 2, "[y]es  [n]o", width - 4, c->title_attr, false);
}

static bool confirm_key(rc_widget *w, int key)
{
    rc_confirm_feed((rc_confirm *)w, key);
    return true;
}

static const rc_widget_ops confirm_ops = {"confirm", confirm_draw, confirm_key};

rc_confirm *rc_confirm_new(const char *title, const char *message)
{
    rc_confirm *c = rc_widget_new(sizeof *c, &confirm_ops);
    c->title = rc_wstrdup(title ? title : "");
    c->attr = A_NORMAL;
    c->title_attr = A_BOLD;
    const char *p = message ? message : "";
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        c->lines = realloc(c->lines, (c->nlines + 1) * sizeof *c->lines);
        if (!c->lines)
            abort();
        c->lines[c->nlines++] = strndup(p, n);
        p += n;
        if (*p)
            p++;
    }
    return c;
}

void rc_confirm_free(rc_confirm *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nlines; i++)
        free(c->lines[i]);
    free(c->lines);
    free(c->title);
    free(c);
}

int rc_confirm_feed(rc_confirm *c, int key)
{
    if (c->state != RC_CONFIRM_PENDING)
        return c->state;
    if (key == 'y' || key == 'Y' || key == '\n' || key == '\r' || key == KEY_ENTER)
        c->state = RC_CONFIRM_YES;
    else if (key == 'n' || key == 'N' || key == 'q' || key == 27)
        c->state = RC_CONFIRM_NO;
    return c->state;
}
