/* The one key table, the key language, user bindings and the help text. */
#include "tui/keymap.h"

#include "core/base/error.h"
#include "core/base/util.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const rc_keydef rc_keymap[] = {
    {REQ_UP, "up", NULL, "k <Up>", "move up", NULL},
    {REQ_DOWN, "down", NULL, "j <Down>", "move down", NULL},
    {REQ_PAGE_UP, "page-up", NULL, "<PgUp> <C-b>", "page up", NULL},
    {REQ_PAGE_DOWN, "page-down", NULL, "<PgDn> <C-f> <Space>", "page down", NULL},
    {REQ_HOME, "home", NULL, "<Home> g", "first row", NULL},
    {REQ_END, "end", NULL, "<End> G", "last row", NULL},
    {REQ_NEXT_PANE, "next-pane", NULL, "<Tab>", "next pane", NULL},
    {REQ_PREV_PANE, "prev-pane", NULL, "<S-Tab>", "previous pane", NULL},
    {REQ_PANE_1, "pane-branches", NULL, "1", "branches pane", NULL},
    {REQ_PANE_2, "pane-tags", NULL, "2", "RC tags pane", NULL},
    {REQ_PANE_3, "pane-picks", NULL, "3", "cherry-picks pane (selected branch)", NULL},
    {REQ_PANE_4, "pane-bench", NULL, "4", "benchmarks pane (selected release)", NULL},
    {REQ_PANE_5, "pane-runs", NULL, "5", "perf runs pane", NULL},
    {REQ_ENTER, "enter", NULL, "<Enter>",
     "open the detail view; on the picks of a branch sync does not analyse, analyse it", "Detail"},
    {REQ_BACK, "back", NULL, "q <Esc>",
     "close the view, dialog or filter; q on a pane quits (Esc never quits)", "Back"},
    {REQ_QUIT, "quit", NULL, "Q", "quit at once, from anywhere", "Quit"},
    {REQ_HELP, "help", NULL, "? <F1>", "this help", "Help"},
    {REQ_FILTER, "filter", NULL, "/", "filter as you type (COLUMN:TEXT for one column)", "Filter"},
    {REQ_SORT, "sort", NULL, "s",
     "sort by the next column (again: reverse, then next); states, categories and kinds in "
     "their meaning order, tags and versions as versions",
     "Sort"},
    {REQ_SORT_RESET, "sort-reset", NULL, "S", "back to the natural order (as loaded)", NULL},
    {REQ_SYNC, "sync", NULL, "R", "sync now (in the background)", "Sync"},
    {REQ_LOG, "log", NULL, "L", "log of background sync and errors", "Log"},
    {REQ_FOLLOW, "follow", "log", "F", "follow the end of the log as it grows (again: stop)",
     "Follow"},
    {REQ_READY, "ready", "branches", "r",
     "readiness gate of the branch's release; there 1..5 open the pane that fixes an item",
     "Ready"},
    {REQ_APPROVE, "approve", "picks bench", "a", "approve the pick or benchmark row", "Approve"},
    {REQ_REJECT, "reject", "picks bench", "x", "reject the pick or benchmark row", "Reject"},
    {REQ_DEFER, "defer", "picks bench", "d", "defer the pick or benchmark row", "Defer"},
    {REQ_NOTE, "note", "picks bench", "n", "write a note on the pick or benchmark row", "Note"},
    {REQ_CATEGORY, "category", "picks", "c", "change the pick's category", "Cat"},
    {REQ_APPLY, "apply", "picks", "P", "apply approved picks (asks first)", "Apply"},
    {REQ_UNFOLD, "unfold", "picks", "z", "show or fold the picks with nothing to do", NULL},
    {REQ_WHERE, "where", "picks", "w", "where the pick is on every release branch", NULL},
    {REQ_BASE, "base", "bench", "b", "choose the base tag (cycles)", "Base"},
    {REQ_HEAD, "head", "bench", "h", "choose the head tag (cycles)", "Head"},
    {REQ_MORE_RUNS, "more-runs", "bench", "M",
     "launch the runs an inconclusive row needs on its hardware's nodes (asks first)", NULL},
    {REQ_LAUNCH, "launch", "runs", "r", "launch a perf run", "Launch"},
    {REQ_CANCEL, "cancel", "runs", "K", "cancel the run (asks first)", "Cancel"},
    {REQ_NONE, NULL, NULL, NULL, NULL, NULL},
};

static const struct {
    const char *name;
    int key;
} named[] = {
    {"Tab", '\t'},       {"S-Tab", KEY_BTAB}, {"Enter", '\n'},       {"CR", '\r'},
    {"Esc", 27},         {"Space", ' '},      {"BS", KEY_BACKSPACE}, {"Up", KEY_UP},
    {"Down", KEY_DOWN},  {"Left", KEY_LEFT},  {"Right", KEY_RIGHT},  {"PgUp", KEY_PPAGE},
    {"PgDn", KEY_NPAGE}, {"Home", KEY_HOME},  {"End", KEY_END},      {"lt", '<'},
    {"Del", KEY_DC},
};

static int parse_token(const char *t, size_t n)
{
    for (size_t i = 0; i < sizeof named / sizeof *named; i++)
        if (strlen(named[i].name) == n && strncasecmp(named[i].name, t, n) == 0)
            return named[i].key;
    if (n == 3 && (t[0] == 'C' || t[0] == 'c') && t[1] == '-')
        return t[2] & 0x1f;
    if (n >= 2 && n <= 3 && (t[0] == 'F' || t[0] == 'f')) {
        int f = atoi(t + 1);
        if (f >= 1 && f <= 12)
            return KEY_F(f);
    }
    return -1;
}

int rc_keys_parse(int **out, size_t *n, const char *s)
{
    size_t cap = strlen(s) + 1, len = 0;
    int *keys = rc_xcalloc(cap, sizeof *keys);
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p == '<') {
            const char *end = strchr((const char *)p, '>');
            int k =
                end ? parse_token((const char *)p + 1, (size_t)(end - (const char *)p - 1)) : -1;
            if (k < 0) {
                free(keys);
                return rc_error_set(RC_EUSAGE, "unknown key '%.*s' in '%s' (use <lt> for '<')",
                                    end ? (int)(end - (const char *)p + 1)
                                        : (int)strlen((const char *)p),
                                    (const char *)p, s);
            }
            keys[len++] = k;
            p = (const unsigned char *)end + 1;
        } else {
            keys[len++] = *p++;
        }
    }
    *out = keys;
    *n = len;
    return 0;
}

const char *rc_key_name(char buf[24], int key)
{
    for (size_t i = 0; i < sizeof named / sizeof *named; i++)
        if (named[i].key == key && key != '\r') {
            snprintf(buf, 24, "<%s>", named[i].name);
            return buf;
        }
    if (key >= KEY_F(1) && key <= KEY_F(12))
        snprintf(buf, 24, "<F%d>", key - KEY_F(0));
    else if (key > 0 && key < 0x20)
        snprintf(buf, 24, "<C-%c>", key + 'a' - 1);
    else if (key >= 0x20 && key < 0x7f)
        snprintf(buf, 24, "%c", key);
    else
        snprintf(buf, 24, "<%d>", key);
    return buf;
}

/* User bindings from relcap.bind.*: checked before the table. */
typedef struct {
    int key;
    rc_request req;
    const char *scope;
} binding;
static binding *user;
static size_t nuser;

int rc_keymap_load(const rc_config *cfg)
{
    free(user);
    user = NULL;
    nuser = 0;
    if (!cfg)
        return 0;
    for (const rc_keydef *d = rc_keymap; d->action; d++) {
        char name[64];
        snprintf(name, sizeof name, "relcap.bind.%s", d->action);
        const char *v = NULL;
        if (rc_config_string(&v, cfg, name) != 0 || !v || !*v)
            continue;
        /* one binding per action is enough; a value like "A" or "<C-a>" */
        int *keys;
        size_t n;
        int r = rc_keys_parse(&keys, &n, v);
        if (r == 0 && n != 1) {
            free(keys);
            r = RC_EUSAGE;
        }
        if (r)
            return rc_error_set(RC_ECONFIG, "%s = '%s': expected one key such as A, <C-a> or <F5>",
                                name, v);
        user = rc_xrealloc(user, (nuser + 1) * sizeof *user);
        user[nuser++] = (binding){keys[0], d->req, d->scope};
        free(keys);
    }
    return 0;
}

bool rc_keymap_in_scope(const char *def_scope, const char *scope)
{
    if (!def_scope)
        return true;
    if (!scope)
        return false;
    /* def_scope is one pane name or several, space-separated */
    size_t n = strlen(scope);
    for (const char *p = def_scope; *p;) {
        size_t w = strcspn(p, " ");
        if (w == n && strncmp(p, scope, n) == 0)
            return true;
        p += w;
        p += strspn(p, " ");
    }
    return false;
}

static bool in_scope(const char *def_scope, const char *scope)
{
    return rc_keymap_in_scope(def_scope, scope);
}

/* Does the default keys string of d contain key? */
static bool def_has(const rc_keydef *d, int key)
{
    int *keys;
    size_t n;
    if (rc_keys_parse(&keys, &n, d->keys) != 0)
        return false;
    bool hit = false;
    for (size_t i = 0; i < n; i++)
        if (keys[i] == key)
            hit = true;
    free(keys);
    return hit;
}

rc_request rc_keymap_lookup(int key, const char *scope)
{
    if (key == KEY_ENTER || key == '\r')
        key = '\n';
    for (size_t i = nuser; i-- > 0;)
        if (user[i].key == key && in_scope(user[i].scope, scope))
            return user[i].req;
    /* pane-scoped defaults win over global ones (h in bench) */
    for (const rc_keydef *d = rc_keymap; d->action; d++)
        if (d->scope && in_scope(d->scope, scope) && def_has(d, key))
            return d->req;
    for (const rc_keydef *d = rc_keymap; d->action; d++)
        if (!d->scope && def_has(d, key))
            return d->req;
    return REQ_NONE;
}

const char *rc_keymap_keys(rc_request req, const char *scope)
{
    static char buf[128];
    buf[0] = '\0';
    for (size_t i = 0; i < nuser; i++)
        if (user[i].req == req && (in_scope(user[i].scope, scope) ||
                                   (user[i].scope && scope && strcmp(user[i].scope, scope) == 0))) {
            char k[24];
            size_t l = strlen(buf);
            snprintf(buf + l, sizeof buf - l, "%s%s", l ? " " : "", rc_key_name(k, user[i].key));
        }
    for (const rc_keydef *d = rc_keymap; d->action; d++)
        if (d->req == req) {
            size_t l = strlen(buf);
            snprintf(buf + l, sizeof buf - l, "%s%s", l ? " " : "", d->keys);
        }
    return buf;
}

char *rc_keymap_help(void)
{
    rc_buf b = {0};
    rc_buf_puts(&b, "Keys (change with relcap.bind.ACTION = KEY, see relcap-config(5))\n");
    const char *scopes[] = {NULL, "branches", "picks", "bench", "runs", "log"};
    const char *titles[] = {"Everywhere",      "Branches pane", "Cherry-picks pane",
                            "Benchmarks pane", "Runs pane",     "Log view (L; a run's log)"};
    for (size_t s = 0; s < 6; s++) {
        rc_buf_printf(&b, "\n%s\n", titles[s]);
        for (const rc_keydef *d = rc_keymap; d->action; d++) {
            if ((d->scope == NULL) != (scopes[s] == NULL) ||
                (d->scope && !rc_keymap_in_scope(d->scope, scopes[s])))
                continue;
            rc_buf_printf(&b, "  %-22s %-14s %s\n", rc_keymap_keys(d->req, d->scope), d->action,
                          d->help);
        }
        if (scopes[s] && !strcmp(scopes[s], "bench"))
            rc_buf_puts(
                &b, "  Verdicts: regression/improvement when the BH q-value is at most\n"
                    "  relcap.benchAlpha and the ratio beyond relcap.benchThreshold; noise when\n"
                    "  the 95% interval lies inside the threshold; inconclusive otherwise (the\n"
                    "  detail, Enter, says how many runs a side would decide).\n");
    }
    rc_buf_puts(&b, "\nIn the detail view (Enter) of a pick or a benchmark row the triage keys "
                    "(a x d n c) work as on the pane. In the readiness gate (r) and the log view, "
                    "1..5 open a pane; from the gate it opens filtered to the failing items.\n");
    rc_buf_puts(&b, "\nMouse: wheel scrolls, a click selects a row or a pane tab.\n");
    rc_buf_puts(&b, "\nLegend\n"
                    "  Pick states     pending (on main, not on the branch), picked (on the "
                    "branch), revert-needed (reverted on main, still on the branch), not-needed\n"
                    "  Decisions       approve, reject, defer (yours, saved at once); +note: a "
                    "note is attached (n)\n"
                    "  *category       the category was set by you (c), not guessed by relcap\n"
                    "  Ahd / Bhd       commits the branch is ahead of / behind main\n"
                    "  Pend / Rev      picks pending / reverts needed on the branch; - : not "
                    "analysed (sync analyses maintained lines)\n"
                    "  Ready           the readiness gate: ok, N fail, N ? (unknown); r shows it\n"
                    "  Verdicts        regression, inconclusive (more runs would decide), "
                    "missing (one side has no samples), improvement, noise\n"
                    "  CI              success, failure, pending; \u2013 : unknown, GitHub not "
                    "configured (relcap.github)\n"
                    "  Colours         red: fails or needs you; yellow: pending or unknown; green: "
                    "done or passing; dim: nothing to do\n"
                    "  Sort arrow      ^ ascending, v descending, on the sorted column's title\n");
    return rc_buf_detach(&b);
}
