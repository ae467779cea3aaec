/* Benchmarks pane: the delta table of the selected release (head) against a
 * base, regressions first, coloured by verdict, with a sparkline of each
 * metric across the head's release line; b and h cycle base and head. */
#include "core/error.h"
#include "tui/model.h"
#include "tui/ui.h"

#include <stdlib.h>
#include <string.h>

static const char *const titles[] = {"HW",   "Model", "Metric",  "Base",
                                     "Head", "Delta", "Verdict", "Trend"};
static const rc_table_col cols[] = {
    {"HW", 6, 0, false},       {"Model/test", 0, 12, false}, {"Metric", 0, 14, false},
    {"Base", 8, 0, true},      {"Head", 8, 0, true},         {"Delta", 7, 0, true},
    {"Verdict", 11, 0, false}, {"Trend", 8, 0, false},
};

typedef struct {
    rc_tag_rec *tags; /* with results, newest first */
    size_t ntags;
    char base[128], head[128];
    size_t regressions, improvements;
    double threshold;
} bench_priv;

static int find(const bench_priv *b, const char *name)
{
    for (size_t i = 0; i < b->ntags; i++)
        if (strcmp(b->tags[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* Head: the user's, else the newest RC of the selected release with
 * results, else its newest tag with results, else the newest of all. Base:
 * the user's, else the newest final release older than head. */
static void choose(bench_priv *b, rc_ui *ui)
{
    int h = ui->head[0] ? find(b, ui->head) : -1;
    for (size_t i = 0; h < 0 && i < b->ntags; i++)
        if (!strcmp(b->tags[i].release, ui->release) && !strcmp(b->tags[i].kind, "rc"))
            h = (int)i;
    for (size_t i = 0; h < 0 && i < b->ntags; i++)
        if (!strcmp(b->tags[i].release, ui->release))
            h = (int)i;
    if (h < 0 && b->ntags)
        h = 0;
    int base = ui->base[0] ? find(b, ui->base) : -1;
    for (size_t i = (size_t)(h + 1); base < 0 && h >= 0 && i < b->ntags; i++)
        if (!strcmp(b->tags[i].kind, "final") && strcmp(b->tags[i].release, b->tags[h].release))
            base = (int)i;
    if (base < 0 && h >= 0 && (size_t)h + 1 < b->ntags)
        base = h + 1;
    snprintf(b->head, sizeof b->head, "%s", h >= 0 ? b->tags[h].name : "");
    snprintf(b->base, sizeof b->base, "%s", base >= 0 ? b->tags[base].name : "");
}

static void open_(rc_pane *p, rc_ui *ui)
{
    if (!p->table) {
        ui_pane_table(p, cols, 8, titles);
        p->table->empty = "(no benchmark results: relcap bench import, or a perf run)";
        p->priv = rc_xcalloc(1, sizeof(bench_priv));
    }
    bench_priv *b = p->priv;
    free(b->tags);
    b->tags = NULL;
    b->threshold = 5;
    if (ui->cfg)
        rc_config_number(&b->threshold, ui->cfg, "relcap.benchThreshold");
    if (model_bench_tags(&b->tags, &b->ntags, ui->db) != 0) {
        ui_message(ui, ROLE_ERROR, "benchmarks: %s", rc_error_last());
        return;
    }
    choose(b, ui);
    if (model_bench_load(&p->grid, ui->db, b->base, b->head, b->threshold, &b->regressions,
                         &b->improvements) != 0)
        ui_message(ui, ROLE_ERROR, "benchmarks: %s", rc_error_last());
}

static void draw(rc_pane *p, rc_ui *ui, char *title, size_t n)
{
    (void)ui;
    bench_priv *b = p->priv;
    snprintf(title, n, "Benchmarks: base %s -> head %s (%g%%): %zu regressions, %zu improvements",
             *b->base ? b->base : "-", *b->head ? b->head : "-", b->threshold, b->regressions,
             b->improvements);
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

static bool request(rc_pane *p, rc_ui *ui, rc_request req)
{
    bench_priv *b = p->priv;
    if (req != REQ_BASE && req != REQ_HEAD)
        return false;
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

static char *detail(rc_pane *p, rc_ui *ui, char **title)
{
    (void)ui;
    size_t v = p->table->sel;
    if (v >= p->grid.nview)
        return NULL;
    bench_priv *b = p->priv;
    *title = rc_xasprintf("%s %s", rc_grid_cell(&p->grid, v, 1), rc_grid_cell(&p->grid, v, 2));
    return rc_xasprintf(
        "Hardware:  %s\nModel/test: %s\nMetric:    %s\n\nBase %-14s %s\nHead %-14s %s\n"
        "Change:    %s (positive is better)\nVerdict:   %s (threshold %g%%)\n"
        "Trend:     %s  (medians across the head's release line)\n",
        rc_grid_cell(&p->grid, v, 0), rc_grid_cell(&p->grid, v, 1), rc_grid_cell(&p->grid, v, 2),
        b->base, rc_grid_cell(&p->grid, v, 3), b->head, rc_grid_cell(&p->grid, v, 4),
        rc_grid_cell(&p->grid, v, 5), rc_grid_cell(&p->grid, v, 6), b->threshold,
        rc_grid_cell(&p->grid, v, 7));
}

static void close_(rc_pane *p)
{
    free(((bench_priv *)p->priv)->tags);
}

const rc_pane_ops rc_pane_bench = {"bench", "Bench", open_, draw, request, NULL, detail, close_};
