/* Benchmarks pane: `relcap bench diff` of the selected release's newest RC
 * (head) against the last final release before it (base), from
 * core/bench_diff: regressions first, coloured by verdict, the captain's
 * triage of each row, and a sparkline of each metric across the head's
 * release line. b and h cycle base and head among the tags with results;
 * a, x, d and n triage the selected row (rc_bench_decide), as in the picks
 * pane: the readiness gate wants every regression triaged. M launches the
 * runs an inconclusive row needs (rc_runs_start on its hardware's nodes). */
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/runs/nodes.h"
#include "core/runs/runs.h"
#include "tui/model.h"
#include "tui/ui.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const titles[] = {"HW",    "Model",   "Metric", "Base", "Head",
                                     "Delta", "Verdict", "Triage", "Trend"};
/* verdicts in their meaning order, for sorting (s) */
static const char *const verdict_order[] = {"regression",  "inconclusive", "missing",
                                            "improvement", "noise",        NULL};
static const rc_table_col cols[] = {
    {.title = "HW", .vocab = true},
    {.title = "Model/test", .min = 10},
    {.title = "Metric", .width = 24}, /* requests_per_second: whole where there is room */
    {.title = "Base", .width = 9, .right = true, .drop = 2},
    {.title = "Head", .width = 9, .right = true},
    {.title = "Delta", .width = 8, .right = true},
    {.title = "Verdict", .vocab = true, .order = verdict_order},
    {.title = "Triage", .vocab = true},
    {.title = "Trend", .width = 8, .drop = 1},
};

/* More runs launched by one key press, a side at most: a spread that needs
 * hundreds is a reason to look at the machine, not to queue hundreds. */
#define MORE_RUNS_MAX 10

typedef struct {
    rc_tag_rec *tags; /* with results, newest first */
    size_t ntags;
    char base[128], head[128];
    rc_bench_diff_opts opts;
    rc_bench_diff *diff;
    rc_bench_counts counts;
    size_t more_row;             /* the diff row M asked about */
    size_t more_base, more_head; /* runs to launch a side */
} bench_priv;

static int find(const bench_priv *b, const char *name)
{
    for (size_t i = 0; i < b->ntags; i++)
        if (strcmp(b->tags[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* Head: the user's, else the newest RC of the selected release with
 * results, else rc_bench_default_head. Base: the user's, else
 * rc_bench_default_base (the newest final before head), else the next
 * older tag with results. */
static void choose(bench_priv *b, rc_ui *ui)
{
    int h = ui->head[0] ? find(b, ui->head) : -1;
    for (size_t i = 0; h < 0 && i < b->ntags; i++)
        if (!strcmp(b->tags[i].release, ui->release) && !strcmp(b->tags[i].kind, "rc"))
            h = (int)i;
    char *def = NULL;
    if (h < 0 && rc_bench_default_head(&def, ui->db, NULL) == 0)
        h = find(b, def);
    free(def);
    def = NULL;
    if (h < 0 && b->ntags)
        h = 0;
    int base = ui->base[0] ? find(b, ui->base) : -1;
    if (base < 0 && h >= 0 && rc_bench_default_base(&def, ui->db, b->tags[h].name, NULL) == 0)
        base = find(b, def);
    free(def);
    if (base < 0 && h >= 0 && (size_t)h + 1 < b->ntags)
        base = h + 1;
    snprintf(b->head, sizeof b->head, "%s", h >= 0 ? b->tags[h].name : "");
    snprintf(b->base, sizeof b->base, "%s", base >= 0 ? b->tags[base].name : "");
}

static void open_(rc_pane *p, rc_ui *ui)
{
    if (!p->table) {
        ui_pane_table(p, cols, 9, titles);
        p->table->empty = "(no benchmark results: relcap bench import, or a perf run)";
        p->priv = rc_xcalloc(1, sizeof(bench_priv));
    }
    bench_priv *b = p->priv;
    free(b->tags);
    b->tags = NULL;
    b->ntags = 0;
    rc_bench_diff_free(b->diff);
    b->diff = NULL;
    rc_grid_clear(&p->grid);
    if (rc_bench_diff_opts_init(&b->opts, ui->cfg) != 0 ||
        model_bench_tags(&b->tags, &b->ntags, ui->db) != 0) {
        ui_message(ui, ROLE_ERROR, "benchmarks: %s", rc_error_last());
        return;
    }
    choose(b, ui);
    if (model_bench_load(&p->grid, &b->diff, ui->db, ui_repo(ui), &b->opts, b->base, b->head,
                         &b->counts) != 0)
        ui_message(ui, ROLE_ERROR, "benchmarks: %s", rc_error_last());
}

/* Appends piece to title when it fits the screen whole; false when it does
 * not (the title then ends: it drops what does not fit, never cuts a word). */
static bool add_whole(char *title, size_t n, const char *piece)
{
    size_t l = strlen(title);
    if (rc_wwidth(title) + rc_wwidth(piece) > getmaxx(stdscr))
        return false;
    snprintf(title + l, n - l, "%s", piece);
    return true;
}

static void draw(rc_pane *p, rc_ui *ui, char *title, size_t n)
{
    (void)ui;
    bench_priv *b = p->priv;
    const rc_bench_counts *c = &b->counts;
    snprintf(title, n, "base %s -> head %s: %zu %s", *b->base ? b->base : "-",
             *b->head ? b->head : "-", c->regressions,
             ui_plural(c->regressions, "regression", "regressions"));
    char *pieces[4] = {0};
    pieces[0] = rc_xasprintf(", %zu untriaged", c->untriaged);
    pieces[1] = rc_xasprintf(", %zu %s", c->improvements,
                             ui_plural(c->improvements, "improvement", "improvements"));
    if (c->inconclusive)
        pieces[2] = rc_xasprintf(", %zu inconclusive", c->inconclusive);
    char *line =
        b->diff && c->regressions ? rc_bench_scope_line(b->diff, RC_BENCH_REGRESSION) : NULL;
    if (line)
        pieces[3] = rc_xasprintf(" | %s", line);
    free(line);
    bool fits = true;
    for (size_t i = 0; i < 4; i++) {
        if (fits && pieces[i])
            fits = add_whole(title, n, pieces[i]);
        free(pieces[i]);
    }
}

/* The next older tag with results after `cur` (wrapping), skipping `skip`. */
static const char *cycle(const bench_priv *b, const char *cur, const char *skip)
{
    if (b->ntags == 0)
        return NULL;
    int i = find(b, cur);
    for (size_t k = 0; k < b->ntags; k++) {
        i = (i + 1) % (int)b->ntags;
        if (strcmp(b->tags[i].name, skip) != 0)
            return b->tags[i].name;
    }
    return NULL;
}

static const rc_bench_delta *selected(rc_pane *p)
{
    bench_priv *b = p->priv;
    const rc_bench_rec *rec = rc_grid_data(&p->grid, p->table->sel);
    if (!rec || !b->diff || rec->row >= b->diff->n)
        return NULL;
    return &b->diff->rows[rec->row];
}

static void save(rc_ui *ui, const char *decision, const char *note)
{
    rc_pane *p = &ui->panes[ui->cur];
    bench_priv *b = p->priv;
    const rc_bench_delta *row = selected(p);
    if (!row)
        return;
    const char *release = b->diff->release;
    if (!release || !*release) {
        ui_message(ui, ROLE_ERROR, "triage: head %s has no release line", b->head);
        return;
    }
    char *what = rc_xasprintf("%s %s", row->hardware, row->metric);
    if (rc_bench_decide(ui->db, release, row->hardware, row->model, row->test, row->metric,
                        decision, note, ui_author(ui)) != 0) {
        ui_message(ui, ROLE_ERROR, "saving the decision: %s", rc_error_last());
        free(what);
        return;
    }
    ui_message(ui, ROLE_GOOD, "%s: %s%s saved for %s", what, decision, note ? " and note" : "",
               release);
    free(what);
    size_t sel = p->table->sel;
    open_(p, ui);
    rc_grid_apply(&p->grid);
    rc_table_set_rows(p->table, p->grid.nview);
    rc_table_select(p->table, !note && sel + 1 < p->grid.nview ? sel + 1 : sel);
}

static void note_done(rc_ui *ui, const char *text)
{
    const rc_bench_delta *row = selected(&ui->panes[ui->cur]);
    if (row) /* a note goes with a decision: the row's, else defer */
        save(ui, row->decision ? row->decision : "defer", text);
}

/* Names of the configured nodes of that hardware (owned by the
 * configuration); the caller frees the array. */
static size_t hw_nodes(const char ***out, rc_ui *ui, const char *hw)
{
    *out = NULL;
    rc_node *nodes = NULL;
    size_t n = 0, k = 0;
    if (rc_nodes_load(&nodes, &n, ui->cfg) != 0)
        return 0;
    *out = rc_xcalloc(n + 1, sizeof **out);
    for (size_t i = 0; i < n; i++)
        if (strcmp(rc_node_hardware(&nodes[i]), hw) == 0)
            (*out)[k++] = nodes[i].name;
    free(nodes);
    return k;
}

static void more_done(rc_ui *ui)
{
    rc_pane *p = &ui->panes[ui->cur];
    bench_priv *b = p->priv;
    if (!b->diff || b->more_row >= b->diff->n)
        return;
    const rc_bench_delta *row = &b->diff->rows[b->more_row];
    const char **nodes;
    size_t nn = hw_nodes(&nodes, ui, row->hardware), k = 0, started = 0, failed = 0;
    char *err = NULL;
    const char *tests[] = {row->test};
    for (int side = 0; side < 2 && nn; side++) {
        size_t more = side ? b->more_head : b->more_base;
        rc_run_start_opts o = {
            .tag = side ? b->head : b->base, .tests = tests, .ntests = 1, .model = row->model};
        for (size_t i = 0; i < more; i++) {
            int64_t id;
            if (rc_runs_start(&id, ui->db, ui_repo(ui), ui->cfg, nodes[k++ % nn], &o) == 0) {
                started++;
            } else {
                failed++;
                free(err);
                err = rc_xstrdup(rc_error_last());
            }
        }
    }
    free(nodes);
    if (failed)
        ui_message(ui, ROLE_ERROR, "%zu %s started, %zu failed: %s", started,
                   ui_plural(started, "run", "runs"), failed, err);
    else
        ui_message(ui, ROLE_GOOD, "%zu %s started (see the Runs pane)", started,
                   ui_plural(started, "run", "runs"));
    free(err);
    ui_reload(ui, true);
}

/* M: the runs an inconclusive row needs, on base's and head's tags, spread
 * over the configured nodes of the row's hardware (after a confirmation). */
static void ask_more_runs(rc_pane *p, rc_ui *ui, const rc_bench_delta *row)
{
    bench_priv *b = p->priv;
    if (row->verdict != RC_BENCH_INCONCLUSIVE || row->runs_needed <= 0) {
        ui_message(ui, ROLE_WARN, "more runs: only an inconclusive row needs them");
        return;
    }
    const char **nodes;
    size_t nn = hw_nodes(&nodes, ui, row->hardware);
    if (nn == 0) {
        ui_message(ui, ROLE_ERROR, "more runs: no node has hardware %s ([relcap \"node.NAME\"])",
                   row->hardware);
        free(nodes);
        return;
    }
    size_t need = (size_t)row->runs_needed;
    b->more_row = (size_t)(row - b->diff->rows);
    b->more_base = need > row->base_n ? need - row->base_n : 0;
    b->more_head = need > row->head_n ? need - row->head_n : 0;
    bool capped = b->more_base > MORE_RUNS_MAX || b->more_head > MORE_RUNS_MAX;
    if (b->more_base > MORE_RUNS_MAX)
        b->more_base = MORE_RUNS_MAX;
    if (b->more_head > MORE_RUNS_MAX)
        b->more_head = MORE_RUNS_MAX;
    rc_buf names = {0};
    for (size_t i = 0; i < nn; i++)
        rc_buf_printf(&names, "%s%s", i ? ", " : "", nodes[i]);
    free(nodes);
    char *msg = rc_xasprintf("%zu %s of %s on %s and %zu on %s, on %s.%s", b->more_base,
                             ui_plural(b->more_base, "run", "runs"), row->test, b->base,
                             b->more_head, b->head, names.ptr,
                             capped ? "\n(capped: the row needs more than that a side)" : "");
    ui_confirm(ui, "Launch more runs?", msg, more_done);
    free(msg);
    rc_buf_free(&names);
}

static bool request(rc_pane *p, rc_ui *ui, rc_request req)
{
    bench_priv *b = p->priv;
    const rc_bench_delta *row = selected(p);
    switch (req) {
    case REQ_APPROVE:
    case REQ_REJECT:
    case REQ_DEFER:
        if (!row)
            ui_message(ui, ROLE_WARN, "no benchmark row selected");
        else
            save(ui, req == REQ_APPROVE ? "approve" : req == REQ_REJECT ? "reject" : "defer", NULL);
        return true;
    case REQ_NOTE:
        if (row) {
            char *old = row->note ? rc_sanitize(row->note, false) : NULL;
            ui_ask(ui, "Note: ", old, note_done);
            free(old);
        }
        return true;
    case REQ_MORE_RUNS:
        if (!row)
            ui_message(ui, ROLE_WARN, "no benchmark row selected");
        else
            ask_more_runs(p, ui, row);
        return true;
    case REQ_BASE:
    case REQ_HEAD:
        break;
    default:
        return false;
    }
    const char *next = req == REQ_BASE ? cycle(b, b->base, b->head) : cycle(b, b->head, b->base);
    if (!next) {
        ui_message(ui, ROLE_WARN, "no other tag has benchmark results");
        return true;
    }
    if (req == REQ_BASE) {
        snprintf(ui->base, sizeof ui->base, "%s", next);
        snprintf(ui->head, sizeof ui->head, "%s", b->head);
    } else {
        snprintf(ui->head, sizeof ui->head, "%s", next);
        snprintf(ui->base, sizeof ui->base, "%s", b->base);
    }
    ui_reload(ui, false);
    ui_message(ui, 0, "base %s, head %s", ui->base, ui->head);
    return true;
}

/* "Label:      text" for each line of text, continuation lines indented. */
static void labelled(rc_buf *b, const char *label, const char *text)
{
    rc_buf_printf(b, "%-12s", label);
    for (const char *s = text; *s;) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        rc_buf_put(b, s, n);
        rc_buf_puts(b, "\n");
        if (!nl)
            break;
        s = nl + 1;
        rc_buf_printf(b, "%-12s", "");
    }
}

/* The unit after a metric's name, unless the name already ends with it
 * (median_ttft_ms is in ms: "median_ttft_ms ms" says it twice). */
static const char *unit_after(const char *metric, const char *unit)
{
    if (!unit || !*unit)
        return "";
    size_t m = strlen(metric), u = strlen(unit);
    if (m > u && metric[m - u - 1] == '_' && strcmp(metric + m - u, unit) == 0)
        return "";
    return unit;
}

static char *detail(rc_pane *p, rc_ui *ui, char **title)
{
    (void)ui;
    bench_priv *b = p->priv;
    const rc_bench_delta *row = selected(p);
    if (!row)
        return NULL;
    size_t v = p->table->sel;
    /* short, like the other panes' titles: the model and test follow below */
    *title = rc_xasprintf("%s %s", row->hardware, row->metric);
    char vb[32], vh[32], vd[32];
    model_bench_fmt_value(vb, sizeof vb, row->base);
    model_bench_fmt_value(vh, sizeof vh, row->head);
    if (isnan(row->delta_pct))
        snprintf(vd, sizeof vd, "-");
    else
        snprintf(vd, sizeof vd, "%+.2f%%", row->delta_pct);
    rc_buf out = {0};
    rc_buf_printf(
        &out,
        "Hardware:   %s (%s)\nModel:      %s\nTest:       %s\nMetric:     %s%s%s, %s is better\n\n"
        "Base %-14s %s (median of %zu)\nHead %-14s %s (median of %zu)\n"
        "Change:     %s (medians, positive is better)\n",
        row->hardware, row->backend ? row->backend : "-", row->model, row->test, row->metric,
        *unit_after(row->metric, row->unit) ? " " : "", unit_after(row->metric, row->unit),
        row->better > 0   ? "higher"
        : row->better < 0 ? "lower"
                          : "unknown (relcap.metricDirection) which",
        b->base, vb, row->base_n, b->head, vh, row->head_n, vd);
    char *basis = rc_bench_basis(row, &b->opts);
    labelled(&out, "Verdict:", basis);
    free(basis);
    if (row->verdict == RC_BENCH_INCONCLUSIVE)
        rc_buf_printf(&out, "%-12s(M launches them on the nodes of %s)\n", "", row->hardware);
    if (row->scope)
        labelled(&out, "Scope:", row->scope);
    if (row->env_changed)
        labelled(&out, "Env changed:", row->env_changed);
    rc_buf_printf(&out,
                  "            (ratio: geometric means, below 1 is worse; 95%% interval of\n"
                  "            Welch's t on logs; BH q across the %zu %s)\n\n",
                  b->diff->n, ui_plural(b->diff->n, "row", "rows"));
    rc_buf_printf(&out,
                  "Release:    %s\nDecision:   %s\nNote:       %s\n"
                  "            (a approve, x reject, d defer, n note)\n"
                  "Trend:      %s  (medians across the head's release line)\n",
                  b->diff->release && *b->diff->release ? b->diff->release : "-",
                  row->decision ? row->decision : "(untriaged)", row->note ? row->note : "",
                  rc_grid_cell(&p->grid, v, 8));
    return rc_buf_detach(&out);
}

static void close_(rc_pane *p)
{
    bench_priv *b = p->priv;
    free(b->tags);
    rc_bench_diff_free(b->diff);
}

const rc_pane_ops rc_pane_bench = {"bench", "Bench", open_, draw, request, NULL, detail, close_};
