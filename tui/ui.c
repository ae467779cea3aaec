/* The cockpit's frame and loops (its keys: tui/ui_keys.c). Layout, top to
 * bottom: pane tabs, the pane's title line, its table (or an overlay:
 * detail, help, log), the status line (or the prompt) and the function
 * bar. */
#include "tui/ui.h"

#include "core/base/error.h"
#include "core/runs/runs.h"
#include "tui/actions.h"
#include "tui/sync.h"
#include "tui/ui_internal.h"
#include "widgets/screen.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const rc_pane_ops *const pane_ops[RC_NPANES] = {
    &rc_pane_branches, &rc_pane_tags, &rc_pane_picks, &rc_pane_bench, &rc_pane_runs,
};

/* The formatted text, at most cap - 1 bytes, sanitized; the caller frees. */
static char *vsanitized(size_t cap, bool keep_newlines, const char *fmt, va_list ap)
{
    char raw[1024];
    vsnprintf(raw, cap < sizeof raw ? cap : sizeof raw, fmt, ap);
    return rc_sanitize(raw, keep_newlines);
}

void ui_message(rc_ui *ui, int role, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vsanitized(512, false, fmt, ap);
    va_end(ap);
    snprintf(ui->msg, sizeof ui->msg, "%s", s);
    free(s);
    ui->msg_role = role;
    if (role == ROLE_ERROR)
        ui_log(ui, "error: %s", ui->msg);
}

void ui_log(rc_ui *ui, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vsanitized(1024, true, fmt, ap);
    va_end(ap);
    rc_buf_puts(&ui->log, s);
    if (!*s || s[strlen(s) - 1] != '\n')
        rc_buf_puts(&ui->log, "\n");
    free(s);
}

const char *ui_plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

const char *ui_author(rc_ui *ui)
{
    const char *a = NULL;
    if (ui->cfg && rc_config_string(&a, ui->cfg, "relcap.author") == 0 && a && *a)
        return a;
    a = getenv("USER");
    return a && *a ? a : "unknown";
}

const char *ui_short(char buf[16], const char *sha)
{
    snprintf(buf, 16, "%.12s", sha ? sha : "");
    return buf;
}

const char *ui_date(char buf[32], int64_t t)
{
    if (t <= 0) {
        buf[0] = '\0';
        return buf;
    }
    char iso[21];
    rc_time_iso(iso, t);
    snprintf(buf, 32, "%.10s", iso);
    return buf;
}

/* ---- table callbacks shared by every pane ---- */

static const char *grid_cell(void *ud, size_t row, int col, char *buf, size_t n)
{
    (void)buf;
    (void)n;
    return rc_grid_cell(&((rc_pane *)ud)->grid, row, col);
}

static attr_t grid_attr(void *ud, size_t row, int col)
{
    int role = rc_grid_role_of(&((rc_pane *)ud)->grid, row, col);
    if (col >= 0 && role == rc_grid_role_of(&((rc_pane *)ud)->grid, row, -1))
        return A_NORMAL; /* same as the row: drawn with the row */
    return rc_theme_attr(role);
}

static int grid_width(void *ud, int col)
{
    return rc_grid_width(&((rc_pane *)ud)->grid, col);
}

void ui_pane_table(rc_pane *p, const rc_table_col *cols, int ncols, const char *const *titles)
{
    p->table = rc_table_new(cols, ncols, grid_cell, grid_attr, p);
    p->table->width = grid_width;
    p->table->hdr_attr = rc_theme_attr(ROLE_HEADER);
    p->table->sel_attr = rc_theme_attr(ROLE_SELECT);
    p->table->empty = "(nothing here yet: press R to sync, or see relcap sync --help)";
    rc_grid_init(&p->grid, ncols, titles);
    for (int c = 0; c < ncols; c++)
        if (cols[c].order)
            rc_grid_set_order(&p->grid, c, cols[c].order);
}

/* After the grid changed: the table follows its view. */
void ui_pane_refresh_rows(rc_pane *p)
{
    rc_table_set_rows(p->table, p->grid.nview);
    p->table->sort_col = p->grid.sort_col;
    p->table->sort_desc = p->grid.sort_desc;
}

/* The pane's CI column, or -1. */
static int ci_column(const rc_pane *p)
{
    for (int c = 0; p->grid.titles && c < p->grid.ncols; c++)
        if (strcmp(p->grid.titles[c], "CI") == 0)
            return c;
    return -1;
}

static bool github_configured(const rc_ui *ui)
{
    const char *slug = NULL;
    return ui->cfg && rc_config_string(&slug, ui->cfg, "relcap.github") == 0 && slug && *slug;
}

/* Without GitHub nothing knows CI: a CI cell that says nothing shows "–"
 * (the title line says why), not a "none" that reads as a state. */
static void mark_unknown_ci(rc_ui *ui, rc_pane *p)
{
    int ci = ci_column(p);
    p->ci_unknown = false;
    if (ci < 0 || github_configured(ui))
        return;
    for (size_t r = 0; r < p->grid.nrows; r++) {
        const char *cell = p->grid.cells[r * (size_t)p->grid.ncols + (size_t)ci];
        if (!*cell || strcmp(cell, "none") == 0) {
            rc_grid_set_cell(&p->grid, r, ci, "\u2013");
            rc_grid_role(&p->grid, r, ci, ROLE_DIM);
            p->ci_unknown = true;
        }
    }
}

static void pane_open(rc_ui *ui, rc_pane *p, bool keep_sel)
{
    if (p->table && !keep_sel)
        rc_table_select(p->table, 0);
    p->ops->open(p, ui); /* creates the table on first use; may select a row */
    mark_unknown_ci(ui, p);
    rc_grid_apply(&p->grid);
    ui_pane_refresh_rows(p);
}

/* Only the pane on screen is loaded: the others are marked stale and load
 * when shown, so the first frame costs one pane's query. */
void ui_reload(rc_ui *ui, bool force)
{
    char ctx[1024];
    snprintf(ctx, sizeof ctx, "%s|%s|%s|%s", ui->branch, ui->release, ui->base, ui->head);
    for (int i = 0; i < RC_NPANES; i++) {
        rc_pane *p = &ui->panes[i];
        bool same = p->loaded_for && strcmp(p->loaded_for, ctx) == 0;
        if (i != ui->cur) {
            if (force && p->table) {
                free(p->loaded_for);
                p->loaded_for = NULL;
            }
            continue;
        }
        if (force || !same) {
            pane_open(ui, p, same || (force && p->loaded_for));
            free(p->loaded_for);
            p->loaded_for = rc_xstrdup(ctx);
        }
    }
}

void ui_pane_selected(rc_ui *ui)
{
    rc_pane *p = &ui->panes[ui->cur];
    if (p->ops->select)
        p->ops->select(p, ui);
}

/* ---- overlays ---- */

void ui_ask(rc_ui *ui, const char *label, const char *initial, rc_prompt_done done)
{
    rc_prompt_free(ui->prompt);
    ui->prompt = rc_prompt_new(label, initial);
    ui->prompt->attr = A_NORMAL;
    ui->prompt_done = done;
    ui->prompt_live = false;
}

void ui_confirm(rc_ui *ui, const char *title, const char *message, rc_confirm_done done)
{
    rc_confirm_free(ui->confirm);
    char *t = rc_sanitize(title, false), *m = rc_sanitize(message, true);
    ui->confirm = rc_confirm_new(t, m);
    free(t);
    free(m);
    ui->confirm->attr = rc_theme_attr(ROLE_DIALOG);
    ui->confirm->title_attr = rc_theme_attr(ROLE_DIALOG) | A_BOLD;
    ui->confirm_done = done;
}

void ui_choose(rc_ui *ui, const char *title, const char *const *items, const char *const *notes,
               size_t n, size_t sel, rc_menu_done done)
{
    rc_menu_free(ui->menu);
    ui->menu = rc_menu_new(title, items, notes, n, sel);
    ui->menu->attr = rc_theme_attr(ROLE_DIALOG);
    ui->menu->title_attr = rc_theme_attr(ROLE_DIALOG) | A_BOLD;
    ui->menu->note_attr = rc_theme_attr(ROLE_DIALOG) | A_DIM;
    ui->menu_done = done;
}

/* ---- drawing ---- */

static void draw(rc_ui *ui)
{
    int rows = getmaxy(stdscr), cols = getmaxx(stdscr);
    erase();
    if (cols < UI_MIN_COLS || rows < UI_MIN_ROWS) {
        char m[128];
        snprintf(m, sizeof m, "terminal too small: %dx%d, relcap needs at least %dx%d", cols, rows,
                 UI_MIN_COLS, UI_MIN_ROWS);
        const char *q = "(resize the window, or press q to quit)";
        int y = rows / 2 - 1 > 0 ? rows / 2 - 1 : 0;
        int mw = rc_wwidth(m), qw = rc_wwidth(q);
        rc_wput(stdscr, y, mw < cols ? (cols - mw) / 2 : 0, m, cols, A_BOLD, false);
        if (y + 1 < rows)
            rc_wput(stdscr, y + 1, qw < cols ? (cols - qw) / 2 : 0, q, cols, A_NORMAL, false);
        return;
    }
    ui_draw_tabs(ui, cols);
    rc_pane *p = &ui->panes[ui->cur];
    if (ui->overlay != OV_NONE && ui->text) {
        rc_widget_place(&ui->text->base, 1, 0, rows - 3, cols);
        rc_widget_draw(&ui->text->base, stdscr);
    } else {
        ui_draw_title(ui, p, cols);
        rc_widget_place(&p->table->base, 2, 0, rows - 4, cols);
        p->table->focused = true;
        /* an empty list says why: the filter, not a missing sync */
        const char *own = p->table->empty;
        char why[600];
        if (p->ops == &rc_pane_picks && p->grid.nrows == 0 && ui->sync_pid <= 0 &&
            ui_picks_unanalysed(ui)) {
            char *b = rc_sanitize(ui->branch, false);
            snprintf(why, sizeof why, "%s: not analysed \u2014 Enter analyses it now", b);
            free(b);
            p->table->empty = why;
        } else if (p->grid.filter && p->grid.nview == 0) {
            if (!rc_grid_filter_ok(&p->grid, p->grid.filter, why, sizeof why)) {
                /* the status line lists the columns */
                why[strcspn(why, "(")] = '\0';
                snprintf(why + strlen(why), sizeof why - strlen(why), "\u2014 Esc clears");
            } else
                snprintf(why, sizeof why, "no rows match %s \u2014 Esc clears", p->grid.filter);
            char *safe_why = rc_sanitize(why, false);
            snprintf(why, sizeof why, "%s", safe_why);
            free(safe_why);
            p->table->empty = why;
        }
        rc_widget_draw(&p->table->base, stdscr);
        p->table->empty = own;
    }
    ui_draw_status(ui, rows, cols);
    ui->frames++;
    if (ui->confirm) {
        rc_widget_place(&ui->confirm->base, 1, 0, rows - 3, cols);
        rc_widget_draw(&ui->confirm->base, stdscr);
    }
    if (ui->menu) {
        rc_widget_place(&ui->menu->base, 1, 0, rows - 3, cols);
        rc_widget_draw(&ui->menu->base, stdscr);
    }
    if (ui->prompt) { /* leave the cursor in the prompt */
        rc_widget_place(&ui->prompt->base, rows - 2, 0, 1, cols);
        rc_widget_draw(&ui->prompt->base, stdscr);
    }
}

/* ---- setup and loops ---- */

git_repository *ui_repo(rc_ui *ui)
{
    if (!ui->repo && ui->has_repo && ui->repo_open) {
        ui->repo = ui->repo_open(ui->repo_arg);
        ui->has_repo = ui->repo != NULL;
    }
    return ui->repo;
}

static void ui_init(rc_ui *ui, rc_db *db, const rc_config *cfg, const rc_ui_opts *o)
{
    ui->db = db;
    ui->repo = o->repo;
    ui->has_repo = o->repo || o->has_repo;
    ui->repo_open = o->repo_open;
    ui->repo_arg = o->repo_arg;
    ui->cfg = cfg;
    ui->sync_fd = -1;
    ui->poll_fd = -1;
    ui->status = rc_statusbar_new();
    for (int i = 0; i < RC_NPANES; i++)
        ui->panes[i].ops = pane_ops[i];
    /* the branches pane loads first and chooses the context (the first
     * branch); each pane builds its table in open() on first use */
    ui->cur = 0;
    ui_reload(ui, true);
    ui_pane_selected(ui);
    ui_reload(ui, false);
}

static void ui_free(rc_ui *ui)
{
    if (ui->sync_pid > 0) {
        rc_tui_sync_stop(ui->sync_pid);
        close(ui->sync_fd);
    }
    if (ui->poll_pid > 0) {
        rc_tui_sync_stop(ui->poll_pid);
        close(ui->poll_fd);
    }
    rc_buf_free(&ui->poll_out);
    for (int i = 0; i < RC_NPANES; i++) {
        rc_pane *p = &ui->panes[i];
        if (p->ops->close && p->priv)
            p->ops->close(p);
        rc_grid_free(&p->grid);
        rc_table_free(p->table);
        free(p->loaded_for);
        free(p->priv);
    }
    ui_close_text(ui);
    rc_prompt_free(ui->prompt);
    rc_confirm_free(ui->confirm);
    rc_menu_free(ui->menu);
    rc_statusbar_free(ui->status);
    free(ui->filter_before);
    rc_buf_free(&ui->log);
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static int run_snapshot(rc_db *db, const rc_config *cfg, const rc_ui_opts *o)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int *keys = NULL;
    size_t nkeys = 0;
    if (o->keys && rc_keys_parse(&keys, &nkeys, o->keys) != 0) {
        fprintf(stderr, "relcap ui: --keys: %s\n", rc_error_last());
        return 2;
    }
    FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
    const char *term = getenv("TERM");
    SCREEN *scr = NULL;
    if (out && in && term && *term)
        scr = newterm(term, out, in);
    if (!scr && out && in)
        scr = newterm("xterm-256color", out, in);
    if (!scr) {
        fprintf(stderr, "relcap ui: cannot set up an off-screen terminal\n");
        free(keys);
        return 1;
    }
    set_term(scr);
    resize_term(o->rows, o->cols);
    const char *mode = NULL;
    if (cfg)
        rc_config_string(&mode, cfg, "relcap.color");
    rc_theme_init(mode);
    rc_ui ui = {0};
    ui.snapshot = true;
    ui.now = 1;
    ui_init(&ui, db, cfg, o);
    draw(&ui);
    double first = ms_since(&t0);
    for (size_t i = 0; i < nkeys && !ui.quit; i++) {
        ui_handle_key(&ui, keys[i]);
        draw(&ui);
    }
    if (o->bench_scroll > 0) {
        struct timespec t1;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        rc_pane *p = &ui.panes[ui.cur];
        for (long i = 0; i < o->bench_scroll; i++) {
            ui_handle_key(&ui, 'j');
            draw(&ui);
            refresh(); /* and the terminal output, written to /dev/null */
        }
        double ms = ms_since(&t1);
        fprintf(stderr, "first-frame-ms %.3f\nscroll-frames %ld rows %zu\nframe-ms %.4f\n", first,
                o->bench_scroll, p->grid.nview, ms / (double)o->bench_scroll);
    }
    char *dump = rc_screen_dump(stdscr, o->attrs ? rc_theme_mark : NULL);
    fputs(dump, stdout);
    free(dump);
    ui_free(&ui);
    endwin();
    delscreen(scr);
    fclose(out);
    fclose(in);
    free(keys);
    return 0;
}

static int run_interactive(rc_db *db, const rc_config *cfg, const rc_ui_opts *o)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "relcap ui: needs a terminal (use --snapshot COLSxROWS without one)\n");
        return 1;
    }
    initscr();
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
                  | BUTTON5_PRESSED
#endif
              ,
              NULL);
    mouseinterval(0);
    const char *mode = NULL;
    if (cfg)
        rc_config_string(&mode, cfg, "relcap.color");
    rc_theme_init(mode);
    rc_ui ui = {0};
    ui.sync_argv = o->sync_argv;
    ui.refresh_argv = o->refresh_argv;
    ui_init(&ui, db, cfg, o);
    curs_set(0);
    draw(&ui); /* the first frame comes from the cache alone */
    refresh();
    bool on_start = true;
    if (cfg)
        rc_config_bool(&on_start, cfg, "relcap.syncOnStart");
    if (ui.sync_argv && !o->no_sync && on_start)
        ui_start_sync(&ui);
    int64_t last_poll = time(NULL);
    while (!ui.quit) {
        curs_set(ui.prompt ? 1 : 0);
        draw(&ui);
        refresh();
        /* a pane with work left for idle time (readiness cells) asks for
         * the next frame at once; a key still comes first */
        bool busy = ui.sync_pid > 0 || ui.poll_pid > 0;
        timeout(ui.more_work ? 0 : busy || ui.overlay == OV_RUNLOG || ui.cur == 4 ? 250 : 1000);
        ui.more_work = false;
        int key = getch();
        if (key == '\r')
            key = '\n';
        ui_handle_key(&ui, key);
        ui_poll_sync(&ui);
        ui_poll_runs(&ui);
        if (time(NULL) - last_poll >= 1) {
            /* live state: runs and followed logs change underneath (also
             * changed by other relcap processes) */
            last_poll = time(NULL);
            ui_refresh_runlog(&ui);
            if (ui.cur == 4 && ui.overlay == OV_NONE && !ui.prompt && !ui.confirm)
                pane_open(&ui, &ui.panes[4], true);
        }
    }
    ui_free(&ui);
    endwin();
    return 0;
}

int rc_ui_run(rc_db *db, const rc_config *cfg, const rc_ui_opts *opts)
{
    int r = rc_keymap_load(cfg);
    if (r) {
        fprintf(stderr, "relcap: %s\n", rc_error_last());
        return 2;
    }
    rc_db_map_for_reading(db);
    return opts->snapshot ? run_snapshot(db, cfg, opts) : run_interactive(db, cfg, opts);
}
