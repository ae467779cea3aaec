/* The release calendar: a Date/Event table, each event matched to the tag
 * it announces; the cadence fills in the next cut and release when the
 * document plans nothing ahead. */
#include "core/release/calendar.h"
#include "core/git/gitsync.h"
#include "core/release/docs.h"
#include "core/release/release_internal.h"
#include "core/base/error.h"
#include "core/release/mdtable.h"
#include "core/base/util.h"
#include "core/base/version.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400

/* 2025-06-09, 2025.06.09, 2025/06/09 -> UTC midnight. */
static int64_t parse_date(const char *s)
{
    int y, m, d;
    char sep1, sep2;
    while (*s && !isdigit((unsigned char)*s))
        s++;
    if (sscanf(s, "%4d%c%2d%c%2d", &y, &sep1, &m, &sep2, &d) != 5 || sep1 != sep2 ||
        !strchr("-./", sep1))
        return 0;
    char iso[16];
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
    int64_t t;
    return rc_time_parse(&t, iso) == 0 ? t : 0;
}

/* The first word of text that parses as a version with a release of at
 * least two parts ("v0.9.2rc1", "0.9.2"). */
static char *event_version(const char *text)
{
    char *copy = rc_xstrdup(text);
    char *found = NULL;
    for (char *save = NULL, *tok = strtok_r(copy, " \t,;:()[]*`", &save); tok && !found;
         tok = strtok_r(NULL, " \t,;:()[]*`", &save)) {
        rc_version v;
        if (!strchr(tok, '.') || rc_version_parse(&v, tok) != 0 || v.nrelease < 2)
            continue;
        char buf[RC_VERSION_STRLEN];
        rc_version_format(buf, sizeof buf, &v);
        found = rc_xstrdup(buf);
    }
    free(copy);
    return found;
}

static const rc_mdtable *find_calendar(const rc_mddoc *doc, int *date_col, int *event_col)
{
    for (size_t t = 0; t < doc->ntables; t++) {
        int d = rc_mdtable_column(&doc->tables[t], "Date");
        int e = rc_mdtable_column(&doc->tables[t], "Event");
        if (d >= 0 && e >= 0) {
            *date_col = d;
            *event_col = e;
            return &doc->tables[t];
        }
    }
    return NULL;
}

/* The tag naming version: the oldest by date (one without a date first, as
 * SQL sorts a NULL), so a respelled tag does not move the event. */
static int tag_for(rc_db *db, const char *version, char **name, int64_t *date)
{
    rc_tag_row *rows;
    size_t n;
    int r = rc_gitsync_tags(&rows, &n, db, NULL, NULL, false);
    if (r)
        return r;
    const rc_tag_row *best = NULL;
    for (size_t i = 0; i < n; i++) {
        rc_version v;
        char buf[RC_VERSION_STRLEN];
        if (rc_version_parse(&v, rows[i].name) != 0)
            continue;
        rc_version_format(buf, sizeof buf, &v);
        if (strcmp(buf, version) != 0)
            continue;
        if (!best || (best->has_date && (!rows[i].has_date || rows[i].date < best->date)))
            best = &rows[i];
    }
    *name = best ? rc_xstrdup(best->name) : NULL;
    if (best)
        *date = best->date;
    rc_tag_rows_free(rows, n);
    return 0;
}

/* The date of the newest final or post release, 0 when none. */
static int64_t newest_final_date(rc_db *db)
{
    rc_tag_row *rows;
    size_t n;
    int64_t d = 0;
    bool any = false;
    if (rc_gitsync_tags(&rows, &n, db, NULL, NULL, false) != 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        const char *k = rows[i].kind ? rows[i].kind : "";
        if ((strcmp(k, "final") == 0 || strcmp(k, "post") == 0) && rows[i].has_date &&
            (!any || rows[i].date > d)) {
            d = rows[i].date;
            any = true;
        }
    }
    rc_tag_rows_free(rows, n);
    return d;
}

const char *rc_calendar_doc_path(const rc_config *cfg)
{
    const char *path = NULL;
    if ((rc_config_string(&path, cfg, "relcap.calendarDoc") != 0 || !path || !*path) &&
        (rc_config_string(&path, cfg, "relcap.compatDoc") != 0 || !path || !*path))
        return NULL;
    return path;
}

int rc_calendar_check(rc_calendar_report *out, git_repository *repo, rc_db *db,
                      const rc_config *cfg, int64_t now)
{
    memset(out, 0, sizeof *out);
    const char *path = rc_calendar_doc_path(cfg);
    if (!path)
        return rc_error_set(RC_ENOTFOUND, "neither relcap.calendarDoc nor relcap.compatDoc is set");
    char *rev = NULL, *text = NULL;
    int r = rc_docs_main_rev(&rev, repo, cfg);
    if (!r)
        r = rc_docs_read(&text, repo, rev, path);
    free(rev);
    if (r)
        return r;
    r = rc_calendar_from_text(out, db, cfg, path, text, now);
    free(text);
    return r;
}

int rc_calendar_from_text(rc_calendar_report *out, rc_db *db, const rc_config *cfg,
                          const char *path, const char *text, int64_t now)
{
    memset(out, 0, sizeof *out);
    int r = 0;
    out->doc = rc_xstrdup(path);
    rc_mddoc doc;
    rc_mddoc_parse(&doc, text);
    int dc, ec;
    const rc_mdtable *t = find_calendar(&doc, &dc, &ec);
    if (!t) {
        rc_mddoc_free(&doc);
        rc_calendar_report_free(out);
        return rc_error_set(RC_ENOTFOUND, "%s has no Date | Event table", path);
    }
    bool planned = false;
    for (size_t i = 0; i < t->nrows; i++) {
        const rc_mdrow *row = &t->rows[i];
        out->events = rc_xrealloc(out->events, (out->nevents + 1) * sizeof(rc_calendar_event));
        rc_calendar_event *e = &out->events[out->nevents++];
        memset(e, 0, sizeof *e);
        e->line = row->line;
        e->date_text = rc_xstrdup(rc_mdrow_cell(row, (size_t)dc));
        e->event = rc_xstrdup(rc_mdrow_cell(row, (size_t)ec));
        e->date = parse_date(e->date_text);
        e->version = event_version(e->event);
        if (e->version && (r = tag_for(db, e->version, &e->tag, &e->tag_date)))
            break;
        if (e->tag && e->date) {
            /* Whole days, by calendar date of the tag in UTC. */
            e->delta_days = (long)((e->tag_date - e->tag_date % DAY - e->date) / DAY);
            out->nmismatch += e->delta_days != 0;
        }
        if (!e->tag && e->date > now) {
            e->future = true;
            e->days_left = (long)((e->date - now + DAY - 1) / DAY);
            planned = true;
        } else if (!e->tag && e->date && e->version) {
            /* a planned date passed without its tag: whole days since that date */
            e->overdue_days = (long)((now - now % DAY - e->date) / DAY);
            out->noverdue += e->overdue_days > 0;
        }
    }
    rc_mddoc_free(&doc);
    if (r) {
        rc_calendar_report_free(out);
        return r;
    }
    if (!planned) {
        long cadence = 14, lead = 2;
        rc_config_int(&cadence, cfg, "relcap.cadenceDays");
        rc_config_int(&lead, cfg, "relcap.cutLeadDays");
        int64_t last = newest_final_date(db);
        if (last) {
            int64_t next = last + cadence * DAY;
            while (next < now)
                next += cadence * DAY;
            out->next_release = next;
            out->next_cut = next - lead * DAY;
            out->from_cadence = true;
        }
    }
    return 0;
}

void rc_calendar_report_free(rc_calendar_report *r)
{
    for (size_t i = 0; i < r->nevents; i++) {
        char **const strs[] = {&r->events[i].date_text, &r->events[i].event, &r->events[i].version,
                               &r->events[i].tag};
        rc_strs_clear(strs, 4);
    }
    free(r->events);
    free(r->doc);
    memset(r, 0, sizeof *r);
}
