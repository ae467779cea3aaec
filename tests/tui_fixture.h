/* A small cache database for the cockpit's tests, written with plain SQL
 * into a real SQLite file created by rc_db_open: three release lines, RC
 * tags, cherry-pick candidates in every state, a PR title and a commit
 * subject carrying terminal escape sequences, benchmark results with a
 * planted regression and improvement, and perf runs. `extra` adds that many
 * pending picks to releases/v0.9.2 (benchmarks of scrolling). */
#ifndef RELCAP_TUI_FIXTURE_H
#define RELCAP_TUI_FIXTURE_H

#include "core/base/db.h"
#include "core/base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
#define SHA(c) c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c

static const char tui_fixture_sql[] =
    "INSERT INTO meta VALUES ('last_sync', '2026-11-20T10:00:00Z');"
    "INSERT INTO branches (name, version, release, sortkey, status, head_sha, head_date, cut_sha,"
    " cut_date, ahead, behind, latest_tag, remote, ci) VALUES"
    " ('releases/v0.9.2', '0.9.2', '0.9.2', '0000.0009.0002', 'maintained', '" SHA("a") "',"
    "  1763500000, '" SHA("c") "', 1762000000, 12, 40, 'v0.9.2rc2', 1, 'success'),"
    " ('releases/v0.9.1', '0.9.1', '0.9.1', '0000.0009.0001', 'maintained', '" SHA("b") "',"
    "  1762500000, '" SHA("d") "', 1761000000, 5, 90, 'v0.9.1', 1, 'failure'),"
    " ('v0.9.0-dev', '0.9.0', '0.9.0', '0000.0009.0000', 'unmaintained', '" SHA("e") "',"
    "  1761500000, '" SHA("f") "', 1760000000, 3, 150, 'v0.9.0rc1', 0, 'pending'),"
    " ('releases/v0.8.5', '0.8.5', '0.8.5', '0000.0008.0005', 'eol', '" SHA("9") "',"
    "  1758000000, '" SHA("8") "', 1757000000, 7, 400, 'v0.8.5.post1', 1, 'none');"
    "INSERT INTO tags (name, version, release, sortkey, kind, sha, date, branch, on_main, ci) VALUES"
    " ('v0.9.2rc2', '0.9.2rc2', '0.9.2', '0000.0009.0002.c2', 'rc', '" SHA("a") "', 1763500000,"
    "  'releases/v0.9.2', 0, 'success'),"
    " ('v0.9.2rc1', '0.9.2rc1', '0.9.2', '0000.0009.0002.c1', 'rc', '" SHA("7") "', 1763000000,"
    "  'releases/v0.9.2', 0, 'failure'),"
    " ('v0.9.1', '0.9.1', '0.9.1', '0000.0009.0001.z', 'final', '" SHA("b") "', 1762500000,"
    "  'releases/v0.9.1', 0, 'success'),"
    " ('v0.9.1rc1', '0.9.1rc1', '0.9.1', '0000.0009.0001.c1', 'rc', '" SHA("6") "', 1762200000,"
    "  'releases/v0.9.1', 0, 'success'),"
    " ('v0.9.0rc1', '0.9.0rc1', '0.9.0', '0000.0009.0000.c1', 'rc', '" SHA("e") "', 1761500000,"
    "  'v0.9.0-dev', 0, 'pending'),"
    " ('v0.8.5.post1', '0.8.5.post1', '0.8.5', '0000.0008.0005.zp1', 'post', '" SHA("9") "',"
    "  1758000000, 'releases/v0.8.5', 0, 'none');"
    "INSERT INTO commits (sha, parents, author_name, author_email, author_date, commit_date,"
    " subject, body) VALUES"
    " ('" SHA("1") "', '', 'Ada Lovelace', 'ada@example.com', 1762100000, 1762100000,"
    "  '[Bugfix] Fix KV cache corruption on preemption (#1201)', 'The block table was reused\n"
    "before the copy finished.\n\nFixes #1190.'),"
    " ('" SHA("2") "', '', 'Grace Hopper', 'grace@example.com', 1762200000, 1762200000,"
    "  '[Doc] Document the release process (#1202)', ''),"
    " ('" SHA("3") "', '', 'Alan Turing', 'alan@example.com', 1762300000, 1762300000,"
    "  '[Feature] Add speculative decoding v2 (#1203)', ''),"
    " ('" SHA("4") "', '', 'Edsger Dijkstra', 'ed@example.com', 1762400000, 1762400000,"
    "  'Revert \"[Perf] Faster sampler\" (#1204)', 'This reverts commit " SHA("5") ".'),"
    " ('" SHA("0") "', '', 'Mallory', 'mallory@example.com', 1762500000, 1762500000,"
    "  'Fix crash ' || char(27) || ']0;pwned' || char(7) || 'on ' || char(27) || '[2Jstartup (#1206)', ''),"
    " ('" SHA("5") "', '', 'Barbara Liskov', 'bl@example.com', 1761900000, 1761900000,"
    "  '[Perf] Faster sampler (#1199)', ''),"
    " ('" SHA("a") "', '', 'Release Bot', 'rb@example.com', 1763500000, 1763500000,"
    "  'Bump version to 0.9.2rc2', '');"
    "INSERT INTO picks (branch, sha, pos, pr, category, state, evidence, picked_as, reverts) VALUES"
    " ('releases/v0.9.2', '" SHA("5") "', 1, 1199, 'regression', 'picked', 'patch-id',"
    "  '" SHA("a") "', NULL),"
    " ('releases/v0.9.2', '" SHA("1") "', 2, 1201, 'critical', 'pending', NULL, NULL, NULL),"
    " ('releases/v0.9.2', '" SHA("2") "', 3, 1202, 'docs', 'pending', NULL, NULL, NULL),"
    " ('releases/v0.9.2', '" SHA("3") "', 4, 1203, 'feature', 'pending', NULL, NULL, NULL),"
    " ('releases/v0.9.2', '" SHA("4") "', 5, 1204, 'regression', 'revert-needed', NULL, NULL,"
    "  '" SHA("5") "'),"
    " ('releases/v0.9.2', '" SHA("0") "', 6, 1206, 'critical', 'pending', NULL, NULL, NULL),"
    " ('releases/v0.9.1', '" SHA("2") "', 1, 1202, 'docs', 'not-needed', NULL, NULL, NULL);"
    "INSERT INTO conflicts (sha, onto, clean, paths) VALUES"
    " ('" SHA("1") "', '" SHA("a") "', 1, ''),"
    " ('" SHA("2") "', '" SHA("a") "', 1, ''),"
    " ('" SHA("0") "', '" SHA("a") "', 0, 'vllm/engine/core.py docs/index.md');"
    "INSERT INTO violations (branch, sha, reason) VALUES"
    " ('releases/v0.9.2', '" SHA("a") "', 'not on main');"
    "INSERT INTO pick_decisions (branch, sha, pr, decision, category, note, author, decided_at)"
    " VALUES ('releases/v0.9.2', '" SHA("2") "', 1202, 'defer', NULL, 'after rc2', 'captain',"
    " 1763000000);"
    "INSERT INTO prs (number, title, author, state, base, labels, milestone, merged_at,"
    " merge_sha, body, url, updated_at) VALUES"
    " (1201, '[Bugfix] Fix KV cache corruption on preemption', 'ada', 'merged', 'main',"
    "  '[\"bug\",\"regression\"]', 'v0.9.2', 1762100000, '" SHA("1") "', '',"
    "  'https://github.com/o/r/pull/1201', 1762100000),"
    " (1206, 'PR ' || char(27) || ']0;pwned' || char(7) || 'title ' || char(27) || '[2J here',"
    "  'mallory', 'merged', 'main', '[]', NULL, 1762500000, '" SHA("0") "', '',"
    "  'https://github.com/o/r/pull/1206', 1762500000);"
    "INSERT INTO tracker_requests (comment_id, tracker, author, trunk_prs, release_prs, category,"
    " checked, on_trunk, body) VALUES (9001, 1100, 'ada', '[1201]', '[1301]', 'Critical fixes',"
    " 1, 1, '');"
    "INSERT INTO bench_files (id, path, digest, imported_at, records) VALUES"
    " (1, 'fixture.json', 'digest1', 1763000000, 21);"
    "INSERT INTO bench_results (file_id, commit_sha, tag, hardware, backend, model, test, metric,"
    " unit, value, recorded_at) VALUES"
    " (1, NULL, 'v0.9.1', 'H100', 'cuda', 'llama-8b', 'serve', 'output_throughput', 'tok/s', 1000, 0),"
    " (1, NULL, 'v0.9.1', 'H100', 'cuda', 'llama-8b', 'serve', 'output_throughput', 'tok/s', 1002, 0),"
    " (1, NULL, 'v0.9.1', 'H100', 'cuda', 'llama-8b', 'serve', 'output_throughput', 'tok/s', 998, 0),"
    " (1, NULL, 'v0.9.2rc1', 'H100', 'cuda', 'llama-8b', 'serve', 'output_throughput', 'tok/s', 960, 0),"
    " (1, NULL, 'v0.9.2rc2', 'H100', 'cuda', 'llama-8b', 'serve', 'output_throughput', 'tok/s', 900, 0),"
    " (1, NULL, 'v0.9.2rc2', 'H100', 'cuda', 'llama-8b', 'serve', 'output_throughput', 'tok/s', 901, 0),"
    " (1, NULL, 'v0.9.2rc2', 'H100', 'cuda', 'llama-8b', 'serve', 'output_throughput', 'tok/s', 899, 0),"
    " (1, NULL, 'v0.9.1', 'H100', 'cuda', 'llama-8b', 'serve', 'median_ttft_ms', 'ms', 100, 0),"
    " (1, NULL, 'v0.9.1', 'H100', 'cuda', 'llama-8b', 'serve', 'median_ttft_ms', 'ms', 100.2, 0),"
    " (1, NULL, 'v0.9.1', 'H100', 'cuda', 'llama-8b', 'serve', 'median_ttft_ms', 'ms', 99.8, 0),"
    " (1, NULL, 'v0.9.2rc1', 'H100', 'cuda', 'llama-8b', 'serve', 'median_ttft_ms', 'ms', 95, 0),"
    " (1, NULL, 'v0.9.2rc2', 'H100', 'cuda', 'llama-8b', 'serve', 'median_ttft_ms', 'ms', 80, 0),"
    " (1, NULL, 'v0.9.2rc2', 'H100', 'cuda', 'llama-8b', 'serve', 'median_ttft_ms', 'ms', 80.1, 0),"
    " (1, NULL, 'v0.9.2rc2', 'H100', 'cuda', 'llama-8b', 'serve', 'median_ttft_ms', 'ms', 79.9, 0),"
    " (1, NULL, 'v0.9.1', 'H100', 'cuda', 'llama-8b', 'serve', 'mean_itl_ms', 'ms', 20, 0),"
    " (1, NULL, 'v0.9.1', 'H100', 'cuda', 'llama-8b', 'serve', 'mean_itl_ms', 'ms', 20.02, 0),"
    " (1, NULL, 'v0.9.1', 'H100', 'cuda', 'llama-8b', 'serve', 'mean_itl_ms', 'ms', 19.98, 0),"
    " (1, NULL, 'v0.9.2rc2', 'H100', 'cuda', 'llama-8b', 'serve', 'mean_itl_ms', 'ms', 20.3, 0),"
    " (1, NULL, 'v0.9.2rc2', 'H100', 'cuda', 'llama-8b', 'serve', 'mean_itl_ms', 'ms', 20.32, 0),"
    " (1, NULL, 'v0.9.2rc2', 'H100', 'cuda', 'llama-8b', 'serve', 'mean_itl_ms', 'ms', 20.28, 0),"
    " (1, NULL, 'v0.9.2rc2', 'MI300X', 'rocm', 'llama-8b', 'serve', 'output_throughput', 'tok/s',"
    "  700, 0);"
    "INSERT INTO runs (id, node, backend, kind, hardware, target_sha, target_tag, target_branch,"
    " tests, state, remote_id, created_at, started_at, ended_at, exit_code, log_path) VALUES"
    " (1, 'h100-a', 'ssh', 'cuda', 'H100', '" SHA("7") "', 'v0.9.2rc1', NULL, '[\"serve\"]',"
    "  'succeeded', '4242', 1763000000, 1763000010, 1763003610, 0, NULL),"
    " (2, 'mi300x-1', 'slurm', 'rocm', 'MI300X', '" SHA("7") "', 'v0.9.2rc1', NULL, '[]',"
    "  'failed', '77', 1763000100, 1763000200, 1763000500, 3, NULL),"
    " (3, 'local', 'local', 'cuda', 'H100', '" SHA("a") "', 'v0.9.2rc2', NULL, '[]',"
    "  'running', '999', 1763500000, 1763500060, NULL, NULL, 'RUNLOG');";

/* clang-format on */

/* Creates the database at path (plus dir/run3.log for the running run's log). */
static inline int tui_fixture_build(const char *path, const char *logpath, long extra)
{
    rc_db *db;
    if (rc_db_open(&db, path) != 0)
        return -1;
    /* the running run's log lives beside the database */
    rc_buf sql = {0};
    const char *p = tui_fixture_sql;
    const char *mark = strstr(p, "'RUNLOG'");
    rc_buf_put(&sql, p, (size_t)(mark - p));
    rc_buf_printf(&sql, "'%s'", logpath);
    rc_buf_puts(&sql, mark + strlen("'RUNLOG'"));
    int r = rc_db_exec(db, sql.ptr);
    rc_buf_free(&sql);
    if (r == 0 && extra > 0) {
        r = rc_db_begin(db);
        sqlite3_stmt *st;
        if (r == 0 && rc_db_prepare(&st, db,
                                    "INSERT INTO picks (branch, sha, pos, pr, category, state) "
                                    "VALUES ('releases/v0.9.2', printf('%040x', ?1), 100 + ?1, "
                                    "5000 + ?1, 'critical', 'pending')") == 0) {
            for (long i = 0; i < extra; i++) {
                sqlite3_bind_int64(st, 1, i);
                sqlite3_step(st);
                sqlite3_reset(st);
            }
            sqlite3_finalize(st);
        }
        r = rc_db_commit(db);
    }
    rc_db_free(db);
    FILE *f = fopen(logpath, "w");
    if (f) {
        fputs("starting benchmark serve on H100\nwarmup done\n\x1b[31mrequest 1/100\x1b[0m ok\n",
              f);
        fclose(f);
    }
    return r;
}

#endif
