/* The views over a pane: detail text, help, the log (background sync and
 * errors, or a run's log followed as it grows) and the readiness gate. Each
 * has its own keys and function bar; text wraps at the width. And the frame
 * around them: pane tabs, status line, function bar. */
#include "tui/ui_internal.h"

#include "core/base/error.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

void ui_close_text(rc_ui *ui)
{
    rc_textview_free(ui->text);
    ui->text = NULL;
    free(ui->runlog_path);
    ui->runlog_path = NULL;
    ui->overlay = OV_NONE;
}

static void open_text(rc_ui *ui, rc_overlay kind, const char *title, const char *text)
{
    ui_close_text(ui);
    char *t = rc_sanitize(title, false), *body = rc_sanitize(text, true);
    ui->text = rc_textview_new(t);
    ui->text->title_attr = rc_theme_attr(ROLE_TITLE);
    rc_textview_set_text(ui->text, body);
    free(t);
    free(body);
    ui->overlay = kind;
}

void ui_show_text(rc_ui *ui, const char *title, const char *text)
{
    open_text(ui, OV_TEXT, title, text);
}

void ui_show_gate(rc_ui *ui, const char *title, const char *text)
{
    open_text(ui, OV_GATE, title, text);
}

void ui_show_log(rc_ui *ui)
{
    open_text(ui, OV_LOG, "Log: background sync and errors",
              ui->log.len ? ui->log.ptr : "(empty)\n");
    ui->text->follow = true;
}

/* Re-reads a followed run log (the file grows while the run goes on). */
void ui_refresh_runlog(rc_ui *ui)
{
    if (ui->overlay != OV_RUNLOG || !ui->runlog_path)
        return;
    char *data = NULL;
    size_t len = 0;
    if (rc_file_read(&data, &len, ui->runlog_path) != 0)
        return;
    char *safe = rc_sanitize(data, true);
    bool follow = ui->text->follow;
    size_t top = ui->text->top;
    rc_textview_set_text(ui->text, safe);
    ui->text->follow = follow;
    ui->text->top = top;
    if (follow)
        rc_textview_end(ui->text);
    free(data);
    free(safe);
}

void ui_follow_log(rc_ui *ui, const char *title, const char *path)
{
    open_text(ui, OV_RUNLOG, title, "");
    ui->runlog_path = rc_xstrdup(path);
    ui->text->follow = true;
    ui_refresh_runlog(ui);
    if (ui->text->nlines == 0)
        rc_textview_set_text(ui->text, "(no log yet)");
}

/* The detail view shows the selected row again (after a triage key). */
void ui_refresh_detail(rc_ui *ui)
{
    rc_pane *p = &ui->panes[ui->cur];
    if (ui->overlay != OV_TEXT || !p->ops->detail)
        return;
    char *title = NULL, *text = p->ops->detail(p, ui, &title);
    if (text) {
        size_t top = ui->text->top;
        ui_show_text(ui, title ? title : "Detail", text);
        ui->text->top = top;
    }
    free(title);
    free(text);
}

/* The view on screen, for its keys and function bar: the pane's name, or
 * "detail", "help", "log", "gate". */
const char *ui_view_name(const rc_ui *ui)
{
    switch (ui->overlay) {
    case OV_TEXT:
        return "detail";
    case OV_HELP:
        return "help";
    case OV_LOG:
    case OV_RUNLOG:
        return "log";
    case OV_GATE:
        return "gate";
    default:
        return ui->panes[ui->cur].ops->name;
    }
}

/* Triage keys (a x d n c) of the pane: they work in its detail view too. */
static bool is_triage(rc_request r)
{
    return r == REQ_APPROVE || r == REQ_REJECT || r == REQ_DEFER || r == REQ_NOTE ||
           r == REQ_CATEGORY;
}

/* Does the function bar of the view show d? */
static bool bar_shows(const rc_ui *ui, const rc_keydef *d)
{
    const char *pane = ui->panes[ui->cur].ops->name;
    switch (ui->overlay) {
    case OV_NONE:
        return d->req != REQ_QUIT && (!d->scope || rc_keymap_in_scope(d->scope, pane));
    case OV_TEXT:
        return d->req == REQ_BACK || d->req == REQ_HELP ||
               (is_triage(d->req) && rc_keymap_in_scope(d->scope, pane));
    case OV_LOG:
    case OV_RUNLOG:
        return d->req == REQ_BACK || d->req == REQ_FOLLOW || d->req == REQ_SYNC ||
               d->req == REQ_HELP;
    case OV_GATE:
        return d->req == REQ_BACK || d->req == REQ_HELP;
    default:
        return d->req == REQ_BACK || d->req == REQ_QUIT;
    }
}

/* The view's function bar: its keys in table order; on a pane the global
 * hints first, then the pane's own. Returns the count. */
size_t ui_function_bar(rc_ui *ui, rc_fnkey keys[24], char keybuf[24][24])
{
    size_t n = 0;
    const char *pane = ui->panes[ui->cur].ops->name;
    if (ui->overlay == OV_GATE || ui->overlay == OV_LOG || ui->overlay == OV_RUNLOG) {
        snprintf(keybuf[n], 24, "1-5");
        keys[n].key = keybuf[n];
        keys[n].label = ui->overlay == OV_GATE ? "Fix" : "Pane";
        n++;
    }
    /* Enter, the view's own keys, then the rest: at a narrow width the
     * bar keeps the first ones */
    for (int pass = 0; pass < 3; pass++)
        for (const rc_keydef *d = rc_keymap; d->action && n < 24; d++) {
            bool own = d->scope && rc_keymap_in_scope(d->scope, pane);
            int want = d->req == REQ_ENTER ? 0 : own ? 1 : 2;
            if (!d->bar || want != pass || !bar_shows(ui, d))
                continue;
            const char *k = rc_keymap_keys(d->req, d->scope);
            size_t kl = strcspn(k, " ");
            if (kl > 2 && k[0] == '<' && k[kl - 1] == '>') { /* "<Enter>" shows as "Enter" */
                k++;
                kl -= 2;
            }
            snprintf(keybuf[n], 24, "%.*s", (int)kl, k);
            keys[n].key = keybuf[n];
            keys[n].label = d->bar;
            /* on a pane q quits (or clears the filter first) */
            if (d->req == REQ_BACK && ui->overlay == OV_NONE)
                keys[n].label = ui->panes[ui->cur].grid.filter ? "Unfilter" : "Quit";
            n++;
        }
    return n;
}

void ui_help(rc_ui *ui)
{
    char *h = rc_keymap_help();
    open_text(ui, OV_HELP, "Help (q to close)", h);
    free(h);
}

static void text_request(rc_ui *ui, rc_request req, int key)
{
    rc_textview *t = ui->text;
    rc_wmotion m;
    if (ui_request_motion(&m, req)) {
        rc_textview_motion(t, m);
        return;
    }
    switch (req) {
    case REQ_BACK:
        ui_close_text(ui);
        break;
    case REQ_HELP:
        ui_help(ui);
        break;
    case REQ_QUIT:
        ui->quit = true;
        break;
    default:
        rc_widget_key(&t->base, key); /* F: follow */
        break;
    }
}

/* From the gate, the pane opens filtered to what fails there: picks to
 * follow or apply, regressions, the release's tags. */
static void gate_filter(rc_ui *ui, rc_pane *p)
{
    int pane = ui->cur + 1;
    if (!(ui->gate_panes & (1u << pane)) || !p->table)
        return;
    char f[300] = "";
    if (pane == 3)
        snprintf(f, sizeof f, "state:revert-needed|decision:approve");
    else if (pane == 4)
        snprintf(f, sizeof f, "verdict:regression");
    else if (pane == 2 && ui->branch[0] && !strchr(ui->branch, ' '))
        snprintf(f, sizeof f, "branch:%s", ui->branch);
    if (!*f)
        return;
    rc_grid_set_filter(&p->grid, f);
    ui_pane_refresh_rows(p);
    rc_table_home(p->table);
    ui_message(ui, 0, "filtered to the gate's items: %s (q clears)", f);
}

/* A key in a view over the pane (detail, help, log, gate). */
void ui_overlay_key(rc_ui *ui, rc_pane *p, rc_request req, int key)
{
    if (req == REQ_LOG && ui->overlay == OV_LOG) {
        ui_close_text(ui);
    } else if (req >= REQ_PANE_1 && req <= REQ_PANE_5 && ui->overlay != OV_TEXT &&
               ui->overlay != OV_HELP) {
        /* from the gate to the pane that fixes an item, filtered to it;
         * from the log to any pane */
        bool gate = ui->overlay == OV_GATE;
        ui_close_text(ui);
        ui_switch_pane(ui, (int)(req - REQ_PANE_1));
        if (gate)
            gate_filter(ui, &ui->panes[ui->cur]);
    } else if (req == REQ_SYNC && (ui->overlay == OV_LOG || ui->overlay == OV_RUNLOG)) {
        ui_start_sync(ui);
        if (ui->overlay == OV_LOG)
            ui_show_log(ui);
    } else if (ui->overlay == OV_TEXT && is_triage(req) && p->ops->request) {
        /* triage from the detail view: the pane saves, the view follows */
        p->ops->request(p, ui, req);
        if (!ui->prompt)
            ui_refresh_detail(ui);
    } else if (req == REQ_FOLLOW) {
        ui->text->follow = !ui->text->follow;
        if (ui->text->follow)
            rc_textview_end(ui->text);
        ui_message(ui, 0, "follow %s", ui->text->follow ? "on" : "off");
    } else {
        text_request(ui, req, key);
    }
}

/* ---- the frame around the views: pane tabs, status line, function bar ---- */

void ui_draw_tabs(rc_ui *ui, int cols)
{
    rc_wfill(stdscr, 0, 0, cols, rc_theme_attr(ROLE_TAB));
    int x = 0;
    for (int i = 0; i < RC_NPANES; i++) {
        char t[64];
        snprintf(t, sizeof t, " %d %s ", i + 1, ui->panes[i].ops->title);
        x += rc_wput(stdscr, 0, x, t, cols - x,
                     rc_theme_attr(i == ui->cur ? ROLE_TABSEL : ROLE_TAB), false);
    }
    char ctx[300];
    snprintf(ctx, sizeof ctx, "%s ", ui->branch[0] ? ui->branch : "no branch");
    char *safe = rc_sanitize(ctx, false);
    int w = rc_wwidth(safe);
    if (x + 1 + w <= cols)
        rc_wput(stdscr, 0, cols - w, safe, w, rc_theme_attr(ROLE_TAB), false);
    free(safe);
}

static int64_t now(const rc_ui *ui)
{
    return ui->now ? ui->now : (int64_t)time(NULL);
}

static void status_right(rc_ui *ui, char *buf, size_t n)
{
    buf[0] = '\0';
    if (ui->sync_pid > 0) {
        static const char spin[] = "|/-\\";
        snprintf(buf, n, "%c %s %llds ", spin[ui->spin % 4],
                 strcmp(ui->sync_what, "sync") == 0 ? "syncing" : "analysing",
                 (long long)(now(ui) - ui->sync_started));
    }
    char *last = NULL;
    size_t l = strlen(buf);
    if (rc_db_meta_get(&last, ui->db, "last_sync") == 0 && last && *last) {
        char when[32];
        char *end;
        long long t = strtoll(last, &end, 10);
        if (*end == '\0' && end != last) {
            char iso[21];
            rc_time_iso(iso, t);
            snprintf(when, sizeof when, "%.10s %.5s", iso, iso + 11);
        } else {
            char *s = rc_sanitize(last, false);
            snprintf(when, sizeof when, "%.16s", s);
            if (strlen(when) > 11 && when[10] == 'T')
                when[10] = ' ';
            free(s);
        }
        snprintf(buf + l, n - l, "synced %s", when);
    } else {
        snprintf(buf + l, n - l, "never synced");
    }
    free(last);
}

/* The pane's title line (row 1): its filter, its own title, and why CI
 * shows "–" in as many words as fit (none rather than cut: the help's
 * legend says it too). */
void ui_draw_title(rc_ui *ui, rc_pane *p, int cols)
{
    char title[512] = "";
    p->ops->draw(p, ui, title, sizeof title);
    char full[800];
    if (p->grid.filter)
        snprintf(full, sizeof full, "[/%s] %s", p->grid.filter, title);
    else
        snprintf(full, sizeof full, "%s", title);
    static const char *const hints[] = {"   CI \u2013: GitHub not configured (relcap.github)",
                                        "   CI \u2013: GitHub not configured",
                                        "   CI \u2013: no GitHub", ""};
    if (p->ci_unknown) {
        size_t h = 0, nh = sizeof hints / sizeof *hints;
        while (h + 1 < nh && rc_wwidth(full) + rc_wwidth(hints[h]) > cols)
            h++;
        snprintf(full + strlen(full), sizeof full - strlen(full), "%s", hints[h]);
    }
    char *safe = rc_sanitize(full, false); /* branch and tag names come from git */
    rc_wput(stdscr, 1, 0, safe, cols, rc_theme_attr(ROLE_TITLE), true);
    free(safe);
}

static bool bar_keeps(const rc_fnkey *k)
{
    static const char *const kept[] = {"Help", "Quit", "Back", "Unfilter"};
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
        if (strcmp(k->label, kept[i]) == 0)
            return true;
    return false;
}

/* At a narrow width the bar folds: hints drop from its end, but the way
 * out and ?Help (which lists every key) stay. Returns the new count. */
static size_t fold_bar(rc_fnkey *keys, size_t n, int cols)
{
    for (;;) {
        int w = -1; /* no space after the last hint */
        for (size_t i = 0; i < n; i++)
            w += rc_wwidth(keys[i].key) + rc_wwidth(keys[i].label) + 1;
        size_t drop = n;
        while (drop > 0 && bar_keeps(&keys[drop - 1]))
            drop--;
        if (w <= cols || drop == 0)
            return n;
        drop--;
        memmove(&keys[drop], &keys[drop + 1], (n - drop - 1) * sizeof *keys);
        n--;
    }
}

void ui_draw_status(rc_ui *ui, int rows, int cols)
{
    char right[128];
    status_right(ui, right, sizeof right);
    /* a message that needs the whole line gets it: the sync time waits (a
     * running sync's spinner stays) */
    if (ui->msg[0] && ui->sync_pid <= 0 && rc_wwidth(ui->msg) + 1 + rc_wwidth(right) > cols)
        right[0] = '\0';
    rc_statusbar_set(ui->status, ui->msg, ui->msg_role ? rc_theme_attr(ui->msg_role) : 0, right);
    rc_fnkey keys[24];
    char keybuf[24][24];
    size_t n = fold_bar(keys, ui_function_bar(ui, keys, keybuf), cols);
    rc_statusbar_set_keys(ui->status, keys, n);
    ui->status->status_attr = rc_theme_attr(ROLE_STATUS);
    ui->status->key_attr = rc_theme_attr(ROLE_KEY);
    ui->status->label_attr = rc_theme_attr(ROLE_LABEL);
    rc_widget_place(&ui->status->base, rows - 2, 0, 2, cols);
    rc_widget_draw(&ui->status->base, stdscr);
    if (ui->prompt) {
        rc_widget_place(&ui->prompt->base, rows - 2, 0, 1, cols);
        rc_widget_draw(&ui->prompt->base, stdscr);
    }
}
