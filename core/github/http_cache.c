/* ETags and bodies of conditional GETs: kept pending in memory during a
 * sync and written with the sync's own transaction (rc_http_cache_flush), so
 * a failed sync leaves http_cache matching the tables it produced. */
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/github/github_internal.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void rc_http_cache_discard(rc_http *h)
{
    for (size_t i = 0; i < h->n_pend; i++) {
        free(h->pend[i].url);
        free(h->pend[i].etag);
        free(h->pend[i].body);
    }
    free(h->pend);
    h->pend = NULL;
    h->n_pend = 0;
}

bool http_cache_lookup(rc_http *h, const char *url, char **etag, char **body, size_t *len)
{
    *etag = *body = NULL;
    for (size_t i = h->n_pend; i-- > 0;) {
        if (strcmp(h->pend[i].url, url) == 0) {
            *etag = rc_xstrdup(h->pend[i].etag);
            *body = rc_xstrndup(h->pend[i].body, h->pend[i].len);
            *len = h->pend[i].len;
            return true;
        }
    }
    if (!h->db)
        return false;
    sqlite3_stmt *st;
    if (rc_db_prepare(&st, h->db, "SELECT etag, body FROM http_cache WHERE url = ?") != 0) {
        rc_error_clear();
        return false;
    }
    sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
    bool found = false;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
        *etag = rc_xstrdup((const char *)sqlite3_column_text(st, 0));
        const void *b = sqlite3_column_blob(st, 1);
        *len = (size_t)sqlite3_column_bytes(st, 1);
        *body = rc_xstrndup(b ? b : "", b ? *len : 0);
        found = true;
    }
    sqlite3_finalize(st);
    return found;
}

void http_cache_put(rc_http *h, const char *url, const char *etag, const char *body, size_t len)
{
    /* A body that echoes the token must never reach the database. */
    if (h->token && memmem(body, len, h->token, strlen(h->token)))
        return;
    for (size_t i = 0; i < h->n_pend; i++) {
        if (strcmp(h->pend[i].url, url) == 0) {
            free(h->pend[i].etag);
            free(h->pend[i].body);
            h->pend[i].etag = rc_xstrdup(etag);
            h->pend[i].body = rc_xstrndup(body, len);
            h->pend[i].len = len;
            return;
        }
    }
    h->pend = rc_xrealloc(h->pend, (h->n_pend + 1) * sizeof *h->pend);
    h->pend[h->n_pend++] =
        (pending){rc_xstrdup(url), rc_xstrdup(etag), rc_xstrndup(body, len), len};
}

int rc_http_cache_flush(rc_http *h)
{
    if (!h->db || !h->n_pend)
        return 0;
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, h->db,
                          "INSERT OR REPLACE INTO http_cache(url, etag, body, fetched_at) "
                          "VALUES (?, ?, ?, ?)");
    if (r)
        return r;
    for (size_t i = 0; i < h->n_pend && !r; i++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, h->pend[i].url, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, h->pend[i].etag, -1, SQLITE_STATIC);
        sqlite3_bind_blob(st, 3, h->pend[i].body, (int)h->pend[i].len, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, (sqlite3_int64)time(NULL));
        if (sqlite3_step(st) != SQLITE_DONE)
            r = rc_db_error(h->db, "cannot write http_cache");
    }
    sqlite3_finalize(st);
    if (!r)
        rc_http_cache_discard(h);
    return r;
}
