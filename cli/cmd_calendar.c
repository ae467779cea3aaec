#include "core/release/calendar.h"
#include "core/base/error.h"
#include "core/base/util.h"
#include "cli/cmd.h"
#include "cli/out.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

const char cmd_calendar_usage[] =
    "usage: relcap calendar [--json] [--now ISO-DATE]\n"
    "Read the release calendar (the Date | Event table of relcap.calendarDoc, else\n"
    "relcap.compatDoc) at the main branch's head; match each event to its tag, show the\n"
    "tag's real date beside the documented one and the days left to planned events.\n"
    "With nothing planned, relcap.cadenceDays and relcap.cutLeadDays give the next\n"
    "expected branch cut and release. --now fixes today's date (for scripts and tests).\n";

static cJSON *date_or_null(int64_t t)
{
    if (!t)
        return cJSON_CreateNull();
    char iso[21];
    rc_time_iso(iso, t);
    return cJSON_CreateString(iso);
}

static cJSON *num_or_null(bool known, long v)
{
    return known ? cJSON_CreateNumber((double)v) : cJSON_CreateNull();
}

static cJSON *event_json(const rc_calendar_event *e)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "line", (double)e->line);
    cJSON_AddStringToObject(o, "date_text", e->date_text);
    cJSON_AddItemToObject(o, "date", date_or_null(e->date));
    cJSON_AddStringToObject(o, "event", e->event);
    cJSON_AddItemToObject(o, "version",
                          e->version ? cJSON_CreateString(e->version) : cJSON_CreateNull());
    cJSON_AddItemToObject(o, "tag", e->tag ? cJSON_CreateString(e->tag) : cJSON_CreateNull());
    cJSON_AddItemToObject(o, "tag_date", date_or_null(e->tag_date));
    cJSON_AddItemToObject(o, "delta_days", num_or_null(e->tag && e->date, e->delta_days));
    cJSON_AddBoolToObject(o, "future", e->future);
    cJSON_AddItemToObject(o, "days_left", num_or_null(e->future, e->days_left));
    cJSON_AddItemToObject(o, "overdue_days", num_or_null(e->overdue_days > 0, e->overdue_days));
    return o;
}

static void print_json(const rc_calendar_report *r)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "doc", r->doc);
    cJSON *evs = cJSON_AddArrayToObject(doc, "events");
    for (size_t i = 0; i < r->nevents; i++)
        cJSON_AddItemToArray(evs, event_json(&r->events[i]));
    cJSON_AddNumberToObject(doc, "date_mismatches", (double)r->nmismatch);
    cJSON_AddNumberToObject(doc, "overdue", (double)r->noverdue);
    cJSON_AddItemToObject(doc, "next_cut", date_or_null(r->next_cut));
    cJSON_AddItemToObject(doc, "next_release", date_or_null(r->next_release));
    cJSON_AddBoolToObject(doc, "from_cadence", r->from_cadence);
    cmd_print_json(doc);
}

/* What became of an event: its tag, or the days left or overdue. */
static void outcome(char *out, size_t n, const rc_calendar_event *e)
{
    char tagd[21] = "";
    if (e->tag) {
        rc_time_iso(tagd, e->tag_date);
        snprintf(out, n, "tagged %.10s (%+ld %s)", tagd, e->delta_days,
                 out_plural((size_t)labs(e->delta_days), "day", "days"));
    } else if (e->future) {
        snprintf(out, n, "planned, %ld %s left", e->days_left,
                 out_plural((size_t)e->days_left, "day", "days"));
    } else if (e->overdue_days > 0) {
        snprintf(out, n, "no tag, %ld %s overdue", e->overdue_days,
                 out_plural((size_t)e->overdue_days, "day", "days"));
    } else {
        snprintf(out, n, "no tag");
    }
}

/* The document, then a table (DATE EVENT TAG OUTCOME; overdue rows red),
 * then the cadence's next dates when nothing is planned. */
static void print_plain(rc_ctx *ctx, const rc_calendar_report *r)
{
    static const out_col cols[] = {{"DATE", OUT_LEFT, false},
                                   {"EVENT", OUT_LEFT, true},
                                   {"TAG", OUT_LEFT, false},
                                   {"OUTCOME", OUT_LEFT, false}};
    printf("%s\n", r->doc);
    out_table *t = out_table_new(cols, sizeof cols / sizeof *cols);
    for (size_t i = 0; i < r->nevents; i++) {
        const rc_calendar_event *e = &r->events[i];
        char what[96];
        outcome(what, sizeof what, e);
        const char *cells[] = {e->date_text, e->event, e->tag, what};
        out_table_add(t, cells, e->overdue_days > 0 && !e->tag ? "31" : NULL);
    }
    if (r->nevents)
        out_table_print(t, stdout, out_width(), out_color(ctx));
    out_table_free(t);
    if (r->from_cadence) {
        char cut[21], rel[21];
        rc_time_iso(cut, r->next_cut);
        rc_time_iso(rel, r->next_release);
        printf("next (from cadence): branch cut %.10s, release %.10s\n", cut, rel);
    }
}

int cmd_calendar(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    bool json;
    int64_t now;
    int st = cmd_json_now(self, argc, argv, &json, &now, NULL);
    if (st || (st = ctx_open_all(ctx)))
        return st;
    rc_calendar_report r;
    if (rc_calendar_check(&r, ctx->repo, ctx->db, ctx->cfg, now) != 0)
        return cmd_fail();
    if (json)
        print_json(&r);
    else
        print_plain(ctx, &r);
    rc_calendar_report_free(&r);
    return 0;
}
