/* Widget base and the display-width text primitive every widget uses. */
#include "widgets/widget.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

void *rc_wcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        abort();
    return p;
}

char *rc_wstrdup(const char *s)
{
    char *d = s ? strdup(s) : NULL;
    if (s && !d)
        abort();
    return d;
}

void *rc_widget_new(size_t size, const rc_widget_ops *ops)
{
    rc_widget *w = rc_wcalloc(1, size);
    w->ops = ops;
    return w;
}

bool rc_wmotion_of_key(rc_wmotion *out, int key)
{
    static const struct {
        int key, alt;
        rc_wmotion m;
    } keys[] = {
        {KEY_UP, 'k', {-1, 0, 0}}, {KEY_DOWN, 'j', {1, 0, 0}},  {KEY_PPAGE, 0, {0, -1, 0}},
        {KEY_NPAGE, 0, {0, 1, 0}}, {KEY_HOME, 'g', {0, 0, -1}}, {KEY_END, 'G', {0, 0, 1}},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (key == keys[i].key || (keys[i].alt && key == keys[i].alt)) {
            *out = keys[i].m;
            return true;
        }
    return false;
}

void rc_widget_place(rc_widget *w, int y, int x, int h, int width)
{
    w->y = y;
    w->x = x;
    w->h = h;
    w->w = width;
}

void rc_widget_draw(rc_widget *w, WINDOW *win)
{
    if (w && w->ops->draw)
        w->ops->draw(w, win);
}

bool rc_widget_key(rc_widget *w, int key)
{
    return w && w->ops->key && w->ops->key(w, key);
}

bool rc_wutf8(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

/* Decodes one UTF-8 character; returns its length (1 for an invalid byte,
 * with *wc = U+FFFD). Locale-independent on purpose. */
static size_t decode(const unsigned char *p, wchar_t *wc)
{
    if (p[0] < 0x80) {
        *wc = p[0];
        return 1;
    }
    size_t n = p[0] >= 0xf0 && p[0] < 0xf5 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 ? 2 : 0;
    if (n == 0 || p[0] >= 0xf5)
        goto bad;
    wchar_t c = p[0] & (0x7f >> n);
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            goto bad;
        c = (c << 6) | (p[i] & 0x3f);
    }
    *wc = c;
    return n;
bad:
    *wc = 0xfffd;
    return 1;
}

static int char_width(wchar_t *wc, bool utf8)
{
    if (*wc < 0x20 || *wc == 0x7f || (*wc >= 0x80 && *wc < 0xa0)) {
        *wc = '?';
        return 1;
    }
    if (*wc < 0x80)
        return 1;
    if (!utf8) {
        *wc = '?';
        return 1;
    }
    int cw = wcwidth(*wc);
    if (cw < 0) {
        *wc = '?';
        return 1;
    }
    return cw;
}

int rc_wwidth(const char *s)
{
    bool utf8 = rc_wutf8();
    int w = 0;
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        wchar_t wc;
        p += decode(p, &wc);
        w += char_width(&wc, utf8);
    }
    return w;
}

size_t rc_wfit(const char *s, int width)
{
    bool utf8 = rc_wutf8();
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    int w = 0;
    while (*p) {
        wchar_t wc;
        size_t n = decode(p, &wc);
        int cw = char_width(&wc, utf8);
        if (w + cw > width)
            break;
        w += cw;
        p += n;
    }
    return (size_t)(p - (const unsigned char *)(s ? s : ""));
}

void rc_wfill(WINDOW *win, int y, int x, int width, attr_t attr)
{
    if (width <= 0)
        return;
    wattr_set(win, attr, PAIR_NUMBER(attr), NULL);
    mvwhline(win, y, x, ' ', width);
    wattr_set(win, A_NORMAL, 0, NULL);
}

int rc_wput(WINDOW *win, int y, int x, const char *s, int width, attr_t attr, bool pad)
{
    if (width <= 0)
        return 0;
    bool utf8 = rc_wutf8();
    wchar_t buf[512];
    size_t nb = 0;
    int used = 0;
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    wattr_set(win, attr, PAIR_NUMBER(attr), NULL);
    wmove(win, y, x);
    while (*p && used < width) {
        wchar_t wc;
        size_t len = decode(p, &wc);
        int cw = char_width(&wc, utf8);
        if (cw == 0) { /* combining mark: keep with its base */
            if (nb > 0 && nb < sizeof buf / sizeof *buf)
                buf[nb++] = wc;
            p += len;
            continue;
        }
        if (used + cw > width) {
            break;
        }
        if (nb + 1 >= sizeof buf / sizeof *buf) {
            waddnwstr(win, buf, (int)nb);
            nb = 0;
        }
        buf[nb++] = wc;
        used += cw;
        p += len;
    }
    if (nb)
        waddnwstr(win, buf, (int)nb);
    if (pad && used < width)
        mvwhline(win, y, x + used, ' ', width - used);
    wattr_set(win, A_NORMAL, 0, NULL);
    return used;
}

void rc_wbox(WINDOW *win, int y0, int x0, int height, int width, attr_t attr)
{
    for (int y = y0; y < y0 + height; y++)
        rc_wfill(win, y, x0, width, attr);
    wattr_set(win, attr, PAIR_NUMBER(attr), NULL);
    mvwhline(win, y0, x0 + 1, ACS_HLINE, width - 2);
    mvwhline(win, y0 + height - 1, x0 + 1, ACS_HLINE, width - 2);
    mvwvline(win, y0 + 1, x0, ACS_VLINE, height - 2);
    mvwvline(win, y0 + 1, x0 + width - 1, ACS_VLINE, height - 2);
    mvwaddch(win, y0, x0, ACS_ULCORNER);
    mvwaddch(win, y0, x0 + width - 1, ACS_URCORNER);
    mvwaddch(win, y0 + height - 1, x0, ACS_LLCORNER);
    mvwaddch(win, y0 + height - 1, x0 + width - 1, ACS_LRCORNER);
    wattr_set(win, A_NORMAL, 0, NULL);
}
