/* The cockpit: panes (tig-style views, one file each with an ops table),
 * overlays (detail text, help, log, prompt, confirm), the status line and
 * the background sync. Everything is drawn into stdscr each frame; curses
 * sends only what changed. */
#ifndef RELCAP_TUI_UI_H
#define RELCAP_TUI_UI_H

#include "core/base/config.h"
#include "core/base/db.h"

#include <git2.h>
#include "core/base/util.h"
#include "tui/grid.h"
#include "tui/keymap.h"
#include "tui/theme.h"
#include "widgets/confirm.h"
#include "widgets/menu.h"
#include "widgets/prompt.h"
#include "widgets/statusbar.h"
#include "widgets/table.h"
#include "widgets/textview.h"

#include <stdint.h>
#include <sys/types.h>

typedef struct rc_ui rc_ui;
typedef struct rc_pane rc_pane;

typedef struct {
    const char *name;  /* scope of its keys: "branches", "tags", "picks", "bench", "runs" */
    const char *title; /* tab label */
    /* (Re)loads the pane's rows from the cache for the current context. */
    void (*open)(rc_pane *p, rc_ui *ui);
    /* Title line above the table (counts, context); write into buf. */
    void (*draw)(rc_pane *p, rc_ui *ui, char *title, size_t n);
    /* A pane-specific request; true when handled. */
    bool (*request)(rc_pane *p, rc_ui *ui, rc_request req);
    /* The selection moved: update the shared context (branch, release). */
    void (*select)(rc_pane *p, rc_ui *ui);
    /* Detail text for the selected row (Enter), malloc'd, or NULL. */
    char *(*detail)(rc_pane *p, rc_ui *ui, char **title);
    /* Frees what priv holds (priv itself is freed by the cockpit); may be NULL. */
    void (*close)(rc_pane *p);
} rc_pane_ops;

struct rc_pane {
    const rc_pane_ops *ops;
    rc_table *table;
    rc_grid grid;
    char *loaded_for; /* context the rows were loaded for */
    bool ci_unknown;  /* some CI cell shows "–": GitHub is not configured */
    void *priv;
};

typedef enum { OV_NONE, OV_TEXT, OV_HELP, OV_LOG, OV_RUNLOG, OV_GATE } rc_overlay;

typedef void (*rc_prompt_done)(rc_ui *ui, const char *text);
typedef void (*rc_confirm_done)(rc_ui *ui);
/* The item chosen in a menu (index into the items given to ui_choose). */
typedef void (*rc_menu_done)(rc_ui *ui, size_t index);

#define RC_NPANES 5

struct rc_ui {
    rc_db *db;
    /* NULL until ui_repo opens it, and on a bare cache (--db alone):
     * read it through ui_repo, test has_repo for "is there one" */
    git_repository *repo;
    bool has_repo;
    git_repository *(*repo_open)(void *arg);
    void *repo_arg;
    const rc_config *cfg;
    rc_pane panes[RC_NPANES];
    int cur;
    /* shared context: the branch and release selected in the branches pane */
    char branch[256], release[128];
    /* bench pane choices (empty: defaults) */
    char base[128], head[128];
    /* panes (bit 1 << n for pane n, 1..5) with a failing or unknown item in
     * the gate shown last: 1..5 there open the pane filtered to them */
    unsigned gate_panes;
    rc_statusbar *status;
    char msg[512];
    int msg_role;
    rc_overlay overlay;
    rc_textview *text;
    char *runlog_path;
    rc_prompt *prompt;
    rc_prompt_done prompt_done;
    bool prompt_live; /* filter as you type */
    char *filter_before;
    rc_confirm *confirm;
    rc_confirm_done confirm_done;
    rc_menu *menu;
    rc_menu_done menu_done;
    intptr_t pending_id; /* run id or such, for a confirmation */
    /* background sync */
    pid_t sync_pid;
    int sync_fd;
    int64_t sync_started;
    int spin;
    rc_buf log;
    char **sync_argv;
    /* live runs: `relcap run refresh` in a child while any run is active */
    char **refresh_argv;
    pid_t poll_pid;
    int poll_fd;
    int64_t poll_started;
    rc_buf poll_out;     /* what the child printed so far */
    char sync_what[300]; /* what the background child does: "sync", "analysing B" */
    bool snapshot, quit;
    int64_t now;          /* fixed in snapshot mode, for stable dumps */
    unsigned long frames; /* drawn so far */
    bool more_work;       /* a pane's draw left work for the next idle frame */
};

/* Pane ops, one per tui/pane_*.c. */
extern const rc_pane_ops rc_pane_branches, rc_pane_tags, rc_pane_picks, rc_pane_bench, rc_pane_runs;

/* For panes: status line message (role ROLE_ERROR for errors). */
void ui_message(rc_ui *ui, int role, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Appends a line to the log view (sanitized). */
void ui_log(rc_ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ui_show_text(rc_ui *ui, const char *title, const char *text);
/* The readiness gate's text: there the pane keys (1..5) open that pane. */
void ui_show_gate(rc_ui *ui, const char *title, const char *text);
/* Follows a growing log file (re-read while shown). */
void ui_follow_log(rc_ui *ui, const char *title, const char *path);
void ui_ask(rc_ui *ui, const char *label, const char *initial, rc_prompt_done done);
void ui_confirm(rc_ui *ui, const char *title, const char *message, rc_confirm_done done);
/* A menu of n items (notes, beside them, may be NULL) with item sel
 * selected; done gets the chosen one (nothing on Esc). */
void ui_choose(rc_ui *ui, const char *title, const char *const *items, const char *const *notes,
               size_t n, size_t sel, rc_menu_done done);
/* Standard table for a grid: cell/attr callbacks reading the grid. */
void ui_pane_table(rc_pane *p, const rc_table_col *cols, int ncols, const char *const *titles);
/* Reloads every pane whose context changed (or all when force). */
void ui_reload(rc_ui *ui, bool force);
/* "regression" or "regressions": the word for n. */
const char *ui_plural(size_t n, const char *one, const char *many);
/* Author of decisions: relcap.author, else $USER. */
const char *ui_author(rc_ui *ui);
/* Short sha (12) of a full one into buf. */
const char *ui_short(char buf[16], const char *sha);
/* "2026-11-23" from epoch seconds; "" for 0. */
const char *ui_date(char buf[32], int64_t t);

/* The repository, opened (with libgit2) on the first call; NULL on a bare
 * cache. The first frame must not call it (issue 18). */
git_repository *ui_repo(rc_ui *ui);

/* The cockpit entry (cmd_ui.c parses options into these). */
typedef struct {
    bool no_sync;
    bool snapshot;
    int cols, rows;
    const char *keys;
    bool attrs;
    long bench_scroll;    /* frames to time while scrolling; 0 = off */
    char **sync_argv;     /* argv of `relcap ... sync` (NULL: no sync) */
    char **refresh_argv;  /* argv of `relcap ... run refresh` (NULL: no polling) */
    git_repository *repo; /* for actions that write git (apply); may be NULL */
    /* with repo NULL and has_repo: opens it on first need (ui_repo) */
    bool has_repo;
    git_repository *(*repo_open)(void *arg);
    void *repo_arg;
} rc_ui_opts;

int rc_ui_run(rc_db *db, const rc_config *cfg, const rc_ui_opts *opts);

#endif
