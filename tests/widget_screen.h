/* Off-screen ncurses screen for widget tests: newterm on /dev/null with a
 * fixed size; widgets draw into stdscr and the test reads cells back. */
#ifndef RELCAP_WIDGET_SCREEN_H
#define RELCAP_WIDGET_SCREEN_H

#include "widgets/screen.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static SCREEN *ws_scr;
static FILE *ws_out, *ws_in;

static int ws_setup(void **state)
{
    (void)state;
    setlocale(LC_ALL, "C.UTF-8");
    ws_out = fopen("/dev/null", "w");
    ws_in = fopen("/dev/null", "r");
    ws_scr = newterm("xterm-256color", ws_out, ws_in);
    if (!ws_scr)
        return -1;
    set_term(ws_scr);
    resize_term(24, 80);
    erase();
    return 0;
}

static int ws_teardown(void **state)
{
    (void)state;
    endwin();
    delscreen(ws_scr);
    fclose(ws_out);
    fclose(ws_in);
    return 0;
}

/* Row y of stdscr, trailing spaces removed; static buffer. */
__attribute__((unused)) static const char *ws_row(int y)
{
    static char buf[2048];
    char *r = rc_screen_row(stdscr, y);
    snprintf(buf, sizeof buf, "%s", r);
    free(r);
    return buf;
}

__attribute__((unused)) static attr_t ws_attr(int y, int x)
{
    cchar_t cc;
    wchar_t wch[CCHARW_MAX + 1];
    attr_t a = 0;
    short pair = 0;
    mvwin_wch(stdscr, y, x, &cc);
    getcchar(&cc, wch, &a, &pair, NULL);
    return a;
}

#endif
