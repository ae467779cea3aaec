#include "widgets/prompt.h"

#include <stdlib.h>
#include <string.h>

static void prompt_draw(rc_widget *w, WINDOW *win)
{
    rc_prompt *p = (rc_prompt *)w;
    if (w->h <= 0 || w->w <= 0)
        return;
    rc_wfill(win, w->y, w->x, w->w, p->attr);
    int x = w->x + rc_wput(win, w->y, w->x, p->label, w->w, p->attr, false);
    int room = w->x + w->w - x - 1; /* keep a cell for the cursor */
    const char *s = p->text;
    /* show the end of the text when it does not fit */
    while (*s && rc_wwidth(s) > room) {
        s++;
        while ((*s & 0xc0) == 0x80)
            s++;
    }
    x += rc_wput(win, w->y, x, s, room, p->attr, false);
    wmove(win, w->y, x);
}

static bool prompt_key(rc_widget *w, int key)
{
    rc_prompt_feed((rc_prompt *)w, key);
    return true;
}

static const rc_widget_ops prompt_ops = {"prompt", prompt_draw, prompt_key};

rc_prompt *rc_prompt_new(const char *label, const char *initial)
{
    rc_prompt *p = rc_widget_new(sizeof *p, &prompt_ops);
    p->label = rc_wstrdup(label ? label : "");
    if (initial) {
        snprintf(p->text, sizeof p->text, "%s", initial);
        p->len = strlen(p->text);
    }
    return p;
}

void rc_prompt_free(rc_prompt *p)
{
    if (!p)
        return;
    free(p->label);
    free(p);
}

int rc_prompt_feed(rc_prompt *p, int key)
{
    if (p->state != RC_PROMPT_EDITING)
        return p->state;
    switch (key) {
    case '\n':
    case '\r':
    case KEY_ENTER:
        p->state = RC_PROMPT_DONE;
        break;
    case 27:
        p->state = RC_PROMPT_CANCELLED;
        break;
    case KEY_BACKSPACE:
    case 127:
    case 8:
        while (p->len > 0) {
            unsigned char c = (unsigned char)p->text[--p->len];
            if ((c & 0xc0) != 0x80)
                break;
        }
        p->text[p->len] = '\0';
        break;
    case 'U' & 0x1f:
        p->len = 0;
        p->text[0] = '\0';
        break;
    default:
        /* bytes of UTF-8 text arrive one by one from wgetch */
        if (key >= 0x20 && key <= 0xff && key != 0x7f && p->len + 1 < sizeof p->text) {
            p->text[p->len++] = (char)key;
            p->text[p->len] = '\0';
        }
        break;
    }
    return p->state;
}
