/* Requests and the one key table (tig style): every key the cockpit knows is
 * a row of keymap.c binding a key to a request, in a scope (all panes or
 * one); the `?` help screen and the function bar are generated from it, and
 * `relcap.bind.<action> = <key>` adds bindings that win over the defaults. */
#ifndef RELCAP_TUI_KEYMAP_H
#define RELCAP_TUI_KEYMAP_H

#include "core/base/config.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    REQ_NONE,
    /* moving */
    REQ_UP,
    REQ_DOWN,
    REQ_PAGE_UP,
    REQ_PAGE_DOWN,
    REQ_HOME,
    REQ_END,
    /* views */
    REQ_NEXT_PANE,
    REQ_PREV_PANE,
    REQ_PANE_1,
    REQ_PANE_2,
    REQ_PANE_3,
    REQ_PANE_4,
    REQ_PANE_5,
    REQ_ENTER,
    REQ_BACK,
    REQ_QUIT,
    REQ_HELP,
    REQ_LOG,
    REQ_FILTER,
    REQ_SORT,
    REQ_SORT_RESET,
    REQ_SYNC,
    /* log view */
    REQ_FOLLOW,
    /* branches */
    REQ_READY,
    /* cherry-picks */
    REQ_APPROVE,
    REQ_REJECT,
    REQ_DEFER,
    REQ_NOTE,
    REQ_CATEGORY,
    REQ_APPLY,
    REQ_UNFOLD,
    REQ_WHERE,
    /* benchmarks */
    REQ_BASE,
    REQ_HEAD,
    REQ_MORE_RUNS,
    /* runs */
    REQ_LAUNCH,
    REQ_CANCEL,
    REQ_COUNT
} rc_request;

typedef struct {
    rc_request req;
    const char *action; /* name for relcap.bind.<action> */
    /* NULL: every pane; else the pane's name, or names space-separated; a
     * view ("detail", "log", "gate", "help") where the key works there */
    const char *scope;
    const char *keys; /* default keys in the key language, space-separated */
    const char *help;
    const char *bar; /* label in the function bar, NULL if not shown */
} rc_keydef;

extern const rc_keydef rc_keymap[];

/* Key language (snapshot --keys and relcap.bind values): plain characters,
 * <Tab> <S-Tab> <Enter> <Esc> <Space> <BS> <Up> <Down> <Left> <Right>
 * <PgUp> <PgDn> <Home> <End> <F1>..<F12> <C-x> and <lt> for '<'.
 * Parses s into a malloc'd array of curses key codes; RC_EUSAGE naming the
 * bad token. */
int rc_keys_parse(int **out, size_t *n, const char *s);
/* Name of a key in the key language ("j", "<Tab>", "<C-r>"). */
const char *rc_key_name(char buf[24], int key);

/* Loads relcap.bind.* from cfg (cfg may be NULL). A bad value gives
 * RC_ECONFIG naming the key. */
int rc_keymap_load(const rc_config *cfg);
/* Is a pane named scope within def_scope (NULL: every pane; "picks bench")? */
bool rc_keymap_in_scope(const char *def_scope, const char *scope);
/* The request for key in the pane named scope. */
rc_request rc_keymap_lookup(int key, const char *scope);
/* Keys bound to req in scope, as text ("a" or "j <Down>"); static buffer. */
const char *rc_keymap_keys(rc_request req, const char *scope);
/* The help screen text, generated from the table. Caller frees. */
char *rc_keymap_help(void);

#endif
