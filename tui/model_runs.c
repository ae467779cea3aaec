/* Perf runs (user data written by the runs module). */
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/runs/runs.h"
#include "tui/model.h"
#include "tui/theme.h"

#include <stdlib.h>
#include <string.h>

static const char *str(const char *s)
{
    return s ? s : "";
}

/* The run's target as one cell: its tag, else its branch, else its commit
 * (short, in sha). */
static const char *target_of(char sha[13], const rc_run *r)
{
    if (r->target_tag && *r->target_tag)
        return r->target_tag;
    if (r->target_branch && *r->target_branch)
        return r->target_branch;
    snprintf(sha, 13, "%.12s", str(r->target_sha));
    return sha;
}

static void hm(char *buf, size_t n, int64_t secs)
{
    if (secs < 0)
        buf[0] = '\0';
    else if (secs < 3600)
        snprintf(buf, n, "%lldm%02llds", (long long)secs / 60, (long long)secs % 60);
    else
        snprintf(buf, n, "%lldh%02lldm", (long long)secs / 3600, (long long)secs % 3600 / 60);
}

static void run_row(rc_grid *g, const rc_run_view *v, int64_t now)
{
    const rc_run *run = &v->run;
    char id[24], started[21] = "", st16[17] = "", dur[24] = "", ex[16] = "", sha[13];
    snprintf(id, sizeof id, "%lld", (long long)run->id);
    int64_t s = run->started_at, e = run->ended_at;
    if (s) {
        rc_time_iso(started, s);
        snprintf(st16, sizeof st16, "%.10s %.5s", started, started + 11);
        hm(dur, sizeof dur, (e ? e : now) - s);
    }
    if (run->has_exit)
        snprintf(ex, sizeof ex, "%d", run->exit_code);
    const char *cells[8] = {
        id, str(run->node), str(run->backend), target_of(sha, run), str(v->state), st16, dur, ex};
    rc_run_rec *rec = rc_xcalloc(1, sizeof *rec);
    rec->id = (long)run->id;
    snprintf(rec->node, sizeof rec->node, "%s", str(run->node));
    snprintf(rec->state, sizeof rec->state, "%s", str(v->state));
    snprintf(rec->log_path, sizeof rec->log_path, "%s", str(run->log_path));
    size_t row = rc_grid_add(g, cells, rec);
    rc_grid_role(g, row, 4, rc_theme_role_for(str(v->state)));
}

int model_runs_load(rc_grid *g, rc_db *db, int64_t now)
{
    rc_grid_clear(g);
    rc_run_view *v;
    size_t n;
    int r = rc_runs_view_list(&v, &n, db);
    if (r)
        return r;
    for (size_t i = 0; i < n; i++)
        run_row(g, &v[i], now);
    rc_run_views_free(v, n);
    return 0;
}

char *model_run_detail(rc_db *db, long id)
{
    rc_buf b = {0};
    rc_run_view v;
    if (rc_runs_view_get(&v, db, id) == 0) {
        const rc_run *r = &v.run;
        const struct {
            const char *name, *text;
        } before[] = {{"Node", r->node},
                      {"Backend", r->backend},
                      {"Kind", r->kind},
                      {"Hardware", r->hardware},
                      {"Commit", r->target_sha},
                      {"Tag", r->target_tag},
                      {"Branch", r->target_branch},
                      {"Tests", r->tests},
                      {"State", v.state},
                      {"Remote id", r->remote_id}};
        const struct {
            const char *name;
            bool known;
            int64_t t;
        } times[] = {{"Created", v.has_created_at, r->created_at},
                     {"Started", v.has_started_at, r->started_at},
                     {"Ended", v.has_ended_at, r->ended_at}};
        const struct {
            const char *name, *text;
        } after[] = {{"Log", r->log_path},
                     {"Results", r->results_dir},
                     {"Reason", r->reason},
                     {"Imported", r->imported}};
        rc_buf_printf(&b, "%-10s %lld\n", "Run", (long long)r->id);
        for (size_t i = 0; i < sizeof before / sizeof *before; i++)
            if (before[i].text)
                rc_buf_printf(&b, "%-10s %s\n", before[i].name, before[i].text);
        for (size_t i = 0; i < sizeof times / sizeof *times; i++)
            if (times[i].known) {
                char d[21];
                rc_time_iso(d, times[i].t);
                rc_buf_printf(&b, "%-10s %s\n", times[i].name, d);
            }
        if (r->has_exit)
            rc_buf_printf(&b, "%-10s %d\n", "Exit", r->exit_code);
        for (size_t i = 0; i < sizeof after / sizeof *after; i++)
            if (after[i].text)
                rc_buf_printf(&b, "%-10s %s\n", after[i].name, after[i].text);
    }
    rc_run_view_clear(&v);
    rc_error_clear();
    return rc_buf_detach(&b);
}
